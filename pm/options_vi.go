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
