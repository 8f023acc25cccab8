package mcmc

import (
	"fmt"
	"math"
	"runtime"

	"github.com/gopymc/gopymc/internal/mathx"
)

// Init names accepted in Settings.Init.
const (
	// InitJitterAdaptDiag starts each chain at the initial point plus Uniform(-1, 1) jitter
	// per coordinate and adapts a diagonal mass matrix (PyMC's default, init="auto").
	InitJitterAdaptDiag = "jitter+adapt_diag"
	// InitAdaptDiag starts every chain at the initial point itself and adapts a diagonal
	// mass matrix.
	InitAdaptDiag = "adapt_diag"
)

// Adaptation schemes accepted in Settings.Adaptation.
const (
	// AdaptStan is Stan's warm-up: the acceptance statistic is the plain mean of the
	// Metropolis acceptance probabilities over every leapfrog step of a transition
	// (divergent and rejected steps included), the diagonal metric is estimated over
	// windows of 25, 50, 100, ... draws after a fast interval of 75 and before a terminal
	// one of 50 (regularised as Stan does), and after each window the step size is found
	// anew (Stan's heuristic: doubled or halved until one leapfrog step's acceptance
	// crosses 0.8) and its dual averaging restarts. The first step size comes from the
	// same heuristic, starting at 1. This is the default: on the eight schools it gives
	// Stan's step sizes and almost no divergences (docs/porting.md).
	AdaptStan = "stan"
	// AdaptPyMC is PyMC's: the acceptance statistic is mean_tree_accept, the mean weighted
	// by exp(H0 - H) over the subtrees kept (which gives larger step sizes at the same
	// target), the diagonal metric is PyMC's QuadPotentialDiagAdapt (windows of 101 draws,
	// updated every draw after the first 101), the step size starts at 0.25/d^(1/4) and its
	// dual averaging runs through the whole tuning without restarts.
	AdaptPyMC = "pymc"
)

// PyMC's defaults (pymc/sampling/mcmc.py, pymc/step_methods/hmc/{base_hmc,nuts}.py).
const (
	defaultDraws        = 1000
	defaultTune         = 1000
	defaultTargetAccept = 0.8
	defaultMaxTreedepth = 10
	defaultMaxCores     = 4
	defaultAdaptation   = AdaptStan

	// Not settable here; PyMC's NUTS/BaseHMC keyword defaults.
	stepScale         = 0.25   // initial step = stepScale / d^(1/4)
	maxEnergyError    = 1000.0 // Emax: |energy error| >= Emax is a divergence
	dualGamma         = 0.05
	dualK             = 0.75
	dualT0            = 10.0
	earlyMaxTreedepth = 8   // max tree depth while tuning during the first earlyIterations
	earlyIterations   = 200 // (PyMC's NUTS early_max_treedepth)
	jitterMaxRetries  = 10  // PyMC's jitter_max_retries
)

