package model_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/gopymc/gopymc/distributions"
	"github.com/gopymc/gopymc/model"
	"github.com/gopymc/gopymc/pm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// noPanic runs f and turns a panic into a test failure.
func noPanic(t *testing.T, name string, f func()) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("%s: panic reached the caller: %v", name, r)
		}
	}()
	f()
}

// badInputs are models with one bad input each. want lists substrings of the build error:
// each names the variable and says what is wrong.
var badInputs = []struct {
	name  string
	build func(m *pm.Model) *G.Node
	want  []string
}{
	{"negative scale", func(m *pm.Model) *G.Node { return pm.Normal(m, "x", 0, -1) },
		[]string{`Normal "x"`, "sigma must be positive, got -1"}},
	{"zero scale", func(m *pm.Model) *G.Node { return pm.HalfNormal(m, "x", 0.0) },
		[]string{`HalfNormal "x"`, "sigma must be positive, got 0"}},
	{"negative scale in a vector", func(m *pm.Model) *G.Node { return pm.Normal(m, "x", 0, []float64{1, -2}) },
		[]string{`"x"`, "sigma must be positive, got -2 at index 1"}},
	{"NaN location", func(m *pm.Model) *G.Node { return pm.Normal(m, "x", math.NaN(), 1) },
		[]string{`"x"`, "mu must be finite, got NaN"}},
	{"negative probability", func(m *pm.Model) *G.Node {
		return pm.Categorical(m, "x", []float64{-0.1, 1.1}, pm.Observed([]int{0, 1}))
	}, []string{`Categorical "x"`, "p must be non-negative"}},
	{"probabilities not summing to one", func(m *pm.Model) *G.Node {
		return pm.Categorical(m, "x", []float64{0.3, 0.3}, pm.Observed([]int{0, 1}))
	}, []string{`Categorical "x"`, "p must sum to 1", "0.6"}},
	{"mixture weights not summing to one", func(m *pm.Model) *G.Node {
		return pm.NormalMixture(m, "x", []float64{0.3, 0.3}, []float64{0, 1}, []float64{1, 1})
	}, []string{`NormalMixture "x"`, "w must sum to 1"}},
	{"Bernoulli p above one", func(m *pm.Model) *G.Node { return pm.Bernoulli(m, "x", 1.5, pm.Observed([]int{0, 1})) },
		[]string{`Bernoulli "x"`, "p must lie in [0, 1], got 1.5"}},
	{"Bernoulli p negative", func(m *pm.Model) *G.Node { return pm.Bernoulli(m, "x", -0.5) },
		[]string{`Bernoulli "x"`, "got -0.5"}},
	{"shape against parameters", func(m *pm.Model) *G.Node {
		return pm.Normal(m, "x", []float64{1, 2, 3, 4}, 1, pm.Shape(3))
	}, []string{`Normal "x"`, "shape (4) does not broadcast to the variable's shape (3)"}},
	{"observed data against parameters", func(m *pm.Model) *G.Node {
		return pm.Normal(m, "x", []float64{1, 2, 3, 4}, 1, pm.Observed([]float64{1, 2, 3}))
	}, []string{`Normal "x"`, "do not broadcast"}},
	{"NaN in observed data", func(m *pm.Model) *G.Node {
		return pm.Normal(m, "x", 0, 1, pm.Observed([]float64{1, 2, math.NaN()}))
	}, []string{`observed variable "x"`, "entry 2 is NaN"}},
	{"Inf in observed data", func(m *pm.Model) *G.Node {
		return pm.Normal(m, "x", 0, 1, pm.Observed([][]float64{{1, math.Inf(1)}}))
	}, []string{`observed variable "x"`, "entry 1 is +Inf"}},
	// Since issue 17 NewShared refuses the NaN itself, naming the shared value.
	{"NaN in a Shared value observed", func(m *pm.Model) *G.Node {
		s := pm.NewShared(m, "d", []float64{math.NaN()})
		return pm.Normal(m, "x", 0, 1, pm.Observed(s.Node()))
	}, []string{`shared "d"`, "entry 0 is NaN"}},
	{"duplicate name", func(m *pm.Model) *G.Node {
		pm.Normal(m, "x", 0, 1)
		return pm.Normal(m, "x", 0, 1)
	}, []string{`the name "x" is already used by a free variable`}},
	{"name of a value variable", func(m *pm.Model) *G.Node {
		pm.HalfNormal(m, "s", 1.0)
		return pm.Normal(m, "s_log__", 0, 1)
	}, []string{`the name "s_log__" is already used by a value variable`}},
	{"total_size on a free variable", func(m *pm.Model) *G.Node { return pm.Normal(m, "x", 0, 1, pm.TotalSize(10)) },
		[]string{`Normal "x"`, "total_size can only be passed to observed variables"}},
	{"total_size longer than the shape", func(m *pm.Model) *G.Node {
		return pm.Normal(m, "x", 0, 1, pm.Observed([]float64{1, 2}), pm.TotalSize(10, 10))
	}, []string{`observed variable "x"`, "length of total_size [10, 10] is larger than the variable's number of dimensions 1"}},
	{"two Ellipsis in total_size", func(m *pm.Model) *G.Node {
		return pm.Normal(m, "x", 0, 1, pm.Observed([][]float64{{1}}), pm.TotalSize(pm.Ellipsis, 1, pm.Ellipsis))
	}, []string{`observed variable "x"`, "only one Ellipsis"}},
	{"observed []string", func(m *pm.Model) *G.Node { return pm.Normal(m, "x", 0, 1, pm.Observed([]string{"a"})) },
		[]string{`observed variable "x"`, "cannot use a []string"}},
	{"observed bool tensor", func(m *pm.Model) *G.Node {
		return pm.Normal(m, "x", 0, 1, pm.Observed(tensor.New(tensor.WithBacking([]bool{true, false}))))
	}, []string{`observed variable "x"`, "tensor of dtype bool cannot be used as float64 data"}},
	{"observed nil", func(m *pm.Model) *G.Node { return pm.Normal(m, "x", 0, 1, pm.Observed(nil)) },
		[]string{`observed variable "x"`, "no value"}},
	{"observed empty slice", func(m *pm.Model) *G.Node { return pm.Normal(m, "x", 0, 1, pm.Observed([]float64{})) },
		[]string{`observed variable "x"`, "empty slice"}},
	{"observed ragged matrix", func(m *pm.Model) *G.Node {
		return pm.Normal(m, "x", 0, 1, pm.Observed([][]float64{{1, 2}, {3}}))
	}, []string{`observed variable "x"`, "row 1 has 1 columns"}},
	{"observed node of another graph", func(m *pm.Model) *G.Node {
		other := pm.NewModel()
		return pm.Normal(m, "x", 0, 1, pm.Observed(pm.Normal(other, "y", 0, 1)))
	}, []string{`observed variable "x"`, "another graph"}},
	{"parameter of another graph", func(m *pm.Model) *G.Node {
		other := pm.NewModel()
		return pm.Normal(m, "x", pm.Normal(other, "mu", 0, 1), 1)
	}, []string{`mu of "x" is a node of another graph than the model's`}},
	{"parameter of a wrong kind", func(m *pm.Model) *G.Node { return pm.Normal(m, "x", "zero", 1) },
		[]string{`mu of "x"`, "cannot use a string"}},
	{"InitVal on an observed variable", func(m *pm.Model) *G.Node {
		return pm.Normal(m, "x", 0, 1, pm.Observed([]float64{1}), pm.InitVal(0.0))
	}, []string{`Normal "x"`, "InitVal does not apply to an observed variable"}},
	{"InitVal of a wrong shape", func(m *pm.Model) *G.Node {
		return pm.Normal(m, "x", 0, 1, pm.Shape(3), pm.InitVal([]float64{1, 2}))
	}, []string{`Normal "x"`, "initval", "(2) does not broadcast"}},
	{"InitVal NaN", func(m *pm.Model) *G.Node { return pm.Normal(m, "x", 0, 1, pm.InitVal(math.NaN())) },
		[]string{`Normal "x"`, "initval", "NaN"}},
	{"an option that does not apply", func(m *pm.Model) *G.Node { return pm.Normal(m, "x", 0, 1, pm.Draws(10)) },
		[]string{`Normal "x"`, "Draws"}},
	{"deterministic of another graph", func(m *pm.Model) *G.Node {
		other := pm.NewModel()
		return pm.Deterministic(m, "x", pm.Normal(other, "y", 0, 1))
	}, []string{`deterministic "x"`, "another graph"}},
	{"deterministic of a nil node", func(m *pm.Model) *G.Node { return pm.Deterministic(m, "x", nil) },
		[]string{`deterministic "x"`, "nil node"}},
	{"potential of a nil node", func(m *pm.Model) *G.Node { return pm.Potential(m, "x", nil) },
		[]string{`potential "x"`, "nil node"}},
	{"nil distribution", func(m *pm.Model) *G.Node { return m.AddFree("x", nil, model.FreeOptions{}) },
		[]string{`free variable "x" has no distribution`}},
	{"typed nil distribution", func(m *pm.Model) *G.Node {
		return m.AddFree("x", (*distributions.Normal)(nil), model.FreeOptions{Shape: tensor.Shape{2}})
	}, []string{`model: free variable "x"`}},
	{"nil observed distribution", func(m *pm.Model) *G.Node { return m.AddObserved("x", nil, []float64{1}, nil) },
		[]string{`observed variable "x" has no distribution`}},
}

