package plots

import (
	"fmt"
	"image"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Grid is a function of two variables sampled on a rectangular grid, as NumPy's
// np.mgrid[x0:x1:nxj, y0:y1:nyj] lays it out: Z[i*len(Y)+j] is the value at (X[i], Y[j]).
// That is the order of the rows of grid.reshape(2, -1).T in the BNN tutorial, so the
// predictions at those rows are Z as they come.
type Grid struct {
	X, Y []float64 // strictly increasing coordinates, at least 2 each
	Z    []float64 // len(X)·len(Y) finite values
}

// Surface options and their defaults.
const (
	defaultLevels  = 7         // matplotlib's contourf: MaxNLocator(7 + 1)
	defaultCmap    = "viridis" // matplotlib's default
	surfaceDrawRes = 800       // pixels of the drawn surface along each axis
	colorBarInches = 1.3       // width of the colour bar's column
)

// surfaceConfig holds the options of PlotContour and PlotHeatMap.
type surfaceConfig struct {
	cmap        colormap
	levels      int
	barLabel    string
	barLabelSet bool
}

type levelsOption int

// Levels sets about how many bands PlotContour fills (matplotlib's contourf levels=n):
// the band edges are n+1 or so multiples of 1, 2, 2.5 or 5 times a power of ten that
// cover the values, as matplotlib's MaxNLocator chooses them. The default is 7. It must be
// positive.
func Levels(n int) Option { return levelsOption(n) }

func (o levelsOption) kind() optKind  { return kSurface }
func (o levelsOption) String() string { return fmt.Sprintf("Levels(%d)", int(o)) }
func (o levelsOption) apply(c *config) error {
	if o <= 0 {
		return fmt.Errorf("plots: %v: the number of levels must be positive", o)
	}
	c.surface.levels = int(o)
	return nil
}

type colorBarLabelOption string

// ColorBarLabel sets the label beside the colour bar of PlotContour and PlotHeatMap
// (matplotlib's cbar.ax.set_ylabel); the default is none.
func ColorBarLabel(s string) Option { return colorBarLabelOption(s) }

func (o colorBarLabelOption) kind() optKind  { return kSurface }
func (o colorBarLabelOption) String() string { return fmt.Sprintf("ColorBarLabel(%q)", string(o)) }
func (o colorBarLabelOption) apply(c *config) error {
	c.surface.barLabel, c.surface.barLabelSet = string(o), true
	return nil
}

// kForSurface lists the options of PlotContour and PlotHeatMap.
const kForSurface = kFigure | kLabels | kSurface

// PlotContour draws g as filled contours with a colour bar, as matplotlib's
// ax.contourf(grid[0], grid[1], z.reshape(nx, ny)) and plt.colorbar do in PyMC's BNN
// tutorial (the posterior predictive mean probability and its standard deviation on a
// grid): each band between two levels is filled with the colour map's colour at the
// band's middle, Z interpolated bilinearly between grid points. points are drawn over it
// as scatter plots in the colours of Colors (C0, C1, … by default; the tutorial's test
// points by predicted class); their names are not shown. The axes span the grid.
//
// Options: Levels (about 7 bands by default), Colormap ("viridis" by default),
// ColorBarLabel, Title (the panel title, none by default), XLabel and YLabel (default "X"
// and "Y"), Size (default 10×6 inches), DPI, FontSize and Colors.
//
// It returns an error if a coordinate slice has fewer than 2 values or is not strictly
// increasing, if Z does not have len(X)·len(Y) values, if a coordinate or value is NaN or
// ±Inf, if a point set's X and Y differ in length or hold a non-finite value, or for an
// invalid option. A constant Z fills one band around its value.
func PlotContour(g Grid, points []PointSet, opts ...Option) (*Figure, error) {
	return plotSurface("PlotContour", g, points, true, opts)
}

// PlotHeatMap draws g as a heat map with a colour bar (matplotlib's imshow or
// pcolormesh): every point's colour is the colour map's colour at its value, Z
// interpolated bilinearly between grid points, from the smallest value (the map's first
// colour) to the largest. Points, options and errors are those of PlotContour, except
// that Levels does not apply.
func PlotHeatMap(g Grid, points []PointSet, opts ...Option) (*Figure, error) {
	return plotSurface("PlotHeatMap", g, points, false, opts)
}

func plotSurface(target string, g Grid, points []PointSet, banded bool, opts []Option) (*Figure, error) {
	c, err := newConfig(target, kForSurface, opts)
	if err != nil {
		return nil, err
	}
	if !banded && c.surface.levels != 0 {
		return nil, fmt.Errorf("plots: option Levels(%d) does not apply to %s; use PlotContour for bands", c.surface.levels, target)
	}
	if err := g.check(target); err != nil {
		return nil, err
	}
	if err := checkPointSets(target, points); err != nil {
		return nil, err
	}
	if c.surface.cmap == nil {
		c.surface.cmap = colormaps[defaultCmap]
	}
	w, h, err := c.size(10, 6)
	if err != nil {
		return nil, err
	}
	lo, hi := minMax(g.Z)
	s := &surface{grid: g, cmap: c.surface.cmap, lo: lo, hi: hi}
	if banded {
		if c.surface.levels == 0 {
			c.surface.levels = defaultLevels
		}
		s.levels = contourLevels(lo, hi, c.surface.levels)
		s.lo, s.hi = s.levels[0], s.levels[len(s.levels)-1]
	} else if hi == lo {
		s.lo, s.hi = lo-0.5, hi+0.5
	}
	main := newPanel(c, c.titleOr(""), c.xlabelOr("X"), c.ylabelOr("Y"))
	main.Add(s)
	scatters, err := scatterPlotters(target, points, c)
	if err != nil {
		return nil, err
	}
	for _, sc := range scatters {
		main.Add(sc)
	}
	main.X.Min, main.X.Max = g.X[0], g.X[len(g.X)-1]
	main.Y.Min, main.Y.Max = g.Y[0], g.Y[len(g.Y)-1]
	bar := newColorBarPanel(c, s)
	fig := newFigure(c, [][]*plot.Plot{{main, bar}}, "", w, h)
	barFrac := math.Min(colorBarInches/w, 0.4)
	fig.widths = [][]float64{{1 - barFrac, barFrac}}
	return fig, nil
}

// check validates the grid for target.
func (g Grid) check(target string) error {
	for _, a := range []struct {
		name string
		v    []float64
	}{{"X", g.X}, {"Y", g.Y}} {
		if len(a.v) < 2 {
			return fmt.Errorf("plots: %s: the grid's %s has %d values; need at least 2", target, a.name, len(a.v))
		}
		if err := checkFinite(a.v, "the grid's "+a.name); err != nil {
			return err
		}
		for i := 1; i < len(a.v); i++ {
			if !(a.v[i] > a.v[i-1]) {
				return fmt.Errorf("plots: %s: the grid's %s is not strictly increasing at index %d (%v after %v)", target, a.name, i, a.v[i], a.v[i-1])
			}
		}
	}
	if want := len(g.X) * len(g.Y); len(g.Z) != want {
		return fmt.Errorf("plots: %s: the grid's Z has %d values; want len(X)·len(Y) = %d·%d = %d", target, len(g.Z), len(g.X), len(g.Y), want)
	}
	return checkFinite(g.Z, "the grid's Z")
}

// at returns Z at (x, y) interpolated bilinearly, clamped to the grid.
func (g Grid) at(x, y float64) float64 {
	i, fx := locate(g.X, x)
	j, fy := locate(g.Y, y)
	ny := len(g.Y)
	z00, z01 := g.Z[i*ny+j], g.Z[i*ny+j+1]
	z10, z11 := g.Z[(i+1)*ny+j], g.Z[(i+1)*ny+j+1]
	return (1-fx)*((1-fy)*z00+fy*z01) + fx*((1-fy)*z10+fy*z11)
}

// locate returns the cell i of increasing xs holding x (xs[i] <= x <= xs[i+1]) and x's
// fraction of the way through it, clamped to [xs[0], xs[n-1]].
func locate(xs []float64, x float64) (int, float64) {
	n := len(xs)
	switch {
	case x <= xs[0]:
		return 0, 0
	case x >= xs[n-1]:
		return n - 2, 1
	}
	lo, hi := 0, n-1 // xs[lo] <= x < xs[hi]
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if xs[mid] <= x {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo, (x - xs[lo]) / (xs[lo+1] - xs[lo])
}

// contourLevels returns the band edges of a filled contour of values in [lo, hi]: multiples
// of a nice step (1, 2, 2.5 or 5 times a power of ten, chosen as niceTicks chooses tick
// steps for about n+1 ticks) from the last one at or below lo to the first one at or above
// hi. A constant surface (lo == hi) gets the one band [lo - 0.5, lo + 0.5].
func contourLevels(lo, hi float64, n int) []float64 {
	if !(hi > lo) {
		return []float64{lo - 0.5, lo + 0.5}
	}
	ticks := niceTicks{n: n}.Ticks(lo, hi)
	step := (hi - lo) / float64(n)
	if len(ticks) >= 2 {
		step = ticks[1].Value - ticks[0].Value
	}
	k0 := math.Floor(lo/step + 1e-9)
	k1 := math.Ceil(hi/step - 1e-9)
	levels := make([]float64, 0, int(k1-k0)+1)
	for k := k0; k <= k1; k++ {
		v := k * step
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		levels = append(levels, v)
	}
	// Rounding in k·step may leave an end a hair inside the values; the ends must cover them.
	levels[0] = math.Min(levels[0], lo)
	levels[len(levels)-1] = math.Max(levels[len(levels)-1], hi)
	return levels
}

// minMax returns the smallest and largest of non-empty x.
func minMax(x []float64) (lo, hi float64) {
	lo, hi = x[0], x[0]
	for _, v := range x[1:] {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	return lo, hi
}

// surface is the plotter of a filled contour (levels set) or a heat map: the surface is
// rasterised at surfaceDrawRes pixels a side and drawn over the grid's extent.
type surface struct {
	grid   Grid
	cmap   colormap
	levels []float64 // band edges; nil for a heat map
	lo, hi float64   // the values at the ends of the colour map
}

// valueColor returns the colour of value v: its band's middle for a filled contour, its
// place between lo and hi for a heat map.
func (s *surface) valueColor(v float64) (t float64) {
	if s.levels == nil {
		return (v - s.lo) / (s.hi - s.lo)
	}
	nb := len(s.levels) - 1
	k := 0
	for k < nb-1 && v > s.levels[k+1] {
		k++
	}
	return (float64(k) + 0.5) / float64(nb)
}

// image returns the rasterised surface, row 0 at the top (largest y).
func (s *surface) image() *image.NRGBA {
	g := s.grid
	img := image.NewNRGBA(image.Rect(0, 0, surfaceDrawRes, surfaceDrawRes))
	x0, x1 := g.X[0], g.X[len(g.X)-1]
	y0, y1 := g.Y[0], g.Y[len(g.Y)-1]
	for py := range surfaceDrawRes {
		y := y1 - (float64(py)+0.5)/surfaceDrawRes*(y1-y0)
		for px := range surfaceDrawRes {
			x := x0 + (float64(px)+0.5)/surfaceDrawRes*(x1-x0)
			img.SetNRGBA(px, py, s.cmap.at(s.valueColor(g.at(x, y))))
		}
	}
	return img
}

// Plot draws the surface over the grid's extent.
func (s *surface) Plot(c draw.Canvas, p *plot.Plot) {
	g := s.grid
	tx, ty := p.Transforms(&c)
	rect := vg.Rectangle{
		Min: vg.Point{X: tx(g.X[0]), Y: ty(g.Y[0])},
		Max: vg.Point{X: tx(g.X[len(g.X)-1]), Y: ty(g.Y[len(g.Y)-1])},
	}
	c.DrawImage(rect, s.image())
}

// DataRange returns the grid's extent.
func (s *surface) DataRange() (xmin, xmax, ymin, ymax float64) {
	g := s.grid
	return g.X[0], g.X[len(g.X)-1], g.Y[0], g.Y[len(g.Y)-1]
}
