package trace

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// statsTol bounds rounding differences in the hand-computed statistics.
const statsTol = 1e-12

// approx reports whether a and b agree within tol, relative for |b| > 1; two NaNs agree.
func approx(a, b, tol float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= tol*math.Max(1, math.Abs(b))
}

func approxSlices(a, b []float64, tol float64) bool {
	return slices.EqualFunc(a, b, func(x, y float64) bool { return approx(x, y, tol) })
}

// TestElementStatistics checks the per-element statistics of a 2-element variable over
// two chains. Expected values by hand: element 0 pools [1 2 4 3 5], element 1 ten times
// that; numpy.mean/var/std/quantile give the same.
func TestElementStatistics(t *testing.T) {
	t.Parallel()
	tr, err := New([]Var{{Name: "b", Shape: []int{2}}}, 2)
	if err != nil {
		t.Fatal(err)
	}
	for c, draws := range [][][]float64{{{1, 10}, {2, 20}, {4, 40}}, {{3, 30}, {5, 50}}} {
		for _, d := range draws {
			mustAppend(t, tr, c, d)
		}
	}
	tests := []struct {
		name string
		got  []float64
		want []float64
	}{
		{"Mean", tr.Mean("b"), []float64{3, 30}},
		// Σ(x-3)² = 4+1+1+0+4 = 10, divided by n = 5.
		{"Var", tr.Var("b"), []float64{2, 200}},
		{"Std", tr.Std("b"), []float64{math.Sqrt(2), math.Sqrt(200)}},
		// h = 0.3·4 = 1.2 between 2 and 3: 2.2.
		{"Quantile 0.3", values(tr.Quantile("b", 0.3)), []float64{2.2, 22}},
		{"Quantile 0", values(tr.Quantile("b", 0)), []float64{1, 10}},
		{"Quantile 1", values(tr.Quantile("b", 1)), []float64{5, 50}},
	}
	for _, tt := range tests {
		if !approxSlices(tt.got, tt.want, statsTol) {
			t.Errorf("%s = %v, want %v", tt.name, tt.got, tt.want)
		}
	}
	// prob 0.6 of 5 draws: k = 3, windows [1,4] and [2,5] both of width 3: the first.
	lo, hi, err := tr.HDI("b", 0.6)
	if err != nil || !slices.Equal(lo, []float64{1, 10}) || !slices.Equal(hi, []float64{4, 40}) {
		t.Errorf("HDI(b, 0.6) = %v, %v, %v, want [1 10], [4 40]", lo, hi, err)
	}
	if tr.Mean("x") != nil || tr.Var("x") != nil || tr.Std("x") != nil {
		t.Error("unknown variable: want nil")
	}
	// Issue 17: bad arguments are errors naming them, not nil or NaN.
	if _, err := tr.Quantile("x", 0.5); err == nil || err.Error() != `trace: Quantile: the trace has no variable "x"` {
		t.Errorf("Quantile of an unknown variable: %v", err)
	}
	if _, _, err := tr.HDI("x", 0.5); err == nil || err.Error() != `trace: HDI: the trace has no variable "x"` {
		t.Errorf("HDI of an unknown variable: %v", err)
	}
	if _, err := tr.Quantile("b", 1.5); err == nil || err.Error() != `trace: Quantile of "b": q must lie in [0, 1], got 1.5` {
		t.Errorf("Quantile with q > 1: %v", err)
	}
	if _, _, err := tr.HDI("b", 0); err == nil || err.Error() != `trace: HDI of "b": prob must lie in (0, 1], got 0` {
		t.Errorf("HDI with prob 0: %v", err)
	}
	// The draws themselves are untouched by the sorting inside Quantile and HDI.
	if got := tr.ChainValues("b", 0); !slices.Equal(got, []float64{1, 10, 2, 20, 4, 40}) {
		t.Errorf("draws changed: %v", got)
	}
}

