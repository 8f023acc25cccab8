package plots

import (
	"errors"
	"fmt"

	"gonum.org/v1/plot"
)

// Series is a tracked quantity over iterations, as a callbacks.Tracker records it:
// Values[i] is the value at iteration i, flattened row-major; a scalar is a one-element
// slice. The caller converts the tracker's values to float64 slices.
type Series struct {
	Name   string
	Values [][]float64
}

// PlotTracker draws the tutorial's tracker figure: one panel per tracked value, titled
// from its name ("mean" becomes "Mean track"), with one line per element against the
// iteration, and below them a panel of the loss history spanning the full width,
// "Negative ELBO track". Two tracked values give the tutorial's 2+1 layout
// (fig.add_subplot(221), (222), (212)); more are laid out in rows of up to 3. A vector
// value draws up to MaxElements (default 10) elements, in the colours of Colors, named
// in a legend above its panel; a scalar draws one line in the first colour.
//
// Every series must have the same number of elements at each of its iterations (the
// series may differ in length from each other and from loss). An empty loss leaves the
// loss panel out; empty series leave only the loss panel. Long histories are drawn
// through each run's minimum and maximum (1500 runs), which keeps their envelope. Title
// sets a figure title. The default size is matplotlib's figsize=(16, 9) of the tutorial.
//
// It returns an error if there is nothing to plot, if a series has no name or no
// iterations, if its iterations differ in length or are empty, if a value or a loss is
// NaN or ±Inf (naming series, iteration and element), or for an invalid option.
func PlotTracker(series []Series, loss []float64, opts ...Option) (*Figure, error) {
	const target = "PlotTracker"
	c, err := newConfig(target, kForTracker, opts)
	if err != nil {
		return nil, err
	}
	if len(series) == 0 && len(loss) == 0 {
		return nil, errors.New("plots: PlotTracker: no tracked values and no loss history")
	}
	if err := checkFinite(loss, "the loss history"); err != nil {
		return nil, err
	}
	nrows := 0
	cols := 0
	if n := len(series); n > 0 {
		nrows = (n + 2) / 3
		cols = (n + nrows - 1) / nrows
	}
	lossRows := 0
	if len(loss) > 0 {
		lossRows = 1
	}
	w, h, err := c.size(16, 4.5*float64(nrows+lossRows))
	if err != nil {
		return nil, err
	}
	var grid [][]*plot.Plot
	var warnings []string
	panelWidth := w*72/float64(max(cols, 1)) - 90
	for k, s := range series {
		p, warn, err := trackPanel(s, k, c, panelWidth)
		if err != nil {
			return nil, err
		}
		warnings = append(warnings, warn...)
		if k%cols == 0 {
			grid = append(grid, make([]*plot.Plot, cols))
		}
		grid[len(grid)-1][k%cols] = p
	}
	if len(loss) > 0 {
		p := newPanel(c, "Negative ELBO track", "iteration", "loss")
		p.Add(newLines(envelope(loss, 0, 1, maxBuckets), c.color(0), 1)...)
		grid = append(grid, []*plot.Plot{p})
	}
	fig := newFigure(c, grid, c.titleOr(""), w, h)
	fig.warnings = warnings
	return fig, nil
}

// trackPanel draws series s (the k-th) as one line per element.
func trackPanel(s Series, k int, c *config, widthPts float64) (*plot.Plot, []string, error) {
	if s.Name == "" {
		return nil, nil, fmt.Errorf("plots: PlotTracker: series %d has no name", k)
	}
	if len(s.Values) == 0 {
		return nil, nil, fmt.Errorf("plots: PlotTracker: series %q has no iterations", s.Name)
	}
	size := len(s.Values[0])
	for i, v := range s.Values {
		if len(v) == 0 || len(v) != size {
			return nil, nil, fmt.Errorf("plots: PlotTracker: series %q has %d elements at iteration %d but %d at iteration 0; every iteration must have the same, non-zero number", s.Name, len(v), i, size)
		}
		if err := checkFinite(v, fmt.Sprintf("series %q at iteration %d", s.Name, i)); err != nil {
			return nil, nil, err
		}
	}
	var warnings []string
	n := min(size, c.maxElements)
	if n < size {
		warnings = append(warnings, fmt.Sprintf("PlotTracker: series %q has %d elements; only the first %d are drawn (MaxElements)", s.Name, size, n))
	}
	p := newPanel(c, trackTitle(s.Name), "iteration", s.Name)
	y := make([]float64, len(s.Values))
	var items []legendItem
	for e := range n {
		for i, v := range s.Values {
			y[i] = v[e]
		}
		col := c.color(e)
		p.Add(newLines(envelope(y, 0, 1, maxBuckets), col, 1.2)...)
		if size > 1 {
			items = append(items, legendItem{label: fmt.Sprintf("%s[%d]", s.Name, e), color: col})
		}
	}
	addTopLegend(p, c, items, widthPts)
	return p, warnings, nil
}
