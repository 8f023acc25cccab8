package plots

import (
	"errors"
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// PointSet is a named set of points of a scatter plot, such as the points of one class
// (matplotlib's ax.scatter(X[Y == 0, 0], X[Y == 0, 1], label="Class 0")).
type PointSet struct {
	Name string
	X, Y []float64
}

// PlotScatter draws point sets as a scatter plot, each set in its colour from Colors
// (C0, C1, … by default) and named in a legend inside the panel, as the BNN tutorial's
// figures of the data set and of the predicted labels. Title sets the panel title (none
// by default), XLabel and YLabel the axis labels (default "X" and "Y"). The default size
// is 6.4×4.8 inches (matplotlib's figsize).
//
// It returns an error if sets is empty or holds no point, if a set has no name, if its
// X and Y differ in length or hold a NaN or ±Inf, or for an invalid option.
func PlotScatter(sets []PointSet, opts ...Option) (*Figure, error) {
	const target = "PlotScatter"
	c, err := newConfig(target, kFigure|kLabels, opts)
	if err != nil {
		return nil, err
	}
	if err := checkPointSets(target, sets); err != nil {
		return nil, err
	}
	n := 0
	for i, s := range sets {
		if s.Name == "" {
			return nil, fmt.Errorf("plots: %s: point set %d has no name; the legend needs one", target, i)
		}
		n += len(s.X)
	}
	if n == 0 {
		return nil, fmt.Errorf("plots: %s: no points to draw", target)
	}
	w, h, err := c.size(6.4, 4.8)
	if err != nil {
		return nil, err
	}
	scatters, err := scatterPlotters(target, sets, c)
	if err != nil {
		return nil, err
	}
	p := newPanel(c, c.titleOr(""), c.xlabelOr("X"), c.ylabelOr("Y"))
	for k, sc := range scatters {
		p.Add(sc)
		p.Legend.Add(sets[k].Name, sc)
	}
	return newFigure(c, [][]*plot.Plot{{p}}, "", w, h), nil
}

// scatterPlotters returns a scatter plotter per set, in the colour cycle's order.
func scatterPlotters(target string, sets []PointSet, c *config) ([]*plotter.Scatter, error) {
	out := make([]*plotter.Scatter, len(sets))
	for k, s := range sets {
		sc, err := newScatter(s, c.color(k), c.fontSize)
		if err != nil {
			return nil, fmt.Errorf("plots: %s: point set %d: %w", target, k, err)
		}
		out[k] = sc
	}
	return out, nil
}

// checkPointSets checks that every set's X and Y have the same length and finite values.
func checkPointSets(target string, sets []PointSet) error {
	if len(sets) == 0 && target == "PlotScatter" {
		return errors.New("plots: PlotScatter: no point sets given")
	}
	for i, s := range sets {
		if len(s.X) != len(s.Y) {
			return fmt.Errorf("plots: %s: point set %d (%q) has %d x values and %d y values", target, i, s.Name, len(s.X), len(s.Y))
		}
		what := fmt.Sprintf("point set %d (%q)", i, s.Name)
		if err := checkFinite(s.X, what+" X"); err != nil {
			return err
		}
		if err := checkFinite(s.Y, what+" Y"); err != nil {
			return err
		}
	}
	return nil
}

// newScatter returns the scatter plotter of s: filled circles of the given colour, sized
// from the font size as matplotlib's default marker (6 points across at an 11-point font).
func newScatter(s PointSet, col color.Color, fontSize float64) (*plotter.Scatter, error) {
	xys := make(plotter.XYs, len(s.X))
	for i := range xys {
		xys[i] = plotter.XY{X: s.X[i], Y: s.Y[i]}
	}
	sc, err := plotter.NewScatter(xys)
	if err != nil {
		return nil, err
	}
	sc.GlyphStyle = draw.GlyphStyle{Color: withAlpha(col, 0.85), Radius: vg.Length(fontSize * 0.27), Shape: draw.CircleGlyph{}}
	return sc, nil
}
