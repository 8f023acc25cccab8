package pm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/gopymc/gopymc/config"
	"github.com/gopymc/gopymc/internal/progress"
	"github.com/gopymc/gopymc/mcmc"
	"github.com/gopymc/gopymc/trace"
)

// Trace holds draws by variable and chain (see package trace).
type Trace = trace.Trace

// sampleOptions are the options Sample takes.
var sampleOptions = []string{"Draws", "Tune", "Chains", "Cores", "Seed", "TargetAccept", "MaxTreedepth", "Init", "Progressbar", "Output",
	"Start", "StartChains", "NInit", "Scaling", "IsCov"}

// Sample draws from the model's posterior with NUTS (PyMC's pm.sample) and returns a trace
// of every free variable (constrained), its transformed value (e.g. "tau_log__") and every
// deterministic, with NUTS's statistics per draw (mcmc.StatNames) and, per chain, a
// trace.SamplerInfo with the adapted step size and mass matrix and the number of gradient
// evaluations. Tuning draws are discarded.
//
// Options and defaults, as PyMC's: Draws (1000), Tune (1000), Chains (max(2, cores)), Cores
// (the chains run at once: min(4, CPUs), capped at Chains), Seed (0), TargetAccept (0.8, in
// (0, 1)), MaxTreedepth (10, in [1, 30]), Init, Start or StartChains, NInit, Scaling with
// IsCov, Progressbar (on) and Output (os.Stderr; nil silences). With the same Seed and Chains
// the trace is the same whatever Cores is.
//
// Init is PyMC's init: "jitter+adapt_diag" (the default, also "auto": the initial point
// plus Uniform(-1, 1) jitter per chain, a diagonal mass matrix adapted from ones),
// "adapt_diag" (no jitter), "advi+adapt_diag" (ADVI for NInit iterations, 200000 by
// default, stopped early when its parameters converge as in PyMC; the chains start at draws
// from the approximation, and the diagonal mass matrix starts at its variances and adapts)
// and "advi" (the same, with the approximation's variances fixed). Start gives every chain
// one starting point, StartChains one point per chain, by variable name (a value in
// constrained space under the variable's name, or in unconstrained space under its
// value-variable name, e.g. "sigma_log__"); variables left out start at the model's initial
// point and deterministics are ignored (a point of a trace, see Point, can be given as it
// is); a chain with a given start is not jittered. Scaling fixes the mass matrix for the
// whole run (PyMC's NUTS(scaling=..., is_cov=...)): a diagonal, a dense matrix or an
// Approximation's covariance, with IsCov when it is a covariance.
//
// Sample logs PyMC's lines to Output: "Auto-assigning NUTS sampler...", "Initializing NUTS
// using jitter+adapt_diag...", "Multiprocess sampling (2 chains in 2 jobs)", "NUTS: [mu,
// tau]", "Sampling 2 chains for 1_000 tune and 1_000 draw iterations (2_000 + 2_000 draws
// total) took 3 seconds.", then the sampler's warnings (mcmc.Warnings: fewer than 100 draws,
// divergences, maximum tree depth) and PyMC's convergence checks on the free variables:
// fewer than 100 draws, one chain, or fewer than 4 chains are noted, R-hat above 1.01 and
// bulk ESS per chain below 100 warned about.
//
// It returns the model's build error, an error naming the option for an option Sample does
// not take or a bad value (Draws < 0, Tune < 0, Chains < 1, Cores < 1, TargetAccept outside
// (0, 1), MaxTreedepth outside [1, 30], an unknown Init, a start naming a variable the model
// does not have or outside a variable's support, StartChains not one per chain, a Scaling of
// the wrong size or not positive definite), and an error when the model has no free
// variables or a discrete one, or when a chain's initial point has a non-finite log density
// even after jitter retries. Sample uses context.Background; see SampleContext.
func Sample(m *Model, opts ...Option) (*Trace, error) {
	return SampleContext(context.Background(), m, opts...)
}

