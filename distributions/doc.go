// Package distributions provides PyMC's probability distributions as fused Gorgonia ops: each
// log density is one op over NumPy-style broadcast parameters that computes its value and
// its analytic partial derivatives in one pass over the data, plus seeded random draws,
// supports and default transforms.
package distributions
