package distributions

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
	G "gorgonia.org/gorgonia"
)

func buildBernoulli(p []*G.Node) (Distribution, error)      { return NewBernoulli(p[0]) }
func buildBernoulliLogit(p []*G.Node) (Distribution, error) { return NewBernoulliLogit(p[0]) }

func TestBernoulliLogP(t *testing.T) {
	t.Parallel()
	xs := []float64{0, 1, 0.5, -1, 2, 1e-9}
	// PyMC: log p at 1, log(1-p) at 0, -Inf elsewhere (non-integers too); distuv.Bernoulli
	// at 0 and 1.
	want := func(x float64, p []float64) float64 {
		switch x {
		case 1:
			return math.Log(p[0])
		case 0:
			return math.Log1p(-p[0])
		}
		return math.Inf(-1)
	}
	ref := func(x float64, p []float64) float64 {
		if x != 0 && x != 1 {
			return want(x, p)
		}
		return distuv.Bernoulli{P: p[0]}.LogProb(x)
	}
	uvCheckPoints(t, buildBernoulli, uvPointsGrid(xs, []float64{0}, []float64{0.1}, []float64{0.3}, []float64{0.5}, []float64{0.9}, []float64{1}), want, ref)
	// logit_p form: p = 1/(1+exp(-l)).
	wantLogit := func(x float64, p []float64) float64 {
		switch x {
		case 1:
			return -math.Log1p(math.Exp(-p[0]))
		case 0:
			return -math.Log1p(math.Exp(p[0]))
		}
		return math.Inf(-1)
	}
	uvCheckPoints(t, buildBernoulliLogit, uvPointsGrid(xs, []float64{-30}, []float64{-2}, []float64{0}, []float64{0.7}, []float64{5}), wantLogit, nil)
}

func TestBernoulliGradFD(t *testing.T) {
	t.Parallel()
	x := []float64{0, 1, 1, 0, 1, 0}
	uvFDSuite(t, uvFDFamily{"p", buildBernoulli, x, []float64{0.3}, [][]float64{{0.2, 0.5, 0.9}}})
	uvFDSuite(t, uvFDFamily{"logit_p", buildBernoulliLogit, x, []float64{-0.4}, [][]float64{{-1, 0.5, 2}}})
}

func TestBernoulliRandAndSupportPoint(t *testing.T) {
	t.Parallel()
	p := uvSc(0.5).node(G.NewGraph(), "p")
	d, err := NewBernoulli(p)
	if err != nil {
		t.Fatal(err)
	}
	// Bernoulli(0.3): mean 0.3, variance 0.21, excess kurtosis (1 - 6pq)/(pq).
	uvMoments(t, d, []float64{0.3}, 0.3, 0.21, (1-6*0.21)/0.21)
	uvSupportPoint(t, d, []float64{0.3}, 0)
	uvSupportPoint(t, d, []float64{0.5}, 1)
	dl, err := NewBernoulliLogit(p)
	if err != nil {
		t.Fatal(err)
	}
	l := math.Log(0.3 / 0.7)
	uvMoments(t, dl, []float64{l}, 0.3, 0.21, (1-6*0.21)/0.21)
	uvSupportPoint(t, dl, []float64{l}, 0)
	uvSupportPoint(t, dl, []float64{0.1}, 1)
	if !d.Discrete() || d.Support().Kind != Integers || d.DefaultTransform() != nil {
		t.Error("Bernoulli: want discrete, integer support, no transform")
	}
}
