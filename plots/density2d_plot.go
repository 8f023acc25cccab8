package plots

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Panel2D is one panel of PlotDensity2D: a field on a grid drawn as filled contours or as
// contour lines, points drawn over it as a scatter, or both.
type Panel2D struct {
	// Title is the panel's title.
	Title string
	// Field is drawn as filled contours (matplotlib's contourf): Levels bands of equal
	// width from the field's minimum to its maximum, coloured from Colors. Nil for none.
	Field *Grid2D
	// Lines draws Field as contour lines instead (matplotlib's contour, seaborn's bivariate
	// kdeplot): the Levels-1 boundaries between the bands, coloured from Colors.
	Lines bool
	// Levels is the number of bands (default 10).
	Levels int
	// Colors are the colour map's anchors, low values first, interpolated linearly to one
	// colour per band. The default is matplotlib's inferno for filled contours (the
	// tutorial's cmap) and a light-to-dark blue for lines.
	Colors []color.Color
	// X and Y are points drawn over the field; Y[k] pairs with X[k].
	X, Y []float64
	// PointColor is the points' colour (default C0), PointAlpha their opacity in (0, 1]
	// (default 1; the tutorial's scatter uses 0.05), PointRadius their radius in points
	// (default 2).
	PointColor  color.Color
	PointAlpha  float64
	PointRadius float64
	// XLim and YLim set the axes' ranges (matplotlib's set_xlim); a zero pair means the
	// field's extent, or the points' range without a field.
	XLim, YLim [2]float64
}

// inferno is matplotlib's inferno colour map at t = 0, 1/8, …, 1.
var inferno = []color.Color{rgb(0x000004), rgb(0x1f0c48), rgb(0x550f6d), rgb(0x88226a),
	rgb(0xba3655), rgb(0xe35933), rgb(0xf9950a), rgb(0xf8c932), rgb(0xfcffa4)}

// blues runs from a light to a dark blue, for contour lines on white.
var blues = []color.Color{rgb(0xc6dbef), rgb(0x6baed6), rgb(0x2171b5), rgb(0x08306b)}

// defaultLevels2D is the number of contour bands of a panel that does not set Levels.
const defaultLevels2D = 10

// PlotDensity2D draws panels of two-dimensional densities in rows of Columns (default:
// all in one row, up to 3 a row): the tutorials' contour plots of a potential
// (plt.contourf over np.mgrid), kernel density plots of draws (sns.kdeplot of 2-D draws,
// with KDE2D) and scatter plots of draws (plt.scatter with alpha), alone or over each
// other. Options: Size (default 6 inches a column by 5.5 a row), DPI, Title (a figure
// title), FontSize, Columns, XLabel and YLabel (every panel's; default none).
//
// It returns an error if there are no panels, if a panel has neither a field nor points,
// naming the panel for a bad grid (see Grid2D), a constant field, points whose X and Y
// differ in length or hold a NaN or ±Inf, a negative Levels, an alpha outside (0, 1] or a
// limit pair that is not increasing, or for an invalid option.
func PlotDensity2D(panels []Panel2D, opts ...Option) (*Figure, error) {
	c, err := newConfig("PlotDensity2D", kFigure|kColumns|kLabels, opts)
	if err != nil {
		return nil, err
	}
	if len(panels) == 0 {
		return nil, errors.New("plots: PlotDensity2D: no panels")
	}
	cols := c.columns
	if cols == 0 {
		cols = min(len(panels), 3)
	}
	cols = min(cols, len(panels))
	rows := (len(panels) + cols - 1) / cols
	w, h, err := c.size(6*float64(cols), 5.5*float64(rows))
	if err != nil {
		return nil, err
	}
	var grid [][]*plot.Plot
	for k, pn := range panels {
		p, err := density2DPanel(pn, c, fmt.Sprintf("panel %d (%q)", k, pn.Title))
		if err != nil {
			return nil, fmt.Errorf("plots: PlotDensity2D: %w", err)
		}
		if k%cols == 0 {
			grid = append(grid, make([]*plot.Plot, cols))
		}
		grid[len(grid)-1][k%cols] = p
	}
	return newFigure(c, grid, c.titleOr(""), w, h), nil
}

