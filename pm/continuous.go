package pm

import (
	"github.com/gopymc/gopymc/distributions"
	G "gorgonia.org/gorgonia"
)

// Normal adds name ~ Normal(mu, sigma) (PyMC's pm.Normal) and returns its value node.
func Normal(m *Model, name string, mu, sigma any, opts ...Option) *G.Node {
	return addVar(m, "Normal", name, opts, func(p *params) (distributions.Distribution, error) {
		return distributions.NewNormal(p.node("mu", mu), p.node("sigma", sigma))
	})
}

// NormalTau adds name ~ Normal(mu, tau), parametrised by the precision tau = 1/sigma².
func NormalTau(m *Model, name string, mu, tau any, opts ...Option) *G.Node {
	return addVar(m, "Normal", name, opts, func(p *params) (distributions.Distribution, error) {
		return distributions.NewNormalTau(p.node("mu", mu), p.node("tau", tau))
	})
}

// HalfNormal adds name ~ HalfNormal(sigma).
func HalfNormal(m *Model, name string, sigma any, opts ...Option) *G.Node {
	return addVar(m, "HalfNormal", name, opts, func(p *params) (distributions.Distribution, error) {
		return distributions.NewHalfNormal(p.node("sigma", sigma))
	})
}

// HalfNormalTau adds name ~ HalfNormal(tau), parametrised by the precision.
func HalfNormalTau(m *Model, name string, tau any, opts ...Option) *G.Node {
	return addVar(m, "HalfNormal", name, opts, func(p *params) (distributions.Distribution, error) {
		return distributions.NewHalfNormalTau(p.node("tau", tau))
	})
}

// Flat adds name ~ Flat(): an improper uniform prior on the real line (give its Shape).
func Flat(m *Model, name string, opts ...Option) *G.Node {
	return addVar(m, "Flat", name, opts, func(*params) (distributions.Distribution, error) {
		return distributions.NewFlat()
	})
}

// HalfFlat adds name ~ HalfFlat(): an improper uniform prior on the positive reals.
func HalfFlat(m *Model, name string, opts ...Option) *G.Node {
	return addVar(m, "HalfFlat", name, opts, func(*params) (distributions.Distribution, error) {
		return distributions.NewHalfFlat()
	})
}

// Uniform adds name ~ Uniform(lower, upper).
func Uniform(m *Model, name string, lower, upper any, opts ...Option) *G.Node {
	return addVar(m, "Uniform", name, opts, func(p *params) (distributions.Distribution, error) {
		return distributions.NewUniform(p.node("lower", lower), p.node("upper", upper))
	})
}

// Exponential adds name ~ Exponential(lam).
func Exponential(m *Model, name string, lam any, opts ...Option) *G.Node {
	return addVar(m, "Exponential", name, opts, func(p *params) (distributions.Distribution, error) {
		return distributions.NewExponential(p.node("lam", lam))
	})
}

// Gamma adds name ~ Gamma(alpha, beta) (shape and rate).
func Gamma(m *Model, name string, alpha, beta any, opts ...Option) *G.Node {
	return addVar(m, "Gamma", name, opts, func(p *params) (distributions.Distribution, error) {
		return distributions.NewGamma(p.node("alpha", alpha), p.node("beta", beta))
	})
}

// GammaMuSigma adds name ~ Gamma(mu, sigma), parametrised by its mean and sd.
func GammaMuSigma(m *Model, name string, mu, sigma any, opts ...Option) *G.Node {
	return addVar(m, "Gamma", name, opts, func(p *params) (distributions.Distribution, error) {
		return distributions.NewGammaMuSigma(p.node("mu", mu), p.node("sigma", sigma))
	})
}

// InverseGamma adds name ~ InverseGamma(alpha, beta).
func InverseGamma(m *Model, name string, alpha, beta any, opts ...Option) *G.Node {
	return addVar(m, "InverseGamma", name, opts, func(p *params) (distributions.Distribution, error) {
		return distributions.NewInverseGamma(p.node("alpha", alpha), p.node("beta", beta))
	})
}

// Beta adds name ~ Beta(alpha, beta).
func Beta(m *Model, name string, alpha, beta any, opts ...Option) *G.Node {
	return addVar(m, "Beta", name, opts, func(p *params) (distributions.Distribution, error) {
		return distributions.NewBeta(p.node("alpha", alpha), p.node("beta", beta))
	})
}