// TestBadInputs checks that each bad input is a build error that names the variable and the
// problem, that no panic reaches the caller, that the builder still returns a node, and that
// the error sticks: every later call returns it.
func TestBadInputs(t *testing.T) {
	t.Parallel()
	for _, c := range badInputs {
		noPanic(t, c.name, func() {
			m := pm.NewModel()
			n := c.build(m)
			err := m.Err()
			if err == nil {
				t.Errorf("%s: no error", c.name)
				return
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%s: error %q does not contain %q", c.name, err, w)
				}
			}
			if n == nil {
				t.Errorf("%s: the builder returned a nil node", c.name)
			}
			checkSticky(t, c.name, m, err)
		})
	}
}

// checkSticky checks that every call on a model with a build error is safe and returns the
// first error.
func checkSticky(t *testing.T, name string, m *pm.Model, first error) {
	t.Helper()
	// Later building is safe and does not replace the error.
	y := pm.Normal(m, "later", 0, 1, pm.Shape(2))
	pm.Deterministic(m, "later2", G.Must(G.Square(y)))
	pm.Normal(m, "later3", y, 1, pm.Observed([]float64{1, 2}))
	_, errLD := m.LogDensity()
	_, errIP := m.InitialPoint()
	_, errIPW := m.InitialPointWith(map[string]any{"later": 1.0})
	_, errPF := m.PointFunc()
	_, errLP := m.LogP(nil)
	_, errS := pm.Sample(m, pm.Draws(5), pm.Tune(5), pm.Chains(1), pm.Output(nil))
	_, errF := pm.Fit(m, pm.N(5), pm.Output(nil))
	for i, err := range []error{m.Err(), errLD, errIP, errIPW, errPF, errLP, errS, errF} {
		if err == nil || !errors.Is(err, first) && err.Error() != first.Error() {
			t.Errorf("%s: call %d after the build error returned %v, want the first error %q", name, i, err, first)
		}
	}
}

