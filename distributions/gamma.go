package distributions

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Gamma is PyMC's Gamma with shape alpha and rate beta, or mean mu and standard deviation
// sigma (alpha = mu^2/sigma^2, beta = mu/sigma^2):
//
//	log p(x | alpha, beta) = alpha log beta - log Gamma(alpha) + (alpha-1) log x - beta x
//
// for x > 0; -Inf for x < 0; at x = 0 PyMC's value: log beta when alpha = 1, -Inf when
// alpha > 1, +Inf when alpha < 1 (partials 0 there). Support: positive; transform: log;
// support point: the mean alpha/beta.
type Gamma struct {
	univariate
}

var _ Distribution = (*Gamma)(nil)

// NewGamma returns Gamma(alpha, beta); both must be positive.
func NewGamma(alpha, beta *G.Node) (*Gamma, error) {
	return newFamily[Gamma]("Gamma", gammaKernel{}, alpha, beta)
}

// NewGammaMuSigma returns Gamma(mu, sigma), PyMC's alternative parameterisation by mean
// and standard deviation; both must be positive.
func NewGammaMuSigma(mu, sigma *G.Node) (*Gamma, error) {
	return newFamily[Gamma]("Gamma", gammaMuSigmaKernel{}, mu, sigma)
}

// Support is the positive half-line.
func (d *Gamma) Support() Support { return Support{Kind: Positive} }

// DefaultTransform is the log transform.
func (d *Gamma) DefaultTransform() Transform { return NewLogTransform() }

// alphaBeta returns shape and rate from the parameter values.
func (d *Gamma) alphaBeta(v *[maxParams]float64) (alpha, beta float64) {
	if _, muSigma := d.k.(gammaMuSigmaKernel); muSigma {
		s2 := v[1] * v[1]
		return v[0] * v[0] / s2, v[0] / s2
	}
	return v[0], v[1]
}

// SupportPoint is the mean alpha/beta (mu in the mu/sigma form).
func (d *Gamma) SupportPoint(params []*tensor.Dense, shape tensor.Shape) (*tensor.Dense, error) {
	return d.eachElem(params, shape, func(v *[maxParams]float64) (float64, error) {
		a, b := d.alphaBeta(v)
		return a / b, nil
	})
}

// Rand draws from Gamma(alpha, beta) (gonum's distuv.Gamma on rng).
func (d *Gamma) Rand(rng *rand.Rand, params []*tensor.Dense, shape tensor.Shape) (*tensor.Dense, error) {
	return d.eachElem(params, shape, func(v *[maxParams]float64) (float64, error) {
		a, b := d.alphaBeta(v)
		return distuv.Gamma{Alpha: a, Beta: b, Src: rng}.Rand(), nil
	})
}

// gammaKernel is Gamma(alpha, beta). Derived operands: log Gamma(alpha), digamma(alpha)
// (from alpha), log beta, 1/beta (from beta).
//
//	d/dx = (alpha-1)/x - beta, d/dalpha = log beta - digamma(alpha) + log x,
//	d/dbeta = alpha/beta - x.
type gammaKernel struct{}

var gammaInfo = kernelInfo{id: "Gamma", specs: shapeRateSpecs, derivedFrom: shapeRateFrom}

func (gammaKernel) info() *kernelInfo                { return &gammaInfo }
func (gammaKernel) derive(k int, src, dst []float64) { deriveShapeRate(k, src, dst) }

// The parameters and derived operands that Gamma(alpha, beta) and InverseGamma(alpha,
// beta) share: log Gamma(alpha), digamma(alpha) (from alpha), log beta, 1/beta (from beta).
var (
	shapeRateSpecs = []paramSpec{{"alpha", domPositive, true}, {"beta", domPositive, true}}
	shapeRateFrom  = []int{0, 0, 1, 1}
)

// deriveShapeRate fills the derived operands of the gamma-type kernels: log Gamma(alpha),
// digamma(alpha), log beta, 1/beta for k = 0..3.
func deriveShapeRate(k int, src, dst []float64) {
	for e, v := range src {
		switch k {
		case 0:
			dst[e] = lgamma(v)
		case 1:
			dst[e] = digamma(v)
		case 2:
			dst[e] = math.Log(v)
		default:
			dst[e] = 1 / v
		}
	}
}

