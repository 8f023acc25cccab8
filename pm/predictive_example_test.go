package pm_test

import (
	"fmt"
	"math"

	"github.com/gopymc/gopymc/optimizers"
	"github.com/gopymc/gopymc/pm"
	G "gorgonia.org/gorgonia"
)

// Posterior predictive draws of the conjugate model's 100 observations at each of 2 × 500
// NUTS draws of mu (PyMC's pm.sample_posterior_predictive(trace)): their mean is close to
// the posterior mean of mu.
func ExampleSamplePosteriorPredictive() {
	m, post := exampleConjugate()
	tr, err := pm.Sample(m, pm.Draws(500), pm.Chains(2), pm.Seed(1), pm.Output(nil))
	if err != nil {
		fmt.Println(err)
		return
	}
	ppc, err := pm.SamplePosteriorPredictive(m, tr, pm.Seed(2))
	if err != nil {
		fmt.Println(err)
		return
	}
	x := ppc.Values("x")
	mean := 0.0
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	fmt.Println("x:", ppc.Chains(), "chains of", ppc.Draws(0), "draws of shape", ppc.Shape("x"))
	fmt.Printf("predictive mean within 0.1 of the posterior mean: %v\n", math.Abs(mean-post) < 0.1)
	// Output:
	// x: 2 chains of 500 draws of shape [100]
	// predictive mean within 0.1 of the posterior mean: true
}

// Prior predictive draws (PyMC's pm.sample_prior_predictive(samples=1000)): mu from its
// prior N(4, 2), then the observations given mu.
func ExampleSamplePriorPredictive() {
	m, _ := exampleConjugate()
	prior, err := pm.SamplePriorPredictive(m, pm.Samples(1000), pm.Seed(3))
	if err != nil {
		fmt.Println(err)
		return
	}
	mu := prior.Values("mu")
	mean := 0.0
	for _, v := range mu {
		mean += v
	}
	fmt.Printf("mean of the prior draws of mu: %.1f\n", mean/float64(len(mu)))
	fmt.Println("x:", prior.Len(), "draws of shape", prior.Shape("x"))
	// Output:
	// mean of the prior draws of mu: 4.1
	// x: 1000 draws of shape [100]
}

// A compiled function of the posterior (theano.function over sample_node): a linear
// predictor X·w on a placeholder standing for the training data, called on new rows with a
// number of draws. With UseMean every draw is at the approximation's mean.
func ExampleFunction() {
	m := pm.NewModel()
	X := pm.NewShared(m, "X", [][]float64{{1, 0}, {0, 1}, {1, 1}})
	w := pm.Normal(m, "w", 0, 1, pm.Shape(2))
	pm.Normal(m, "y", G.Must(G.Mul(X.Node(), w)), 0.1, pm.Observed([]float64{1, -1, 0}))
	approx, err := pm.Fit(m, pm.N(3000), pm.Seed(1), pm.Output(nil), pm.ObjOptimizer(optimizers.Adam(0.05)))
	if err != nil {
		fmt.Println(err)
		return
	}
	x := pm.Placeholder(m, "x", 1, 2)
	n := pm.IntScalar(m, "n")
	f, err := pm.Function(approx, []*G.Node{x, n}, []*G.Node{G.Must(G.Mul(X.Node(), w))},
		pm.MoreReplacements(pm.Replace(X.Node(), x)), pm.UseMean())
	if err != nil {
		fmt.Println(err)
		return
	}
	out, err := f([][]float64{{2, 0}, {0, 2}, {1, -1}, {0, 0}}, 3)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("shape:", out[0].Shape())
	fmt.Printf("first draw: %.1f\n", out[0].Float64s()[:4])
	// Output:
	// shape: (3, 4)
	// first draw: [1.9 -2.0 1.9 0.0]
}

// SetData gives a data container new rows (PyMC's pm.set_data): predictions on new data.
func ExampleSetData() {
	m := pm.NewModel()
	x := pm.NewShared(m, "x", []float64{0, 1, 2})
	b := pm.Normal(m, "b", 0, 10)
	y := pm.NewShared(m, "y", []float64{0, 2, 4})
	pm.Normal(m, "obs", G.Must(G.Mul(x.Node(), b)), 0.01, pm.Observed(y.Node()))
	tr, err := pm.Sample(m, pm.Draws(200), pm.Tune(200), pm.Chains(1), pm.Seed(1), pm.Output(nil))
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := pm.SetData(m, map[string]any{"x": []float64{10, 20}, "y": []float64{0, 0}}); err != nil {
		fmt.Println(err)
		return
	}
	ppc, err := pm.SamplePosteriorPredictive(m, tr, pm.Seed(2))
	if err != nil {
		fmt.Println(err)
		return
	}
	obs := ppc.Values("obs")
	fmt.Println("shape:", ppc.Shape("obs"))
	fmt.Printf("first draw: %.0f\n", obs[:2])
	// Output:
	// shape: [2]
	// first draw: [20 40]
}

// A user's log density (PyMC's pm.DensityDist): a Laplace likelihood written with Gorgonia
// ops.
func ExampleDensityDist() {
	m := pm.NewModel()
	mu := pm.Normal(m, "mu", 0, 10)
	laplace := func(x *G.Node) (*G.Node, error) {
		d, err := G.Sub(x, mu)
		if err != nil {
			return nil, err
		}
		a, err := G.Abs(d)
		if err != nil {
			return nil, err
		}
		return G.Neg(a)
	}
	pm.DensityDist(m, "y", laplace, pm.Observed([]float64{1, 2, 3, 4, 100}))
	tr, err := pm.Sample(m, pm.Draws(1000), pm.Chains(2), pm.Seed(4), pm.Output(nil))
	if err != nil {
		fmt.Println(err)
		return
	}
	// The posterior of a Laplace location concentrates near the median, 3.
	fmt.Printf("posterior mean of mu: %.0f\n", tr.Mean("mu")[0])
	// Output:
	// posterior mean of mu: 3
}
