package pm

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/gopymc/gopymc/internal/config"
	"github.com/gopymc/gopymc/internal/progress"
	"github.com/gopymc/gopymc/mcmc"
	"github.com/gopymc/gopymc/model"
	"github.com/gopymc/gopymc/trace"
)

// Trace holds draws by variable and chain (see package trace).
type Trace = trace.Trace

// sampleOptions are the options Sample takes.
var sampleOptions = []string{"Draws", "Tune", "Chains", "Cores", "Seed", "TargetAccept", "MaxTreedepth", "Init", "Progressbar", "Output"}

// Sample draws from the model's posterior with NUTS (PyMC's pm.sample) and returns a trace
// of every free variable (constrained), its transformed value and every deterministic, with
// NUTS's statistics. Options: Draws (1000), Tune (1000), Chains (max(2, cores)), Cores
// (min(4, CPUs)), Seed, TargetAccept (0.8), MaxTreedepth (10), Init ("jitter+adapt_diag" or
// "adapt_diag"), Progressbar, Output. The same seed gives the same trace whatever Cores is.
// Sample uses context.Background internally; see SampleContext.
func Sample(m *Model, opts ...Option) (*Trace, error) {
	return SampleContext(context.Background(), m, opts...)
}

// SampleContext is Sample with a context: cancelling it returns the draws so far with the
// context's error.
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
	targets, err := chainDensities(m, chains)
	if err != nil {
		return nil, err
	}
	logf := func(format string, args ...any) { progress.Logf(out, format, args...) }
	logf("Auto-assigning NUTS sampler...")
	logf("Initializing NUTS using %s...", set.Init)
	if set.Cores > 1 {
		logf("Multiprocess sampling (%d chains in %d jobs)", chains, set.Cores)
	} else {
		logf("Sequential sampling (%d chains in 1 job)", chains)
	}
	names := make([]string, 0, len(m.FreeVars()))
	for _, v := range m.FreeVars() {
		names = append(names, v.ValueName)
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
		return nil, sampleErr
	}
	tr, err := buildTrace(m, res)
	if err != nil {
		return nil, err
	}
	logf("Sampling %d chain%s for %s tune and %s draw iterations (%s + %s draws total) took %.0f seconds.",
		chains, plural(chains), progress.FormatUnderscore(set.Tune), progress.FormatUnderscore(set.Draws),
		progress.FormatUnderscore(set.Tune*chains), progress.FormatUnderscore(set.Draws*chains), time.Since(start).Seconds())
	for _, w := range mcmc.Warnings(res) {
		logf("%s", w)
	}
	if sampleErr == nil {
		for _, w := range convergenceWarnings(tr) {
			logf("%s", w)
		}
	}
	return tr, sampleErr
}

// mcmcSettings turns Sample's options into mcmc settings and the number of chains, with
// PyMC's defaults: cores = min(4, CPUs), chains = max(2, cores), then cores = min(cores,
// chains).
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
		set.TargetAccept = s.TargetAccept
	}
	set.MaxTreedepth = 10
	if s.Given("MaxTreedepth") {
		set.MaxTreedepth = s.MaxTreedepth
	}
	set.Init = mcmc.InitJitterAdaptDiag
	if s.Given("Init") {
		set.Init = s.Init
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

// buildTrace maps each chain's unconstrained draws through the model's point function.
func buildTrace(m *Model, res *mcmc.Result) (*Trace, error) {
	pf, err := m.PointFunc()
	if err != nil {
		return nil, err
	}
	pvars := pf.Vars()
	vars := make([]trace.Var, len(pvars))
	dst := make([][]float64, len(pvars))
	for i, v := range pvars {
		vars[i] = trace.Var{Name: v.Name, Shape: v.Shape, Transformed: v.Transformed}
		dst[i] = make([]float64, model.SizeOf(v.Shape))
	}
	tr, err := trace.New(vars, len(res.Chains))
	if err != nil {
		return nil, err
	}
	d := res.Dim
	stats := make([]float64, len(res.StatNames))
	for c, ch := range res.Chains {
		n := res.NumDraws(c)
		for i := 0; i < n; i++ {
			if err := pf.Eval(dst, ch.Draws[i*d:(i+1)*d]); err != nil {
				return nil, fmt.Errorf("pm: Sample: chain %d draw %d: %w", c, i, err)
			}
			if err := tr.Append(c, dst); err != nil {
				return nil, err
			}
			for k := range res.StatNames {
				stats[k] = ch.Stats[k][i]
			}
			if err := tr.AppendStats(c, res.StatNames, stats); err != nil {
				return nil, err
			}
		}
		info := trace.SamplerInfo{Tune: ch.Tuned, MaxTreeDepth: res.Settings.MaxTreedepth, StepSize: ch.StepSize, InvMassDiag: ch.InvMassDiag}
		if err := tr.SetSamplerInfo(c, info); err != nil {
			return nil, err
		}
	}
	return tr, nil
}

// convergenceWarnings are PyMC's warnings after sampling: R-hat above 1.01 and bulk ESS per
// chain below 100, for any element of any free variable.
func convergenceWarnings(tr *Trace) []string {
	if tr.Chains() < 2 || tr.Draws(0) < 4 {
		return nil
	}
	var rhat, ess bool
	for _, v := range tr.Vars() {
		if v.Transformed {
			continue
		}
		table, err := tr.Summary(v.Name)
		if err != nil {
			continue
		}
		for _, r := range table.Rows {
			if r.RHat > 1.01 {
				rhat = true
			}
			if r.ESSBulk/float64(tr.Chains()) < 100 || math.IsNaN(r.ESSBulk) {
				ess = true
			}
		}
	}
	var out []string
	if rhat {
		out = append(out, "The rhat statistic is larger than 1.01 for some parameters. This indicates problems during sampling. See https://arxiv.org/abs/1903.08008 for details")
	}
	if ess {
		out = append(out, "The effective sample size per chain is smaller than 100 for some parameters.  A higher number is needed for reliable rhat and ess computation. See https://arxiv.org/abs/1903.08008 for details")
	}
	return out
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
