package distributions

import (
	"math"
	"math/rand/v2"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

func buildCauchy(p []*G.Node) (Distribution, error) { return NewCauchy(p[0], p[1]) }

func TestCauchyLogP(t *testing.T) {
	t.Parallel()
	xs := []float64{-1e3, -7.5, -3, -1, -0.5, -1e-9, 0, 1e-9, 0.25, 0.5, 1, 1.5, 2, 3, 4.75, 10, 33, 1e3, -2.2, 0.1}
	// PyMC's Cauchy.logp: -log pi - log beta - log1p(((x-alpha)/beta)^2) (distuv has none).
	want := func(x float64, p []float64) float64 {
		z := (x - p[0]) / p[1]
		return -math.Log(math.Pi) - math.Log(p[1]) - math.Log1p(z*z)
	}
	uvCheckPoints(t, buildCauchy, uvPointsGrid(xs, []float64{0, 1}, []float64{1.5, 0.3}, []float64{-2, 7}), want, nil)
}

func TestCauchyGradFD(t *testing.T) {
	t.Parallel()
	uvFDSuite(t, uvFDFamily{"Cauchy", buildCauchy, []float64{0.3, -1.2, 2.5, 0.1, 0.9, -0.4},
		[]float64{0.3, 1.7}, [][]float64{{0.1, -0.2, 0.3}, {0.5, 1.1, 2}}})
}

// uvFraction returns the fraction of 20000 seeded draws of d (scalar parameters) for which
// in holds.
func uvFraction(t *testing.T, d Distribution, params []float64, in func(float64) bool) float64 {
	t.Helper()
	ps := make([]*tensor.Dense, len(params))
	for i, v := range params {
		ps[i] = tensor.New(tensor.FromScalar(v))
	}
	x, err := d.Rand(rand.New(rand.NewPCG(3, 5)), ps, tensor.Shape{20000})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, v := range x.Float64s() {
		if in(v) {
			n++
		}
	}
	return float64(n) / 20000
}

func TestCauchyRandAndSupportPoint(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	d, err := NewCauchy(uvSc(0).node(g, "a"), uvSc(1).node(g, "b"))
	if err != nil {
		t.Fatal(err)
	}
	// No moments: the quartiles of Cauchy(1, 2) are 1 -+ 2, so half the draws fall
	// between them (standard error sqrt(0.25/20000)).
	f := uvFraction(t, d, []float64{1, 2}, func(v float64) bool { return v > -1 && v < 3 })
	if se := math.Sqrt(0.25 / 20000); math.Abs(f-0.5) > 4*se {
		t.Errorf("fraction of draws within the quartiles %v, want 0.5 ± %v", f, 4*se)
	}
	uvSupportPoint(t, d, []float64{1, 2}, 1)
}
