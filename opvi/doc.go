// Package opvi runs PyMC's operator variational inference: the KL operator (ADVI, full-rank
// ADVI and NFVI, its normalizing-flow form) and the Stein operator (SVGD, ASVGD), driven by
// one fit loop with PyMC's progress text, log lines, callbacks, NaN handling and refinement.
//
// An Inference pairs an operator with an approximation. Fit runs n iterations of: draw from
// the approximation, evaluate the model's compiled log density and gradient
// (model.LogDensity), form the operator's parameter gradient in plain Go, and update the
// parameters in place with an optimizer. Fit (the package function) is pm.fit: it picks the
// method by name ("advi", "fullrank_advi", "svgd", "asvgd", "nfvi", "nfvi=<formula>").
//
// NFVI's formula 'scale-loc' (its default) is mean-field ADVI: the same loss and gradient at
// the same parameters and draws, hence the same optimum; 'scale-hh*K-loc' is a Gaussian with
// K Householder reflections of a diagonal covariance (full-rank ADVI's family for K ≥ d-1).
package opvi
