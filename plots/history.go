package plots

import (
	"errors"
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

// PlotHistory draws histories against the iteration, one line per sample in its colour
// from Colors (C0, C1, … by default) with a legend above the panel when there are two or
// more: matplotlib's plt.plot(approx.hist) of a loss history, or plt.plot(-inference.hist,
// label="new ADVI") of an ELBO (negate the loss first and pass YLabel("ELBO")). Long
// histories are drawn through each run's minimum and maximum (1500 runs), which keeps
// their envelope. Title sets the panel title (none by default), XLabel and YLabel the
// axis labels (default "iteration" and "loss"). The default size is 8×5 inches.
//
// It returns an error if hists is empty, if a history is empty, holds a NaN or ±Inf, or has
// no name while there are several, or for an invalid option.
func PlotHistory(hists []NamedSample, opts ...Option) (*Figure, error) {
	const target = "PlotHistory"
	c, err := newConfig(target, kFigure|kLabels, opts)
	if err != nil {
		return nil, err
	}
	if len(hists) == 0 {
		return nil, errors.New("plots: PlotHistory: no histories given")
	}
	w, h, err := c.size(8, 5)
	if err != nil {
		return nil, err
	}
	lines, err := historyPoints(hists)
	if err != nil {
		return nil, err
	}
	p := newPanel(c, c.titleOr(""), c.xlabelOr("iteration"), c.ylabelOr("loss"))
	var items []legendItem
	for i, xys := range lines {
		p.Add(newLines(xys, c.color(i), 1)...)
		items = append(items, legendItem{label: hists[i].Name, color: c.color(i)})
	}
	if len(hists) > 1 {
		addTopLegend(p, c, items, w*72-90)
	}
	return newFigure(c, [][]*plot.Plot{{p}}, "", w, h), nil
}

// historyPoints returns the points of each history's line, reduced to its envelope when
// long.
func historyPoints(hists []NamedSample) ([]plotter.XYs, error) {
	lines := make([]plotter.XYs, len(hists))
	for i, s := range hists {
		if len(s.Values) == 0 {
			return nil, fmt.Errorf("plots: PlotHistory: history %d (%q) is empty", i, s.Name)
		}
		if s.Name == "" && len(hists) > 1 {
			return nil, fmt.Errorf("plots: PlotHistory: history %d has no name; the legend needs one", i)
		}
		if err := checkFinite(s.Values, fmt.Sprintf("history %d (%q)", i, s.Name)); err != nil {
			return nil, err
		}
		lines[i] = envelope(s.Values, 0, 1, maxBuckets)
	}
	return lines, nil
}
