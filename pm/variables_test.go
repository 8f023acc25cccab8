package pm_test

import (
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/gopymc/gopymc/pm"
	G "gorgonia.org/gorgonia"
)

// varsInitTol is the tolerance of initial points against PyMC's support points (closed forms).
const varsInitTol = 1e-12

func varsLogit(p float64) float64 { return math.Log(p / (1 - p)) }

// varsSupportPoints lists one variable of each family, its value variable's name, and its
// initial point in unconstrained space: PyMC's support_point (pymc/distributions/*.py,
// support_point functions) mapped forward by the default transform.
var varsSupportPoints = []struct {
	build     func(m *pm.Model)
	valueName string
	want      []float64
}{
	// HalfNormal: sigma; log transform.
	{func(m *pm.Model) { pm.HalfNormal(m, "sigma", 2.0) }, "sigma_log__", []float64{math.Log(2)}},
	{func(m *pm.Model) { pm.HalfNormalTau(m, "sigma", 4.0) }, "sigma_log__", []float64{math.Log(0.5)}},
	// Uniform: the midpoint; interval transform varsLogit((x-lo)/(hi-lo)) of 2 on (0, 4) is 0.
	{func(m *pm.Model) { pm.Uniform(m, "u", 0, 4) }, "u_interval__", []float64{0}},
	// Beta: the mean; logodds transform.
	{func(m *pm.Model) { pm.Beta(m, "b", 2, 2) }, "b_logodds__", []float64{0}},
	{func(m *pm.Model) { pm.Beta(m, "b", 2, 3, pm.Shape(2)) }, "b_logodds__", []float64{varsLogit(0.4), varsLogit(0.4)}},
	// NormalMixture: Σ w·mu = 0.2·(-0.3) + 0.8·0.5 (the tutorial prints 0.34).
	{func(m *pm.Model) {
		pm.NormalMixture(m, "x", []float64{.2, .8}, []float64{-.3, .5}, []float64{.1, .1})
	}, "x", []float64{0.34}},
	{func(m *pm.Model) { pm.Normal(m, "x", 1.5, 2, pm.Shape(2)) }, "x", []float64{1.5, 1.5}},
	{func(m *pm.Model) { pm.NormalTau(m, "x", -1, 4) }, "x", []float64{-1}},
	{func(m *pm.Model) { pm.Flat(m, "x", pm.Shape(3)) }, "x", []float64{0, 0, 0}},
	{func(m *pm.Model) { pm.HalfFlat(m, "x") }, "x_log__", []float64{0}},
	// Exponential: the mean 1/lam.
	{func(m *pm.Model) { pm.Exponential(m, "e", 2.0) }, "e_log__", []float64{math.Log(0.5)}},
	// Gamma: the mean alpha/beta.
	{func(m *pm.Model) { pm.Gamma(m, "g", 2, 3) }, "g_log__", []float64{math.Log(2.0 / 3)}},
	{func(m *pm.Model) { pm.GammaMuSigma(m, "g", 2, 1) }, "g_log__", []float64{math.Log(2)}},
	// InverseGamma: the mean beta/(alpha-1) when alpha > 1, else the mode beta/(alpha+1).
	{func(m *pm.Model) { pm.InverseGamma(m, "ig", 3, 2) }, "ig_log__", []float64{0}},
	{func(m *pm.Model) { pm.InverseGamma(m, "ig", 0.5, 2) }, "ig_log__", []float64{math.Log(2 / 1.5)}},
	// LogNormal: the mean exp(mu + sigma²/2).
	{func(m *pm.Model) { pm.LogNormal(m, "l", 0.5, 0.7) }, "l_log__", []float64{0.5 + 0.49/2}},
	{func(m *pm.Model) { pm.StudentT(m, "t", 3, 1.5, 2) }, "t", []float64{1.5}},
	{func(m *pm.Model) { pm.Cauchy(m, "c", 1, 2) }, "c", []float64{1}},
	// HalfCauchy: beta.
	{func(m *pm.Model) { pm.HalfCauchy(m, "hc", 2.0) }, "hc_log__", []float64{math.Log(2)}},
	{func(m *pm.Model) { pm.Laplace(m, "la", -1, 2) }, "la", []float64{-1}},
	{func(m *pm.Model) { pm.MvNormal(m, "mv", []float64{1, 2}, [][]float64{{1, 0}, {0, 1}}) }, "mv", []float64{1, 2}},
	// Dirichlet: the mean a/Σa = (1/6, 1/3, 1/2), mapped by PyMC3's stick-breaking
	// y_k = varsLogit(x_k / (1 - Σ_{j<k} x_j)) - varsLogit(1/(K-k)): varsLogit(1/6) - varsLogit(1/3) and
	// varsLogit(0.4) - varsLogit(1/2).
	{func(m *pm.Model) { pm.Dirichlet(m, "p", []float64{1, 2, 3}) }, "p_stickbreaking__",
		[]float64{varsLogit(1.0/6) - varsLogit(1.0/3), varsLogit(0.4)}},
	{func(m *pm.Model) { pm.Dirichlet(m, "p", []float64{2, 2, 2}) }, "p_stickbreaking__", []float64{0, 0}},
	// Discrete families keep their values: Bernoulli switch(p < 0.5, 0, 1), Poisson
	// floor(mu), Binomial round(n·p), Categorical argmax(p).
	{func(m *pm.Model) { pm.Bernoulli(m, "k", 0.3) }, "k", []float64{0}},
	{func(m *pm.Model) { pm.Bernoulli(m, "k", 0.7) }, "k", []float64{1}},
	{func(m *pm.Model) { pm.BernoulliLogit(m, "k", 0.5) }, "k", []float64{1}},
	{func(m *pm.Model) { pm.Poisson(m, "k", 3.7) }, "k", []float64{3}},
	{func(m *pm.Model) { pm.Binomial(m, "k", 10, 0.33) }, "k", []float64{3}},
	{func(m *pm.Model) { pm.Categorical(m, "k", []float64{0.2, 0.5, 0.3}) }, "k", []float64{1}},
	{func(m *pm.Model) { pm.CategoricalLogit(m, "k", []float64{0, 2, 1}) }, "k", []float64{1}},
}

