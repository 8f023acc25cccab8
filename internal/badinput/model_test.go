package badinput_test

import (
	"fmt"
	"math"

	"github.com/gopymc/gopymc/pm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Distribution parameters: every family with a NaN in its first parameter, a string for its
// last, a node of another model's graph, and a value outside the parameter's domain. The
// error names the family, the variable and the parameter.

// family is one distribution constructor of pm with valid arguments.
type family struct {
	name   string   // as errors name it
	params []string // in order
	good   []any
	build  func(m *pm.Model, args []any, opts ...pm.Option) *G.Node
	// domain is a parameter made invalid (index and value) and what the error says of it.
	domain struct {
		at   int
		v    any
		want string
	}
}

func fam(name string, params []string, good []any, build func(m *pm.Model, a []any, o ...pm.Option) *G.Node, at int, v any, want string) family {
	f := family{name: name, params: params, good: good, build: build}
	f.domain.at, f.domain.v, f.domain.want = at, v, want
	return f
}

// families lists pm's distributions, each as a free variable "x".
func families() []family {
	vec := []float64{0, 0}
	return []family{
		fam("Normal", []string{"mu", "sigma"}, []any{0.0, 1.0}, func(m *pm.Model, a []any, o ...pm.Option) *G.Node { return pm.Normal(m, "x", a[0], a[1], o...) }, 1, -1.0, "sigma must be positive"),
		fam("Normal", []string{"mu", "tau"}, []any{0.0, 1.0}, func(m *pm.Model, a []any, o ...pm.Option) *G.Node { return pm.NormalTau(m, "x", a[0], a[1], o...) }, 1, 0.0, "tau must be positive"),
		fam("HalfNormal", []string{"sigma"}, []any{1.0}, func(m *pm.Model, a []any, o ...pm.Option) *G.Node { return pm.HalfNormal(m, "x", a[0], o...) }, 0, -1.0, "sigma must be positive"),
		fam("HalfNormal", []string{"tau"}, []any{1.0}, func(m *pm.Model, a []any, o ...pm.Option) *G.Node { return pm.HalfNormalTau(m, "x", a[0], o...) }, 0, -2.0, "tau must be positive"),
		fam("Uniform", []string{"lower", "upper"}, []any{0.0, 1.0}, func(m *pm.Model, a []any, o ...pm.Option) *G.Node { return pm.Uniform(m, "x", a[0], a[1], o...) }, 1, -1.0, "lower must be less than upper"),
		fam("Exponential", []string{"lam"}, []any{1.0}, func(m *pm.Model, a []any, o ...pm.Option) *G.Node { return pm.Exponential(m, "x", a[0], o...) }, 0, -1.0, "lam must be positive"),
		fam("Gamma", []string{"alpha", "beta"}, []any{2.0, 1.0}, func(m *pm.Model, a []any, o ...pm.Option) *G.Node { return pm.Gamma(m, "x", a[0], a[1], o...) }, 0, 0.0, "alpha must be positive"),
		fam("Gamma", []string{"mu", "sigma"}, []any{1.0, 1.0}, func(m *pm.Model, a []any, o ...pm.Option) *G.Node { return pm.GammaMuSigma(m, "x", a[0], a[1], o...) }, 1, -1.0, "sigma must be positive"),
		fam("InverseGamma", []string{"alpha", "beta"}, []any{2.0, 1.0}, func(m *pm.Model, a []any, o ...pm.Option) *G.Node { return pm.InverseGamma(m, "x", a[0], a[1], o...) }, 1, -1.0, "beta must be positive"),
		fam("Beta", []string{"alpha", "beta"}, []any{1.0, 1.0}, func(m *pm.Model, a []any, o ...pm.Option) *G.Node { return pm.Beta(m, "x", a[0], a[1], o...) }, 0, -1.0, "alpha must be positive"),
		fam("LogNormal", []string{"mu", "sigma"}, []any{0.0, 1.0}, func(m *pm.Model, a []any, o ...pm.Option) *G.Node { return pm.LogNormal(m, "x", a[0], a[1], o...) }, 1, -1.0, "sigma must be positive"),
		fam("LogNormal", []string{"mu", "tau"}, []any{0.0, 1.0}, func(m *pm.Model, a []any, o ...pm.Option) *G.Node { return pm.LogNormalTau(m, "x", a[0], a[1], o...) }, 1, -1.0, "tau must be positive"),
		fam("StudentT", []string{"nu", "mu", "sigma"}, []any{3.0, 0.0, 1.0}, func(m *pm.Model, a []any, o ...pm.Option) *G.Node { return pm.StudentT(m, "x", a[0], a[1], a[2], o...) }, 0, -1.0, "nu must be positive"),
		fam("HalfStudentT", []string{"nu", "sigma"}, []any{3.0, 1.0}, func(m *pm.Model, a []any, o ...pm.Option) *G.Node { return pm.HalfStudentT(m, "x", a[0], a[1], o...) }, 1, 0.0, "sigma must be positive"),
		fam("Cauchy", []string{"alpha", "beta"}, []any{0.0, 1.0}, func(m *pm.Model, a []any, o ...pm.Option) *G.Node { return pm.Cauchy(m, "x", a[0], a[1], o...) }, 1, -1.0, "beta must be positive"),
		fam("HalfCauchy", []string{"beta"}, []any{1.0}, func(m *pm.Model, a []any, o ...pm.Option) *G.Node { return pm.HalfCauchy(m, "x", a[0], o...) }, 0, -1.0, "beta must be positive"),
		fam("Laplace", []string{"mu", "b"}, []any{0.0, 1.0}, func(m *pm.Model, a []any, o ...pm.Option) *G.Node { return pm.Laplace(m, "x", a[0], a[1], o...) }, 1, -1.0, "b must be positive"),
		fam("NormalMixture", []string{"w", "mu", "sigma"}, []any{[]float64{0.5, 0.5}, vec, []float64{1, 1}}, func(m *pm.Model, a []any, o ...pm.Option) *G.Node {
			return pm.NormalMixture(m, "x", a[0], a[1], a[2], o...)
		}, 0, []float64{0.5, 0.6}, "w must sum to 1"),
		fam("NormalMixture", []string{"w", "mu", "tau"}, []any{[]float64{0.5, 0.5}, vec, []float64{1, 1}}, func(m *pm.Model, a []any, o ...pm.Option) *G.Node {
			return pm.NormalMixtureTau(m, "x", a[0], a[1], a[2], o...)
		}, 2, []float64{1, -1}, "tau must be positive"),
		fam("MvNormal", []string{"mu", "cov"}, []any{vec, [][]float64{{1, 0}, {0, 1}}}, func(m *pm.Model, a []any, o ...pm.Option) *G.Node { return pm.MvNormal(m, "x", a[0], a[1], o...) }, 1, [][]float64{{1, 2}, {2, 1}}, "cov must be symmetric positive definite"),
		fam("MvNormal", []string{"mu", "chol"}, []any{vec, [][]float64{{1, 0}, {0, 1}}}, func(m *pm.Model, a []any, o ...pm.Option) *G.Node { return pm.MvNormalChol(m, "x", a[0], a[1], o...) }, 1, [][]float64{{1, 1}, {0, 1}}, "chol must be lower triangular"),
		fam("Dirichlet", []string{"a"}, []any{[]float64{1, 1}}, func(m *pm.Model, a []any, o ...pm.Option) *G.Node { return pm.Dirichlet(m, "x", a[0], o...) }, 0, []float64{1, -1}, "a must be positive"),
		fam("Bernoulli", []string{"p"}, []any{0.5}, func(m *pm.Model, a []any, o ...pm.Option) *G.Node { return pm.Bernoulli(m, "x", a[0], o...) }, 0, 1.5, "p must lie in [0, 1]"),
		fam("Bernoulli", []string{"logit_p"}, []any{0.0}, func(m *pm.Model, a []any, o ...pm.Option) *G.Node { return pm.BernoulliLogit(m, "x", a[0], o...) }, 0, math.Inf(1), "logit_p must be finite"),
		fam("Binomial", []string{"n", "p"}, []any{10.0, 0.5}, func(m *pm.Model, a []any, o ...pm.Option) *G.Node { return pm.Binomial(m, "x", a[0], a[1], o...) }, 0, -1.0, "n must be"),
		fam("Poisson", []string{"mu"}, []any{1.0}, func(m *pm.Model, a []any, o ...pm.Option) *G.Node { return pm.Poisson(m, "x", a[0], o...) }, 0, -1.0, "mu must be"),
		fam("Categorical", []string{"p"}, []any{[]float64{0.5, 0.5}}, func(m *pm.Model, a []any, o ...pm.Option) *G.Node { return pm.Categorical(m, "x", a[0], o...) }, 0, []float64{0.5, 0.6}, "p must sum to 1"),
		fam("Categorical", []string{"logit_p"}, []any{[]float64{0, 0}}, func(m *pm.Model, a []any, o ...pm.Option) *G.Node { return pm.CategoricalLogit(m, "x", a[0], o...) }, 0, []float64{0, math.Inf(1)}, "logit_p must not hold NaN or +Inf, got +Inf"),
	}
}

// modelErr builds with build on a fresh model and returns the model's error.
func modelErr(build func(m *pm.Model)) error {
	m := pm.NewModel()
	build(m)
	return m.Err()
}

// with returns args with args[i] replaced by v.
func with(args []any, i int, v any) []any {
	out := append([]any(nil), args...)
	out[i] = v
	return out
}

// nanLike is a NaN of the kind of v: a scalar, or a vector or matrix with a NaN first.
func nanLike(v any) any {
	switch x := v.(type) {
	case []float64:
		out := append([]float64(nil), x...)
		out[0] = math.NaN()
		return out
	case [][]float64:
		out := make([][]float64, len(x))
		for i := range x {
			out[i] = append([]float64(nil), x[i]...)
		}
		out[0][0] = math.NaN()
		return out
	}
	return math.NaN()
}

func modelCases() []badCase {
	var cs []badCase
	for i, f := range families() {
		f := f
		id := fmt.Sprintf("%s#%d(%v)", f.name, i, f.params)
		last := len(f.params) - 1
		cs = append(cs,
			badCase{name: id + "/NaN " + f.params[0], call: func() error {
				return modelErr(func(m *pm.Model) { f.build(m, with(f.good, 0, nanLike(f.good[0]))) })
			}, want: []string{f.name, `"x"`, f.params[0], "NaN"}},
			badCase{name: id + "/string " + f.params[last], call: func() error {
				return modelErr(func(m *pm.Model) { f.build(m, with(f.good, last, "1.0")) })
			}, want: []string{f.name, `"x"`, f.params[last], "string"}},
			badCase{name: id + "/foreign node " + f.params[0], call: func() error {
				other := pm.NewModel()
				n := pm.Normal(other, "y", 0.0, 1.0)
				return modelErr(func(m *pm.Model) { f.build(m, with(f.good, 0, n)) })
			}, want: []string{f.name, `"x"`, f.params[0], "another graph"}},
			badCase{name: id + "/domain " + f.params[f.domain.at], call: func() error {
				return modelErr(func(m *pm.Model) { f.build(m, with(f.good, f.domain.at, f.domain.v)) })
			}, want: []string{f.name, `"x"`, f.domain.want}},
		)
	}
	// Valid though unusual: extreme finite parameters build, and their log density at the
	// initial point is finite.
	cs = append(cs,
		fine("Normal with sigma 1e-300 builds", func() error {
			m := pm.NewModel()
			pm.Normal(m, "x", 0.0, 1e-300)
			if err := m.Err(); err != nil {
				return err
			}
			x0, err := m.InitialPoint()
			if err != nil {
				return err
			}
			return allFinite("initial point", x0)
		}),
		fine("Normal with mu 1e300 has a finite log density", func() error {
			m := pm.NewModel()
			pm.Normal(m, "x", 1e300, 1.0)
			if err := m.Err(); err != nil {
				return err
			}
			lp, err := m.LogP(map[string]any{"x": 1e300})
			if err != nil {
				return err
			}
			return allFinite("log p", []float64{lp})
		}),
		badCase{name: "zero-value tensor as a parameter", call: func() error {
			return modelErr(func(m *pm.Model) { pm.Normal(m, "x", &tensor.Dense{}, 1.0) })
		}, want: []string{`"x"`, "mu", "zero-value *tensor.Dense"}},
		badCase{name: "nil tensor as a parameter", call: func() error {
			var t *tensor.Dense
			return modelErr(func(m *pm.Model) { pm.Normal(m, "x", 0.0, t) })
		}, want: []string{`"x"`, "sigma", "nil tensor"}},
		badCase{name: "nil node as a parameter", call: func() error {
			var n *G.Node
			return modelErr(func(m *pm.Model) { pm.Normal(m, "x", n, 1.0) })
		}, want: []string{`"x"`, "mu", "nil node"}},
		badCase{name: "empty slice as a parameter", call: func() error {
			return modelErr(func(m *pm.Model) { pm.Normal(m, "x", []float64{}, 1.0) })
		}, want: []string{`"x"`, "mu", "empty"}},
		badCase{name: "ragged matrix as a parameter", call: func() error {
			return modelErr(func(m *pm.Model) { pm.MvNormal(m, "x", []float64{0, 0}, [][]float64{{1, 0}, {0}}) })
		}, want: []string{`"x"`, "cov", "row 1 has 1 columns"}},
		badCase{name: "int tensor node as a parameter", call: func() error {
			return modelErr(func(m *pm.Model) {
				n := pm.IntScalar(m, "k")
				pm.Normal(m, "x", n, 1.0)
			})
		}, want: []string{`"x"`, "mu", "dtype int"}},
		badCase{name: "bool tensor as a parameter", call: func() error {
			return modelErr(func(m *pm.Model) {
				pm.Normal(m, "x", tensor.New(tensor.WithBacking([]bool{true})), 1.0)
			})
		}, want: []string{`"x"`, "mu", "dtype bool"}},
		badCase{name: "parameters that do not broadcast", call: func() error {
			return modelErr(func(m *pm.Model) { pm.Normal(m, "x", []float64{0, 1, 2}, []float64{1, 1}) })
		}, want: []string{`"x"`, "broadcast"}},
		badCase{name: "MvNormal mu and cov of other sizes", call: func() error {
			return modelErr(func(m *pm.Model) { pm.MvNormal(m, "x", []float64{0, 0, 0}, [][]float64{{1, 0}, {0, 1}}) })
		}, want: []string{`"x"`, "cov"}},
		badCase{name: "Categorical p of zeros", call: func() error {
			return modelErr(func(m *pm.Model) { pm.Categorical(m, "x", []float64{0, 0}) })
		}, want: []string{`"x"`, "p must sum to 1"}},
		badCase{name: "Binomial n not a whole number", call: func() error {
			return modelErr(func(m *pm.Model) { pm.Binomial(m, "x", 2.5, 0.5) })
		}, want: []string{`"x"`, "n must be"}},
	)
	return cs
}
