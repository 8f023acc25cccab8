package distributions

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
	G "gorgonia.org/gorgonia"
)

func buildBinomial(p []*G.Node) (Distribution, error) { return NewBinomial(p[0], p[1]) }

func TestBinomialLogP(t *testing.T) {
	t.Parallel()
	xs := []float64{-1, 0, 1, 2.5, 3, 5, 9, 10, 11}
	// PyMC's Binomial.logp: log C(n, x) + x log p + (n-x) log(1-p) on {0..n} (logpow: a zero
	// count contributes 0), -Inf elsewhere; distuv.Binomial for n > 0, 0 < p < 1.
	want := func(x float64, p []float64) float64 {
		n, q := p[0], p[1]
		if x < 0 || x > n || x != math.Trunc(x) {
			return math.Inf(-1)
		}
		a, _ := math.Lgamma(n + 1)
		b, _ := math.Lgamma(x + 1)
		c, _ := math.Lgamma(n - x + 1)
		v := a - b - c
		if x > 0 {
			v += x * math.Log(q)
		}
		if n-x > 0 {
			v += (n - x) * math.Log1p(-q)
		}
		return v
	}
	ref := func(x float64, p []float64) float64 {
		if p[0] == 0 || p[1] == 0 || p[1] == 1 || x < 0 || x > p[0] || x != math.Trunc(x) {
			return want(x, p)
		}
		return distuv.Binomial{N: p[0], P: p[1]}.LogProb(x)
	}
	uvCheckPoints(t, buildBinomial, uvPointsGrid(xs, []float64{10, 0.3}, []float64{10, 0}, []float64{10, 1}, []float64{0, 0.4}, []float64{5, 0.5}), want, ref)
}

func TestBinomialGradFD(t *testing.T) {
	t.Parallel()
	uvFDSuite(t, uvFDFamily{"Binomial", buildBinomial, []float64{3, 1, 4, 0, 2, 5},
		[]float64{6, 0.3}, [][]float64{{5, 6, 8}, {0.2, 0.5, 0.9}}})
}

func TestBinomialRandAndSupportPoint(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	d, err := NewBinomial(uvSc(1).node(g, "n"), uvSc(0.5).node(g, "p"))
	if err != nil {
		t.Fatal(err)
	}
	// Binomial(10, 0.3): mean 3, variance 2.1, excess kurtosis (1 - 6pq)/(npq).
	uvMoments(t, d, []float64{10, 0.3}, 3, 2.1, (1-6*0.21)/2.1)
	uvSupportPoint(t, d, []float64{10, 0.3}, 3)
	uvSupportPoint(t, d, []float64{5, 0.5}, 2) // round(2.5) is 2: half to even, as NumPy
	if !d.Discrete() {
		t.Error("Binomial: want discrete")
	}
}
