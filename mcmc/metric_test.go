package mcmc

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestDiagMetricWindows feeds known draws and checks the variance in use against PyMC's
// QuadPotentialDiagAdapt rules (see metric.go): ones up to draw 101, then the biased
// variance of the draws since the last-but-one window switch, after discarding draws 0…50.
func TestDiagMetricWindows(t *testing.T) {
	t.Parallel()
	const tol = 1e-12
	r := rand.New(rand.NewPCG(1, 2))
	xs := make([][]float64, 400)
	for i := range xs {
		xs[i] = []float64{r.NormFloat64() * 3, 1 + r.ExpFloat64()}
	}
	m := newDiagMetric([]float64{0.5, -0.5})
	tests := []struct {
		after    int // draws fed so far
		from, to int // window whose variance is in use (to exclusive); from < 0: ones
	}{
		{1, -1, 0},
		{101, -1, 0},
		{102, -1, 0},   // draw 101 switches windows; still ones
		{103, 51, 103}, // draw 102: first adapted variance, from draws 51…102
		{150, 51, 150},
		{202, 51, 202}, // draw 201 is added before the switch at 202
		{203, 51, 203}, // draw 202: added to the old foreground, then the switch
		{204, 102, 204},
		{303, 102, 303},
		{305, 203, 305},
		{400, 203, 400},
	}
	fed := 0
	for _, tc := range tests {
		for ; fed < tc.after; fed++ {
			m.update(xs[fed], true)
		}
		for i := range 2 {
			want := 1.0
			if tc.from >= 0 {
				col := make([]float64, 0, tc.to-tc.from)
				for _, x := range xs[tc.from:tc.to] {
					col = append(col, x[i])
				}
				_, want = meanVar(col)
			}
			if got := m.variance[i]; math.Abs(got-want) > tol*want {
				t.Errorf("after %d draws: variance[%d] = %.15g, want %.15g", tc.after, i, got, want)
			}
			if got := m.invStd[i]; math.Abs(got-1/math.Sqrt(want)) > tol {
				t.Errorf("after %d draws: invStd[%d] = %g, want %g", tc.after, i, got, 1/math.Sqrt(want))
			}
		}
	}
	// No adaptation after tuning.
	before := m.variance[0]
	m.update([]float64{100, 100}, false)
	if m.variance[0] != before {
		t.Error("variance changed outside tuning")
	}
}

// TestDiagMetricClip: a constant coordinate gives variance 1e-12, PyMC's lower clip.
func TestDiagMetricClip(t *testing.T) {
	t.Parallel()
	m := newDiagMetric([]float64{0})
	for range 150 {
		m.update([]float64{2}, true)
	}
	if m.variance[0] != minVariance {
		t.Errorf("variance %g, want %g", m.variance[0], minVariance)
	}
}
