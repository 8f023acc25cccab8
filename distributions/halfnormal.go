package distributions

import (
	"math"
	"math/rand/v2"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// HalfNormal is PyMC's HalfNormal: a normal distribution with mean 0 folded onto
// [0, inf), with scale sigma or precision tau = 1/sigma^2:
//
//	log p(x | sigma) = log sqrt(2/pi) - log sigma - x^2 / (2 sigma^2),  x >= 0
//
// and -Inf for x < 0. Support: positive; transform: log; support point: sigma.
type HalfNormal struct {
	univariate
}

var _ Distribution = (*HalfNormal)(nil)

// NewHalfNormal returns HalfNormal(sigma); sigma must be positive.
func NewHalfNormal(sigma *G.Node) (*HalfNormal, error) {
	return newFamily[HalfNormal]("HalfNormal", halfNormalKernel{}, sigma)
}

// NewHalfNormalTau returns HalfNormal(tau), tau = 1/sigma^2 positive.
func NewHalfNormalTau(tau *G.Node) (*HalfNormal, error) {
	return newFamily[HalfNormal]("HalfNormal", halfNormalTauKernel{}, tau)
}

// Support is the positive half-line.
func (d *HalfNormal) Support() Support { return Support{Kind: Positive} }

// DefaultTransform is the log transform.
func (d *HalfNormal) DefaultTransform() Transform { return NewLogTransform() }

// SupportPoint is sigma (1/sqrt(tau) in the tau form), broadcast to shape.
func (d *HalfNormal) SupportPoint(params []*tensor.Dense, shape tensor.Shape) (*tensor.Dense, error) {
	_, tau := d.k.(halfNormalTauKernel)
	return d.eachElem(params, shape, func(v *[maxParams]float64) (float64, error) {
		return sigmaOf(v[0], tau), nil
	})
}

// Rand draws |sigma z|, z standard normal.
func (d *HalfNormal) Rand(rng *rand.Rand, params []*tensor.Dense, shape tensor.Shape) (*tensor.Dense, error) {
	_, tau := d.k.(halfNormalTauKernel)
	return d.eachElem(params, shape, func(v *[maxParams]float64) (float64, error) {
		return math.Abs(sigmaOf(v[0], tau) * rng.NormFloat64()), nil
	})
}

// halfNormalKernel is HalfNormal(sigma). Derived operands: 1/sigma, log sigma.
//
//	d/dx = -x/sigma^2, d/dsigma = (z^2-1)/sigma, z = x/sigma.
type halfNormalKernel struct{}

var halfNormalInfo = kernelInfo{
	id:          "HalfNormal",
	specs:       []paramSpec{{"sigma", domPositive, true}},
	derivedFrom: fromFirst2,
}

func (halfNormalKernel) info() *kernelInfo                { return &halfNormalInfo }
func (halfNormalKernel) derive(k int, src, dst []float64) { deriveInvLog(k, src, dst) }

func (halfNormalKernel) logp(a *rowArgs, out []float64) {
	x := a.x
	inv, ls := a.p[1][:len(x)], a.p[2][:len(x)]
	out = out[:len(x)]
	for j, v := range x {
		if v < 0 {
			out[j] = math.Inf(-1)
			continue
		}
		z := v * inv[j]
		out[j] = lnSqrt2OverPi - ls[j] - 0.5*z*z
	}
}

func (halfNormalKernel) grad(a *rowArgs, dx []float64, dp *[maxParams][]float64) {
	x := a.x
	inv := a.p[1][:len(x)]
	ds := dp[0][:len(x)]
	for j, v := range x {
		if v < 0 {
			continue
		}
		is := inv[j]
		z := v * is
		ds[j] += (z*z - 1) * is
		if dx != nil {
			dx[j] -= z * is
		}
	}
}

// halfNormalTauKernel is HalfNormal(tau). Derived operand: log(tau)/2.
//
//	log p = log sqrt(2/pi) + log(tau)/2 - tau x^2/2; d/dx = -tau x, d/dtau = 1/(2 tau) - x^2/2.
type halfNormalTauKernel struct{}

var halfNormalTauInfo = kernelInfo{
	id:          "HalfNormalTau",
	specs:       []paramSpec{{"tau", domPositive, true}},
	derivedFrom: fromFirst1,
}

func (halfNormalTauKernel) info() *kernelInfo                { return &halfNormalTauInfo }
func (halfNormalTauKernel) derive(_ int, src, dst []float64) { deriveHalfLog(src, dst) }

func (halfNormalTauKernel) logp(a *rowArgs, out []float64) {
	x := a.x
	tau, hl := a.p[0][:len(x)], a.p[1][:len(x)]
	out = out[:len(x)]
	for j, v := range x {
		if v < 0 {
			out[j] = math.Inf(-1)
			continue
		}
		out[j] = lnSqrt2OverPi + hl[j] - 0.5*tau[j]*v*v
	}
}

func (halfNormalTauKernel) grad(a *rowArgs, dx []float64, dp *[maxParams][]float64) {
	x := a.x
	tau := a.p[0][:len(x)]
	dt := dp[0][:len(x)]
	for j, v := range x {
		if v < 0 {
			continue
		}
		dt[j] += 0.5/tau[j] - 0.5*v*v
		if dx != nil {
			dx[j] -= tau[j] * v
		}
	}
}
