package pm

import (
	"context"

	"github.com/gopymc/gopymc/approximations"
	"github.com/gopymc/gopymc/opvi"
)

// Inference is a variational inference method with its approximation (PyMC's ADVI, SVGD,
// ...): Fit, Refine, Hist, Approx.
type Inference = opvi.Inference

// Approximation is a fitted approximation: Sample, SampleNode, Mean, Std, Cov, Hist.
type Approximation = approximations.Approximation

// Fit fits the model with variational inference (PyMC's pm.fit) and returns the
// approximation. Options: Method ("advi" by default, "fullrank_advi", "svgd", "asvgd",
// "nfvi", "nfvi=<formula>" as "nfvi=planar*10", or an *Inference, which is then fitted), N
// (10000), Seed, Start, StartSigma (advi only), InfKwargs, ObjNMC, ObjOptimizer,
// TotalGradNormConstraint, Callbacks, Progressbar, Output, MoreReplacements. Fit uses
// context.Background internally; see FitContext.
func Fit(m *Model, opts ...Option) (Approximation, error) {
	return opvi.Fit(m, opts...)
}

// FitContext is Fit with a context: cancelling it interrupts the fit, which returns the
// approximation so far with the context's error.
func FitContext(ctx context.Context, m *Model, opts ...Option) (Approximation, error) {
	return opvi.FitContext(ctx, m, opts...)
}

// NewADVI returns mean-field ADVI for the model (PyMC's pm.ADVI). Options: Seed, Start,
// StartSigma, KLBeta, CostPartGradScale.
func NewADVI(m *Model, opts ...Option) (*Inference, error) { return opvi.NewADVI(m, opts...) }

// NewFullRankADVI returns full-rank ADVI for the model (PyMC's pm.FullRankADVI). Options:
// Seed, Start, KLBeta, CostPartGradScale.
func NewFullRankADVI(m *Model, opts ...Option) (*Inference, error) {
	return opvi.NewFullRankADVI(m, opts...)
}

// NewSVGD returns Stein variational gradient descent for the model (PyMC's pm.SVGD).
// Options: Particles (100), Jitter (1), Temperature (1), Seed, Start, Cores.
func NewSVGD(m *Model, opts ...Option) (*Inference, error) { return opvi.NewSVGD(m, opts...) }

// NewASVGD returns amortised SVGD for the model (PyMC's pm.ASVGD). Options: Temperature,
// Seed, Cores, Output.
func NewASVGD(m *Model, opts ...Option) (*Inference, error) { return opvi.NewASVGD(m, opts...) }

// NewEmpirical turns a trace of the model into an approximation whose particles are the
// trace's draws, one per chain and draw (PyMC's pm.Empirical(trace, model=model)).
// Options: Seed (of the draws).
func NewEmpirical(tr *Trace, m *Model, opts ...Option) (*approximations.Empirical, error) {
	return approximations.NewEmpiricalFromTrace(tr, m, opts...)
}
