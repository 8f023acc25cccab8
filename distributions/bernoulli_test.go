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

// A probability per observation (the parameter as long as the value: a classifier's
// likelihood) takes deriveAt's path, which computes only the logarithm each observation
// reads. Element-wise log densities equal the closed form at 0, 1 and invalid values, in
// the p and logit_p forms, repeated with the observations changed (a new minibatch over
// the same probabilities); the gradients match finite differences.
func TestBernoulliProbabilityPerObservation(t *testing.T) {
	t.Parallel()
	p := []float64{0.2, 0.7, 0.9, 0.35, 0.5, 0.01, 0.99, 0.6}
	logit := []float64{-1.4, 0.8, 2.2, -0.6, 0, -4.6, 4.6, 0.4}
	for _, x := range [][]float64{
		{0, 1, 1, 0, 0.5, 1, 0, -1},
		{1, 0, 0, 1, 1, 0, 1, 2},
		{1, 1, 1, 1, 1, 1, 1, 1},
	} {
		for _, c := range []struct {
			name   string
			build  uvBuilder
			params []float64
			prob   func(float64) float64
		}{
			{"p", buildBernoulli, p, func(v float64) float64 { return v }},
			{"logit_p", buildBernoulliLogit, logit, func(v float64) float64 { return 1 / (1 + math.Exp(-v)) }},
		} {
			sum, elem := uvDirect(t, c.build, uvVec(x...), []uvArr{uvVec(c.params...)})
			want := 0.0
			for i, v := range x {
				w := math.Inf(-1)
				switch v {
				case 1:
					w = math.Log(c.prob(c.params[i]))
				case 0:
					w = math.Log1p(-c.prob(c.params[i]))
				}
				if !closeTo(elem[i], w, closedTol) {
					t.Errorf("%s, x %v: element %d is %v, want %v", c.name, x, i, elem[i], w)
				}
				want += w
			}
			if !closeTo(sum, want, closedTol) {
				t.Errorf("%s, x %v: sum %v, want %v", c.name, x, sum, want)
			}
		}
	}
	valid := uvVec(0, 1, 1, 0, 1, 0, 0, 1)
	for _, observed := range []bool{false, true} {
		uvCheckFD(t, buildBernoulli, valid, []uvArr{uvVec(p...)}, observed, false)
		uvCheckFD(t, buildBernoulliLogit, valid, []uvArr{uvVec(logit...)}, observed, false)
	}
}