// Settings configures Sample. Its zero value means PyMC's default on every field; Sample
// validates it once, before any work, and reports the resolved values in Result.Settings.
type Settings struct {
	// Draws is the number of iterations kept per chain after tuning (PyMC's draws).
	// 0 means the default 1000. To keep no draws at all (PyMC's draws=0: only tuning
	// runs, and Warnings says so), set ZeroDraws instead. Negative is an error.
	Draws int
	// ZeroDraws requests zero kept draws; Draws must then be 0.
	ZeroDraws bool

	// Tune is the number of tuning iterations per chain, which adapt the step size and
	// the mass matrix and are discarded (PyMC's tune). 0 means the default 1000; to tune
	// not at all set ZeroTune instead. Negative is an error.
	Tune int
	// ZeroTune requests no tuning; Tune must then be 0. The step size stays at its
	// initial value 0.25/d^(1/4) and the mass matrix at the identity.
	ZeroTune bool

	// Seed seeds every random number: chain c draws from rand.NewPCG(Seed, c). The same
	// Seed gives identical draws whatever Cores is. The zero seed is a valid seed.
	Seed uint64

	// TargetAccept is the mean acceptance statistic the step size is tuned to. 0 means
	// the default 0.8; otherwise it must lie in (0, 1).
	TargetAccept float64

	// MaxTreedepth caps the number of trajectory doublings per iteration, i.e. at most
	// 2^MaxTreedepth - 1 leapfrog steps. 0 means the default 10; it must lie in [1, 30]
	// otherwise. As in PyMC (early_max_treedepth), the first 200 tuning iterations use
	// min(8, MaxTreedepth).
	MaxTreedepth int

	// Adaptation is the warm-up scheme: AdaptStan ("stan", the default for "") or
	// AdaptPyMC ("pymc"). Anything else is an error. A fixed or dense mass matrix
	// (FixedMass) is not adapted in either scheme; the acceptance statistic and the step
	// size's adaptation follow the scheme.
	Adaptation string

	// Init is the initialisation: InitJitterAdaptDiag ("jitter+adapt_diag", the default
	// for "") or InitAdaptDiag ("adapt_diag"). Anything else is an error.
	Init string

	// Cores is the number of chains that run at once, each on its own goroutine. 0 means
	// min(4, runtime.NumCPU()); it is then capped at the number of chains. Negative is an
	// error.
	Cores int

	// Start holds explicit starting points in unconstrained space (PyMC's start, mapped to
	// the flat vector): one for every chain, or one per chain. A chain with an explicit
	// start is not jittered. nil means x0, jittered for InitJitterAdaptDiag. Each point must
	// have the targets' dimension and a finite log density and gradient.
	Start [][]float64

	// InvMass is the initial inverse mass matrix, the sampler's estimate of the posterior
	// covariance in unconstrained space (PyMC's potential; NUTS's scaling with
	// is_cov=True): its diagonal (d entries, all finite and > 0) or, with FixedMass, the
	// dense matrix (d×d entries, row-major, symmetric positive definite). nil means the
	// identity.
	InvMass []float64

	// InvMassWeight is the weight, in draws, of InvMass and AdaptMean in the first window of
	// the diagonal adaptation (PyMC's initial_weight). 0 means 10, PyMC's weight for the
	// adapt_diag inits (init "advi+adapt_diag" uses 50); negative is an error.
	InvMassWeight float64

	// AdaptMean is the initial mean of the diagonal adaptation (PyMC's initial_mean). nil
	// means the mean of the chains' starting points, as PyMC's adapt_diag inits do.
	AdaptMean []float64

	// FixedMass keeps InvMass for the whole run, without adaptation (PyMC's
	// QuadPotentialDiag and QuadPotentialFull: init "advi", or a scaling given by the
	// user). A dense InvMass requires it.
	FixedMass bool

	// acceptStat overrides the scheme's acceptance statistic ("uniform": Stan's, "weighted":
	// PyMC's), for the study of the two schemes' parts (adaptation_study_test.go).
	acceptStat string

	// Progress, if not nil, is called from a chain's goroutine after each of its
	// iterations: iteration counts the chain's completed iterations (1 … Tune+Draws,
	// tuning included), tuning tells whether that iteration was a tuning one, and
	// divergences counts the chain's divergent iterations after tuning so far. Chains
	// run concurrently, so Progress must be safe for concurrent use; it should return
	// quickly, since the chain waits for it.
	Progress func(chain, iteration int, tuning bool, divergences int)
}

// resolve validates s and returns it with every default filled in, for chains chains.
func (s Settings) resolve(chains int) (Settings, error) {
	r := s
	switch {
	case s.Draws < 0:
		return r, fmt.Errorf("mcmc: Settings.Draws = %d; it must be >= 0 (0 means the default %d; set ZeroDraws for no draws)", s.Draws, defaultDraws)
	case s.ZeroDraws && s.Draws != 0:
		return r, fmt.Errorf("mcmc: Settings.ZeroDraws is set but Settings.Draws = %d; set one or the other", s.Draws)
	case s.Draws == 0 && !s.ZeroDraws:
		r.Draws = defaultDraws
	}
	switch {
	case s.Tune < 0:
		return r, fmt.Errorf("mcmc: Settings.Tune = %d; it must be >= 0 (0 means the default %d; set ZeroTune for no tuning)", s.Tune, defaultTune)
	case s.ZeroTune && s.Tune != 0:
		return r, fmt.Errorf("mcmc: Settings.ZeroTune is set but Settings.Tune = %d; set one or the other", s.Tune)
	case s.Tune == 0 && !s.ZeroTune:
		r.Tune = defaultTune
	}
	// Draws are kept as they are made (memory grows with the draws done), but every chain's
	// iteration count and the total over the chains must fit an int.
	if r.Draws > math.MaxInt-r.Tune || r.Tune+r.Draws > math.MaxInt/max(1, chains) {
		return r, fmt.Errorf("mcmc: Settings.Tune + Settings.Draws = %d + %d iterations over %d chains overflow an int", r.Tune, r.Draws, chains)
	}
	switch {
	case s.TargetAccept == 0:
		r.TargetAccept = defaultTargetAccept
	case !(s.TargetAccept > 0 && s.TargetAccept < 1): // also catches NaN
		return r, fmt.Errorf("mcmc: Settings.TargetAccept = %g; it must lie in (0, 1), e.g. 0.8 (the default) or 0.9 for a difficult posterior", s.TargetAccept)
	}
	switch {
	case s.MaxTreedepth == 0:
		r.MaxTreedepth = defaultMaxTreedepth
	case s.MaxTreedepth < 0:
		return r, fmt.Errorf("mcmc: Settings.MaxTreedepth = %d; it must be >= 1 (0 means the default %d)", s.MaxTreedepth, defaultMaxTreedepth)
	case s.MaxTreedepth > 30:
		return r, fmt.Errorf("mcmc: Settings.MaxTreedepth = %d; it must be <= 30 (2^30 leapfrog steps per iteration)", s.MaxTreedepth)
	}
	var err error
	if r.Init, err = oneOfTwo("Init", s.Init, InitJitterAdaptDiag, InitAdaptDiag); err != nil {
		return r, err
	}
	switch {
	case s.Cores < 0:
		return r, fmt.Errorf("mcmc: Settings.Cores = %d; it must be >= 0 (0 means min(%d, NumCPU))", s.Cores, defaultMaxCores)
	case s.Cores == 0:
		r.Cores = min(defaultMaxCores, runtime.NumCPU())
	}
	r.Cores = max(1, min(r.Cores, chains))
	if r.Adaptation, err = oneOfTwo("Adaptation", s.Adaptation, defaultAdaptation, AdaptPyMC); err != nil {
		return r, err
	}
	switch {
	case s.InvMassWeight < 0 || math.IsNaN(s.InvMassWeight) || math.IsInf(s.InvMassWeight, 0):
		return r, fmt.Errorf("mcmc: Settings.InvMassWeight = %g; it must be finite and >= 0 (0 means %d)", s.InvMassWeight, adaptInitWeight)
	case s.InvMassWeight == 0:
		r.InvMassWeight = adaptInitWeight
	}
	return r, nil
}

