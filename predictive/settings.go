package predictive

import (
	"fmt"
	"runtime"
)

// defaultPriorSamples is PyMC's default number of prior predictive draws.
const defaultPriorSamples = 500

// Settings configures Posterior and Prior. Its zero value means PyMC's defaults.
type Settings struct {
	// VarNames names the variables to return: observed variables (drawn afresh), free
	// variables (by name for their constrained value, or by value-variable name, such as
	// "sigma_log__", for the unconstrained one), deterministics and potentials (evaluated).
	// nil means PyMC's defaults: the observed variables for Posterior; the free variables,
	// deterministics, potentials and observed variables for Prior. A name the model does not
	// have is an error.
	VarNames []string

	// Samples is the number of draws. For Posterior, 0 means one draw per draw of the trace,
	// with the trace's chains kept (PyMC's keep_size=True); a positive Samples gives one
	// chain of Samples draws that go through the trace's draws chain after chain, and round
	// again when Samples exceeds them (PyMC's samples=). For Prior, 0 means 500. Negative is
	// an error.
	Samples int

	// Seed seeds every draw: draw i draws from a stream derived from Seed and i, so the
	// result does not depend on Cores.
	Seed uint64

	// Cores is the number of goroutines drawing at once, each on its own compiled copy of
	// the model's graph. 0 means min(4, runtime.NumCPU()); negative is an error.
	Cores int
}

func (s Settings) resolve(caller string) (Settings, error) {
	if s.Samples < 0 {
		return s, fmt.Errorf("predictive: %s: Samples must be >= 0, got %d", caller, s.Samples)
	}
	switch {
	case s.Cores < 0:
		return s, fmt.Errorf("predictive: %s: Cores must be >= 0 (0 means min(4, NumCPU)), got %d", caller, s.Cores)
	case s.Cores == 0:
		s.Cores = min(4, runtime.NumCPU())
	}
	return s, nil
}
