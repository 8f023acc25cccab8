package plots

import (
	"io"
	"math"
	"math/rand/v2"
	"testing"
)

// The figure has one panel per variable, titled with its name; each element's density line
// peaks at 1/(sd·√(2π)) at its mean and spans mean ± 4 sd; each histogram has unit area
// and seaborn's number of bins.
func TestPlotMarginals(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(5, 6))
	draws := func(mu, sd float64, n int) []float64 {
		x := make([]float64, n)
		for i := range x {
			x[i] = mu + sd*r.NormFloat64()
		}
		return x
	}
	ms := []Marginal{
		{Name: "mu_alpha", Mean: []float64{1.5}, SD: []float64{0.05}, Draws: [][]float64{draws(1.49, 0.05, 1000)}},
		{Name: "alpha", Mean: []float64{0, 1, 2}, SD: []float64{0.2, 0.3, 0.1}, Draws: [][]float64{draws(0, 0.2, 500), draws(1, 0.3, 500), draws(2, 0.1, 500)}},
		{Name: "eps", Mean: []float64{-4.9}, SD: []float64{0.03}},
	}
	fig, err := PlotMarginals(ms)
	if err != nil {
		t.Fatal(err)
	}
	if w, h := fig.Size(); w != 12 || math.Abs(h-7.8) > 1e-12 || len(fig.Panels()) != 3 {
		t.Fatalf("size %v×%v, %d rows", w, h, len(fig.Panels()))
	}
	for k, row := range fig.Panels() {
		p := row[0]
		if p.Title.Text != ms[k].Name {
			t.Errorf("panel %d titled %q", k, p.Title.Text)
		}
		c, _ := newConfig("PlotMarginals", kFigure, nil)
		lines, hists, _, err := marginalPlotters(ms[k], k, c)
		if err != nil {
			t.Fatal(err)
		}
		if len(lines) != len(ms[k].Mean) || (ms[k].Draws != nil && len(hists) != len(ms[k].Mean)) || (ms[k].Draws == nil && len(hists) != 0) {
			t.Fatalf("panel %d: %d lines, %d histograms", k, len(lines), len(hists))
		}
		for e, l := range lines {
			mu, sd := ms[k].Mean[e], ms[k].SD[e]
			peak := 0.0
			for _, xy := range l.XYs {
				peak = math.Max(peak, xy.Y)
			}
			if want := 1 / (sd * math.Sqrt(2*math.Pi)); math.Abs(peak-want) > 0.001*want {
				t.Errorf("panel %d element %d peaks at %v, want %v", k, e, peak, want)
			}
			if a, b := l.XYs[0].X, l.XYs[len(l.XYs)-1].X; math.Abs(a-(mu-4*sd)) > 1e-12 || math.Abs(b-(mu+4*sd)) > 1e-12 {
				t.Errorf("panel %d element %d spans [%v, %v]", k, e, a, b)
			}
		}
		for e, h := range hists {
			area := 0.0
			for _, b := range h.Bins {
				area += b.Weight * (b.Max - b.Min)
			}
			if math.Abs(area-1) > 1e-9 {
				t.Errorf("panel %d histogram %d has area %v", k, e, area)
			}
		}
	}
	if err := fig.Render(io.Discard, "png"); err != nil {
		t.Fatal(err)
	}
}

// seaborn's _freedman_diaconis_bins on 0, 1, …, 99: IQR 49.5, h = 2·49.5/100^(1/3) =
// 21.33, ceil(99/21.33) = 5; a sample with zero IQR falls back to √n; a wide one stops at 50.
func TestFDBins(t *testing.T) {
	t.Parallel()
	s := make([]float64, 100)
	for i := range s {
		s[i] = float64(i)
	}
	if got := fdBins(s); got != 5 {
		t.Errorf("fdBins(0..99) = %d, want 5", got)
	}
	flat := make([]float64, 100)
	flat[99] = 1
	if got := fdBins(flat); got != 10 {
		t.Errorf("zero IQR: %d bins, want 10", got)
	}
	spiky := make([]float64, 10000)
	for i := range spiky {
		spiky[i] = float64(i % 7)
	}
	spiky[9999] = 1e6
	sortFloat(spiky)
	if got := fdBins(spiky); got != maxMarginalBins {
		t.Errorf("a far outlier: %d bins, want %d", got, maxMarginalBins)
	}
}

func sortFloat(x []float64) {
	for i := 1; i < len(x); i++ {
		for j := i; j > 0 && x[j] < x[j-1]; j-- {
			x[j], x[j-1] = x[j-1], x[j]
		}
	}
}

// Bad variables are errors naming the variable and element.
func TestPlotMarginalsErrors(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		ms   []Marginal
		want string
	}{
		{nil, "plots: PlotMarginals: no variables given"},
		{[]Marginal{{Mean: []float64{0}, SD: []float64{1}}}, "plots: PlotMarginals: variable 0 has no name"},
		{[]Marginal{{Name: "a", Mean: []float64{0, 1}, SD: []float64{1}}}, `plots: PlotMarginals: variable "a" has 2 means and 1 sds; want the same, non-zero number`},
		{[]Marginal{{Name: "a", Mean: []float64{0}, SD: []float64{0}}}, `plots: PlotMarginals: variable "a" element 0 has mean 0 and sd 0; want a finite mean and a positive, finite sd`},
		{[]Marginal{{Name: "a", Mean: []float64{0}, SD: []float64{1}, Draws: [][]float64{{1}, {2}}}}, `plots: PlotMarginals: variable "a" has draws of 2 elements, want 1 (one slice per element) or nil`},
		{[]Marginal{{Name: "a", Mean: []float64{0}, SD: []float64{1}, Draws: [][]float64{{2, 2, 2}}}}, `plots: PlotMarginals: variable "a" element 0 draws: need at least 2 values that are not all equal`},
		{[]Marginal{{Name: "a", Mean: []float64{0}, SD: []float64{1}, Draws: [][]float64{{1, math.NaN()}}}}, `plots: variable "a" element 0 draws has a non-finite value NaN at index 1; remove or fix non-finite values before plotting`},
	} {
		if _, err := PlotMarginals(c.ms); err == nil || err.Error() != c.want {
			t.Errorf("got %v, want %q", err, c.want)
		}
	}
	if _, err := PlotMarginals([]Marginal{{Name: "a", Mean: []float64{0}, SD: []float64{1}}}, Bins(4)); err == nil {
		t.Error("Bins accepted")
	}
}
