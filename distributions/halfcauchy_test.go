package distributions

import (
	"math"
	"testing"

	G "gorgonia.org/gorgonia"
)

func buildHalfCauchy(p []*G.Node) (Distribution, error) { return NewHalfCauchy(p[0]) }

func TestHalfCauchyLogP(t *testing.T) {
	t.Parallel()
	xs := []float64{-10, -1, -1e-9, 0, 1e-9, 0.01, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4.5, 7, 10, 33, 100, 1e3}
	// PyMC's HalfCauchy.logp: log 2 + Cauchy(0, beta).logp for x >= 0, -Inf below.
	want := func(x float64, p []float64) float64 {
		if x < 0 {
			return math.Inf(-1)
		}
		z := x / p[0]
		return math.Log(2) - math.Log(math.Pi) - math.Log(p[0]) - math.Log1p(z*z)
	}
	uvCheckPoints(t, buildHalfCauchy, uvPointsGrid(xs, []float64{1}, []float64{0.3}, []float64{7}), want, nil)
}

func TestHalfCauchyGradFD(t *testing.T) {
	t.Parallel()
	uvFDSuite(t, uvFDFamily{"HalfCauchy", buildHalfCauchy, []float64{0.3, 1.2, 2.5, 0.1, 0.9, 0.4},
		[]float64{1.7}, [][]float64{{0.5, 1.1, 2}}})
}

func TestHalfCauchyRandAndSupportPoint(t *testing.T) {
	t.Parallel()
	d, err := NewHalfCauchy(uvSc(1).node(G.NewGraph(), "b"))
	if err != nil {
		t.Fatal(err)
	}
	// The median of HalfCauchy(2) is 2.
	f := uvFraction(t, d, []float64{2}, func(v float64) bool { return v < 2 })
	if se := math.Sqrt(0.25 / 20000); math.Abs(f-0.5) > 4*se {
		t.Errorf("fraction of draws below the median %v, want 0.5 ± %v", f, 4*se)
	}
	uvSupportPoint(t, d, []float64{2}, 2)
	if d.DefaultTransform().Name() != "log" {
		t.Error("HalfCauchy: want the log transform")
	}
}
