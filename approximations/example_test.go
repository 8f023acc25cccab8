package approximations_test

import (
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/gopymc/gopymc/approximations"
	"github.com/gopymc/gopymc/pm"
	G "gorgonia.org/gorgonia"
)

// A mean-field approximation starts at the model's initial point with every sd log 2; its
// Mean and Std are nodes of the model's graph, and a sample node evaluates any expression
// of the model under q.
func ExampleMeanField() {
	m := pm.NewModel()
	mu := pm.Normal(m, "mu", 1, 2)
	sigma := pm.HalfNormal(m, "sigma", 1)
	q, err := approximations.NewMeanField(m, pm.Seed(1), pm.Start(map[string]any{"sigma": 2.0}))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("mean:", round3(eval1(q.Mean())))
	fmt.Println("std: ", round3(eval1(q.Std())))
	// mu·sigma at q's mean: 1·exp(log 2).
	atMean, _ := q.SampleNode(G.Must(G.Mul(mu, sigma)), pm.UseMean())
	fmt.Println("mu·sigma at the mean:", round3(eval1(atMean)))
	draws, _ := q.SampleNode(mu, pm.Size(4))
	v, _ := pm.Eval(draws)
	fmt.Println("shape of 4 draws:", v.Shape())
	// Output:
	// mean: [1 0.693]
	// std:  [0.693 0.693]
	// mu·sigma at the mean: [2]
	// shape of 4 draws: (4)
}

// An Empirical made from size particles around the start, as SVGD begins: its mean and sd
// are the particles'.
func ExampleNewEmpirical() {
	m := pm.NewModel()
	pm.Normal(m, "x", 3, 1)
	q, err := approximations.NewEmpirical(m, 1000, pm.Seed(2), pm.Jitter(0.5))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(q, round3(q.MeanValues()), round3(q.StdValues()))
	// Output:
	// Empirical[1000, 1] [3.004] [0.514]
}

func eval1(n *G.Node) []float64 {
	v, err := pm.Eval(n)
	if err != nil {
		return nil
	}
	if f, ok := v.Data().(float64); ok {
		return []float64{f}
	}
	return v.Data().([]float64)
}

func round3(x []float64) []float64 {
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = math.Round(v*1000) / 1000
	}
	return out
}

// A normalizing flow from a formula in PyMC3's language: its layers, its parameters by
// name and layer; with jitter 0 every parameter is 0: the reflections are the identity and
// the scale softplus(0) = log 2, so q starts as N(0, (log 2)²·I).
func ExampleNewNormalizingFlow() {
	m := pm.NewModel()
	pm.Normal(m, "x", 0, 1, pm.Shape(2))
	q, err := approximations.NewNormalizingFlow(m, pm.Flow("Scale-HH*2-Loc"), pm.Jitter(0))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(q.Formula(), q.Layers())
	fmt.Println(slices.Sorted(maps.Keys(q.SharedParams())))
	fmt.Println("Gaussian:", q.IsGaussian())
	fmt.Println("mean:", round3(eval1(q.Mean())))
	fmt.Println("std: ", round3(eval1(q.Std())))
	// Output:
	// scale-hh*2-loc [scale hh hh loc]
	// [loc_3 rho_0 v_1 v_2]
	// Gaussian: true
	// mean: [0 0]
	// std:  [0.693 0.693]
}
