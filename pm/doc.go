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
// returned by Sample, Fit and Eval; a building call given a nil model returns a stand-in,
// and Fit, Sample and the others then return model.ErrNilModel. Parameters typed any accept
// a float64, an int, a []float64, a [][]float64, a *tensor.Dense or a *gorgonia.Node of the
// model's graph. Where NumPy broadcasts implicitly, Gorgonia needs explicit Broadcast ops.
//
// Fits and samplers refuse a model whose log density is not finite where they start (data
// outside a likelihood's support: a Bernoulli observation of 2), naming the term, and stop
// at the first infinite or NaN loss with an opvi.NaNError that names the model term, keeping
// finite parameters that Refine can continue from. An approximation knows its model's
// version: after the model gains a variable, an observed variable or a potential (a notebook
// cell run again), using the approximation is an error saying what changed. Long calls take
// a context (FitContext, SampleContext, the predictive samplers, PSISContext,
// PosteriorFunction.CallContext) and stop within a log-density evaluation of its cancel,
// keeping what they made; their memory grows with the work done, not the work asked for.
package pm
