// Package distributions provides PyMC's probability distributions as fused Gorgonia ops: each
// log density is one op over NumPy-style broadcast parameters, with a one-pass analytic
// gradient op, plus seeded random draws, supports and default transforms.
package distributions
