package plots

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Surface options and their defaults.
const (
	defaultLevels  = 7         // matplotlib's contourf: MaxNLocator(7 + 1)
	defaultCmap    = "viridis" // matplotlib's default
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
// It returns an error if the grid is not a valid Grid2D (axes of at least 2 increasing,
// evenly spaced values, len(X)·len(Y) finite values in Z; EvalGrid2D makes one from a
// function), if a point set's X and Y differ in length or hold a non-finite value, or for
// an invalid option. A constant Z fills one band around its value.
func PlotContour(g *Grid2D, points []PointSet, opts ...Option) (*Figure, error) {
	return plotSurface("PlotContour", g, points, true, opts)
}

// PlotHeatMap draws g as a heat map with a colour bar (matplotlib's imshow or
// pcolormesh): every point's colour is the colour map's colour at its value, Z
// interpolated bilinearly between grid points, from the smallest value (the map's first
// colour) to the largest. Points, options and errors are those of PlotContour, except
// that Levels does not apply.
func PlotHeatMap(g *Grid2D, points []PointSet, opts ...Option) (*Figure, error) {
	return plotSurface("PlotHeatMap", g, points, false, opts)
}

func plotSurface(target string, g *Grid2D, points []PointSet, banded bool, opts []Option) (*Figure, error) {
	c, err := newConfig(target, kForSurface, opts)
	if err != nil {
		return nil, err
	}
	if !banded && c.surface.levels != 0 {
		return nil, fmt.Errorf("plots: option Levels(%d) does not apply to %s; use PlotContour for bands", c.surface.levels, target)
	}
	if err := g.check("the grid"); err != nil {
		return nil, fmt.Errorf("plots: %s: %w", target, err)
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
	lo, hi := d2Span(g.Z)
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

// surface is the plotter of a filled contour (levels set) or a heat map: the surface is
// rasterised (rasterGrid) and drawn over the grid's extent.
type surface struct {
	grid   *Grid2D
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
	return rasterGrid(s.grid, rasterSide, func(z float64) color.Color { return s.cmap.at(s.valueColor(z)) })
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