// SampleContext is Sample with a context: each chain checks ctx before every iteration, and
// cancelling it returns the draws made so far (an empty trace if ctx was already done)
// together with ctx.Err(). When a chain's log density fails, the other chains stop and the
// partial trace is returned with the error.
func SampleContext(ctx context.Context, m *Model, opts ...Option) (*Trace, error) {
	if err := m.Err(); err != nil {
		return nil, err
	}
	s, err := config.Collect("Sample", opts, sampleOptions...)
	if err != nil {
		return nil, err
	}
	set, chains, err := mcmcSettings(s)
	if err != nil {
		return nil, err
	}
	out := io.Writer(os.Stderr)
	if s.Given("Output") {
		out = s.Output
	}
	x0, err := m.InitialPoint()
	if err != nil {
		return nil, err
	}
	if err := setStarts(m, s, &set, chains); err != nil {
		return nil, err
	}
	initName := set.Init
	advi := initName == initADVI || initName == initADVIAdaptDiag
	if s.Given("Scaling") {
		if advi {
			return nil, fmt.Errorf("pm: Sample: Scaling and Init(%q) both set the mass matrix; give one", initName)
		}
		if set.InvMass, err = scalingInvMass(s.Scaling, s.IsCov, m.Dim()); err != nil {
			return nil, err
		}
		set.FixedMass = true
	} else if s.Given("IsCov") {
		return nil, fmt.Errorf("pm: Sample: IsCov applies to Scaling, which is not given")
	}
	if s.Given("NInit") && !advi {
		return nil, fmt.Errorf("pm: Sample: NInit applies to the ADVI inits (%q, %q), not to Init(%q)", initADVIAdaptDiag, initADVI, initName)
	}
	targets, err := chainDensities(m, chains)
	if err != nil {
		return nil, err
	}
	logf := func(format string, args ...any) { progress.Logf(out, format, args...) }
	// PyMC warns about too few draws before it starts; mcmc.Warnings lists that warning
	// first, and it depends only on the settings.
	early := mcmc.Warnings(&mcmc.Result{Settings: set})
	for _, w := range early {
		logf("%s", w)
	}
	logf("Auto-assigning NUTS sampler...")
	logf("Initializing NUTS using %s...", initName)
	if advi {
		set.Init = mcmc.InitAdaptDiag // start points from the approximation, no jitter
		if err := initFromADVI(ctx, m, initName, s, &set, chains, out); err != nil {
			return nil, err
		}
	}
	if set.Cores > 1 {
		logf("Multiprocess sampling (%d chains in %d jobs)", chains, set.Cores)
	} else {
		logf("Sequential sampling (%d chains in 1 job)", chains) // sic: PyMC's wording
	}
	names := make([]string, 0, len(m.FreeVars()))
	for _, v := range m.FreeVars() {
		names = append(names, v.Name) // PyMC prints the untransformed names
	}
	logf("NUTS: [%s]", strings.Join(names, ", "))
	var bar *progress.ChainBar
	if (!s.Given("Progressbar") || s.Progressbar) && out != nil {
		bar = progress.NewChainBar(out, chains, set.Tune+set.Draws, progress.Config{})
		set.Progress = bar.Update
	}
	start := time.Now()
	res, sampleErr := mcmc.Sample(ctx, targets, x0, set)
	if bar != nil {
		bar.Finish()
	}
	if res == nil {
		if ctxErr := ctx.Err(); ctxErr == nil || !errors.Is(sampleErr, ctxErr) {
			if terms := m.NonFiniteTerms(x0); terms != "" {
				return nil, fmt.Errorf("pm: Sample: %w; at the initial point (without jitter) %s", sampleErr, terms)
			}
			return nil, sampleErr
		}
		// Cancelled before any chain started: an empty trace, as documented.
		res = &mcmc.Result{Chains: make([]mcmc.Chain, chains), Dim: len(x0), StatNames: mcmc.StatNames(), Settings: set}
	}
	tr, err := buildTrace(m, res)
	if err != nil {
		return nil, err
	}
	logf("Sampling %d chain%s for %s tune and %s draw iterations (%s + %s draws total) took %.0f seconds.",
		chains, plural(chains), progress.FormatUnderscore(set.Tune), progress.FormatUnderscore(set.Draws),
		progress.FormatUnderscore(set.Tune*chains), progress.FormatUnderscore(set.Draws*chains), time.Since(start).Seconds())
	for _, w := range mcmc.Warnings(res)[len(early):] {
		logf("%s", w)
	}
	if sampleErr == nil {
		for _, w := range convergenceWarnings(m, tr) {
			logf("%s", w)
		}
	}
	return tr, sampleErr
}