// density2DPanel draws one panel.
func density2DPanel(pn Panel2D, c *config, name string) (*plot.Plot, error) {
	if pn.Field == nil && len(pn.X) == 0 && len(pn.Y) == 0 {
		return nil, fmt.Errorf("%s has neither a field nor points", name)
	}
	levels := pn.Levels
	switch {
	case levels < 0:
		return nil, fmt.Errorf("%s: Levels must be >= 0, got %d", name, levels)
	case levels == 0:
		levels = defaultLevels2D
	}
	if pn.PointAlpha < 0 || pn.PointAlpha > 1 || math.IsNaN(pn.PointAlpha) {
		return nil, fmt.Errorf("%s: PointAlpha must be in (0, 1], got %v", name, pn.PointAlpha)
	}
	for _, l := range []struct {
		axis string
		lim  [2]float64
	}{{"XLim", pn.XLim}, {"YLim", pn.YLim}} {
		if l.lim != [2]float64{} && !(l.lim[0] < l.lim[1] && !math.IsInf(l.lim[0], 0) && !math.IsInf(l.lim[1], 0)) {
			return nil, fmt.Errorf("%s: %s %v must be finite and increasing", name, l.axis, l.lim)
		}
	}
	p := newPanel(c, pn.Title, c.xlabelOr(""), c.ylabelOr(""))
	if pn.Field != nil {
		if err := pn.Field.check(name + "'s field"); err != nil {
			return nil, err
		}
		lo, hi := d2Span(pn.Field.Z)
		if lo == hi {
			return nil, fmt.Errorf("%s: the field is constant (%v); it has no contours", name, lo)
		}
		if pn.Lines {
			anchors := pn.Colors
			if len(anchors) == 0 {
				anchors = blues
			}
			bounds := d2Linspace(lo, hi, levels+1)
			ct := plotter.NewContour(gridXYZ{pn.Field}, bounds[1:levels], fixedPalette(spread(anchors, levels-1)))
			ct.Min, ct.Max = bounds[1], bounds[levels-1]
			p.Add(ct)
		} else {
			anchors := pn.Colors
			if len(anchors) == 0 {
				anchors = inferno
			}
			p.Add(filledContours(pn.Field, spread(anchors, levels), lo, hi))
		}
		p.X.Min, p.X.Max = pn.Field.X[0], pn.Field.X[len(pn.Field.X)-1]
		p.Y.Min, p.Y.Max = pn.Field.Y[0], pn.Field.Y[len(pn.Field.Y)-1]
	}
	if pn.XLim != [2]float64{} {
		p.X.Min, p.X.Max = pn.XLim[0], pn.XLim[1]
	}
	if pn.YLim != [2]float64{} {
		p.Y.Min, p.Y.Max = pn.YLim[0], pn.YLim[1]
	}
	if len(pn.X) > 0 || len(pn.Y) > 0 {
		if err := d2CheckPoints("PlotDensity2D", pn.X, pn.Y, 1); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		sc, err := scatter2D(pn, p, pn.Field != nil || pn.XLim != [2]float64{} || pn.YLim != [2]float64{})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		p.Add(sc)
	}
	return p, nil
}

// scatter2D returns the panel's points as a scatter; when the axes are fixed, points
// outside them are left out (gonum/plot does not clip glyphs).
func scatter2D(pn Panel2D, p *plot.Plot, fixed bool) (*plotter.Scatter, error) {
	pts := make(plotter.XYs, 0, len(pn.X))
	for k := range pn.X {
		if fixed && !(pn.X[k] >= p.X.Min && pn.X[k] <= p.X.Max && pn.Y[k] >= p.Y.Min && pn.Y[k] <= p.Y.Max) {
			continue
		}
		pts = append(pts, plotter.XY{X: pn.X[k], Y: pn.Y[k]})
	}
	sc, err := plotter.NewScatter(pts)
	if err != nil {
		return nil, err
	}
	col := pn.PointColor
	if col == nil {
		col = palette[0]
	}
	alpha := pn.PointAlpha
	if alpha == 0 {
		alpha = 1
	}
	r := pn.PointRadius
	if r == 0 {
		r = 2
	}
	sc.GlyphStyle = draw.GlyphStyle{Color: withAlpha(col, alpha), Radius: vg.Points(r), Shape: draw.CircleGlyph{}}
	return sc, nil
}

