package distributions

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Beta is PyMC's Beta:
//
//	log p(x | alpha, beta) = (alpha-1) log x + (beta-1) log(1-x) - log B(alpha, beta)
//
// for 0 <= x <= 1 (a term whose coefficient alpha-1 or beta-1 is 0 counts as 0, as in
// PyMC, so that the boundaries are finite when alpha or beta is 1) and -Inf outside.
// Support: the unit interval; transform: logodds; support point: the mean
// alpha/(alpha+beta). Partials at x = 0 and x = 1 are 0.
type Beta struct {
	univariate
}

var _ Distribution = (*Beta)(nil)

// NewBeta returns Beta(alpha, beta); both must be positive.
func NewBeta(alpha, beta *G.Node) (*Beta, error) {
	return newFamily[Beta]("Beta", betaKernel{}, alpha, beta)
}

// Support is the unit interval.
func (d *Beta) Support() Support { return Support{Kind: UnitInterval} }

// DefaultTransform is the logodds transform.
func (d *Beta) DefaultTransform() Transform { return NewLogOddsTransform() }

// SupportPoint is the mean alpha/(alpha+beta).
func (d *Beta) SupportPoint(params []*tensor.Dense, shape tensor.Shape) (*tensor.Dense, error) {
	return d.eachElem(params, shape, func(v *[maxParams]float64) (float64, error) {
		return v[0] / (v[0] + v[1]), nil
	})
}

// Rand draws from Beta(alpha, beta) (gonum's distuv.Beta on rng).
func (d *Beta) Rand(rng *rand.Rand, params []*tensor.Dense, shape tensor.Shape) (*tensor.Dense, error) {
	return d.eachElem(params, shape, func(v *[maxParams]float64) (float64, error) {
		return distuv.Beta{Alpha: v[0], Beta: v[1], Src: rng}.Rand(), nil
	})
}

// betaKernel is Beta(alpha, beta). Derived operands: log Gamma and digamma of alpha, then
// of beta. log Gamma(alpha+beta) and digamma(alpha+beta) are computed when (alpha, beta)
// changes from the previous element.
//
//	d/dx = (alpha-1)/x - (beta-1)/(1-x),
//	d/dalpha = log x - digamma(alpha) + digamma(alpha+beta),
//	d/dbeta = log(1-x) - digamma(beta) + digamma(alpha+beta).
type betaKernel struct{}

var (
	betaSpecs = []paramSpec{{"alpha", domPositive, true}, {"beta", domPositive, true}}
	betaFrom  = []int{0, 0, 1, 1}
)

var betaInfo = kernelInfo{id: "Beta", specs: betaSpecs, derivedFrom: betaFrom}

func (betaKernel) info() *kernelInfo { return &betaInfo }
func (betaKernel) derive(k int, src, dst []float64) {
	for e, v := range src {
		if k%2 == 0 {
			dst[e] = lgamma(v)
		} else {
			dst[e] = digamma(v)
		}
	}
}

func (betaKernel) logp(a *rowArgs, out []float64) {
	x := a.x
	al, be := a.p[0][:len(x)], a.p[1][:len(x)]
	lga, lgb := a.p[2][:len(x)], a.p[4][:len(x)]
	out = out[:len(x)]
	pa, pb, lgab := math.NaN(), math.NaN(), 0.0
	for j, v := range x {
		if !(v >= 0 && v <= 1) {
			out[j] = math.Inf(-1)
			continue
		}
		if al[j] != pa || be[j] != pb {
			pa, pb = al[j], be[j]
			lgab = lgamma(pa + pb)
		}
		lp := lgab - lga[j] - lgb[j]
		if pa != 1 {
			lp += (pa - 1) * math.Log(v)
		}
		if pb != 1 {
			lp += (pb - 1) * math.Log1p(-v)
		}
		out[j] = lp
	}
}

func (betaKernel) grad(a *rowArgs, dx []float64, dp *[maxParams][]float64) {
	x := a.x
	al, be := a.p[0][:len(x)], a.p[1][:len(x)]
	psa, psb := a.p[3][:len(x)], a.p[5][:len(x)]
	da, db := dp[0][:len(x)], dp[1][:len(x)]
	pa, pb, psab := math.NaN(), math.NaN(), 0.0
	for j, v := range x {
		if !(v > 0 && v < 1) {
			continue
		}
		if al[j] != pa || be[j] != pb {
			pa, pb = al[j], be[j]
			psab = digamma(pa + pb)
		}
		da[j] += math.Log(v) - psa[j] + psab
		db[j] += math.Log1p(-v) - psb[j] + psab
		if dx != nil {
			dx[j] += (pa-1)/v - (pb-1)/(1-v)
		}
	}
}
