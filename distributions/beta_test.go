package distributions

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
	G "gorgonia.org/gorgonia"
)

func buildBeta(p []*G.Node) (Distribution, error) { return NewBeta(p[0], p[1]) }

func TestBetaLogP(t *testing.T) {
	t.Parallel()
	xs := []float64{-0.1, -1e-12, 0, 1e-12, 1e-4, 0.01, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.99, 1 - 1e-9, 1, 1 + 1e-12, 1.5}
	// PyMC's Beta.logp: (alpha-1) log x + (beta-1) log1p(-x) - log B(alpha, beta) on [0, 1],
	// a term with coefficient 0 counting as 0; -Inf outside.
	want := func(x float64, p []float64) float64 {
		if x < 0 || x > 1 {
			return math.Inf(-1)
		}
		la, _ := math.Lgamma(p[0])
		lb, _ := math.Lgamma(p[1])
		lab, _ := math.Lgamma(p[0] + p[1])
		v := lab - la - lb
		if p[0] != 1 {
			v += (p[0] - 1) * math.Log(x)
		}
		if p[1] != 1 {
			v += (p[1] - 1) * math.Log1p(-x)
		}
		return v
	}
	ref := func(x float64, p []float64) float64 {
		if x <= 0 || x >= 1 { // distuv only covers the open interval
			return want(x, p)
		}
		return distuv.Beta{Alpha: p[0], Beta: p[1]}.LogProb(x)
	}
	uvCheckPoints(t, buildBeta, uvPointsGrid(xs, []float64{2, 5}, []float64{0.5, 0.5}, []float64{1, 3}, []float64{3, 1}), want, ref)
}

func TestBetaGradFD(t *testing.T) {
	t.Parallel()
	uvFDSuite(t, uvFDFamily{"Beta", buildBeta, []float64{0.3, 0.2, 0.5, 0.1, 0.9, 0.4},
		[]float64{2.5, 1.5}, [][]float64{{0.7, 1.5, 3}, {0.5, 1.1, 2}}})
}

func TestBetaRandAndSupportPoint(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	d, err := NewBeta(uvSc(1).node(g, "a"), uvSc(1).node(g, "b"))
	if err != nil {
		t.Fatal(err)
	}
	// Beta(2, 5): mean 2/7, variance 10/(49*8), excess kurtosis
	// 6((a-b)^2(a+b+1) - ab(a+b+2)) / (ab(a+b+2)(a+b+3)) = -0.12.
	uvMoments(t, d, []float64{2, 5}, 2.0/7, 10.0/(49*8), -0.12)
	uvSupportPoint(t, d, []float64{2, 5}, 2.0/7)
	if d.Support().Kind != UnitInterval || d.DefaultTransform().Name() != "logodds" {
		t.Error("Beta: want unit-interval support, logodds transform")
	}
}