// spread returns n colours interpolated linearly in RGB along the anchors (n >= 1): the
// colour map of the anchors (mapOf) at n evenly spaced points, or at its middle for n = 1.
func spread(anchors []color.Color, n int) []color.Color {
	m := mapOf(anchors)
	out := make([]color.Color, n)
	for i := range out {
		t := 0.5
		if n > 1 {
			t = float64(i) / float64(n-1)
		}
		out[i] = m.at(t)
	}
	return out
}

// fixedPalette is a gonum palette.Palette of given colours.
type fixedPalette []color.Color

func (p fixedPalette) Colors() []color.Color { return p }

// gridXYZ adapts a Grid2D to gonum/plot's GridXYZ (columns along X, rows along Y).
type gridXYZ struct{ g *Grid2D }

func (a gridXYZ) Dims() (c, r int)   { return len(a.g.X), len(a.g.Y) }
func (a gridXYZ) Z(c, r int) float64 { return a.g.At(c, r) }
func (a gridXYZ) X(c int) float64    { return a.g.X[c] }
func (a gridXYZ) Y(r int) float64    { return a.g.Y[r] }
func (a gridXYZ) Min() (m float64)   { m, _ = d2Span(a.g.Z); return m }
func (a gridXYZ) Max() (m float64)   { _, m = d2Span(a.g.Z); return m }

// rasterSide is the number of pixels per axis of a filled contour's image: the field is
// interpolated bilinearly onto it, so that band edges are smooth rather than the grid's
// cells.
const rasterSide = 600

// filledContours returns the field's bands (bandImage) as an image spanning the grid's
// extent.
func filledContours(g *Grid2D, colors []color.Color, lo, hi float64) *plotter.Image {
	return plotter.NewImage(bandImage(g, colors, lo, hi), g.X[0], g.Y[0], g.X[len(g.X)-1], g.Y[len(g.Y)-1])
}

// bandImage paints the field in equal bands from lo to hi, one colour each (matplotlib's
// contourf with len(colors) levels), on rasterSide² pixels.
func bandImage(g *Grid2D, colors []color.Color, lo, hi float64) *image.NRGBA {
	bands := float64(len(colors))
	return rasterGrid(g, rasterSide, func(z float64) color.Color {
		return colors[max(min(int((z-lo)/(hi-lo)*bands), len(colors)-1), 0)]
	})
}

// rasterGrid paints the field on side² pixels, the top row at the grid's largest Y: each
// pixel takes paint's colour for the field interpolated bilinearly at the pixel's centre, so
// that band edges are smooth rather than the grid's cells. Pixels are painted column by
// column from the left, each from the bottom.
func rasterGrid(g *Grid2D, side int, paint func(z float64) color.Color) *image.NRGBA {
	nx, ny := len(g.X), len(g.Y)
	img := image.NewNRGBA(image.Rect(0, 0, side, side))
	for px := range side {
		// The pixel's centre in grid coordinates.
		u := (float64(px) + 0.5) / float64(side) * float64(nx-1)
		i := min(int(u), nx-2)
		fu := u - float64(i)
		for py := range side {
			v := (float64(py) + 0.5) / float64(side) * float64(ny-1)
			j := min(int(v), ny-2)
			fv := v - float64(j)
			z := (1-fu)*((1-fv)*g.At(i, j)+fv*g.At(i, j+1)) + fu*((1-fv)*g.At(i+1, j)+fv*g.At(i+1, j+1))
			img.Set(px, side-1-py, paint(z))
		}
	}
	return img
}
