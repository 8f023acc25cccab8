package distributions

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
	G "gorgonia.org/gorgonia"
)

func buildExponential(p []*G.Node) (Distribution, error) { return NewExponential(p[0]) }

func TestExponentialLogP(t *testing.T) {
	t.Parallel()
	xs := []float64{-10, -1, -1e-9, 0, 1e-9, 0.01, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4.5, 7, 10, 33, 100, 1e3}
	// Closed form log lam - lam x for x >= 0, -Inf below; distuv.Exponential.
	want := func(x float64, p []float64) float64 {
		if x < 0 {
			return math.Inf(-1)
		}
		return math.Log(p[0]) - p[0]*x
	}
	ref := func(x float64, p []float64) float64 { return distuv.Exponential{Rate: p[0]}.LogProb(x) }
	uvCheckPoints(t, buildExponential, uvPointsGrid(xs, []float64{1}, []float64{0.5}, []float64{2.5}), want, ref)
}

func TestExponentialGradFD(t *testing.T) {
	t.Parallel()
	uvFDSuite(t, uvFDFamily{"Exponential", buildExponential, []float64{0.3, 1.2, 2.5, 0.1, 0.9, 0.4},
		[]float64{1.7}, [][]float64{{0.5, 1.1, 2}}})
}

func TestExponentialRandAndSupportPoint(t *testing.T) {
	t.Parallel()
	d, err := NewExponential(uvSc(1).node(G.NewGraph(), "lam"))
	if err != nil {
		t.Fatal(err)
	}
	// Exponential(2): mean 1/2, variance 1/4, excess kurtosis 6.
	uvMoments(t, d, []float64{2}, 0.5, 0.25, 6)
	uvSupportPoint(t, d, []float64{2}, 0.5)
	if d.Support().Kind != Positive || d.DefaultTransform().Name() != "log" {
		t.Error("Exponential: want positive support, log transform")
	}
}
