package distributions

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Poisson is PyMC's Poisson with rate mu:
//
//	log p(x | mu) = x log mu - mu - log x!,  x in {0, 1, ...},
//
// with 0 log 0 = 0 (so mu = 0 is allowed) and -Inf for any other value (including
// non-integers). Support: integers; no transform; support point floor(mu).
type Poisson struct {
	univariate
}

var _ Distribution = (*Poisson)(nil)

// NewPoisson returns Poisson(mu); mu must be non-negative.
func NewPoisson(mu *G.Node) (*Poisson, error) {
	return newFamily[Poisson]("Poisson", poissonKernel{}, mu)
}

// Support is {0, 1, ...}.
func (d *Poisson) Support() Support { return Support{Kind: Integers} }

// DefaultTransform is nil: discrete variables are not transformed.
func (d *Poisson) DefaultTransform() Transform { return nil }

// SupportPoint is floor(mu).
func (d *Poisson) SupportPoint(params []*tensor.Dense, shape tensor.Shape) (*tensor.Dense, error) {
	return d.eachElem(params, shape, func(v *[maxParams]float64) (float64, error) {
		return math.Floor(v[0]), nil
	})
}

// Rand draws from Poisson(mu) (gonum's distuv.Poisson on rng).
func (d *Poisson) Rand(rng *rand.Rand, params []*tensor.Dense, shape tensor.Shape) (*tensor.Dense, error) {
	return d.eachElem(params, shape, func(v *[maxParams]float64) (float64, error) {
		if v[0] == 0 {
			return 0, nil
		}
		return distuv.Poisson{Lambda: v[0], Src: rng}.Rand(), nil
	})
}

// poissonKernel is Poisson(mu). Derived operands: log mu, 1/mu. d/dmu = x/mu - 1.
type poissonKernel struct{}

var poissonSpecs = []paramSpec{{"mu", domNonNegative, true}}

var poissonInfo = kernelInfo{id: "Poisson", specs: poissonSpecs, discrete: true, derivedFrom: fromFirst2}

func (poissonKernel) info() *kernelInfo                { return &poissonInfo }
func (poissonKernel) derive(k int, src, dst []float64) { deriveInvLog(1-k, src, dst) }

func (poissonKernel) logp(a *rowArgs, out []float64) {
	x := a.x
	mu, lm := a.p[0][:len(x)], a.p[1][:len(x)]
	out = out[:len(x)]
	for j, v := range x {
		if !isCount(v) {
			out[j] = math.Inf(-1)
			continue
		}
		lp := -mu[j] - lgamma(v+1)
		if v > 0 {
			lp += v * lm[j]
		}
		out[j] = lp
	}
}

func (poissonKernel) grad(a *rowArgs, _ []float64, dp *[maxParams][]float64) {
	x := a.x
	mu, inv := a.p[0][:len(x)], a.p[2][:len(x)]
	d := dp[0][:len(x)]
	for j, v := range x {
		if !isCount(v) {
			continue
		}
		switch {
		case v == 0:
			d[j]--
		case mu[j] > 0:
			d[j] += v*inv[j] - 1
		}
	}
}
