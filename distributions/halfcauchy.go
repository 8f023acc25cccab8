package distributions

import (
	"math"
	"math/rand/v2"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// HalfCauchy is PyMC's HalfCauchy with scale beta:
//
//	log p(x | beta) = log 2 - log pi - log beta - log(1 + (x/beta)^2),  x >= 0
//
// and -Inf for x < 0. Support: positive; transform: log; support point beta.
type HalfCauchy struct {
	univariate
}

var _ Distribution = (*HalfCauchy)(nil)

// NewHalfCauchy returns HalfCauchy(beta); beta must be positive.
func NewHalfCauchy(beta *G.Node) (*HalfCauchy, error) {
	return newFamily[HalfCauchy]("HalfCauchy", halfCauchyKernel{}, beta)
}

// Support is the positive half-line.
func (d *HalfCauchy) Support() Support { return Support{Kind: Positive} }

// DefaultTransform is the log transform.
func (d *HalfCauchy) DefaultTransform() Transform { return NewLogTransform() }

// SupportPoint is beta.
func (d *HalfCauchy) SupportPoint(params []*tensor.Dense, shape tensor.Shape) (*tensor.Dense, error) {
	return d.eachElem(params, shape, func(v *[maxParams]float64) (float64, error) {
		return v[0], nil
	})
}

// Rand draws |beta tan(pi (u - 1/2))|, u uniform on [0, 1).
func (d *HalfCauchy) Rand(rng *rand.Rand, params []*tensor.Dense, shape tensor.Shape) (*tensor.Dense, error) {
	return d.eachElem(params, shape, func(v *[maxParams]float64) (float64, error) {
		return math.Abs(v[0] * math.Tan(math.Pi*(rng.Float64()-0.5))), nil
	})
}

// halfCauchyKernel is HalfCauchy(beta). Derived operands: 1/beta, log beta. With
// z = x/beta and q = 1/(1+z^2): d/dx = -2 z q/beta, d/dbeta = (z^2-1) q/beta.
type halfCauchyKernel struct{}

var halfCauchyInfo = kernelInfo{
	id:          "HalfCauchy",
	specs:       []paramSpec{{"beta", domPositive, true}},
	derivedFrom: fromFirst2,
}

func (halfCauchyKernel) info() *kernelInfo                { return &halfCauchyInfo }
func (halfCauchyKernel) derive(k int, src, dst []float64) { deriveInvLog(k, src, dst) }

func (halfCauchyKernel) logp(a *rowArgs, out []float64) {
	x := a.x
	inv, lb := a.p[1][:len(x)], a.p[2][:len(x)]
	out = out[:len(x)]
	for j, v := range x {
		if v < 0 {
			out[j] = math.Inf(-1)
			continue
		}
		z := v * inv[j]
		out[j] = ln2 - lnPi - lb[j] - math.Log1p(z*z)
	}
}

func (halfCauchyKernel) grad(a *rowArgs, dx []float64, dp *[maxParams][]float64) {
	x := a.x
	inv := a.p[1][:len(x)]
	db := dp[0][:len(x)]
	for j, v := range x {
		if v < 0 {
			continue
		}
		is := inv[j]
		z := v * is
		q := 1 / (1 + z*z)
		db[j] += (z*z - 1) * q * is
		if dx != nil {
			dx[j] -= 2 * z * q * is
		}
	}
}