// TestSupportPoints checks every family's value variable and initial point.
func TestSupportPoints(t *testing.T) {
	t.Parallel()
	for _, c := range varsSupportPoints {
		m := pm.NewModel()
		c.build(m)
		if err := m.Err(); err != nil {
			t.Errorf("%s: %v", c.valueName, err)
			continue
		}
		order := m.Ordering()
		x, err := m.InitialPoint()
		if err != nil || len(order) != 1 || order[0].ValueName != c.valueName || len(x) != len(c.want) {
			t.Errorf("%s: ordering %v, initial point %v, %v; want %v", c.valueName, order, x, err, c.want)
			continue
		}
		for i := range x {
			if math.Abs(x[i]-c.want[i]) > varsInitTol {
				t.Errorf("%s: initial point %v, want %v", c.valueName, x, c.want)
				break
			}
		}
	}
}

// varsHierarchical builds mu ~ N(2, 1), sigma ~ HalfNormal(1), theta ~ N(mu, sigma, shape 3),
// lo ~ N(1, 1), u ~ Uniform(lo, lo + 4).
func varsHierarchical(t *testing.T, opts ...pm.Option) *pm.Model {
	t.Helper()
	m := pm.NewModel()
	mu := pm.Normal(m, "mu", 2, 1)
	sigma := pm.HalfNormal(m, "sigma", 1.0, opts...)
	pm.Normal(m, "theta", mu, sigma, pm.Shape(3))
	lo := pm.Normal(m, "lo", 1, 1)
	pm.Uniform(m, "u", lo, G.Must(G.Add(lo, G.NewConstant(4.0, G.WithName("four")))))
	if err := m.Err(); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestDependentSupportPoints checks that parameters depending on earlier variables are
// evaluated at those variables' initial values, as PyMC's initial point function does.
func TestDependentSupportPoints(t *testing.T) {
	t.Parallel()
	m := varsHierarchical(t)
	x, err := m.InitialPoint()
	// mu = 2, sigma_log__ = log 1, theta = mu, lo = 1, u = midpoint of (1, 5) -> 0.
	want := []float64{2, 0, 2, 2, 2, 1, 0}
	if err != nil || !varsEqual(x, want, varsInitTol) {
		t.Errorf("initial point %v, %v; want %v", x, err, want)
	}
}

// TestInitVal checks pm.InitVal: a constrained value mapped by the transform, broadcast to
// the variable's shape.
func TestInitVal(t *testing.T) {
	t.Parallel()
	m := pm.NewModel()
	pm.HalfNormal(m, "s", 1.0, pm.InitVal(3.0))
	pm.Uniform(m, "u", 0, 4, pm.InitVal(1.0))
	pm.Beta(m, "b", 2, 2, pm.Shape(2), pm.InitVal([]float64{0.2, 0.5}))
	pm.Normal(m, "n", 0, 1, pm.Shape(3), pm.InitVal(0.5))
	pm.HalfNormal(m, "raw", 1.0, pm.NoTransform(), pm.InitVal(2.0))
	if err := m.Err(); err != nil {
		t.Fatal(err)
	}
	x, err := m.InitialPoint()
	// log 3; varsLogit(1/4); varsLogit(0.2), varsLogit(0.5); 0.5 three times; 2 untransformed.
	want := []float64{math.Log(3), varsLogit(0.25), varsLogit(0.2), 0, 0.5, 0.5, 0.5, 2}
	if err != nil || !varsEqual(x, want, varsInitTol) {
		t.Errorf("initial point %v, %v; want %v", x, err, want)
	}
	if o := m.Ordering(); o[4].ValueName != "raw" || o[4].Transform != "" {
		t.Errorf("NoTransform: %+v", o[4])
	}
}

// TestInitialPointWith checks overrides by variable name (constrained) and value-variable
// name (unconstrained), their effect on dependent support points, and the errors.
func TestInitialPointWith(t *testing.T) {
	t.Parallel()
	m := varsHierarchical(t)
	x, err := m.InitialPointWith(map[string]any{"mu": 5.0, "sigma": math.E, "u_interval__": 0.3})
	// theta follows mu = 5; sigma_log__ = log e = 1; u's value is taken as given.
	want := []float64{5, 1, 5, 5, 5, 1, 0.3}
	if err != nil || !varsEqual(x, want, varsInitTol) {
		t.Errorf("initial point %v, %v; want %v", x, err, want)
	}
	x, err = m.InitialPointWith(map[string]any{"sigma_log__": -1.0, "theta": []float64{1, 2, 3}, "lo": -3.0, "u": 0.0})
	// u = 0 in (lo, lo+4) = (-3, 1): varsLogit(3/4).
	want = []float64{2, -1, 1, 2, 3, -3, varsLogit(0.75)}
	if err != nil || !varsEqual(x, want, varsInitTol) {
		t.Errorf("initial point %v, %v; want %v", x, err, want)
	}
	errs := []struct {
		start map[string]any
		want  string
	}{
		{map[string]any{"nu": 1.0}, `"nu" is not a free variable`},
		{map[string]any{"sigma": -1.0}, `HalfNormal "sigma": the initial value [-1] is outside the support`},
		{map[string]any{"u": 7.0}, `Uniform "u": the initial value [7] is outside the support`},
		{map[string]any{"theta": []float64{1, 2}}, `start "theta"`},
		{map[string]any{"sigma_log__": math.NaN()}, `start "sigma_log__"`},
		{map[string]any{"mu": "two"}, `start "mu"`},
	}
	for _, c := range errs {
		if _, err := m.InitialPointWith(c.start); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("start %v: error %v, want one containing %q", c.start, err, c.want)
		}
	}
	bad := varsHierarchical(t, pm.InitVal(-2.0))
	if _, err := bad.InitialPoint(); err == nil || !strings.Contains(err.Error(), `"sigma"`) {
		t.Errorf("InitVal outside the support: error %v", err)
	}
}