// oneOfTwo checks the string setting field, whose value is value: empty selects def, and
// any value other than def and alt is an error naming the field and both choices.
func oneOfTwo(field, value, def, alt string) (string, error) {
	switch value {
	case "":
		return def, nil
	case def, alt:
		return value, nil
	}
	return value, fmt.Errorf("mcmc: Settings.%s = %q; it must be %q (the default) or %q", field, value, def, alt)
}

// checkMass validates the mass-matrix settings for dimension d and chains chains.
func (s *Settings) checkMass(d, chains int) error {
	if len(s.Start) != 0 && len(s.Start) != 1 && len(s.Start) != chains {
		return fmt.Errorf("mcmc: Settings.Start holds %d points; give one for every chain or one per chain (%d)", len(s.Start), chains)
	}
	for c, x := range s.Start {
		if len(x) != d {
			return fmt.Errorf("mcmc: Settings.Start[%d] has %d coordinates, want the dimension %d", c, len(x), d)
		}
	}
	if s.AdaptMean != nil {
		if len(s.AdaptMean) != d {
			return fmt.Errorf("mcmc: Settings.AdaptMean has %d entries, want the dimension %d", len(s.AdaptMean), d)
		}
		if !mathx.AllFinite(s.AdaptMean) {
			return fmt.Errorf("mcmc: Settings.AdaptMean has a non-finite entry")
		}
	}
	switch len(s.InvMass) {
	case 0:
	case d:
		for i, v := range s.InvMass {
			if !(v > 0) || math.IsInf(v, 0) {
				return fmt.Errorf("mcmc: Settings.InvMass[%d] = %g; the diagonal of the inverse mass matrix must be finite and > 0", i, v)
			}
		}
	case d * d:
		if d > 1 && !s.FixedMass {
			return fmt.Errorf("mcmc: Settings.InvMass is a dense %d×%d matrix, which is not adapted: set FixedMass too", d, d)
		}
	default:
		return fmt.Errorf("mcmc: Settings.InvMass has %d entries; give the diagonal (%d) or the dense matrix (%d×%d = %d)", len(s.InvMass), d, d, d, d*d)
	}
	return nil
}

// newMetric makes a chain's metric from the settings; mean is the adaptation's initial mean.
func newMetric(s *Settings, mean []float64) (metric, error) {
	d := len(mean)
	if s.AdaptMean != nil {
		mean = s.AdaptMean
	}
	switch {
	case len(s.InvMass) == d*d && d > 1:
		m, err := newDenseMetric(s.InvMass, d)
		if err != nil {
			return nil, fmt.Errorf("mcmc: Settings.InvMass: %w", err)
		}
		return m, nil
	case s.FixedMass && s.InvMass != nil:
		return newFixedDiagMetric(s.InvMass), nil
	case s.FixedMass:
		return newFixedDiagMetric(ones(d)), nil
	}
	if s.Adaptation == AdaptStan {
		return newStanDiagMetric(d, s.Tune, s.InvMass), nil
	}
	return newDiagMetricFrom(mean, s.InvMass, s.InvMassWeight), nil
}

func ones(d int) []float64 {
	out := make([]float64, d)
	for i := range out {
		out[i] = 1
	}
	return out
}

// initialStepSize is PyMC's step_scale / n^(1/4).
func initialStepSize(d int) float64 {
	return stepScale / math.Pow(float64(d), 0.25)
}
