package testmodels

import (
	"math"
	"math/rand/v2"

	"github.com/gopymc/gopymc/distributions"
	"github.com/gopymc/gopymc/model"
	G "gorgonia.org/gorgonia"
)

// Conjugate is PyMC's test_fit_oo model (spec/pymc-semantics.md §7.1): mu ~ N(4, 2) with
// initval 0, and n = 1000 observations x ~ N(mu, 3) drawn as 3·randn - 5 from seed.
type Conjugate struct {
	Model *model.Model
	Data  []float64
	// PostMean and PostSD are the exact posterior mean and sd of mu:
	// d = n/σ² + 1/σ0², mean = (n·x̄/σ² + μ0/σ0²)/d, sd = √(1/d).
	PostMean, PostSD float64
}

// NewConjugate builds the conjugate model with n observations from the given seed.
func NewConjugate(n int, seed uint64) *Conjugate {
	rng := rand.New(rand.NewPCG(seed, 1))
	data := make([]float64, n)
	sum := 0.0
	for i := range data {
		data[i] = 3*rng.NormFloat64() - 5
		sum += data[i]
	}
	const sigma, mu0, sigma0 = 3.0, 4.0, 2.0
	d := float64(n)/(sigma*sigma) + 1/(sigma0*sigma0)
	c := &Conjugate{Data: data, PostMean: (sum/(sigma*sigma) + mu0/(sigma0*sigma0)) / d, PostSD: math.Sqrt(1 / d)}
	m := model.New()
	mu := Normal(m, "mu", mu0, sigma0, model.FreeOptions{InitVal: 0.0})
	like, err := distributions.NewNormal(mu, param(m, "x", "sigma", sigma))
	if err != nil {
		m.SetErr(err)
	}
	m.AddObserved("x", like, data, []int{n})
	c.Model = m
	return c
}

// Mixture is the tutorial's model: x ~ NormalMixture(w=(.2,.8), mu=(-.3,.5), sigma=(.1,.1))
// with the deterministics x2 = x² and sin_x = sin x.
func Mixture() *model.Model {
	m := model.New()
	d, err := distributions.NewNormalMixture(param(m, "x", "w", []float64{0.2, 0.8}),
		param(m, "x", "mu", []float64{-0.3, 0.5}), param(m, "x", "sigma", []float64{0.1, 0.1}))
	if err != nil {
		m.SetErr(err)
		return m
	}
	x := m.AddFree("x", d, model.FreeOptions{})
	m.AddDeterministic("x2", G.Must(G.Square(x)))
	m.AddDeterministic("sin_x", G.Must(G.Sin(x)))
	return m
}

// ELBOModel is PyMC's test_elbo model: mu ~ N(1.5, 1), y ~ N(mu, 1) observed (1.6, 1.4).
// ELBOTrue is its exact ELBO for a mean-field q with mean 1.88 and sd 1:
// -0.5·(3 + 3·1.88² - 2·(1.6+1.4+1.5)·1.88 + 1.6² + 1.4² + 1.5² + 3·log 2π) + 0.5·(log 2π + 1).
func ELBOModel() *model.Model {
	m := model.New()
	mu := Normal(m, "mu", 1.5, 1, model.FreeOptions{})
	like, err := distributions.NewNormal(mu, param(m, "y", "sigma", 1.0))
	if err != nil {
		m.SetErr(err)
		return m
	}
	m.AddObserved("y", like, []float64{1.6, 1.4}, nil)
	return m
}

// ELBOTrue is ELBOModel's exact ELBO at q = N(1.88, 1): -3.06448.
var ELBOTrue = -0.5*(3+3*1.88*1.88-2*(1.6+1.4+1.5)*1.88+1.6*1.6+1.4*1.4+1.5*1.5+3*math.Log(2*math.Pi)) + 0.5*(math.Log(2*math.Pi)+1)

// Normal adds a free variable name ~ N(mu, sigma) to m.
func Normal(m *model.Model, name string, mu, sigma any, opts model.FreeOptions) *G.Node {
	d, err := distributions.NewNormal(param(m, name, "mu", mu), param(m, name, "sigma", sigma))
	if err != nil {
		m.SetErr(err)
		return nil
	}
	return m.AddFree(name, d, opts)
}

func param(m *model.Model, v, p string, x any) *G.Node {
	n, err := m.Param(v, p, x)
	if err != nil {
		m.SetErr(err)
	}
	return n
}