// TestInitialPointReadOnly checks that InitialPoint adds nothing to the model's graph, and
// that concurrent calls agree (run with -race).
func TestInitialPointReadOnly(t *testing.T) {
	t.Parallel()
	m := varsHierarchical(t)
	first, err := m.InitialPoint()
	if err != nil {
		t.Fatal(err)
	}
	nodes := len(m.Graph().AllNodes())
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 5 {
				x, err := m.InitialPointWith(map[string]any{"sigma": 1.0})
				if err != nil || !varsEqual(x, first, varsInitTol) {
					t.Errorf("concurrent InitialPoint %v, %v; want %v", x, err, first)
				}
			}
		})
	}
	wg.Wait()
	if n := len(m.Graph().AllNodes()); n != nodes {
		t.Errorf("InitialPoint grew the graph from %d to %d nodes", nodes, n)
	}
}

// TestConstructorsBadParameter gives every constructor a parameter it cannot use: each must
// record an error naming the variable and return a node, without panicking.
func TestConstructorsBadParameter(t *testing.T) {
	t.Parallel()
	bad := []string{"not a number"}
	ok := 1.0
	ctors := map[string]func(m *pm.Model) *G.Node{
		"Normal":           func(m *pm.Model) *G.Node { return pm.Normal(m, "v", bad, ok) },
		"NormalTau":        func(m *pm.Model) *G.Node { return pm.NormalTau(m, "v", ok, bad) },
		"HalfNormal":       func(m *pm.Model) *G.Node { return pm.HalfNormal(m, "v", bad) },
		"HalfNormalTau":    func(m *pm.Model) *G.Node { return pm.HalfNormalTau(m, "v", bad) },
		"Uniform":          func(m *pm.Model) *G.Node { return pm.Uniform(m, "v", bad, ok) },
		"Exponential":      func(m *pm.Model) *G.Node { return pm.Exponential(m, "v", bad) },
		"Gamma":            func(m *pm.Model) *G.Node { return pm.Gamma(m, "v", ok, bad) },
		"GammaMuSigma":     func(m *pm.Model) *G.Node { return pm.GammaMuSigma(m, "v", bad, ok) },
		"InverseGamma":     func(m *pm.Model) *G.Node { return pm.InverseGamma(m, "v", bad, ok) },
		"Beta":             func(m *pm.Model) *G.Node { return pm.Beta(m, "v", ok, bad) },
		"LogNormal":        func(m *pm.Model) *G.Node { return pm.LogNormal(m, "v", bad, ok) },
		"LogNormalTau":     func(m *pm.Model) *G.Node { return pm.LogNormalTau(m, "v", ok, bad) },
		"StudentT":         func(m *pm.Model) *G.Node { return pm.StudentT(m, "v", bad, ok, ok) },
		"Cauchy":           func(m *pm.Model) *G.Node { return pm.Cauchy(m, "v", ok, bad) },
		"HalfCauchy":       func(m *pm.Model) *G.Node { return pm.HalfCauchy(m, "v", bad) },
		"Laplace":          func(m *pm.Model) *G.Node { return pm.Laplace(m, "v", bad, ok) },
		"NormalMixture":    func(m *pm.Model) *G.Node { return pm.NormalMixture(m, "v", bad, ok, ok) },
		"NormalMixtureTau": func(m *pm.Model) *G.Node { return pm.NormalMixtureTau(m, "v", ok, ok, bad) },
		"MvNormal":         func(m *pm.Model) *G.Node { return pm.MvNormal(m, "v", ok, bad) },
		"MvNormalChol":     func(m *pm.Model) *G.Node { return pm.MvNormalChol(m, "v", bad, ok) },
		"Dirichlet":        func(m *pm.Model) *G.Node { return pm.Dirichlet(m, "v", bad) },
		"Bernoulli":        func(m *pm.Model) *G.Node { return pm.Bernoulli(m, "v", bad) },
		"BernoulliLogit":   func(m *pm.Model) *G.Node { return pm.BernoulliLogit(m, "v", bad) },
		"Binomial":         func(m *pm.Model) *G.Node { return pm.Binomial(m, "v", ok, bad) },
		"Poisson":          func(m *pm.Model) *G.Node { return pm.Poisson(m, "v", bad) },
		"Categorical":      func(m *pm.Model) *G.Node { return pm.Categorical(m, "v", bad) },
		"CategoricalLogit": func(m *pm.Model) *G.Node { return pm.CategoricalLogit(m, "v", bad) },
	}
	for name, ctor := range ctors {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s: panic: %v", name, r)
				}
			}()
			m := pm.NewModel()
			n := ctor(m)
			err := m.Err()
			if n == nil || err == nil || !strings.Contains(err.Error(), `"v"`) || !strings.Contains(err.Error(), "[]string") {
				t.Errorf("%s: node %v, error %v", name, n, err)
			}
		}()
	}
}

// TestOptionsApply checks Shape, NoTransform and the observed variable's returned node.
func TestOptionsApply(t *testing.T) {
	t.Parallel()
	m := pm.NewModel()
	x := pm.Normal(m, "x", 0, 1, pm.Shape(2, 3))
	y := pm.Normal(m, "y", 0, 1, pm.Observed([][]float64{{1, 2}, {3, 4}}))
	s := pm.HalfNormal(m, "s", 1.0, pm.NoTransform())
	if err := m.Err(); err != nil {
		t.Fatal(err)
	}
	if !x.Shape().Eq([]int{2, 3}) || !y.Shape().Eq([]int{2, 2}) || !s.IsScalar() {
		t.Errorf("shapes: x %v, y %v, s %v", x.Shape(), y.Shape(), s.Shape())
	}
	o := m.Ordering()
	if len(o) != 2 || o[0].Size != 6 || o[1].ValueName != "s" || m.Dim() != 7 {
		t.Errorf("ordering %+v, dim %d", o, m.Dim())
	}
}

func varsEqual(a, b []float64, tol float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Abs(a[i]-b[i]) > tol {
			return false
		}
	}
	return true
}
