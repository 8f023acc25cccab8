package plots

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

// Marginal is one variable's Gaussian marginals, one per element, such as a mean-field
// approximation's means and standard deviations in unconstrained space (PyMC's
// approx.bij.rmap(approx.mean.eval())), with the draws of the same elements from another
// method (a NUTS trace) to compare them with.
type Marginal struct {
	Name     string
	Mean, SD []float64   // the Gaussian of each element
	Draws    [][]float64 // draws of each element, or nil for none
}

// maxMarginalBins caps a histogram's bins, as seaborn's distplot does (50).
const maxMarginalBins = 50

// PlotMarginals draws the figure that closes PyMC's minibatch-ADVI tutorial: one panel per
// variable, stacked, titled with its name, and in it, for every element, the Gaussian's
// density over its mean ± 4 sd and the histogram of the element's draws normalised to unit
// area (seaborn's distplot(t, kde=False, norm_hist=True)), both in the element's colour
// from Colors (the matplotlib cycle by default). Every element is drawn. Histograms have
// the Freedman-Diaconis number of bins, at most 50, as seaborn's. Title sets a figure
// title. The default size is 12 inches wide and 2.6 inches a panel (the tutorial's
// figsize=(12, 18) for its 7 variables).
//
// It returns an error if ms is empty, if a variable has no name or no elements, if Mean
// and SD differ in length, if a mean is not finite or an sd not positive and finite, if
// Draws is not nil and does not have one slice per element, if an element's draws are
// fewer than 2, constant or not finite, or for an invalid option.
func PlotMarginals(ms []Marginal, opts ...Option) (*Figure, error) {
	const target = "PlotMarginals"
	c, err := newConfig(target, kFigure, opts)
	if err != nil {
		return nil, err
	}
	if len(ms) == 0 {
		return nil, errors.New("plots: PlotMarginals: no variables given")
	}
	w, h, err := c.size(12, 2.6*float64(len(ms)))
	if err != nil {
		return nil, err
	}
	rows := make([][]*plot.Plot, len(ms))
	for k, m := range ms {
		p, err := marginalPanel(m, k, c)
		if err != nil {
			return nil, err
		}
		rows[k] = []*plot.Plot{p}
	}
	return newFigure(c, rows, c.titleOr(""), w, h), nil
}

// marginalPanel draws variable m (the k-th).
func marginalPanel(m Marginal, k int, c *config) (*plot.Plot, error) {
	lines, hists, peak, err := marginalPlotters(m, k, c)
	if err != nil {
		return nil, err
	}
	p := newPanel(c, m.Name, "", "")
	for _, h := range hists {
		p.Add(h)
	}
	for _, l := range lines {
		p.Add(l)
	}
	p.Y.Min, p.Y.Max = 0, peak*1.05
	return p, nil
}

// marginalPlotters returns the density line and the histogram (if m has draws) of each of
// m's elements, and the highest density among them.
func marginalPlotters(m Marginal, k int, c *config) ([]*plotter.Line, []*plotter.Histogram, float64, error) {
	const target = "PlotMarginals"
	if m.Name == "" {
		return nil, nil, 0, fmt.Errorf("plots: %s: variable %d has no name", target, k)
	}
	if len(m.Mean) == 0 || len(m.Mean) != len(m.SD) {
		return nil, nil, 0, fmt.Errorf("plots: %s: variable %q has %d means and %d sds; want the same, non-zero number", target, m.Name, len(m.Mean), len(m.SD))
	}
	if m.Draws != nil && len(m.Draws) != len(m.Mean) {
		return nil, nil, 0, fmt.Errorf("plots: %s: variable %q has draws of %d elements, want %d (one slice per element) or nil", target, m.Name, len(m.Draws), len(m.Mean))
	}
	var lines []*plotter.Line
	var hists []*plotter.Histogram
	peak := 0.0
	for e := range m.Mean {
		mu, sd := m.Mean[e], m.SD[e]
		if math.IsNaN(mu) || math.IsInf(mu, 0) || !positiveFinite(sd) {
			return nil, nil, 0, fmt.Errorf("plots: %s: variable %q element %d has mean %v and sd %v; want a finite mean and a positive, finite sd", target, m.Name, e, mu, sd)
		}
		col := c.color(e)
		if m.Draws != nil {
			d := m.Draws[e]
			what := fmt.Sprintf("variable %q element %d draws", m.Name, e)
			if err := checkFinite(d, what); err != nil {
				return nil, nil, 0, err
			}
			s := slices.Clone(d)
			slices.Sort(s)
			if len(s) < 2 || s[0] == s[len(s)-1] {
				return nil, nil, 0, fmt.Errorf("plots: %s: %s: need at least 2 values that are not all equal", target, what)
			}
			bins, width := histogram(s, fdBins(s))
			for _, b := range bins {
				peak = math.Max(peak, b.Weight)
			}
			hists = append(hists, &plotter.Histogram{Bins: bins, Width: width, FillColor: withAlpha(col, 0.35), LineStyle: lineStyle(withAlpha(col, 0.5), 0.3)})
		}
		const n = 300 // the tutorial's np.linspace(mu - 4 sd, mu + 4 sd, 300)
		xys := make(plotter.XYs, n)
		for i := range xys {
			x := mu - 4*sd + 8*sd*float64(i)/(n-1)
			z := (x - mu) / sd
			xys[i] = plotter.XY{X: x, Y: math.Exp(-0.5*z*z) / (sd * math.Sqrt(2*math.Pi))}
		}
		peak = math.Max(peak, 1/(sd*math.Sqrt(2*math.Pi)))
		lines = append(lines, newLine(xys, col, 1.5))
	}
	return lines, hists, peak, nil
}

// fdBins returns seaborn's distplot number of bins for sorted, non-constant s: the
// Freedman-Diaconis count, at least 1 and at most 50; when the interquartile range is 0,
// the square root of the count (seaborn's fallback).
func fdBins(s []float64) int {
	n := float64(len(s))
	iqr := sortedQuantile(s, 0.75) - sortedQuantile(s, 0.25)
	if iqr == 0 {
		return max(1, min(maxMarginalBins, int(math.Sqrt(n))))
	}
	h := 2 * iqr / math.Cbrt(n)
	return max(1, min(maxMarginalBins, int(math.Ceil((s[len(s)-1]-s[0])/h))))
}
