package distributions

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
	G "gorgonia.org/gorgonia"
)

func buildPoisson(p []*G.Node) (Distribution, error) { return NewPoisson(p[0]) }

func TestPoissonLogP(t *testing.T) {
	t.Parallel()
	xs := []float64{-1, 0, 0.5, 1, 2, 3, 5, 10, 50}
	// PyMC's Poisson.logp: x log mu - mu - log x! on {0, 1, ...}, 0 at mu = x = 0, -Inf
	// elsewhere; distuv.Poisson for mu > 0.
	want := func(x float64, p []float64) float64 {
		if x < 0 || x != math.Trunc(x) {
			return math.Inf(-1)
		}
		lf, _ := math.Lgamma(x + 1)
		v := -p[0] - lf
		if x > 0 {
			v += x * math.Log(p[0])
		}
		return v
	}
	ref := func(x float64, p []float64) float64 {
		if p[0] == 0 || x < 0 || x != math.Trunc(x) {
			return want(x, p)
		}
		return distuv.Poisson{Lambda: p[0]}.LogProb(x)
	}
	uvCheckPoints(t, buildPoisson, uvPointsGrid(xs, []float64{0}, []float64{0.5}, []float64{3.5}, []float64{40}), want, ref)
}

func TestPoissonGradFD(t *testing.T) {
	t.Parallel()
	uvFDSuite(t, uvFDFamily{"Poisson", buildPoisson, []float64{3, 1, 4, 0, 2, 5},
		[]float64{2.5}, [][]float64{{0.5, 1.5, 4}}})
}

func TestPoissonRandAndSupportPoint(t *testing.T) {
	t.Parallel()
	d, err := NewPoisson(uvSc(1).node(G.NewGraph(), "mu"))
	if err != nil {
		t.Fatal(err)
	}
	// Poisson(3.5): mean and variance 3.5, excess kurtosis 1/3.5.
	uvMoments(t, d, []float64{3.5}, 3.5, 3.5, 1/3.5)
	uvSupportPoint(t, d, []float64{3.5}, 3)
}