func TestQuantileOf(t *testing.T) {
	t.Parallel()
	nan := math.NaN()
	tests := []struct {
		x    []float64
		q    float64
		want float64
	}{
		// numpy.quantile values (linear method), worked by hand: h = q(n-1).
		{[]float64{3, 1, 2}, 0.5, 2},
		{[]float64{1, 2, 3, 4}, 0.5, 2.5},
		{[]float64{1, 2, 3, 4}, 0.75, 3.25},
		{[]float64{1, 2, 3, 4}, 0.1, 1.3},
		{[]float64{4, 3, 2, 1}, 0, 1},
		{[]float64{4, 3, 2, 1}, 1, 4},
		{[]float64{7}, 0.3, 7},
		{[]float64{-1, math.Inf(1)}, 0, -1},
		// Errors (issue 17), with the value NaN.
		{nil, 0.5, nan},
		{[]float64{1, 2}, -0.1, nan},
		{[]float64{1, 2}, nan, nan},
		{[]float64{1, nan}, 0.5, nan},
	}
	for _, tt := range tests {
		x := slices.Clone(tt.x)
		got, err := QuantileOf(x, tt.q)
		if !approx(got, tt.want, statsTol) || (err != nil) != math.IsNaN(tt.want) {
			t.Errorf("QuantileOf(%v, %v) = %v, %v, want %v", tt.x, tt.q, got, err, tt.want)
		}
		if !slices.EqualFunc(x, tt.x, func(a, b float64) bool { return a == b || (a != a && b != b) }) {
			t.Errorf("QuantileOf modified its input: %v", x)
		}
	}
}

func TestHDIOf(t *testing.T) {
	t.Parallel()
	nan := math.NaN()
	tests := []struct {
		x      []float64
		prob   float64
		lo, hi float64
	}{
		// k = ⌊prob·n⌋; the narrowest window [s[i], s[i+k]], the first on ties.
		{[]float64{1, 2, 3, 4, 5, 100}, 0.5, 1, 4},      // widths 3, 3, 97
		{[]float64{30, 0, 10, 11, 12, 13}, 0.5, 10, 13}, // widths 12, 3, 19
		{[]float64{5, 1, 3}, 1, 1, 5},                   // prob 1: the whole range
		{[]float64{5}, 0.94, 5, 5},                      // k = 0
		{[]float64{2, 2, 2, 2}, 0.5, 2, 2},
		// Errors (issue 17), with the values NaN.
		{nil, 0.94, nan, nan},
		{[]float64{1, 2}, 0, nan, nan},
		{[]float64{1, 2}, 1.01, nan, nan},
		{[]float64{1, nan, 3}, 0.5, nan, nan},
	}
	for _, tt := range tests {
		x := slices.Clone(tt.x)
		lo, hi, err := HDIOf(x, tt.prob)
		if !approx(lo, tt.lo, 0) || !approx(hi, tt.hi, 0) || (err != nil) != math.IsNaN(tt.lo) {
			t.Errorf("HDIOf(%v, %v) = %v, %v, %v, want %v, %v", tt.x, tt.prob, lo, hi, err, tt.lo, tt.hi)
		}
		if !slices.EqualFunc(x, tt.x, func(a, b float64) bool { return a == b || (a != a && b != b) }) {
			t.Errorf("HDIOf modified its input: %v", x)
		}
	}
}

// TestHDINormal checks the 94% HDI of 100,000 normal draws against the exact interval
// μ ± Φ⁻¹(0.97)σ, Φ⁻¹(0.97) = 1.880794 (scipy.stats.norm.ppf(0.97)). The half-width is
// estimated to O(n^-1/2) and must be within 0.02 sd. The interval's location is much
// noisier, since the width is flat near its minimum: over 40 seeds the endpoints erred by up
// to 0.06 sd at this n, so each endpoint gets 0.08 sd.
func TestHDINormal(t *testing.T) {
	t.Parallel()
	const (
		n           = 100_000
		mu, sd      = 3, 2.5
		z97         = 1.8807936081512509
		tolHalf     = 0.02 // sd
		tolEndpoint = 0.08 // sd
	)
	rng := rand.New(rand.NewPCG(1, 2))
	x := make([]float64, n)
	for i := range x {
		x[i] = mu + sd*rng.NormFloat64()
	}
	lo, hi, err := HDIOf(x, 0.94)
	if err != nil {
		t.Fatal(err)
	}
	if half := (hi - lo) / 2 / sd; math.Abs(half-z97) > tolHalf {
		t.Errorf("HDIOf(normal, 0.94) half-width = %v sd, want %v within %v", half, z97, tolHalf)
	}
	if math.Abs((lo-mu)/sd+z97) > tolEndpoint || math.Abs((hi-mu)/sd-z97) > tolEndpoint {
		t.Errorf("HDIOf(normal, 0.94) = [%v, %v], want %v ∓ %v·%v within %v sd", lo, hi, mu, z97, sd, tolEndpoint)
	}
}

// values is a per-element statistic's values; its error fails the test by panicking.
func values(v []float64, err error) []float64 {
	if err != nil {
		panic(err)
	}
	return v
}
