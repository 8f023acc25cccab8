package distributions

import (
	"math"
	"math/rand/v2"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// LogNormal is PyMC's LogNormal: log x is Normal(mu, sigma), or Normal(mu, tau):
//
//	log p(x | mu, sigma) = -(log x - mu)^2 / (2 sigma^2) - log sigma - log(2 pi)/2 - log x
//
// for x > 0 and -Inf for x <= 0. Support: positive; transform: log; support point: the
// mean exp(mu + sigma^2/2).
type LogNormal struct {
	univariate
}

var _ Distribution = (*LogNormal)(nil)

// NewLogNormal returns LogNormal(mu, sigma); sigma must be positive.
func NewLogNormal(mu, sigma *G.Node) (*LogNormal, error) {
	return newFamily[LogNormal]("LogNormal", logNormalKernel{}, mu, sigma)
}

// NewLogNormalTau returns LogNormal(mu, tau), tau = 1/sigma^2 positive.
func NewLogNormalTau(mu, tau *G.Node) (*LogNormal, error) {
	return newFamily[LogNormal]("LogNormal", logNormalTauKernel{}, mu, tau)
}

// Support is the positive half-line.
func (d *LogNormal) Support() Support { return Support{Kind: Positive} }

// DefaultTransform is the log transform.
func (d *LogNormal) DefaultTransform() Transform { return NewLogTransform() }

// SupportPoint is the mean exp(mu + sigma^2/2).
func (d *LogNormal) SupportPoint(params []*tensor.Dense, shape tensor.Shape) (*tensor.Dense, error) {
	_, tau := d.k.(logNormalTauKernel)
	return d.eachElem(params, shape, func(v *[maxParams]float64) (float64, error) {
		s := sigmaOf(v[1], tau)
		return math.Exp(v[0] + 0.5*s*s), nil
	})
}

// Rand draws exp(mu + sigma z), z standard normal.
func (d *LogNormal) Rand(rng *rand.Rand, params []*tensor.Dense, shape tensor.Shape) (*tensor.Dense, error) {
	_, tau := d.k.(logNormalTauKernel)
	return d.eachElem(params, shape, func(v *[maxParams]float64) (float64, error) {
		return math.Exp(v[0] + sigmaOf(v[1], tau)*rng.NormFloat64()), nil
	})
}

// logNormalKernel is LogNormal(mu, sigma). Derived operands: 1/sigma, log sigma.
//
//	d/dx = -(z/sigma + 1)/x, d/dmu = z/sigma, d/dsigma = (z^2-1)/sigma,
//	z = (log x - mu)/sigma.
type logNormalKernel struct{}

var logNormalInfo = kernelInfo{id: "LogNormal", specs: normalSpecs, derivedFrom: fromSecond2}

func (logNormalKernel) info() *kernelInfo                { return &logNormalInfo }
func (logNormalKernel) derive(k int, src, dst []float64) { deriveInvLog(k, src, dst) }

func (logNormalKernel) logp(a *rowArgs, out []float64) {
	x := a.x
	mu, inv, ls := a.p[0][:len(x)], a.p[2][:len(x)], a.p[3][:len(x)]
	out = out[:len(x)]
	for j, v := range x {
		if !(v > 0) {
			out[j] = math.Inf(-1)
			continue
		}
		lx := math.Log(v)
		z := (lx - mu[j]) * inv[j]
		out[j] = -0.5*z*z - ls[j] - lnSqrt2Pi - lx
	}
}

func (logNormalKernel) grad(a *rowArgs, dx []float64, dp *[maxParams][]float64) {
	x := a.x
	mu, inv := a.p[0][:len(x)], a.p[2][:len(x)]
	dm, ds := dp[0][:len(x)], dp[1][:len(x)]
	for j, v := range x {
		if !(v > 0) {
			continue
		}
		is := inv[j]
		z := (math.Log(v) - mu[j]) * is
		dm[j] += z * is
		ds[j] += (z*z - 1) * is
		if dx != nil {
			dx[j] -= (z*is + 1) / v
		}
	}
}

// logNormalTauKernel is LogNormal(mu, tau). Derived operand: log(tau)/2.
//
//	d/dx = -(tau r + 1)/x, d/dmu = tau r, d/dtau = 1/(2 tau) - r^2/2, r = log x - mu.
type logNormalTauKernel struct{}

var logNormalTauInfo = kernelInfo{id: "LogNormalTau", specs: normalTauSpecs, derivedFrom: fromSecond1}

func (logNormalTauKernel) info() *kernelInfo                { return &logNormalTauInfo }
func (logNormalTauKernel) derive(_ int, src, dst []float64) { deriveHalfLog(src, dst) }

func (logNormalTauKernel) logp(a *rowArgs, out []float64) {
	x := a.x
	mu, tau, hl := a.p[0][:len(x)], a.p[1][:len(x)], a.p[2][:len(x)]
	out = out[:len(x)]
	for j, v := range x {
		if !(v > 0) {
			out[j] = math.Inf(-1)
			continue
		}
		lx := math.Log(v)
		r := lx - mu[j]
		out[j] = hl[j] - lnSqrt2Pi - 0.5*tau[j]*r*r - lx
	}
}

func (logNormalTauKernel) grad(a *rowArgs, dx []float64, dp *[maxParams][]float64) {
	x := a.x
	mu, tau := a.p[0][:len(x)], a.p[1][:len(x)]
	dm, dt := dp[0][:len(x)], dp[1][:len(x)]
	for j, v := range x {
		if !(v > 0) {
			continue
		}
		t := tau[j]
		r := math.Log(v) - mu[j]
		dm[j] += t * r
		dt[j] += 0.5/t - 0.5*r*r
		if dx != nil {
			dx[j] -= (t*r + 1) / v
		}
	}
}