// Bounds of Sample's options (mcmc.Settings treats 0 as "default", Sample does not).
const maxTreedepthLimit = 30

// mcmcSettings turns Sample's options into mcmc settings and the number of chains, with
// PyMC's defaults: cores = min(4, CPUs), chains = max(2, cores), then cores = min(cores,
// chains). Every field of the result is explicit (no zero-means-default).
func mcmcSettings(s *config.Settings) (mcmc.Settings, int, error) {
	var set mcmc.Settings
	cores := min(4, runtime.NumCPU())
	if s.Given("Cores") {
		if s.Cores < 1 {
			return set, 0, fmt.Errorf("pm: Sample: Cores must be >= 1, got %d", s.Cores)
		}
		cores = s.Cores
	}
	chains := max(2, cores)
	if s.Given("Chains") {
		if s.Chains < 1 {
			return set, 0, fmt.Errorf("pm: Sample: Chains must be >= 1, got %d", s.Chains)
		}
		chains = s.Chains
	}
	set.Cores = min(cores, chains)
	set.Draws, set.Tune = 1000, 1000
	if s.Given("Draws") {
		if s.Draws < 0 {
			return set, 0, fmt.Errorf("pm: Sample: Draws must be >= 0, got %d", s.Draws)
		}
		set.Draws, set.ZeroDraws = s.Draws, s.Draws == 0
	}
	if s.Given("Tune") {
		if s.Tune < 0 {
			return set, 0, fmt.Errorf("pm: Sample: Tune must be >= 0, got %d", s.Tune)
		}
		set.Tune, set.ZeroTune = s.Tune, s.Tune == 0
	}
	set.Seed = s.Seed
	set.TargetAccept = 0.8
	if s.Given("TargetAccept") {
		if !(s.TargetAccept > 0 && s.TargetAccept < 1) { // also NaN
			return set, 0, fmt.Errorf("pm: Sample: TargetAccept must lie in (0, 1), got %g (the default is 0.8; raise it, e.g. to 0.9, for a difficult posterior)", s.TargetAccept)
		}
		set.TargetAccept = s.TargetAccept
	}
	set.MaxTreedepth = 10
	if s.Given("MaxTreedepth") {
		if s.MaxTreedepth < 1 || s.MaxTreedepth > maxTreedepthLimit {
			return set, 0, fmt.Errorf("pm: Sample: MaxTreedepth must lie in [1, %d], got %d (the default is 10)", maxTreedepthLimit, s.MaxTreedepth)
		}
		set.MaxTreedepth = s.MaxTreedepth
	}
	set.Init = mcmc.InitJitterAdaptDiag
	if s.Given("Init") {
		name, err := checkInit(s.Init)
		if err != nil {
			return set, 0, err
		}
		set.Init = name
	}
	return set, chains, nil
}

// chainDensities compiles one log density per chain, copies made in chain order.
func chainDensities(m *Model, chains int) ([]mcmc.LogDensity, error) {
	ld, err := m.LogDensity()
	if err != nil {
		return nil, err
	}
	targets := []mcmc.LogDensity{ld}
	for c := 1; c < chains; c++ {
		cp, err := ld.Copy()
		if err != nil {
			return nil, err
		}
		targets = append(targets, cp)
	}
	return targets, nil
}
