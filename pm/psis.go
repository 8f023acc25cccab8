package pm

import (
	"context"

	"github.com/gopymc/gopymc/approximations"
	"github.com/gopymc/gopymc/diagnostics"
)

// PSISResult is PSIS's outcome: KHat, Threshold, TailLength, the smoothed LogWeights and
// Summary, the sentence saying what k-hat means.
type PSISResult = diagnostics.PSISResult

// Importance is draws of an approximation weighed against the posterior: Draws, LogP,
// LogQ, PSIS, and Resample.
type Importance = diagnostics.Importance

// PSIS answers "did it work?" for a fitted approximation (Yao et al. 2018): it weighs Draws
// draws of it (default 1000) by p(x, z)/q(z), fits a generalised Pareto distribution to the
// largest weights and returns the weighed draws, whose PSIS field holds k-hat, the
// threshold min(1 - 1/log10 S, 0.7), the tail length, the smoothed weights and a Summary
// sentence. k-hat <= 0.5: the approximation is close to the posterior; up to the threshold:
// PSIS-weighted or PSIS-resampled draws are reliable; above 0.7: the approximation is
// unreliable. PyMC has no such diagnostic.
//
// Options: Draws, Seed (of PSIS's own draws; the approximation's random state is not
// used), MoreReplacements (required for a minibatched model: replace each Minibatch node
// by its full data). An Empirical (SVGD's particles, a trace) has no density and is
// refused with an error saying so. PSIS uses context.Background; see PSISContext.
func PSIS(approx Approximation, opts ...Option) (*Importance, error) {
	return approximations.PSIS(approx, opts...)
}

// PSISContext is PSIS with a context, checked between draws.
func PSISContext(ctx context.Context, approx Approximation, opts ...Option) (*Importance, error) {
	return approximations.PSISContext(ctx, approx, opts...)
}
