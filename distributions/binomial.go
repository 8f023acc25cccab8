package distributions

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Binomial is PyMC's Binomial: successes in n trials of probability p:
//
//	log p(x | n, p) = log C(n, x) + x log p + (n-x) log(1-p),  x in {0, ..., n},
//
// a term with a zero count counting as 0 (so p = 0 or 1 is allowed), and -Inf for any
// other value (including non-integers). n is a non-negative integer stored as float64 and
// is not differentiable. Support: integers; no transform; support point round(n p)
// (half to even, as NumPy).
type Binomial struct {
	univariate
}

var _ Distribution = (*Binomial)(nil)

// NewBinomial returns Binomial(n, p); n must be a non-negative integer, p in [0, 1].
func NewBinomial(n, p *G.Node) (*Binomial, error) {
	return newFamily[Binomial]("Binomial", binomialKernel{}, n, p)
}

// Support is {0, ..., n}.
func (d *Binomial) Support() Support { return Support{Kind: Integers} }

// DefaultTransform is nil: discrete variables are not transformed.
func (d *Binomial) DefaultTransform() Transform { return nil }

// SupportPoint is round(n p), rounding half to even.
func (d *Binomial) SupportPoint(params []*tensor.Dense, shape tensor.Shape) (*tensor.Dense, error) {
	return d.eachElem(params, shape, func(v *[maxParams]float64) (float64, error) {
		return math.RoundToEven(v[0] * v[1]), nil
	})
}

// Rand draws from Binomial(n, p) (gonum's distuv.Binomial on rng).
func (d *Binomial) Rand(rng *rand.Rand, params []*tensor.Dense, shape tensor.Shape) (*tensor.Dense, error) {
	return d.eachElem(params, shape, func(v *[maxParams]float64) (float64, error) {
		if v[0] == 0 {
			return 0, nil
		}
		return distuv.Binomial{N: v[0], P: v[1], Src: rng}.Rand(), nil
	})
}

// binomialKernel is Binomial(n, p). Derived operands: log Gamma(n+1) (from n); log p,
// log(1-p) (from p). d/dp = x/p - (n-x)/(1-p), a term with a zero count counting as 0.
type binomialKernel struct{}

var (
	binomialSpecs = []paramSpec{{"n", domNonNegInt, false}, {"p", domUnit, true}}
	binomialFrom  = []int{0, 1, 1}
)

var binomialInfo = kernelInfo{id: "Binomial", specs: binomialSpecs, discrete: true, derivedFrom: binomialFrom}

func (binomialKernel) info() *kernelInfo { return &binomialInfo }
func (binomialKernel) derive(k int, src, dst []float64) {
	for e, v := range src {
		switch k {
		case 0:
			dst[e] = lgamma(v + 1)
		case 1:
			dst[e] = math.Log(v)
		default:
			dst[e] = math.Log1p(-v)
		}
	}
}

func (binomialKernel) logp(a *rowArgs, out []float64) {
	x := a.x
	n, lgn, lp, lq := a.p[0][:len(x)], a.p[2][:len(x)], a.p[3][:len(x)], a.p[4][:len(x)]
	out = out[:len(x)]
	for j, v := range x {
		if !isCount(v) || v > n[j] {
			out[j] = math.Inf(-1)
			continue
		}
		f := n[j] - v
		lpj := lgn[j] - lgamma(v+1) - lgamma(f+1)
		if v > 0 {
			lpj += v * lp[j]
		}
		if f > 0 {
			lpj += f * lq[j]
		}
		out[j] = lpj
	}
}

func (binomialKernel) grad(a *rowArgs, _ []float64, dp *[maxParams][]float64) {
	x := a.x
	n, p := a.p[0][:len(x)], a.p[1][:len(x)]
	d := dp[1][:len(x)]
	for j, v := range x {
		if !isCount(v) || v > n[j] {
			continue
		}
		f, pj := n[j]-v, p[j]
		if (v > 0 && pj == 0) || (f > 0 && pj == 1) { // log density -Inf
			continue
		}
		var g float64
		if v > 0 {
			g += v / pj
		}
		if f > 0 {
			g -= f / (1 - pj)
		}
		d[j] += g
	}
}
