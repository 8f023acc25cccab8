package distributions

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
	G "gorgonia.org/gorgonia"
)

func buildInverseGamma(p []*G.Node) (Distribution, error) { return NewInverseGamma(p[0], p[1]) }

func TestInverseGammaLogP(t *testing.T) {
	t.Parallel()
	xs := []float64{-10, -1e-9, 0, 1e-9, 0.01, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4.5, 7, 10, 33, 100, 1e3, 2.2}
	// Closed form alpha log beta - lgamma(alpha) - (alpha+1) log x - beta/x for x > 0, -Inf
	// for x <= 0; distuv.InverseGamma.
	want := func(x float64, p []float64) float64 {
		if x <= 0 {
			return math.Inf(-1)
		}
		lg, _ := math.Lgamma(p[0])
		return p[0]*math.Log(p[1]) - lg - (p[0]+1)*math.Log(x) - p[1]/x
	}
	ref := func(x float64, p []float64) float64 { return distuv.InverseGamma{Alpha: p[0], Beta: p[1]}.LogProb(x) }
	uvCheckPoints(t, buildInverseGamma, uvPointsGrid(xs, []float64{0.5, 2}, []float64{1, 0.7}, []float64{3.5, 1.5}), want, ref)
}

func TestInverseGammaGradFD(t *testing.T) {
	t.Parallel()
	uvFDSuite(t, uvFDFamily{"InverseGamma", buildInverseGamma, []float64{0.3, 1.2, 2.5, 0.1, 0.9, 0.4},
		[]float64{2.5, 1.5}, [][]float64{{0.7, 1.5, 3}, {0.5, 1.1, 2}}})
}

func TestInverseGammaRandAndSupportPoint(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	d, err := NewInverseGamma(uvSc(1).node(g, "a"), uvSc(1).node(g, "b"))
	if err != nil {
		t.Fatal(err)
	}
	// InverseGamma(10, 2): mean 2/9, variance 4/(81*8), excess kurtosis
	// (30*10-66)/((10-3)(10-4)).
	uvMoments(t, d, []float64{10, 2}, 2.0/9, 4.0/(81*8), 234.0/42)
	// PyMC: the mean beta/(alpha-1) for alpha > 1, else the mode beta/(alpha+1).
	uvSupportPoint(t, d, []float64{6, 2}, 0.4)
	uvSupportPoint(t, d, []float64{0.5, 3}, 2)
}
