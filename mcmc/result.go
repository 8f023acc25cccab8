package mcmc

import (
	"slices"
	"time"
)

// Names of the sampler statistics recorded per kept draw, in the order of Chain.Stats and
// Result.StatNames. Booleans are stored as 0 or 1. The names follow PyMC's sample_stats,
// except that PyMC's model_logp is called lp here.
const (
	// StatDepth is the number of trajectory doublings attempted (PyMC's depth).
	StatDepth = "depth"
	// StatStepSize is the step size the iteration used.
	StatStepSize = "step_size"
	// StatStepSizeBar is the dual-averaging step size exp(log_step_bar), the one fixed
	// after tuning.
	StatStepSizeBar = "step_size_bar"
	// StatTreeSize is the number of leapfrog steps (gradient evaluations) of the iteration.
	StatTreeSize = "tree_size"
	// StatDiverging is 1 if the trajectory hit a step with |energy error| >= 1000.
	StatDiverging = "diverging"
	// StatEnergy is the Hamiltonian at the draw.
	StatEnergy = "energy"
	// StatEnergyError is the Hamiltonian at the draw minus at the start of the iteration.
	StatEnergyError = "energy_error"
	// StatMaxEnergyError is the energy error of largest magnitude along the trajectory.
	StatMaxEnergyError = "max_energy_error"
	// StatMeanTreeAccept is the acceptance statistic fed to step-size adaptation.
	StatMeanTreeAccept = "mean_tree_accept"
	// StatLp is the log density of the draw.
	StatLp = "lp"
	// StatReachedMaxTreedepth is 1 if the trajectory stopped only because it reached
	// MaxTreedepth.
	StatReachedMaxTreedepth = "reached_max_treedepth"
)

const (
	statDepth = iota
	statStepSize
	statStepSizeBar
	statTreeSize
	statDiverging
	statEnergy
	statEnergyError
	statMaxEnergyError
	statMeanTreeAccept
	statLp
	statReachedMax
	numStats
)

var statNames = [numStats]string{
	StatDepth, StatStepSize, StatStepSizeBar, StatTreeSize, StatDiverging, StatEnergy,
	StatEnergyError, StatMaxEnergyError, StatMeanTreeAccept, StatLp, StatReachedMaxTreedepth,
}

// Result is the output of Sample.
type Result struct {
	// Chains holds one entry per target, in the order of the targets.
	Chains []Chain
	// Dim is the dimension d of the sampled space.
	Dim int
	// StatNames names the columns of every Chain.Stats.
	StatNames []string
	// Settings are the settings used, every default resolved (Draws, Tune, TargetAccept,
	// MaxTreedepth, Init, Cores = chains actually run at once).
	Settings Settings
	// Elapsed is the wall time of the whole Sample call.
	Elapsed time.Duration
}

// Chain is one chain's output. After a cancellation or an error it holds what was done so
// far: fewer than Settings.Draws draws, maybe none.
type Chain struct {
	// Draws holds the kept draws (tuning draws are discarded) in unconstrained space,
	// row-major: draw i is Draws[i*Dim : (i+1)*Dim].
	Draws []float64
	// Stats holds one column per statistic, named by Result.StatNames (or the Stat*
	// constants), each with one value per kept draw.
	Stats [][]float64
	// Tuned is the number of tuning iterations completed.
	Tuned int
	// GradEvals counts every log-density-and-gradient evaluation, initialisation included.
	GradEvals int
	// Divergences counts divergent iterations after tuning; TuneDivergences during tuning.
	Divergences     int
	TuneDivergences int
	// StepSize is the step size at the end: after tuning, the one used for the draws.
	StepSize float64
	// InvMassDiag is the diagonal of the inverse mass matrix (the adapted posterior
	// variance estimate) at the end.
	InvMassDiag []float64
	// WarmupTime and SamplingTime are the wall times of the chain's tuning and of its kept
	// draws (CmdStan's "Elapsed Time" comments). Only informative: no result depends on them.
	WarmupTime, SamplingTime time.Duration
}

// NumDraws returns the number of kept draws of chain c.
func (r *Result) NumDraws(c int) int {
	if r.Dim == 0 {
		return 0
	}
	return len(r.Chains[c].Draws) / r.Dim
}

// Stat returns the column of the statistic named name (one of the Stat* constants), or nil
// if there is no such statistic.
func (c *Chain) Stat(name string) []float64 {
	k := slices.Index(statNames[:], name)
	if k < 0 || k >= len(c.Stats) {
		return nil
	}
	return c.Stats[k]
}

// StatNames returns the names of the sampler statistics, in the order of Chain.Stats.
func StatNames() []string { return slices.Clone(statNames[:]) }
