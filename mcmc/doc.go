// Package mcmc draws from a posterior with the No-U-Turn sampler the way PyMC's pm.sample
// runs it: multinomial NUTS with the generalised U-turn criterion, a diagonal mass matrix
// adapted in windows during tuning (init "jitter+adapt_diag"), dual-averaging step size,
// several chains on goroutines, each seeded from one seed and its chain number. The warm-up
// is Stan's by default (its acceptance statistic, windows and step-size restarts: AdaptStan),
// which diverges much less than PyMC's at the same target; PyMC's is AdaptPyMC.
//
// The sampler sees the model only through LogDensity: an unnormalised log density on R^d
// (the model's unconstrained space) and its gradient. Sample takes one LogDensity per chain,
// so that each chain's goroutine owns its own copy of a compiled model:
//
//	res, err := mcmc.Sample(ctx, targets, x0, mcmc.Settings{Seed: 42})
//	if err != nil { ... }
//	for _, w := range mcmc.Warnings(res) { log.Println(w) }
//	draws := res.Chains[0].Draws // Draws × Dim, row-major
//
// The zero Settings is PyMC's default but for the warm-up: 1000 tuning and 1000 kept
// iterations per chain, target_accept 0.8, max_treedepth 10, init "jitter+adapt_diag",
// min(4, NumCPU) chains at once, Stan's adaptation.
package mcmc
