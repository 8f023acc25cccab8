package pm

import (
	"github.com/gopymc/gopymc/distributions"
	G "gorgonia.org/gorgonia"
)

// Bernoulli adds name ~ Bernoulli(p).
func Bernoulli(m *Model, name string, p any, opts ...Option) *G.Node {
	return addVar(m, "Bernoulli", name, opts, func(ps *params) (distributions.Distribution, error) {
		return distributions.NewBernoulli(ps.node("p", p))
	})
}

// BernoulliLogit adds name ~ Bernoulli(logit_p).
func BernoulliLogit(m *Model, name string, logitP any, opts ...Option) *G.Node {
	return addVar(m, "Bernoulli", name, opts, func(ps *params) (distributions.Distribution, error) {
		return distributions.NewBernoulliLogit(ps.node("logit_p", logitP))
	})
}

// Binomial adds name ~ Binomial(n, p).
func Binomial(m *Model, name string, n, p any, opts ...Option) *G.Node {
	return addVar(m, "Binomial", name, opts, func(ps *params) (distributions.Distribution, error) {
		return distributions.NewBinomial(ps.node("n", n), ps.node("p", p))
	})
}

// Poisson adds name ~ Poisson(mu).
func Poisson(m *Model, name string, mu any, opts ...Option) *G.Node {
	return addVar(m, "Poisson", name, opts, func(ps *params) (distributions.Distribution, error) {
		return distributions.NewPoisson(ps.node("mu", mu))
	})
}

// Categorical adds name ~ Categorical(p), with class probabilities on the last axis (rows of a
// matrix for one distribution per observation). Values are class indices.
func Categorical(m *Model, name string, p any, opts ...Option) *G.Node {
	return addVar(m, "Categorical", name, opts, func(ps *params) (distributions.Distribution, error) {
		return distributions.NewCategorical(ps.node("p", p))
	})
}

// CategoricalLogit adds name ~ Categorical(logit_p), with unnormalised log probabilities.
func CategoricalLogit(m *Model, name string, logitP any, opts ...Option) *G.Node {
	return addVar(m, "Categorical", name, opts, func(ps *params) (distributions.Distribution, error) {
		return distributions.NewCategoricalLogit(ps.node("logit_p", logitP))
	})
}
