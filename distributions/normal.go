package distributions

import (
	"math"
	"math/rand/v2"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Normal is PyMC's Normal: the normal distribution with mean mu and standard deviation
// sigma, or precision tau = 1/sigma^2:
//
//	log p(x | mu, sigma) = -(x-mu)^2 / (2 sigma^2) - log sigma - log(2 pi)/2
//
// Support: the real line; no transform; support point mu.
type Normal struct {
	univariate
}

var _ Distribution = (*Normal)(nil)

// NewNormal returns Normal(mu, sigma). sigma must be positive and mu finite; values known
// while the graph is built are checked (see Distribution), others give a log density of
// -Inf where they are out of their domain.
func NewNormal(mu, sigma *G.Node) (*Normal, error) {
	return newFamily[Normal]("Normal", normalKernel{}, mu, sigma)
}

// NewNormalTau returns Normal(mu, tau), parameterised by the precision tau = 1/sigma^2,
// which must be positive.
func NewNormalTau(mu, tau *G.Node) (*Normal, error) {
	return newFamily[Normal]("Normal", normalTauKernel{}, mu, tau)
}

// Support is the real line.
func (d *Normal) Support() Support { return Support{Kind: Real} }

// DefaultTransform is nil: the support is already unconstrained.
func (d *Normal) DefaultTransform() Transform { return nil }

// SupportPoint is mu, broadcast to shape.
func (d *Normal) SupportPoint(params []*tensor.Dense, shape tensor.Shape) (*tensor.Dense, error) {
	return d.eachElem(params, shape, func(v *[maxParams]float64) (float64, error) {
		return v[0], nil
	})
}

// Rand draws mu + sigma*z, z standard normal, for every element of shape.
func (d *Normal) Rand(rng *rand.Rand, params []*tensor.Dense, shape tensor.Shape) (*tensor.Dense, error) {
	_, tau := d.k.(normalTauKernel)
	return d.eachElem(params, shape, func(v *[maxParams]float64) (float64, error) {
		return v[0] + sigmaOf(v[1], tau)*rng.NormFloat64(), nil
	})
}

// sigmaOf returns the standard deviation given by a scale parameter: s itself, or
// 1/sqrt(s) when s is a precision (tau).
func sigmaOf(s float64, tau bool) float64 {
	if tau {
		return 1 / math.Sqrt(s)
	}
	return s
}

// normalKernel is Normal(mu, sigma). Derived operands: 1/sigma and log sigma.
//
//	d/dx = -z/sigma, d/dmu = z/sigma, d/dsigma = (z^2-1)/sigma, z = (x-mu)/sigma.
type normalKernel struct{}

var (
	normalSpecs = []paramSpec{{"mu", domReal, true}, {"sigma", domPositive, true}}
	normalInfo  = kernelInfo{id: "Normal", specs: normalSpecs, derivedFrom: fromSecond2}
)

func (normalKernel) info() *kernelInfo                { return &normalInfo }
func (normalKernel) derive(k int, src, dst []float64) { deriveInvLog(k, src, dst) }

func (normalKernel) logp(a *rowArgs, out []float64) {
	x, mu, inv, ls := a.x, a.p[0][:len(a.x)], a.p[2][:len(a.x)], a.p[3][:len(a.x)]
	out = out[:len(x)]
	for j, v := range x {
		z := (v - mu[j]) * inv[j]
		out[j] = -0.5*z*z - ls[j] - lnSqrt2Pi
	}
}

func (normalKernel) grad(a *rowArgs, dx []float64, dp *[maxParams][]float64) {
	x := a.x
	mu, inv := a.p[0][:len(x)], a.p[2][:len(x)]
	dmu, dsig := dp[0][:len(x)], dp[1][:len(x)]
	if dx == nil {
		for j, v := range x {
			is := inv[j]
			z := (v - mu[j]) * is
			dmu[j] += z * is
			dsig[j] += (z*z - 1) * is
		}
		return
	}
	dx = dx[:len(x)]
	for j, v := range x {
		is := inv[j]
		z := (v - mu[j]) * is
		dmu[j] += z * is
		dx[j] -= z * is
		dsig[j] += (z*z - 1) * is
	}
}

// normalTauKernel is Normal(mu, tau). Derived operand: log(tau)/2.
//
//	log p = log(tau)/2 - log(2 pi)/2 - tau r^2/2, r = x-mu;
//	d/dx = -tau r, d/dmu = tau r, d/dtau = 1/(2 tau) - r^2/2.
type normalTauKernel struct{}

var (
	normalTauSpecs = []paramSpec{{"mu", domReal, true}, {"tau", domPositive, true}}
	normalTauInfo  = kernelInfo{id: "NormalTau", specs: normalTauSpecs, derivedFrom: fromSecond1}
)

func (normalTauKernel) info() *kernelInfo                { return &normalTauInfo }
func (normalTauKernel) derive(_ int, src, dst []float64) { deriveHalfLog(src, dst) }

func (normalTauKernel) logp(a *rowArgs, out []float64) {
	x, mu, tau, hl := a.x, a.p[0][:len(a.x)], a.p[1][:len(a.x)], a.p[2][:len(a.x)]
	out = out[:len(x)]
	for j, v := range x {
		r := v - mu[j]
		out[j] = hl[j] - lnSqrt2Pi - 0.5*tau[j]*r*r
	}
}

func (normalTauKernel) grad(a *rowArgs, dx []float64, dp *[maxParams][]float64) {
	x, mu, tau := a.x, a.p[0][:len(a.x)], a.p[1][:len(a.x)]
	dmu, dtau := dp[0][:len(x)], dp[1][:len(x)]
	if dx != nil {
		dx = dx[:len(x)]
		for j, v := range x {
			dx[j] -= tau[j] * (v - mu[j])
		}
	}
	for j, v := range x {
		t, r := tau[j], v-mu[j]
		dmu[j] += t * r
		dtau[j] += 0.5/t - 0.5*r*r
	}
}
