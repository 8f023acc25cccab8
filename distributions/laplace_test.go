package distributions

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
	G "gorgonia.org/gorgonia"
)

func buildLaplace(p []*G.Node) (Distribution, error) { return NewLaplace(p[0], p[1]) }

func TestLaplaceLogP(t *testing.T) {
	t.Parallel()
	xs := []float64{-1e3, -7.5, -3, -1, -0.5, -1e-9, 0, 1e-9, 0.25, 0.5, 1, 1.5, 2, 3, 4.75, 10, 33, 1e3, -2.2, 0.1}
	// Closed form -log(2b) - |x-mu|/b; distuv.Laplace.
	want := func(x float64, p []float64) float64 { return -math.Log(2*p[1]) - math.Abs(x-p[0])/p[1] }
	ref := func(x float64, p []float64) float64 { return distuv.Laplace{Mu: p[0], Scale: p[1]}.LogProb(x) }
	uvCheckPoints(t, buildLaplace, uvPointsGrid(xs, []float64{0, 1}, []float64{1.5, 0.3}, []float64{-2, 7}), want, ref)
}

func TestLaplaceGradFD(t *testing.T) {
	t.Parallel()
	// Values stay away from mu, where the density has a kink.
	uvFDSuite(t, uvFDFamily{"Laplace", buildLaplace, []float64{0.3, -1.2, 2.5, 0.15, 0.9, -0.4},
		[]float64{0.35, 1.7}, [][]float64{{0.1, -0.2, 0.35}, {0.5, 1.1, 2}}})
}

func TestLaplaceRandAndSupportPoint(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	d, err := NewLaplace(uvSc(0).node(g, "mu"), uvSc(1).node(g, "b"))
	if err != nil {
		t.Fatal(err)
	}
	// Laplace(1, 2): mean 1, variance 2 b^2, excess kurtosis 3.
	uvMoments(t, d, []float64{1, 2}, 1, 8, 3)
	uvSupportPoint(t, d, []float64{1, 2}, 1)
}
