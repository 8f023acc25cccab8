package pm

import (
	"github.com/gopymc/gopymc/approximations"
	"github.com/gopymc/gopymc/opvi"
)

// NormalizingFlow is a normalizing-flow approximation (PyMC3's pm.NormalizingFlow): draws
// z = f_K ∘ … ∘ f_1(z_0), z_0 ~ N(0, I), with layers named by a formula.
type NormalizingFlow = approximations.NormalizingFlow

// Flow sets the formula of a normalizing flow (PyMC3's flow=, default "scale-loc"): layers
// scale, loc, hh, planar, radial and iaf, separated by '-' and repeated with '*n', e.g.
// "scale-hh*4-loc", "planar*10", "scale-iaf(16)*4-loc". "scale-loc" is mean-field ADVI's
// family; "scale-hh*K-loc" a Gaussian whose covariance is a diagonal rotated by K
// reflections.
func Flow(formula string) Option { return opvi.FlowOption(formula) }

// NewNFVI returns normalizing-flow variational inference for the model (PyMC3's
// pm.NFVI(flow, jitter=...)): pm.NewNFVI(model, pm.Flow("planar*10"), pm.Jitter(0.1)).
// Options: Flow ("scale-loc"), Jitter (1), Seed, KLBeta. pm.Fit reaches it as
// pm.Method("nfvi") or pm.Method("nfvi=planar*10").
func NewNFVI(m *Model, opts ...Option) (*Inference, error) { return opvi.NewNFVI(m, opts...) }

// NewNormalizingFlow returns a normalizing-flow approximation of the model with random
// initial parameters (PyMC3's pm.NormalizingFlow("scale-hh*10-loc", jitter=0.001)).
// Options: Flow, Jitter, Seed.
func NewNormalizingFlow(m *Model, opts ...Option) (*NormalizingFlow, error) {
	return approximations.NewNormalizingFlow(m, opts...)
}
