// Package predictive draws from a model's prior and posterior predictive distributions
// (PyMC's sample_prior_predictive and sample_posterior_predictive): observed variables drawn
// afresh from their families' seeded Rand at each posterior (or prior) draw of the free
// variables, and any named free variable, deterministic or potential evaluated there.
//
// Each draw has its own random stream, derived from the seed and the draw's index, and draws
// run in parallel on compiled copies of the model's graph, so a seed gives the same numbers
// on one core or many.
//
//	post, err := predictive.Posterior(ctx, m, tr, predictive.Settings{Seed: 1})
//	y := post.Values("y") // draws × the data's shape, chain after chain
package predictive