// gammaLogp is the gamma log density of x > 0 or x == 0 given alpha, beta, log beta and
// log Gamma(alpha); -Inf for x < 0.
func gammaLogp(x, alpha, beta, lb, lga float64) float64 {
	switch {
	case x > 0:
		return alpha*lb - lga + (alpha-1)*math.Log(x) - beta*x
	case x == 0:
		if alpha == 1 {
			return lb
		}
		return (alpha - 1) * math.Inf(-1)
	}
	return math.Inf(-1)
}

func (gammaKernel) logp(a *rowArgs, out []float64) {
	x := a.x
	al, be := a.p[0][:len(x)], a.p[1][:len(x)]
	lga, lb := a.p[2][:len(x)], a.p[4][:len(x)]
	out = out[:len(x)]
	for j, v := range x {
		out[j] = gammaLogp(v, al[j], be[j], lb[j], lga[j])
	}
}

func (gammaKernel) grad(a *rowArgs, dx []float64, dp *[maxParams][]float64) {
	x := a.x
	al, be := a.p[0][:len(x)], a.p[1][:len(x)]
	psi, lb, ib := a.p[3][:len(x)], a.p[4][:len(x)], a.p[5][:len(x)]
	da, db := dp[0][:len(x)], dp[1][:len(x)]
	for j, v := range x {
		if !(v > 0) {
			continue
		}
		da[j] += lb[j] - psi[j] + math.Log(v)
		db[j] += al[j]*ib[j] - v
		if dx != nil {
			dx[j] += (al[j]-1)/v - be[j]
		}
	}
}

// gammaMuSigmaKernel is Gamma(mu, sigma) with alpha = mu^2/sigma^2, beta = mu/sigma^2.
// alpha depends on both parameters, so log Gamma(alpha) and digamma(alpha) are computed per
// element, but only when (mu, sigma) changes from the previous element: once per run for
// parameters broadcast along it. The chain rule gives
//
//	d/dmu = dL/dalpha 2 mu/sigma^2 + dL/dbeta / sigma^2,
//	d/dsigma = -2 (alpha dL/dalpha + beta dL/dbeta) / sigma.
type gammaMuSigmaKernel struct{ noDerived }

var gammaMuSigmaInfo = kernelInfo{
	id:          "GammaMuSigma",
	specs:       []paramSpec{{"mu", domPositive, true}, {"sigma", domPositive, true}},
	derivedFrom: fromNone,
}

func (gammaMuSigmaKernel) info() *kernelInfo { return &gammaMuSigmaInfo }

// muSigmaMemo caches the parameter-derived values of the last (mu, sigma) pair, so that
// lgamma and digamma run once per run for parameters broadcast along it.
type muSigmaMemo struct {
	mu, sigma                 float64
	alpha, beta, lb, lga, psi float64
}

func (m *muSigmaMemo) at(mu, sigma float64, psi bool) {
	if mu == m.mu && sigma == m.sigma && (!psi || m.psi == m.psi) {
		return
	}
	s2 := sigma * sigma
	m.mu, m.sigma = mu, sigma
	m.alpha, m.beta = mu*mu/s2, mu/s2
	m.lb, m.lga = math.Log(m.beta), lgamma(m.alpha)
	m.psi = math.NaN()
	if psi {
		m.psi = digamma(m.alpha)
	}
}

func (gammaMuSigmaKernel) logp(a *rowArgs, out []float64) {
	x := a.x
	mu, sg := a.p[0][:len(x)], a.p[1][:len(x)]
	out = out[:len(x)]
	m := muSigmaMemo{mu: math.NaN()}
	for j, v := range x {
		m.at(mu[j], sg[j], false)
		out[j] = gammaLogp(v, m.alpha, m.beta, m.lb, m.lga)
	}
}

func (gammaMuSigmaKernel) grad(a *rowArgs, dx []float64, dp *[maxParams][]float64) {
	x := a.x
	mu, sg := a.p[0][:len(x)], a.p[1][:len(x)]
	dm, ds := dp[0][:len(x)], dp[1][:len(x)]
	m := muSigmaMemo{mu: math.NaN()}
	for j, v := range x {
		if !(v > 0) {
			continue
		}
		m.at(mu[j], sg[j], true)
		dla := m.lb - m.psi + math.Log(v)
		dlb := m.alpha/m.beta - v
		s2 := sg[j] * sg[j]
		dm[j] += (dla*2*mu[j] + dlb) / s2
		ds[j] -= 2 * (m.alpha*dla + m.beta*dlb) / sg[j]
		if dx != nil {
			dx[j] += (m.alpha-1)/v - m.beta
		}
	}
}
