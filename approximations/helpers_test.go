package approximations_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gopymc/gopymc/approximations"
	"github.com/gopymc/gopymc/pm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// quiet silences progress output in fits.
var quiet = pm.Output(nil)

// threeVarModel is PyMC's three_var_model (tests/variational/test_opvi.py): one ~
// HalfNormal(shape (10, 2)), two ~ Normal(shape 10), three ~ Normal(shape (10, 1, 2)); the
// flat dimension is 20 + 10 + 20 = 50.
func threeVarModel(t testing.TB) *pm.Model {
	t.Helper()
	m := pm.NewModel()
	pm.HalfNormal(m, "one", 1, pm.Shape(10, 2))
	pm.Normal(m, "two", 0, 1, pm.Shape(10))
	pm.Normal(m, "three", 0, 1, pm.Shape(10, 1, 2))
	if err := m.Err(); err != nil {
		t.Fatal(err)
	}
	return m
}

// smallModel is a 4-dimensional model with a transformed variable: mu ~ N(1, 2) (shape 2),
// sigma ~ HalfNormal(1), w ~ Normal(-1, 0.5), observed y ~ N(mu[0], sigma).
func smallModel(t testing.TB) *pm.Model {
	t.Helper()
	m := pm.NewModel()
	mu := pm.Normal(m, "mu", 1, 2, pm.Shape(2))
	sigma := pm.HalfNormal(m, "sigma", 1)
	pm.Normal(m, "w", -1, 0.5)
	mu0 := G.Must(G.Slice(mu, G.S(0)))
	pm.Normal(m, "y", mu0, sigma, pm.Observed([]float64{0.3, 1.1, -0.2}))
	if err := m.Err(); err != nil {
		t.Fatal(err)
	}
	return m
}

// binomialModel is PyMC's Binomial model of test_replacements (tests/variational/
// test_inference.py): p ~ Beta(1, 1) and 100 Bernoulli(0.2) draws observed with
// Binomial(1, p). It returns the model and p's node.
func binomialModel(t testing.TB) (*pm.Model, *G.Node) {
	t.Helper()
	rng := rand.New(rand.NewPCG(5, 6))
	obs := make([]float64, 100)
	for i := range obs {
		if rng.Float64() < 0.2 {
			obs[i] = 1
		}
	}
	m := pm.NewModel()
	p := pm.Beta(m, "p", 1, 1)
	pm.Binomial(m, "x", 1, p, pm.Observed(obs))
	if err := m.Err(); err != nil {
		t.Fatal(err)
	}
	return m, p
}

// eval evaluates a node with pm.Eval and returns its elements and shape.
func eval(t testing.TB, n *G.Node, opts ...pm.Option) ([]float64, tensor.Shape) {
	t.Helper()
	v, err := pm.Eval(n, opts...)
	if err != nil {
		t.Fatal(err)
	}
	switch d := v.Data().(type) {
	case []float64:
		return append([]float64(nil), d...), v.Shape().Clone()
	case float64:
		return []float64{d}, v.Shape().Clone()
	}
	t.Fatalf("eval: %v holds %T", n, v.Data())
	return nil, nil
}

// closeTo reports whether got and want agree within an absolute tol, scaled by |want| when
// it is larger than 1.
func closeTo(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

// checkFloats fails t at the first element of got farther than tol from want.
func checkFloats(t testing.TB, what string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i := range got {
		if !closeTo(got[i], want[i], tol) {
			t.Fatalf("%s[%d] = %v, want %v (tol %g)", what, i, got[i], want[i], tol)
		}
	}
}

// allEqual reports whether every element of x equals x[0].
func allEqual(x []float64) bool {
	for _, v := range x {
		if v != x[0] {
			return false
		}
	}
	return true
}

// randomise sets every parameter of q to a seeded value around its current one, so that
// checks do not run at the symmetric initial point.
func randomise(q approximations.Approximation, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 9))
	for i := range q.FlatParams() {
		q.FlatParams()[i] += 0.5 * rng.NormFloat64()
	}
}

// normals returns n seeded standard normal draws.
func normals(n int, seed uint64) []float64 {
	rng := rand.New(rand.NewPCG(seed, 10))
	out := make([]float64, n)
	for i := range out {
		out[i] = rng.NormFloat64()
	}
	return out
}
