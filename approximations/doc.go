// Package approximations holds PyMC's variational approximations: MeanField and FullRank
// Gaussians in the model's unconstrained space (fitted by the KL operator in package opvi)
// and Empirical, a set of particles (fitted by SVGD, or made from a trace).
//
// Parameters live in flat Go vectors, updated in place by the optimizers, and are exposed as
// graph.Shared nodes of the model's graph: SharedParams, Mean, Std and Cov are nodes whose
// value is always current, so graph.Eval reads them (the .eval() of the tutorial), and
// SampleNode evaluates any expression of the model under draws from the approximation.
package approximations
