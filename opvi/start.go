package opvi

import (
	"fmt"
	"math/rand/v2"

	"github.com/gopymc/gopymc/approximations"
	"github.com/gopymc/gopymc/config"
	"github.com/gopymc/gopymc/internal/mathx"
	"github.com/gopymc/gopymc/model"
)

// checkStart returns an error when the model's log density is not finite where the fit
// starts: the approximation's mean (the particles' mean for SVGD, the image of
// the base distribution's mean for a flow). Sample refuses such a model up front; a fit would
// otherwise report a loss of +Inf at every iteration (data outside the likelihood's support:
// Bernoulli data of 2, Poisson counts of 1.5, negative HalfNormal data) or move the
// parameters by NaN.
//
// The density of a model with a minibatch, or with replacements that may bring one in, is
// evaluated on a copy, so that the fit's own minibatch stream is not advanced by the check.
func checkStart(method string, q approximations.Approximation, ld *model.LogDensity, fs *config.Settings) error {
	x := make([]float64, q.Dim())
	q.DrawFlat(x, rand.New(rand.NewPCG(0, 0)), true)
	at := ld
	if _, mb := approximations.MinibatchedVar(q.Model(), nil); mb || len(fs.MoreReplacements) > 0 {
		cp, err := ld.Copy()
		if err != nil {
			return fmt.Errorf("opvi: %s: %w", method, err)
		}
		at = cp
	}
	grad := make([]float64, len(x))
	lp, err := at.LogPGrad(grad, x)
	if err != nil {
		return fmt.Errorf("opvi: %s: the log density where the fit starts: %w", method, err)
	}
	// Only the value: a gradient that is not finite at the mean alone (|z| at 0, say) is
	// met by no draw.
	if mathx.Finite(lp) {
		return nil
	}
	msg := fmt.Sprintf("opvi: %s: the model's log density is %v where the fit starts, at the approximation's mean", method, lp)
	if terms := q.Model().NonFiniteTerms(x); terms != "" {
		msg += " (" + terms + ")"
	}
	start := "the start values (Start, InitVal) against the priors' supports"
	if _, ok := q.(*approximations.NormalizingFlow); ok {
		start = "the flow's random start (a smaller Jitter) and the variables' supports (keep a bounded variable's default transform)"
	}
	return fmt.Errorf("%s: check the observed data against the likelihoods' supports (Bernoulli and Binomial data are whole counts within range, Poisson data whole counts, HalfNormal data >= 0, ...) and %s", msg, start)
}
