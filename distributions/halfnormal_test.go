package distributions

import (
	"math"
	"testing"

	G "gorgonia.org/gorgonia"
)

func buildHalfNormal(p []*G.Node) (Distribution, error)    { return NewHalfNormal(p[0]) }
func buildHalfNormalTau(p []*G.Node) (Distribution, error) { return NewHalfNormalTau(p[0]) }

func TestHalfNormalLogP(t *testing.T) {
	t.Parallel()
	xs := []float64{-10, -1, -1e-9, 0, 1e-9, 0.01, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4.5, 7, 10, 33, 100, 1e3}
	// Closed form log sqrt(2/pi) - log sigma - x^2/(2 sigma^2) for x >= 0, -Inf below
	// (PyMC's HalfNormal.logp; distuv has no half-normal).
	want := func(x float64, p []float64) float64 {
		if x < 0 {
			return math.Inf(-1)
		}
		return 0.5*math.Log(2/math.Pi) - math.Log(p[0]) - x*x/(2*p[0]*p[0])
	}
	uvCheckPoints(t, buildHalfNormal, uvPointsGrid(xs, []float64{1}, []float64{0.3}, []float64{7}), want, nil)
	// tau = 1/sigma^2 for sigma = 1, 0.5, 4.
	wantTau := func(x float64, p []float64) float64 { return want(x, []float64{1 / math.Sqrt(p[0])}) }
	uvCheckPoints(t, buildHalfNormalTau, uvPointsGrid(xs, []float64{1}, []float64{4}, []float64{1.0 / 16}), wantTau, nil)
}

func TestHalfNormalGradFD(t *testing.T) {
	t.Parallel()
	x := []float64{0.3, 1.2, 2.5, 0.1, 0.9, 0.4}
	uvFDSuite(t, uvFDFamily{"sigma", buildHalfNormal, x, []float64{1.7}, [][]float64{{0.5, 1.1, 2}}})
	uvFDSuite(t, uvFDFamily{"tau", buildHalfNormalTau, x, []float64{1.7}, [][]float64{{0.5, 1.1, 2}}})
}

func TestHalfNormalRandAndSupportPoint(t *testing.T) {
	t.Parallel()
	s := uvSc(1).node(G.NewGraph(), "s")
	d, err := NewHalfNormal(s)
	if err != nil {
		t.Fatal(err)
	}
	// HalfNormal(2): mean 2 sqrt(2/pi), variance 4 (1 - 2/pi), excess kurtosis
	// 8 (pi-3)/(pi-2)^2.
	uvMoments(t, d, []float64{2}, 2*math.Sqrt(2/math.Pi), 4*(1-2/math.Pi), 8*(math.Pi-3)/math.Pow(math.Pi-2, 2))
	uvSupportPoint(t, d, []float64{2}, 2)
	dt, err := NewHalfNormalTau(s)
	if err != nil {
		t.Fatal(err)
	}
	uvSupportPoint(t, dt, []float64{4}, 0.5)
	if d.Support().Kind != Positive || d.DefaultTransform() == nil || d.DefaultTransform().Name() != "log" {
		t.Error("HalfNormal: want positive support and the log transform")
	}
}
