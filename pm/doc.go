// Package pm is the package users import, as `import pymc3 as pm`: PyMC's model building,
// sampling and variational-inference API for Go, in thin constructors and functional options
// (PyMC's keyword arguments) that forward to the packages below.
//
//	model := pm.NewModel()
//	x := pm.NormalMixture(model, "x", []float64{.2, .8}, []float64{-.3, .5}, []float64{.1, .1})
//	pm.Deterministic(model, "x2", G.Must(G.Square(x)))
//	if err := model.Err(); err != nil { ... }
//	trace, err := pm.Sample(model, pm.Draws(50000), pm.Seed(1))
//	approx, err := pm.Fit(model, pm.Method("advi"), pm.Seed(1))
//
// Building a model never panics: the first error is kept in the model (Model.Err) and
// returned by Sample, Fit and Eval. Parameters typed any accept a float64, an int, a
// []float64, a [][]float64, a *tensor.Dense or a *gorgonia.Node of the model's graph.
// Where NumPy broadcasts implicitly, Gorgonia needs explicit Broadcast ops.
package pm
