package pm

import (
	"github.com/gopymc/gopymc/config"
)

// Options of issue 19: the PSIS diagnostic, step sizes that need no tuning, iterate
// averaging.

// ReportPSIS makes Fit (and Refine) write one more line when the fit ends: PSIS's k-hat
// for the fitted approximation from draws draws (0 for the default 1000), and what it
// means, e.g. "PSIS: Pareto k-hat 1.32 > 1 (S = 1000 draws, tail 95): the approximation is
// unreliable: ...". For a minibatched model give replacements restoring the full data
// (Replace(minibatch.Node(), data)); see PSIS. ADVI and full-rank ADVI take it; SVGD's
// particles have no density to weigh.
func ReportPSIS(draws int, rs ...Replacement) Option {
	r := append([]Replacement(nil), rs...)
	return config.New("ReportPSIS", draws, func(s *config.Settings) { s.PSISDraws, s.PSISReplace = draws, r })
}

// PSISResample makes an approximation's Sample return PSIS-resampled draws: proposals draws
// from the approximation (at least as many as requested; 4 or more times as many is
// better) are weighed by p/q with Pareto smoothing, and the draws are resampled from them
// by their weights (Yao et al. 2018, Section 3.3). See approximations' Sample.
func PSISResample(proposals int) Option {
	return config.New("PSISResample", proposals, func(s *config.Settings) { s.PSISProposals = proposals })
}

// AdaptEta makes a fit first search its optimizer's learning rate as Stan's ADVI does
// (adapt engaged): iterations steps (0 for Stan's 50) with each of 100, 10, 1, 0.1 and
// 0.01 from the starting point, keeping the last before the estimated ELBO (100 draws)
// gets worse. Without ObjOptimizer the rule searched is Stan's step-size sequence
// (optimizers.StanADVI); with one, its learning rate. The trials are not part of the
// history. ADVI and full-rank ADVI take it.
func AdaptEta(iterations int) Option {
	return config.New("AdaptEta", iterations, func(s *config.Settings) { s.AdaptEtaIterations = iterations })
}

// Averaging makes a fit return the polynomial-decay average of its iterates (Shamir and
// Zhang 2013; eta >= 0, optimizers.DefaultAveragingEta = 8 as in the DoG paper and
// AdvancedVI.jl) instead of the last iterate: the noise of stochastic steps averages out.
// Callbacks see the iterates; after the fit the approximation holds the average, and Refine
// continues from the iterate.
func Averaging(eta float64) Option {
	return config.New("Averaging", eta, func(s *config.Settings) { s.AveragingEta = eta })
}