// LogNormal adds name ~ LogNormal(mu, sigma).
func LogNormal(m *Model, name string, mu, sigma any, opts ...Option) *G.Node {
	return addVar(m, "LogNormal", name, opts, func(p *params) (distributions.Distribution, error) {
		return distributions.NewLogNormal(p.node("mu", mu), p.node("sigma", sigma))
	})
}

// LogNormalTau adds name ~ LogNormal(mu, tau), parametrised by the precision.
func LogNormalTau(m *Model, name string, mu, tau any, opts ...Option) *G.Node {
	return addVar(m, "LogNormal", name, opts, func(p *params) (distributions.Distribution, error) {
		return distributions.NewLogNormalTau(p.node("mu", mu), p.node("tau", tau))
	})
}

// StudentT adds name ~ StudentT(nu, mu, sigma).
func StudentT(m *Model, name string, nu, mu, sigma any, opts ...Option) *G.Node {
	return addVar(m, "StudentT", name, opts, func(p *params) (distributions.Distribution, error) {
		return distributions.NewStudentT(p.node("nu", nu), p.node("mu", mu), p.node("sigma", sigma))
	})
}

// HalfStudentT adds name ~ HalfStudentT(nu, sigma): a Student-t centred at 0 folded onto
// [0, inf) (PyMC's pm.HalfStudentT; PyMC's defaults are nu = 1, sigma = 1).
func HalfStudentT(m *Model, name string, nu, sigma any, opts ...Option) *G.Node {
	return addVar(m, "HalfStudentT", name, opts, func(p *params) (distributions.Distribution, error) {
		return distributions.NewHalfStudentT(p.node("nu", nu), p.node("sigma", sigma))
	})
}

// Cauchy adds name ~ Cauchy(alpha, beta) (location and scale).
func Cauchy(m *Model, name string, alpha, beta any, opts ...Option) *G.Node {
	return addVar(m, "Cauchy", name, opts, func(p *params) (distributions.Distribution, error) {
		return distributions.NewCauchy(p.node("alpha", alpha), p.node("beta", beta))
	})
}

// HalfCauchy adds name ~ HalfCauchy(beta).
func HalfCauchy(m *Model, name string, beta any, opts ...Option) *G.Node {
	return addVar(m, "HalfCauchy", name, opts, func(p *params) (distributions.Distribution, error) {
		return distributions.NewHalfCauchy(p.node("beta", beta))
	})
}

// Laplace adds name ~ Laplace(mu, b).
func Laplace(m *Model, name string, mu, b any, opts ...Option) *G.Node {
	return addVar(m, "Laplace", name, opts, func(p *params) (distributions.Distribution, error) {
		return distributions.NewLaplace(p.node("mu", mu), p.node("b", b))
	})
}

// NormalMixture adds name ~ NormalMixture(w, mu, sigma): components on the last axis.
func NormalMixture(m *Model, name string, w, mu, sigma any, opts ...Option) *G.Node {
	return addVar(m, "NormalMixture", name, opts, func(p *params) (distributions.Distribution, error) {
		return distributions.NewNormalMixture(p.node("w", w), p.node("mu", mu), p.node("sigma", sigma))
	})
}

// NormalMixtureTau adds name ~ NormalMixture(w, mu, tau), parametrised by precisions.
func NormalMixtureTau(m *Model, name string, w, mu, tau any, opts ...Option) *G.Node {
	return addVar(m, "NormalMixture", name, opts, func(p *params) (distributions.Distribution, error) {
		return distributions.NewNormalMixtureTau(p.node("w", w), p.node("mu", mu), p.node("tau", tau))
	})
}

// MvNormal adds name ~ MvNormal(mu, cov).
func MvNormal(m *Model, name string, mu, cov any, opts ...Option) *G.Node {
	return addVar(m, "MvNormal", name, opts, func(p *params) (distributions.Distribution, error) {
		return distributions.NewMvNormal(p.node("mu", mu), p.node("cov", cov))
	})
}

// MvNormalChol adds name ~ MvNormal(mu, chol), with the lower Cholesky factor of the
// covariance.
func MvNormalChol(m *Model, name string, mu, chol any, opts ...Option) *G.Node {
	return addVar(m, "MvNormal", name, opts, func(p *params) (distributions.Distribution, error) {
		return distributions.NewMvNormalChol(p.node("mu", mu), p.node("chol", chol))
	})
}

// Dirichlet adds name ~ Dirichlet(a).
func Dirichlet(m *Model, name string, a any, opts ...Option) *G.Node {
	return addVar(m, "Dirichlet", name, opts, func(p *params) (distributions.Distribution, error) {
		return distributions.NewDirichlet(p.node("a", a))
	})
}
