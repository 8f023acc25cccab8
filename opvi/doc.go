// Package opvi runs PyMC's operator variational inference: the KL operator (ADVI and
// full-rank ADVI) and the Stein operator (SVGD, ASVGD), driven by one fit loop with PyMC's
// progress text, log lines, callbacks, NaN handling and refinement.
//
// An Inference pairs an operator with an approximation. Fit runs n iterations of: draw from
// the approximation, evaluate the model's compiled log density and gradient
// (model.LogDensity), form the operator's parameter gradient in plain Go, and update the
// parameters in place with an optimizer. Fit (the package function) is pm.fit: it picks the
// method by name.
package opvi
