package distributions

import (
	"math"
	"math/rand/v2"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Exponential is PyMC's Exponential with rate lam:
//
//	log p(x | lam) = log lam - lam x,  x >= 0
//
// and -Inf for x < 0. Support: positive; transform: log; support point 1/lam.
type Exponential struct {
	univariate
}

var _ Distribution = (*Exponential)(nil)

// NewExponential returns Exponential(lam); lam must be positive.
func NewExponential(lam *G.Node) (*Exponential, error) {
	return newFamily[Exponential]("Exponential", exponentialKernel{}, lam)
}

// Support is the positive half-line.
func (d *Exponential) Support() Support { return Support{Kind: Positive} }

// DefaultTransform is the log transform.
func (d *Exponential) DefaultTransform() Transform { return NewLogTransform() }

// SupportPoint is the mean 1/lam.
func (d *Exponential) SupportPoint(params []*tensor.Dense, shape tensor.Shape) (*tensor.Dense, error) {
	return d.eachElem(params, shape, func(v *[maxParams]float64) (float64, error) {
		return 1 / v[0], nil
	})
}

// Rand draws e/lam, e standard exponential.
func (d *Exponential) Rand(rng *rand.Rand, params []*tensor.Dense, shape tensor.Shape) (*tensor.Dense, error) {
	return d.eachElem(params, shape, func(v *[maxParams]float64) (float64, error) {
		return rng.ExpFloat64() / v[0], nil
	})
}

// exponentialKernel is Exponential(lam). Derived operands: 1/lam, log lam.
//
//	d/dx = -lam, d/dlam = 1/lam - x  (x >= 0).
type exponentialKernel struct{}

var exponentialSpecs = []paramSpec{{"lam", domPositive, true}}

var exponentialInfo = kernelInfo{id: "Exponential", specs: exponentialSpecs, derivedFrom: fromFirst2}

func (exponentialKernel) info() *kernelInfo                { return &exponentialInfo }
func (exponentialKernel) derive(k int, src, dst []float64) { deriveInvLog(k, src, dst) }

func (exponentialKernel) logp(a *rowArgs, out []float64) {
	x := a.x
	lam, ll := a.p[0][:len(x)], a.p[2][:len(x)]
	out = out[:len(x)]
	for j, v := range x {
		if v < 0 {
			out[j] = math.Inf(-1)
			continue
		}
		out[j] = ll[j] - lam[j]*v
	}
}

func (exponentialKernel) grad(a *rowArgs, dx []float64, dp *[maxParams][]float64) {
	x := a.x
	lam, inv := a.p[0][:len(x)], a.p[1][:len(x)]
	dl := dp[0][:len(x)]
	for j, v := range x {
		if v < 0 {
			continue
		}
		dl[j] += inv[j] - v
		if dx != nil {
			dx[j] -= lam[j]
		}
	}
}