// TestDiscreteFreeVariable checks that gradient-based inference refuses a discrete free
// variable with an error naming it, while Model.LogP and InitialPoint still work (PyMC's
// compile_logp accepts discrete variables).
func TestDiscreteFreeVariable(t *testing.T) {
	t.Parallel()
	m := pm.NewModel()
	pm.Normal(m, "mu", 0, 1)
	pm.Poisson(m, "k", 3.0)
	built(t, m)
	_, errLD := m.LogDensity()
	_, errS := pm.Sample(m, pm.Draws(5), pm.Tune(5), pm.Chains(1), pm.Output(nil))
	_, errF := pm.Fit(m, pm.N(5), pm.Output(nil))
	for i, err := range []error{errLD, errS, errF} {
		if err == nil || !strings.Contains(err.Error(), "Discrete variables") || !strings.Contains(err.Error(), "k") {
			t.Errorf("call %d: error %v, want one about Discrete variables naming k", i, err)
		}
	}
	x0, err := m.InitialPoint()
	// PyMC's support point of Poisson(3) is floor(mu) = 3.
	if err != nil || len(x0) != 2 || x0[1] != 3 {
		t.Errorf("InitialPoint = %v, %v; want [0 3]", x0, err)
	}
	lp, err := m.LogP(map[string]any{"mu": 0.0, "k": 2.0})
	// log N(0; 0, 1) + log Poisson(2; 3) = log N(0) + 2 log 3 - 3 - log 2.
	if want := logNorm(0, 0, 1) + 2*math.Log(3) - 3 - math.Log(2); err != nil || !near(lp, want, lpTol) {
		t.Errorf("LogP = %v, %v; want %v", lp, err, want)
	}
}

