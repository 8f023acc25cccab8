package plots

import (
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

// maxAutoBins caps the automatic number of histogram bins.
const maxAutoBins = 200

// PlotDistribution draws the distribution of draws, such as the SampleNode draws of x² in
// the tutorial ("$x^2$ distribution"): a histogram normalised to unit area in a light
// shade of the first colour of Colors, and the kernel density over it in that colour.
// title is the panel title ("" for none). Bins sets the number of bins (default NumPy's
// "auto": the finer of Sturges' and the Freedman-Diaconis bin widths, at most 200 bins);
// XLabel and YLabel the axis labels (default "value" and "density"); the KDE options
// shape the density. The default size is 8×5 inches.
//
// It returns an error if draws has fewer than 2 values, is constant or holds a NaN or
// ±Inf, or for an invalid option.
func PlotDistribution(draws []float64, title string, opts ...Option) (*Figure, error) {
	const target = "PlotDistribution"
	c, err := newConfig(target, kForHistogram, opts)
	if err != nil {
		return nil, err
	}
	d, err := kdeOf(draws, "the sample", c)
	if err != nil {
		return nil, err
	}
	w, h, err := c.size(8, 5)
	if err != nil {
		return nil, err
	}
	s := slices.Clone(draws)
	slices.Sort(s)
	nb := c.bins
	if nb == 0 {
		nb = autoBins(s)
	}
	bins, width := histogram(s, nb)
	col := c.color(0)
	hist := &plotter.Histogram{Bins: bins, Width: width, FillColor: withAlpha(col, 0.35), LineStyle: lineStyle(withAlpha(col, 0.6), 0.5)}
	p := newPanel(c, title, c.xlabelOr("value"), c.ylabelOr("density"))
	p.Add(hist, newLine(densityXYs(d), col, 2))
	p.Y.Min = 0
	peak := 0.0
	for _, b := range bins {
		peak = math.Max(peak, b.Weight)
	}
	for _, y := range d.Y {
		peak = math.Max(peak, y)
	}
	p.Y.Max = peak * 1.05
	return newFigure(c, [][]*plot.Plot{{p}}, "", w, h), nil
}

// autoBins returns NumPy's "auto" number of bins for sorted, non-constant s.
func autoBins(s []float64) int {
	n := float64(len(s))
	rng := s[len(s)-1] - s[0]
	width := rng / (math.Log2(n) + 1) // Sturges
	if iqr := sortedQuantile(s, 0.75) - sortedQuantile(s, 0.25); iqr > 0 {
		width = math.Min(width, 2*iqr*math.Cbrt(1/n)) // Freedman and Diaconis
	}
	return max(1, min(maxAutoBins, int(math.Ceil(rng/width))))
}

// histogram returns nb equal bins over [min, max] of sorted s with weights normalised so
// that the histogram's area is 1.
func histogram(s []float64, nb int) ([]plotter.HistogramBin, float64) {
	lo, hi := s[0], s[len(s)-1]
	width := (hi - lo) / float64(nb)
	bins := make([]plotter.HistogramBin, nb)
	for i := range bins {
		bins[i].Min = lo + float64(i)*width
		bins[i].Max = lo + float64(i+1)*width
	}
	bins[nb-1].Max = hi
	for _, v := range s {
		i := min(int((v-lo)/width), nb-1)
		bins[i].Weight++
	}
	scale := 1 / (float64(len(s)) * width)
	for i := range bins {
		bins[i].Weight *= scale
	}
	return bins, width
}
