package plots

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

// PlotTrainingProgress draws, for each series whose value at an iteration is an array of
// draws (the tutorial's 100 sampled test and train accuracies a step), the mean at each
// iteration as a line and a band of ±1 standard deviation (divisor n) around it, each
// series in its colour from Colors (default C0, C1, …; the tutorial's red and blue are
// Colors(colornames.Red, colornames.Blue)) and named in a legend above the panel. This is
// the tutorial's sns.tsplot figure; tsplot's default band was a 68% bootstrap interval
// of the mean, here it is the spread of the draws themselves.
//
// Values[i] is the array at iteration i; arrays may differ in length between iterations
// but none may be empty. Title sets the panel title (default "Training Progress"),
// XLabel and YLabel the axis labels (default "iteration" and "value"). The default size
// is 10×6 inches.
//
// It returns an error if series is empty, if a series has no name or no iterations, if
// an iteration's array is empty or holds a NaN or ±Inf (naming series, iteration and
// index), or for an invalid option.
func PlotTrainingProgress(series []Series, opts ...Option) (*Figure, error) {
	const target = "PlotTrainingProgress"
	c, err := newConfig(target, kForProgress, opts)
	if err != nil {
		return nil, err
	}
	if len(series) == 0 {
		return nil, errors.New("plots: PlotTrainingProgress: no series given")
	}
	w, h, err := c.size(10, 6)
	if err != nil {
		return nil, err
	}
	p := newPanel(c, c.titleOr("Training Progress"), c.xlabelOr("iteration"), c.ylabelOr("value"))
	items := make([]legendItem, len(series))
	var bands, lines []plot.Plotter
	for k, s := range series {
		if s.Name == "" {
			return nil, fmt.Errorf("plots: %s: series %d has no name; the legend needs one", target, k)
		}
		if len(s.Values) == 0 {
			return nil, fmt.Errorf("plots: %s: series %q has no iterations", target, s.Name)
		}
		mean := make([]float64, len(s.Values))
		sd := make([]float64, len(s.Values))
		for i, v := range s.Values {
			if len(v) == 0 {
				return nil, fmt.Errorf("plots: %s: series %q has no values at iteration %d", target, s.Name, i)
			}
			if err := checkFinite(v, fmt.Sprintf("series %q at iteration %d", s.Name, i)); err != nil {
				return nil, err
			}
			mean[i], sd[i] = meanSD(v)
		}
		col := c.color(k)
		band, err := plotter.NewPolygon(bandOutline(mean, sd, maxBuckets))
		if err != nil {
			return nil, fmt.Errorf("plots: %s: series %q: %w", target, s.Name, err)
		}
		band.Color = withAlpha(col, 0.25)
		band.LineStyle.Width = 0
		bands = append(bands, band)
		lines = append(lines, newLines(envelope(mean, 0, 1, maxBuckets), col, 1.8)...)
		items[k] = legendItem{label: s.Name, color: col, band: true}
	}
	// Bands first so that no band covers another series' mean line.
	p.Add(bands...)
	p.Add(lines...)
	addTopLegend(p, c, items, w*72-90)
	return newFigure(c, [][]*plot.Plot{{p}}, "", w, h), nil
}

// meanSD returns the mean and the standard deviation (divisor n) of non-empty x.
func meanSD(x []float64) (mean, sd float64) {
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	var ss float64
	for _, v := range x {
		ss += (v - mean) * (v - mean)
	}
	return mean, math.Sqrt(ss / float64(len(x)))
}

// bandOutline returns the closed outline of mean ± sd against the iteration. Above
// 2·buckets iterations, each of buckets consecutive runs contributes its lowest lower
// and highest upper edge, so the band keeps its extent.
func bandOutline(mean, sd []float64, buckets int) plotter.XYs {
	n := len(mean)
	type pt struct{ x, lo, hi float64 }
	var pts []pt
	if n <= 2*buckets {
		pts = make([]pt, n)
		for i := range n {
			pts[i] = pt{float64(i), mean[i] - sd[i], mean[i] + sd[i]}
		}
	} else {
		pts = make([]pt, buckets)
		for b := range buckets {
			lo, hi := b*n/buckets, (b+1)*n/buckets
			q := pt{float64(lo+hi-1) / 2, math.Inf(1), math.Inf(-1)}
			for i := lo; i < hi; i++ {
				q.lo = math.Min(q.lo, mean[i]-sd[i])
				q.hi = math.Max(q.hi, mean[i]+sd[i])
			}
			pts[b] = q
		}
	}
	out := make(plotter.XYs, 0, 2*len(pts))
	for _, q := range pts {
		out = append(out, plotter.XY{X: q.x, Y: q.hi})
	}
	for i := len(pts) - 1; i >= 0; i-- {
		out = append(out, plotter.XY{X: pts[i].x, Y: pts[i].lo})
	}
	return out
}
