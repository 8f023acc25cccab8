package approximations

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/gopymc/gopymc/config"
	"github.com/gopymc/gopymc/internal/progress"
	"github.com/gopymc/gopymc/trace"
)

// sampleOptions are the options of Sample.
var sampleOptions = []string{"PSISResample", "MoreReplacements", "Output"}

// Sample draws draws points from the approximation and returns a one-chain trace holding,
// per draw, every free variable in constrained space, the transformed values and the
// deterministics (PyMC's approx.sample). Draws come from the approximation's own random
// stream (Seed at construction), so a saved and loaded approximation continues it.
//
// With PSISResample(s), the draws are PSIS-resampled (Yao et al. 2018, Section 3.3): s
// proposals (at least draws) are drawn from the approximation, weighed by p(x, z)/q(z)
// with Pareto smoothing, and draws of them are taken by stratified resampling, in random
// order, so that the trace follows the posterior more closely than q. It is no cure for a
// poor approximation: when k-hat exceeds its threshold the Summary sentence is written to
// Output (default os.Stderr). For minibatched models give MoreReplacements restoring the
// full data (see PSIS). Empirical approximations refuse PSISResample (no density).
//
// It returns an error if draws < 0, for an option Sample does not take, and from PSIS.
func (b *base) Sample(draws int, opts ...config.Option) (*trace.Trace, error) {
	s, err := config.Collect(b.kind+".Sample", opts, sampleOptions...)
	if err != nil {
		return nil, err
	}
	if draws < 0 {
		return nil, fmt.Errorf("approximations: Sample: draws must be >= 0, got %d", draws)
	}
	if err := b.CheckModel(); err != nil {
		return nil, err
	}
	if !s.Given("PSISResample") {
		if s.Given("MoreReplacements") {
			return nil, fmt.Errorf("approximations: Sample: MoreReplacements applies only with PSISResample (the draws do not depend on the data)")
		}
		return b.sampleTrace(draws, func(z []float64, i int) { b.self.DrawFlat(z, b.rng, false) })
	}
	n := s.PSISProposals
	if n < max(draws, 2) {
		return nil, fmt.Errorf("approximations: Sample: PSISResample(%d): the number of proposals must be at least the number of draws (%d) and at least 2; 4 or more times as many is better", n, draws)
	}
	im, err := weigh(context.Background(), b.self, n, s.MoreReplacements, b.rng)
	if err != nil {
		return nil, err
	}
	if !im.PSIS.Reliable() {
		var out io.Writer = os.Stderr
		if s.Given("Output") {
			out = s.Output
		}
		progress.Logf(out, "PSIS-resampled draws of %v: %s", b.self, im.PSIS.Summary())
	}
	idx, err := im.Resample(draws, b.rng)
	if err != nil {
		return nil, fmt.Errorf("approximations: Sample: %w", err)
	}
	b.rng.Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
	d := b.dim
	return b.sampleTrace(draws, func(z []float64, i int) { copy(z, im.Draws[idx[i]*d:(idx[i]+1)*d]) })
}
