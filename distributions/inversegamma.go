package distributions

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// InverseGamma is PyMC's InverseGamma with shape alpha and scale beta:
//
//	log p(x | alpha, beta) = alpha log beta - log Gamma(alpha) - (alpha+1) log x - beta/x
//
// for x > 0 and -Inf for x <= 0. Support: positive; transform: log; support point: the mean
// beta/(alpha-1) when alpha > 1, else the mode beta/(alpha+1).
type InverseGamma struct {
	univariate
}

var _ Distribution = (*InverseGamma)(nil)

// NewInverseGamma returns InverseGamma(alpha, beta); both must be positive.
func NewInverseGamma(alpha, beta *G.Node) (*InverseGamma, error) {
	return newFamily[InverseGamma]("InverseGamma", inverseGammaKernel{}, alpha, beta)
}

// Support is the positive half-line.
func (d *InverseGamma) Support() Support { return Support{Kind: Positive} }

// DefaultTransform is the log transform.
func (d *InverseGamma) DefaultTransform() Transform { return NewLogTransform() }

// SupportPoint is beta/(alpha-1) for alpha > 1, else beta/(alpha+1) (as PyMC).
func (d *InverseGamma) SupportPoint(params []*tensor.Dense, shape tensor.Shape) (*tensor.Dense, error) {
	return d.eachElem(params, shape, func(v *[maxParams]float64) (float64, error) {
		if v[0] > 1 {
			return v[1] / (v[0] - 1), nil
		}
		return v[1] / (v[0] + 1), nil
	})
}

// Rand draws from InverseGamma(alpha, beta) (gonum's distuv.InverseGamma on rng).
func (d *InverseGamma) Rand(rng *rand.Rand, params []*tensor.Dense, shape tensor.Shape) (*tensor.Dense, error) {
	return d.eachElem(params, shape, func(v *[maxParams]float64) (float64, error) {
		return distuv.InverseGamma{Alpha: v[0], Beta: v[1], Src: rng}.Rand(), nil
	})
}

// inverseGammaKernel is InverseGamma(alpha, beta). Derived operands as gammaKernel.
//
//	d/dx = -(alpha+1)/x + beta/x^2, d/dalpha = log beta - digamma(alpha) - log x,
//	d/dbeta = alpha/beta - 1/x.
type inverseGammaKernel struct{}

var inverseGammaInfo = kernelInfo{id: "InverseGamma", specs: shapeRateSpecs, derivedFrom: shapeRateFrom}

func (inverseGammaKernel) info() *kernelInfo                { return &inverseGammaInfo }
func (inverseGammaKernel) derive(k int, src, dst []float64) { deriveShapeRate(k, src, dst) }

func (inverseGammaKernel) logp(a *rowArgs, out []float64) {
	x := a.x
	al, be := a.p[0][:len(x)], a.p[1][:len(x)]
	lga, lb := a.p[2][:len(x)], a.p[4][:len(x)]
	out = out[:len(x)]
	for j, v := range x {
		if !(v > 0) {
			out[j] = math.Inf(-1)
			continue
		}
		out[j] = al[j]*lb[j] - lga[j] - (al[j]+1)*math.Log(v) - be[j]/v
	}
}

func (inverseGammaKernel) grad(a *rowArgs, dx []float64, dp *[maxParams][]float64) {
	x := a.x
	al, be := a.p[0][:len(x)], a.p[1][:len(x)]
	psi, lb, ib := a.p[3][:len(x)], a.p[4][:len(x)], a.p[5][:len(x)]
	da, db := dp[0][:len(x)], dp[1][:len(x)]
	for j, v := range x {
		if !(v > 0) {
			continue
		}
		iv := 1 / v
		da[j] += lb[j] - psi[j] - math.Log(v)
		db[j] += al[j]*ib[j] - iv
		if dx != nil {
			dx[j] += (be[j]*iv - (al[j] + 1)) * iv
		}
	}
}
