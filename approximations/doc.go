// Package approximations holds PyMC's variational approximations: MeanField and FullRank
// Gaussians in the model's unconstrained space (fitted by the KL operator in package opvi),
// NormalizingFlow, PyMC3's normalizing flows (fitted by NFVI), and Empirical, a set of
// particles (fitted by SVGD, or made from a trace).
//
// Parameters live in flat Go vectors, updated in place by the optimizers, and are exposed as
// graph.Shared nodes of the model's graph: SharedParams, Mean, Std and Cov are nodes whose
// value is always current, so graph.Eval reads them (the .eval() of the tutorial), and
// SampleNode evaluates any expression of the model under draws from the approximation.
//
// # Normalizing flows
//
// A NormalizingFlow pushes z_0 ~ N(0, I) through layers named by a formula in PyMC3's
// language: flows separated by '-', each repeated with '*n' ('scale-hh*4-loc', 'planar*10').
// The layers are PyMC3's scale (z·softplus(rho)), loc (z + loc), hh (a Householder
// reflection), planar (z + û·tanh(wᵀz + b)) and radial (z + β(z - z_ref)/(α + |z - z_ref|)),
// and, beyond PyMC3, iaf: an inverse autoregressive flow step (Kingma et al. 2016) with a
// masked one-hidden-layer network, 'iaf' or 'iaf(width)'. Each layer has its log-determinant
// in closed form and its parameter gradient coded by hand, so training runs in plain Go,
// allocation-free, by reverse mode through the stack (FlowPass, Forward, AddGrad).
//
// Some formulas are older methods:
//
//	'scale-loc'        = MeanField (mean-field ADVI): the same family, parameters (loc ↔ mu,
//	                     rho ↔ rho, in the same flat layout) and gradient; only the start
//	                     differs (PyMC3 draws a flow's parameters around 0 with jitter).
//	'scale-hh*K-loc'   = a Gaussian N(loc, H S² Hᵀ): S = diag(softplus(rho)) rotated by K
//	                     reflections H. K ≥ d-1 spans every covariance (FullRank's family,
//	                     full-rank ADVI); small K gives S² plus a correction of rank at most
//	                     2K, a low-rank-plus-diagonal Gaussian (Tomczak and Welling's
//	                     family), at O(K·d) per draw instead of FullRank's O(d²).
//	'hh*K', 'loc', 'scale' alone: a rotation, a shift, a diagonal scale of N(0, I).
//
// Formulas of scale, loc and hh only are Gaussians, with exact Mean, Std and Cov; any other
// flow's moments are estimated from 4096 fixed draws.
package approximations