// TestNoFreeVariables checks the errors of a model without free variables, whose Model.LogP
// still gives the data's log likelihood.
func TestNoFreeVariables(t *testing.T) {
	t.Parallel()
	m := pm.NewModel()
	if _, err := m.LogDensity(); err == nil || !strings.Contains(err.Error(), "no free variables") {
		t.Errorf("LogDensity of an empty model: %v", err)
	}
	pm.Normal(m, "y", 0, 1, pm.Observed([]float64{0.5}))
	if lp, err := m.LogP(map[string]any{}); err != nil || !near(lp, logNorm(0.5, 0, 1), lpTol) {
		t.Errorf("LogP = %v, %v", lp, err)
	}
	if x, err := m.InitialPoint(); err != nil || len(x) != 0 {
		t.Errorf("InitialPoint = %v, %v; want an empty point", x, err)
	}
	if _, err := pm.Fit(m, pm.N(5), pm.Output(nil)); err == nil {
		t.Error("Fit of a model without free variables succeeded")
	}
}

// TestErrorsAreValues checks that the messages are lower case and package-prefixed.
func TestErrorsAreValues(t *testing.T) {
	t.Parallel()
	for _, c := range badInputs {
		m := pm.NewModel()
		noPanic(t, c.name, func() { c.build(m) })
		if err := m.Err(); err != nil {
			msg := err.Error()
			if !strings.HasPrefix(msg, "model: ") && !strings.HasPrefix(msg, "pm: ") {
				t.Errorf("%s: error %q has no package prefix", c.name, msg)
			}
		}
	}
}

// TestModelLogP checks Model.LogP (PyMC's compile_logp()(point)): keys are value-variable
// names with unconstrained values; a missing, unknown or wrongly sized key is an error
// naming it.
func TestModelLogP(t *testing.T) {
	t.Parallel()
	m := pm.NewModel()
	mu := pm.Normal(m, "mu", 0, 1)
	sigma := pm.HalfNormal(m, "sigma", 1.0)
	pm.Normal(m, "y", mu, sigma, pm.Observed(hierY))
	built(t, m)
	lp, err := m.LogP(map[string]any{"mu": 0.3, "sigma_log__": -0.2})
	want := logNorm(0.3, 0, 1) + logHalfNormal(math.Exp(-0.2), 1) - 0.2
	for _, y := range hierY {
		want += logNorm(y, 0.3, math.Exp(-0.2))
	}
	if err != nil || !near(lp, want, lpTol) {
		t.Errorf("LogP = %v, %v; want %v", lp, err, want)
	}
	// A second model state: adding a variable is seen by the next call.
	pm.Normal(m, "z", 0, 2)
	lp, err = m.LogP(map[string]any{"mu": 0.3, "sigma_log__": -0.2, "z": 1.0})
	if want := want + logNorm(1, 0, 2); err != nil || !near(lp, want, lpTol) {
		t.Errorf("after adding z: LogP = %v, %v; want %v", lp, err, want)
	}
	errs := []struct {
		point map[string]any
		want  string
	}{
		{map[string]any{"mu": 0.3, "z": 1.0}, `no value for "sigma_log__"`},
		{map[string]any{"mu": 0.3, "sigma": 1.0, "z": 1.0}, `"sigma" is not a value variable: give "sigma_log__", its log-transformed value`},
		{map[string]any{"mu": 0.3, "sigma_log__": 0.0, "z": 1.0, "nu": 2.0}, `"nu" is not a value variable of the model`},
		{map[string]any{"mu": 0.3, "sigma_log__": 0.0, "z": 1.0, "y": 2.0}, `"y" is not a value variable of the model`},
		{map[string]any{"mu": []float64{1, 2}, "sigma_log__": 0.0, "z": 1.0}, `"mu" has 2 elements, want 1`},
		{map[string]any{"mu": "a", "sigma_log__": 0.0, "z": 1.0}, `"mu": cannot use a string`},
	}
	for _, c := range errs {
		if _, err := m.LogP(c.point); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("LogP(%v): error %v, want one containing %q", c.point, err, c.want)
		}
	}
}
