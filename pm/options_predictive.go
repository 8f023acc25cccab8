package pm

import (
	"github.com/gopymc/gopymc/config"
)

// Options of the calls beyond the quickstart (issue 14): predictive sampling, compiled
// posterior functions, NUTS initialisation and mass matrix.

// VarNames names the variables SamplePosteriorPredictive and SamplePriorPredictive return
// (PyMC's var_names=).
func VarNames(names ...string) Option {
	n := append([]string(nil), names...)
	return config.New("VarNames", n, func(s *config.Settings) { s.VarNames = n })
}

// Samples is the number of predictive draws (PyMC's samples=): for
// SamplePosteriorPredictive of a trace, one chain of that many draws through the trace
// (default: one per draw of the trace, chains kept); of an approximation, that many draws
// from it (default 500); for SamplePriorPredictive, default 500.
func Samples(n int) Option {
	return config.New("Samples", n, func(s *config.Settings) { s.Samples = n })
}
