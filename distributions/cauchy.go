package distributions

import (
	"math"
	"math/rand/v2"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Cauchy is PyMC's Cauchy with location alpha and scale beta:
//
//	log p(x | alpha, beta) = -log pi - log beta - log(1 + z^2),  z = (x-alpha)/beta.
//
// Support: real; no transform; support point alpha.
type Cauchy struct {
	univariate
}

var _ Distribution = (*Cauchy)(nil)

// NewCauchy returns Cauchy(alpha, beta); beta must be positive.
func NewCauchy(alpha, beta *G.Node) (*Cauchy, error) {
	return newFamily[Cauchy]("Cauchy", cauchyKernel{}, alpha, beta)
}

// Support is the real line.
func (d *Cauchy) Support() Support { return Support{Kind: Real} }

// DefaultTransform is nil.
func (d *Cauchy) DefaultTransform() Transform { return nil }

// SupportPoint is alpha.
func (d *Cauchy) SupportPoint(params []*tensor.Dense, shape tensor.Shape) (*tensor.Dense, error) {
	return d.eachElem(params, shape, func(v *[maxParams]float64) (float64, error) {
		return v[0], nil
	})
}

// Rand draws alpha + beta tan(pi (u - 1/2)), u uniform on [0, 1).
func (d *Cauchy) Rand(rng *rand.Rand, params []*tensor.Dense, shape tensor.Shape) (*tensor.Dense, error) {
	return d.eachElem(params, shape, func(v *[maxParams]float64) (float64, error) {
		return v[0] + v[1]*math.Tan(math.Pi*(rng.Float64()-0.5)), nil
	})
}

// cauchyKernel is Cauchy(alpha, beta). Derived operands: 1/beta, log beta. With
// q = 1/(1+z^2):
//
//	d/dx = -2 z q/beta, d/dalpha = 2 z q/beta, d/dbeta = (z^2-1) q/beta.
type cauchyKernel struct{}

var cauchySpecs = []paramSpec{{"alpha", domReal, true}, {"beta", domPositive, true}}

var cauchyInfo = kernelInfo{id: "Cauchy", specs: cauchySpecs, derivedFrom: fromSecond2}

func (cauchyKernel) info() *kernelInfo                { return &cauchyInfo }
func (cauchyKernel) derive(k int, src, dst []float64) { deriveInvLog(k, src, dst) }

func (cauchyKernel) logp(a *rowArgs, out []float64) {
	x := a.x
	al, inv, lb := a.p[0][:len(x)], a.p[2][:len(x)], a.p[3][:len(x)]
	out = out[:len(x)]
	for j, v := range x {
		z := (v - al[j]) * inv[j]
		out[j] = -lnPi - lb[j] - math.Log1p(z*z)
	}
}

func (cauchyKernel) grad(a *rowArgs, dx []float64, dp *[maxParams][]float64) {
	x := a.x
	al, inv := a.p[0][:len(x)], a.p[2][:len(x)]
	da, db := dp[0][:len(x)], dp[1][:len(x)]
	for j, v := range x {
		is := inv[j]
		z := (v - al[j]) * is
		q := 1 / (1 + z*z)
		g := 2 * z * q * is
		da[j] += g
		db[j] += (z*z - 1) * q * is
		if dx != nil {
			dx[j] -= g
		}
	}
}
