package pm_test

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/gopymc/gopymc/optimizers"
	"github.com/gopymc/gopymc/pm"
	G "gorgonia.org/gorgonia"
)

// exampleConjugate is the quickstart's known-answer model: mu ~ N(4, 2) and 100
// observations x ~ N(mu, 3) drawn as 3·z - 5 from a seeded stream. It returns the model and
// the exact posterior mean of mu, (n·x̄/σ² + μ0/σ0²) / (n/σ² + 1/σ0²).
func exampleConjugate() (*pm.Model, float64) {
	rng := rand.New(rand.NewPCG(1, 1))
	data := make([]float64, 100)
	sum := 0.0
	for i := range data {
		data[i] = 3*rng.NormFloat64() - 5
		sum += data[i]
	}
	m := pm.NewModel()
	mu := pm.Normal(m, "mu", 4, 2)
	pm.Normal(m, "x", mu, 3, pm.Observed(data))
	post := (sum/9 + 4.0/4) / (100.0/9 + 1.0/4)
	return m, post
}

// The tutorial's mixture: its initial point is PyMC's support point Σ w·mu, and Model.LogP
// evaluates its log density at a point given by value-variable names.
func ExampleNormalMixture() {
	model := pm.NewModel()
	x := pm.NormalMixture(model, "x", []float64{.2, .8}, []float64{-.3, .5}, []float64{.1, .1})
	pm.Deterministic(model, "x2", G.Must(G.Square(x)))
	if err := model.Err(); err != nil {
		fmt.Println(err)
		return
	}
	x0, err := model.InitialPoint()
	if err != nil {
		fmt.Println(err)
		return
	}
	lp, err := model.LogP(map[string]any{"x": 0.5})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("initial point: x = %.2f\n", x0[0])
	fmt.Printf("log p(x = 0.5) = %.4f\n", lp)
	// Output:
	// initial point: x = 0.34
	// log p(x = 0.5) = 1.1605
}

// An observed variable: its log likelihood joins the priors in the model's log density, and
// a transformed variable is given to Model.LogP by its value variable's name.
func ExampleNormal() {
	model := pm.NewModel()
	mu := pm.Normal(model, "mu", 0, 10)
	sigma := pm.HalfNormal(model, "sigma", 1.0)
	pm.Normal(model, "y", mu, sigma, pm.Observed([]float64{0.9, 1.1, 1.0}))
	if err := model.Err(); err != nil {
		fmt.Println(err)
		return
	}
	for _, v := range model.Ordering() {
		fmt.Printf("%s: value variable %s, transform %q\n", v.Name, v.ValueName, v.Transform)
	}
	lp, err := model.LogP(map[string]any{"mu": 1.0, "sigma_log__": math.Log(0.1)})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("log p = %.3f\n", lp)
	// Output:
	// mu: value variable mu, transform ""
	// sigma: value variable sigma_log__, transform "log"
	// log p = -2.609
}

// A deterministic is recorded in every draw of a trace.
func ExampleDeterministic() {
	model := pm.NewModel()
	x := pm.Normal(model, "x", 0, 1)
	pm.Deterministic(model, "x2", G.Must(G.Square(x)))
	trace, err := pm.Sample(model, pm.Draws(20), pm.Tune(20), pm.Chains(1), pm.Seed(1), pm.Output(nil))
	if err != nil {
		fmt.Println(err)
		return
	}
	xs, x2s := trace.Values("x"), trace.Values("x2")
	same := len(xs) == 20
	for i := range xs {
		same = same && math.Abs(x2s[i]-xs[i]*xs[i]) < 1e-12
	}
	fmt.Println("variables:", trace.Has("x"), trace.Has("x2"))
	fmt.Println("x2 = x² in all 20 draws:", same)
	// Output:
	// variables: true true
	// x2 = x² in all 20 draws: true
}

// ADVI on the conjugate model, with Adam for the optimizer, finds the exact posterior mean
// up to the noise of its last steps.
func ExampleFit() {
	model, exact := exampleConjugate()
	approx, err := pm.Fit(model, pm.Method("advi"), pm.N(3000), pm.ObjOptimizer(optimizers.Adam(0.1)),
		pm.Seed(1), pm.Output(nil))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("posterior mean of mu: exact %.2f, ADVI %.2f\n", exact, approx.MeanValues()[0])
	// Output:
	// posterior mean of mu: exact -4.85, ADVI -4.82
}

// NUTS on the conjugate model.
func ExampleSample() {
	model, exact := exampleConjugate()
	trace, err := pm.Sample(model, pm.Draws(500), pm.Tune(500), pm.Chains(2), pm.Seed(1), pm.Output(nil))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d chains of %d draws\n", trace.Chains(), trace.Draws(0))
	fmt.Printf("posterior mean of mu: exact %.2f, NUTS %.2f\n", exact, trace.Mean("mu")[0])
	// Output:
	// 2 chains of 500 draws
	// posterior mean of mu: exact -4.85, NUTS -4.88
}

// Eval computes an expression (Theano's .eval()) with Shared values as they are now.
func ExampleEval() {
	model := pm.NewModel()
	w := pm.NewShared(model, "w", []float64{1, 2, 3})
	two := G.NewConstant(2.0, G.WithName("two"))
	doubled := G.Must(G.Mul(w.Node(), two))
	v, err := pm.Eval(doubled)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(v.Data())
	if err := w.SetValue([]float64{-1, 0, 1}); err != nil {
		fmt.Println(err)
		return
	}
	v, err = pm.Eval(doubled)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(v.Data())
	// Output:
	// [2 4 6]
	// [-2 0 2]
}

// A Shared value holds data that compiled functions read when they run, so that new data
// (test inputs, the next batch) needs no new model: here the observed data of a model, whose
// log density follows the data.
func ExampleNewShared() {
	model := pm.NewModel()
	data := pm.NewShared(model, "data", []float64{0, 0})
	mu := pm.Normal(model, "mu", 0, 1)
	pm.Normal(model, "y", mu, 1, pm.Observed(data.Node()))
	if err := model.Err(); err != nil {
		fmt.Println(err)
		return
	}
	for _, d := range [][]float64{{0, 0}, {1, -1}} {
		if err := data.SetValue(d); err != nil {
			fmt.Println(err)
			return
		}
		lp, err := model.LogP(map[string]any{"mu": 0.0})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("data %v: log p = %.4f\n", data.Data(), lp)
	}
	// Output:
	// data [0 0]: log p = -2.7568
	// data [1 -1]: log p = -3.7568
}
