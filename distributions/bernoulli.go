package distributions

import (
	"math"
	"math/rand/v2"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Bernoulli is PyMC's Bernoulli with success probability p, or log-odds logit_p:
//
//	log p(x | p) = log p (x = 1), log(1-p) (x = 0),
//
// and -Inf for any other value (including non-integers). Values are float64 0 and 1.
// Support: integers; no transform; support point 0 if p < 0.5 else 1.
type Bernoulli struct {
	univariate
}

var _ Distribution = (*Bernoulli)(nil)

// NewBernoulli returns Bernoulli(p); p must lie in [0, 1].
func NewBernoulli(p *G.Node) (*Bernoulli, error) {
	return newFamily[Bernoulli]("Bernoulli", bernoulliKernel{}, p)
}

// NewBernoulliLogit returns Bernoulli(logit_p), p = 1/(1+exp(-logit_p)); logit_p must be
// finite.
func NewBernoulliLogit(logitP *G.Node) (*Bernoulli, error) {
	return newFamily[Bernoulli]("Bernoulli", bernoulliLogitKernel{}, logitP)
}

// Support is {0, 1}.
func (d *Bernoulli) Support() Support { return Support{Kind: Integers} }

// DefaultTransform is nil: discrete variables are not transformed.
func (d *Bernoulli) DefaultTransform() Transform { return nil }

// prob returns p from the parameter value.
func (d *Bernoulli) prob(v float64) float64 {
	if _, logit := d.k.(bernoulliLogitKernel); logit {
		return sigmoid(v)
	}
	return v
}

// SupportPoint is 0 where p < 0.5 and 1 elsewhere (as PyMC).
func (d *Bernoulli) SupportPoint(params []*tensor.Dense, shape tensor.Shape) (*tensor.Dense, error) {
	return d.eachElem(params, shape, func(v *[maxParams]float64) (float64, error) {
		if d.prob(v[0]) < 0.5 {
			return 0, nil
		}
		return 1, nil
	})
}

// Rand draws 1 with probability p, else 0.
func (d *Bernoulli) Rand(rng *rand.Rand, params []*tensor.Dense, shape tensor.Shape) (*tensor.Dense, error) {
	return d.eachElem(params, shape, func(v *[maxParams]float64) (float64, error) {
		if rng.Float64() < d.prob(v[0]) {
			return 1, nil
		}
		return 0, nil
	})
}

// bernoulliKernel is Bernoulli(p). Derived operands: log p, log(1-p).
// d/dp = 1/p at x = 1 and -1/(1-p) at x = 0 (0 where the log density is -Inf).
type bernoulliKernel struct{}

var bernoulliInfo = kernelInfo{
	id:          "Bernoulli",
	specs:       []paramSpec{{"p", domUnit, true}},
	discrete:    true,
	derivedFrom: fromFirst2,
}

func (bernoulliKernel) info() *kernelInfo { return &bernoulliInfo }
func (bernoulliKernel) derive(k int, src, dst []float64) {
	for e, p := range src {
		if k == 0 {
			dst[e] = math.Log(p)
		} else {
			dst[e] = math.Log1p(-p)
		}
	}
}

// deriveAt computes log p only where x = 1 and log(1-p) only where x = 0, the operands
// bernoulliLogp reads there: one logarithm per observation instead of two.
func (bernoulliKernel) deriveAt(k int, x, src, dst []float64) {
	for e, p := range src {
		switch {
		case k == 0 && x[e] == 1:
			dst[e] = math.Log(p)
		case k == 1 && x[e] == 0:
			dst[e] = math.Log1p(-p)
		default:
			dst[e] = math.NaN() // not read
		}
	}
}

func (bernoulliKernel) logp(a *rowArgs, out []float64) { bernoulliLogp(a, out) }

// bernoulliLogp is the log density of both parameterisations, whose derived operands 1
// and 2 are log P(x = 1) and log P(x = 0).
func bernoulliLogp(a *rowArgs, out []float64) {
	x := a.x
	l1, l0 := a.p[1][:len(x)], a.p[2][:len(x)]
	out = out[:len(x)]
	for j, v := range x {
		switch v {
		case 1:
			out[j] = l1[j]
		case 0:
			out[j] = l0[j]
		default:
			out[j] = math.Inf(-1)
		}
	}
}

func (bernoulliKernel) grad(a *rowArgs, _ []float64, dp *[maxParams][]float64) {
	x := a.x
	p := a.p[0][:len(x)]
	d := dp[0][:len(x)]
	for j, v := range x {
		switch {
		case v == 1 && p[j] > 0:
			d[j] += 1 / p[j]
		case v == 0 && p[j] < 1:
			d[j] -= 1 / (1 - p[j])
		}
	}
}

// bernoulliLogitKernel is Bernoulli(logit_p). Derived operands: log sigmoid(logit_p),
// log sigmoid(-logit_p), sigmoid(logit_p). d/dlogit_p = x - sigmoid(logit_p).
type bernoulliLogitKernel struct{}

var bernoulliLogitInfo = kernelInfo{
	id:          "BernoulliLogit",
	specs:       []paramSpec{{"logit_p", domReal, true}},
	discrete:    true,
	derivedFrom: fromFirst3,
}

func (bernoulliLogitKernel) info() *kernelInfo { return &bernoulliLogitInfo }
func (bernoulliLogitKernel) derive(k int, src, dst []float64) {
	for e, t := range src {
		switch k {
		case 0:
			dst[e] = -softplus(-t)
		case 1:
			dst[e] = -softplus(t)
		default:
			dst[e] = sigmoid(t)
		}
	}
}

// deriveAt computes log sigmoid(logit_p) only where x = 1 and log sigmoid(-logit_p) only
// where x = 0, as bernoulliKernel.deriveAt; sigmoid(logit_p), which grad reads, everywhere.
func (k bernoulliLogitKernel) deriveAt(q int, x, src, dst []float64) {
	if q == 2 {
		k.derive(q, src, dst)
		return
	}
	for e, t := range src {
		switch {
		case q == 0 && x[e] == 1:
			dst[e] = -softplus(-t)
		case q == 1 && x[e] == 0:
			dst[e] = -softplus(t)
		default:
			dst[e] = math.NaN() // not read
		}
	}
}

func (bernoulliLogitKernel) logp(a *rowArgs, out []float64) { bernoulliLogp(a, out) }

func (bernoulliLogitKernel) grad(a *rowArgs, _ []float64, dp *[maxParams][]float64) {
	x := a.x
	s := a.p[3][:len(x)]
	d := dp[0][:len(x)]
	for j, v := range x {
		if v == 0 || v == 1 {
			d[j] += v - s[j]
		}
	}
}
