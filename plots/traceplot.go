package plots

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"

	"github.com/gopymc/gopymc/trace"
)

// PlotTrace draws, as ArviZ's plot_trace, one row per variable, and per element of a
// vector variable up to MaxElements (default 10): on the left the kernel density of each
// chain, on the right each chain's draws against the draw index. Chain k is drawn in
// colour k of Colors (default matplotlib's C0, C1, …); the chains are named in a legend
// above the first density panel when there are several. Traces longer than 3000 draws a
// chain are drawn through the minimum and maximum of each of 1500 consecutive runs, which
// keeps every excursion visible.
//
// vars names the variables; nil or empty means every variable that is not Transformed.
// The default size is 12 inches wide and 2.6 inches a row. Title sets a figure title.
// KDE options apply to every density.
//
// It returns an error if t is nil or has no draws, if a name is not in the trace, if a
// variable has no elements, if a chain has fewer than 2 draws, is constant or holds a
// NaN or ±Inf, or for an invalid option.
func PlotTrace(t *trace.Trace, vars []string, opts ...Option) (*Figure, error) {
	const target = "PlotTrace"
	c, err := newConfig(target, kForTrace, opts)
	if err != nil {
		return nil, err
	}
	elems, warnings, err := traceElements(t, vars, c.maxElements, target)
	if err != nil {
		return nil, err
	}
	w, h, err := c.size(12, 2.6*float64(len(elems)))
	if err != nil {
		return nil, err
	}
	chains := t.Chains()
	grid := make([][]*plot.Plot, len(elems))
	for j, pe := range elems {
		last := j == len(elems)-1
		dens := newPanel(c, pe.label, "", "density")
		draws := newPanel(c, pe.label, "", "")
		if last {
			dens.X.Label.Text = "value"
			draws.X.Label.Text = "draw"
		}
		peak := 0.0
		for ch := range chains {
			x := elementOf(t.ChainValues(pe.v.Name, ch), pe.size, pe.e)
			what := fmt.Sprintf("variable %q, chain %d,", pe.label, ch)
			if len(x) == 0 {
				continue
			}
			d, err := kdeOf(x, what, c)
			if err != nil {
				return nil, err
			}
			for _, y := range d.Y {
				peak = math.Max(peak, y)
			}
			col := c.color(ch)
			dens.Add(newLine(densityXYs(d), col, 1.6))
			draws.Add(newLines(envelope(x, 0, 1, maxBuckets), withAlpha(col, 0.8), 0.6)...)
		}
		if peak == 0 {
			return nil, fmt.Errorf("plots: %s: variable %q has no draws", target, pe.label)
		}
		dens.Y.Min = 0
		grid[j] = []*plot.Plot{dens, draws}
	}
	fig := newFigure(c, grid, c.titleOr(""), w, h)
	if chains > 1 {
		items := make([]legendItem, chains)
		for ch := range items {
			items[ch] = legendItem{label: fmt.Sprintf("chain %d", ch), color: c.color(ch)}
		}
		fig.legend = newTopLegend(c, items, w*72-90)
	}
	fig.warnings = warnings
	return fig, nil
}
