package pm

import (
	"fmt"

	"github.com/gopymc/gopymc/config"
)

// Options of Sample beyond the quickstart (issue 14): start points, NUTS initialisation and
// mass matrix. Start, shared with Fit, is in options.go.

// StartChains gives each chain its own starting point (PyMC's start= as a list of dicts), by
// variable name as Start does; give one point per chain.
func StartChains(points ...map[string]any) Option {
	p := append([]map[string]any(nil), points...)
	return config.New("StartChains", len(p), func(s *config.Settings) { s.StartChains = p })
}

// NInit is the number of ADVI iterations of the "advi" and "advi+adapt_diag" inits (PyMC's
// n_init=, default 200000; the fit stops earlier when its parameters converge).
func NInit(n int) Option { return config.New("NInit", n, func(s *config.Settings) { s.NInit = n }) }

// Scaling sets NUTS's mass matrix for the whole run, without adaptation (PyMC's
// NUTS(scaling=..., is_cov=...)): a diagonal ([]float64, a 1-d *tensor.Dense), a dense
// matrix ([][]float64, a 2-d *tensor.Dense), or an Approximation, whose covariance is used
// (a dense matrix for full-rank ADVI, its diagonal for mean-field ADVI). Without IsCov the
// value is the mass matrix itself, as in PyMC; with IsCov, or for an Approximation, it is
// the covariance (the inverse mass matrix).
func Scaling(v any) Option {
	return config.New("Scaling", fmt.Sprintf("%T", v), func(s *config.Settings) { s.Scaling = v })
}

// IsCov says that Scaling's value is a covariance, the inverse mass matrix (PyMC's
// is_cov=True).
func IsCov() Option { return config.New("IsCov", nil, func(s *config.Settings) { s.IsCov = true }) }

// Adaptation chooses NUTS's warm-up scheme: "stan" (the default) or "pymc". Both tune the
// step size by dual averaging to TargetAccept and a diagonal mass matrix; they differ in
// the acceptance statistic and the schedule (mcmc.AdaptStan, mcmc.AdaptPyMC). "stan" uses
// Stan's statistic (the plain mean acceptance over every leapfrog step, divergent ones
// included), Stan's windows (75, then 25, 50, 100, ... draws, then 50) with the step size
// found anew after each; "pymc" is PyMC's pm.sample: the weighted mean_tree_accept and
// QuadPotentialDiagAdapt's windows of 101 draws. At the same TargetAccept "pymc" takes
// larger steps and diverges more (the non-centred eight schools at 0.8: 17 to 90
// divergences in 4000 draws, against 0 to 3 with "stan"); use it to reproduce a PyMC run.
// With "stan" each window estimates the variance afresh: the initial mean and weight of
// PyMC's adapt_diag inits do not apply (the variances of an ADVI init still start the
// metric).
func Adaptation(scheme string) Option {
	return config.New("Adaptation", scheme, func(s *config.Settings) { s.Adaptation = scheme })
}
