package plots

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/plot"
)

// NamedSample is a set of draws with the name its legend entry shows ("NUTS", "ADVI").
type NamedSample struct {
	Name   string
	Values []float64
}

// KDECompare overlays the kernel densities of several samples, each in its colour from
// Colors (default C0, C1, …) with a legend above the panel, as the tutorial's repeated
// sns.kdeplot(..., label=...) calls comparing NUTS, ADVI and SVGD. The densities use the
// KDE options (Silverman's rule by default; pass KDERule(Scott) for seaborn's bandwidth).
// Title sets the panel title (default "Kernel density estimates"), XLabel and YLabel the
// axis labels (default "value" and "density"). The default size is 8×5 inches.
//
// It returns an error if samples is empty, if a sample has no name, if a sample has fewer
// than 2 draws, is constant or holds a NaN or ±Inf (naming the sample and index), or for
// an invalid option.
func KDECompare(samples []NamedSample, opts ...Option) (*Figure, error) {
	c, err := newConfig("KDECompare", kForCompare, opts)
	if err != nil {
		return nil, err
	}
	if len(samples) == 0 {
		return nil, errors.New("plots: KDECompare: no samples given")
	}
	w, h, err := c.size(8, 5)
	if err != nil {
		return nil, err
	}
	p := newPanel(c, c.titleOr("Kernel density estimates"), c.xlabelOr("value"), c.ylabelOr("density"))
	items := make([]legendItem, len(samples))
	peak := 0.0
	for i, s := range samples {
		if s.Name == "" {
			return nil, fmt.Errorf("plots: KDECompare: sample %d has no name; the legend needs one", i)
		}
		d, err := kdeOf(s.Values, fmt.Sprintf("sample %q", s.Name), c)
		if err != nil {
			return nil, err
		}
		for _, y := range d.Y {
			peak = math.Max(peak, y)
		}
		col := c.color(i)
		p.Add(newLine(densityXYs(d), col, 2))
		items[i] = legendItem{label: s.Name, color: col}
	}
	p.Y.Min = 0
	p.Y.Max = peak * 1.05
	addTopLegend(p, c, items, w*72-90)
	return newFigure(c, [][]*plot.Plot{{p}}, "", w, h), nil
}
