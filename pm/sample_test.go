package pm_test

import (
	"bytes"
	"context"
	"errors"
	"math"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gopymc/gopymc/internal/testmodels"
	"github.com/gopymc/gopymc/mcmc"
	"github.com/gopymc/gopymc/pm"
	"github.com/gopymc/gopymc/trace"
	G "gorgonia.org/gorgonia"
)

// sampleEightSchools is the non-centred eight schools model (Rubin 1981; Stan's and PyMC's
// case studies): mu ~ N(0, 5), tau ~ HalfCauchy(5), theta_tilde ~ N(0, 1) (8),
// theta = mu + tau·theta_tilde, y ~ N(theta, sigma) observed.
func sampleEightSchools() *pm.Model {
	m := pm.NewModel()
	mu := pm.Normal(m, "mu", 0, 5)
	tau := pm.HalfCauchy(m, "tau", 5)
	thetaTilde := pm.Normal(m, "theta_tilde", 0, 1, pm.Shape(8))
	theta := pm.Deterministic(m, "theta", G.Must(G.Add(mu, G.Must(G.Mul(tau, thetaTilde)))))
	pm.Normal(m, "y", theta, []float64{15, 10, 16, 11, 9, 11, 10, 18}, pm.Observed([]float64{28, 8, -3, 7, -1, 1, 18, 12}))
	return m
}

// sampleConjugate is testmodels.Conjugate built through pm: mu ~ N(4, 2) with initval 0,
// x ~ N(mu, 3) observed on c.Data.
func sampleConjugate(c *testmodels.Conjugate) *pm.Model {
	m := pm.NewModel()
	mu := pm.Normal(m, "mu", 4, 2, pm.InitVal(0.0))
	pm.Normal(m, "x", mu, 3, pm.Observed(c.Data))
	return m
}

// Correlated 2-D Gaussian: sds 1 and 3, correlation 2.7/(1·3) = 0.9.
const (
	corrSD0, corrSD1, corrRho = 1.0, 3.0, 0.9
)

func sampleCorrGauss() *pm.Model {
	m := pm.NewModel()
	pm.MvNormal(m, "x", []float64{0, 0}, [][]float64{{1, 2.7}, {2.7, 9}})
	return m
}

// sampleFunnel is Neal's funnel (centred): v ~ N(0, 3), x ~ N(0, exp(v/2)) (9). NUTS
// diverges in its neck.
func sampleFunnel() *pm.Model {
	m := pm.NewModel()
	v := pm.Normal(m, "v", 0, 3)
	pm.Normal(m, "x", 0, G.Must(G.Exp(G.Must(G.Mul(v, G.NewConstant(0.5))))), pm.Shape(9))
	return m
}

// sampleStdNormal is x ~ N(0, 1), s ~ LogNormal(0, 1): quick to sample, one transform,
// no divergences (s_log__ is N(0, 1); HalfNormal's steep e^{2u} tail on the log scale
// makes about 1% of draws divergent at the default target).
func sampleStdNormal() *pm.Model {
	m := pm.NewModel()
	pm.Normal(m, "x", 0, 1)
	pm.LogNormal(m, "s", 0, 1)
	return m
}

// elementChains returns element j of the variable, one slice per chain.
func elementChains(t *testing.T, tr *pm.Trace, name string, j int) [][]float64 {
	t.Helper()
	size := tr.Size(name)
	out := make([][]float64, tr.Chains())
	for c := range out {
		vals := tr.ChainValues(name, c)
		if vals == nil {
			t.Fatalf("trace has no variable %q", name)
		}
		col := make([]float64, len(vals)/size)
		for i := range col {
			col[i] = vals[i*size+j]
		}
		out[c] = col
	}
	return out
}

// mapChains applies f to every draw.
func mapChains(chains [][]float64, f func(i, c int, x float64) float64) [][]float64 {
	out := make([][]float64, len(chains))
	for c, ch := range chains {
		out[c] = make([]float64, len(ch))
		for i, x := range ch {
			out[c][i] = f(i, c, x)
		}
	}
	return out
}

// pooledMean is the mean over every draw of every chain.
func pooledMean(chains [][]float64) float64 {
	s, n := 0.0, 0
	for _, ch := range chains {
		for _, x := range ch {
			s += x
			n++
		}
	}
	return s / float64(n)
}

// meanSD returns the posterior mean and sd estimates of a scalar and their Monte Carlo
// standard errors, with ESS from the trace (trace.ESSBulk over the chains):
// se(mean) = sd/√ESS(x); for the sd, with z = (x - mean)², sd² = mean(z),
// se(sd²) = sd(z)/√ESS(z) and se(sd) = se(sd²)/(2·sd) (delta method).
func meanSD(chains [][]float64) (mean, sd, seMean, seSD float64) {
	mean = pooledMean(chains)
	z := mapChains(chains, func(_, _ int, x float64) float64 { return (x - mean) * (x - mean) })
	sd = math.Sqrt(pooledMean(z))
	zMean := pooledMean(z)
	zSD := math.Sqrt(pooledMean(mapChains(z, func(_, _ int, v float64) float64 { return (v - zMean) * (v - zMean) })))
	seMean = sd / math.Sqrt(diag(trace.ESSBulk(chains)))
	seSD = zSD / math.Sqrt(diag(trace.ESSBulk(z))) / (2 * sd)
	return mean, sd, seMean, seSD
}

// TestSampleKnownAnswers: posterior means and sds (and a correlation) within 4 Monte
// Carlo standard errors of the exact values, 4 chains of PyMC's default 1000 draws.
func TestSampleKnownAnswers(t *testing.T) {
	t.Parallel()
	const nse = 4 // tolerance in Monte Carlo standard errors
	conj := testmodels.NewConjugate(1000, 1)
	type want struct {
		name     string
		elem     int
		mean, sd float64
	}
	tests := []struct {
		name  string
		model func() *pm.Model
		seed  uint64
		want  []want
		corr  bool // also check the correlation of x[0] and x[1] (corrRho)
	}{
		// Conjugate normal: exact posterior of mu in closed form (testmodels.NewConjugate).
		{"conjugate", func() *pm.Model { return sampleConjugate(conj) }, 3,
			[]want{{"mu", 0, conj.PostMean, conj.PostSD}}, false},
		// MvNormal(0, [[1, 2.7], [2.7, 9]]): marginal sds 1 and 3, correlation 0.9.
		{"corrGauss", sampleCorrGauss, 3,
			[]want{{"x", 0, 0, corrSD0}, {"x", 1, 0, corrSD1}}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tr, err := pm.Sample(tc.model(), pm.Seed(tc.seed), pm.Chains(4), pm.Output(nil))
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.want {
				mean, sd, seMean, seSD := meanSD(elementChains(t, tr, w.name, w.elem))
				if math.Abs(mean-w.mean) > nse*seMean {
					t.Errorf("%s[%d]: mean %.4f, want %.4f ± %.4f", w.name, w.elem, mean, w.mean, nse*seMean)
				}
				if math.Abs(sd-w.sd) > nse*seSD {
					t.Errorf("%s[%d]: sd %.4f, want %.4f ± %.4f", w.name, w.elem, sd, w.sd, nse*seSD)
				}
			}
			if tc.corr {
				// Correlation of the standardised draws u·v; for a bivariate normal the
				// sample correlation has asymptotic sd (1-ρ²)/√n (Fisher), with n the ESS
				// of u·v.
				x0, x1 := elementChains(t, tr, "x", 0), elementChains(t, tr, "x", 1)
				m0, sd0, _, _ := meanSD(x0)
				m1, sd1, _, _ := meanSD(x1)
				uv := mapChains(x0, func(i, c int, x float64) float64 { return (x - m0) / sd0 * (x1[c][i] - m1) / sd1 })
				rho := pooledMean(uv)
				se := (1 - corrRho*corrRho) / math.Sqrt(diag(trace.ESSBulk(uv)))
				if math.Abs(rho-corrRho) > nse*se {
					t.Errorf("correlation %.4f, want %.2f ± %.4f", rho, corrRho, nse*se)
				}
			}
		})
	}
}

// eightSchoolsSeed gives no divergence after tuning with 4 chains at TargetAccept(0.9).
// Of seeds 0…19, 3 do (8, 12, 13); the others have 1 to 10 divergences in 4 × 1000 draws
// (53 in all, 0.07% of draws). Which seeds are clean depends on the last bit of every
// log-density gradient: with the distributions of commit 8a3a93f, 6 of 20 were (2, 3, 4,
// 11, 17, 19; 40 divergences in all). If the model layer's arithmetic changes, sweep
// seeds 0…19 again and pick a clean one.
const eightSchoolsSeed = 12

// TestSampleEightSchools: the non-centred eight schools model at TargetAccept(0.9) has no
// divergences for eightSchoolsSeed and mu's posterior mean is 4.4 (Stan's and PyMC's case
// studies report 4.4 ± 3.3); Cores(1) and Cores(2) give identical traces; the trace holds
// the free variables, tau_log__ and theta with their shapes and values; and a CmdStan CSV
// round trip keeps every value.
func TestSampleEightSchools(t *testing.T) {
	t.Parallel()
	const muMean, muTol = 4.4, 1.0
	run := func(cores int) *pm.Trace {
		tr, err := pm.Sample(sampleEightSchools(), pm.Seed(eightSchoolsSeed), pm.TargetAccept(0.9),
			pm.Chains(4), pm.Cores(cores), pm.Output(nil))
		if err != nil {
			t.Fatal(err)
		}
		return tr
	}
	tr := run(2)

	t.Run("posterior", func(t *testing.T) {
		div := 0.0
		for _, d := range tr.Stat(mcmc.StatDiverging) {
			div += d
		}
		if div != 0 {
			t.Errorf("%v divergences after tuning", div)
		}
		if m := tr.Mean("mu")[0]; math.Abs(m-muMean) > muTol {
			t.Errorf("mean of mu = %.3f, want %.1f ± %.1f", m, muMean, muTol)
		}
	})

	t.Run("cores", func(t *testing.T) {
		ref := run(1)
		for _, v := range tr.Vars() {
			if !slices.Equal(ref.Values(v.Name), tr.Values(v.Name)) {
				t.Errorf("%s: Cores(1) and Cores(2) differ", v.Name)
			}
		}
		if !slices.Equal(ref.StatNames(), tr.StatNames()) {
			t.Fatalf("stat names %q and %q", ref.StatNames(), tr.StatNames())
		}
		for _, s := range tr.StatNames() {
			if !slices.Equal(ref.Stat(s), tr.Stat(s)) {
				t.Errorf("stat %s: Cores(1) and Cores(2) differ", s)
			}
		}
		for c := range tr.Chains() {
			a, _ := ref.SamplerInfo(c)
			b, _ := tr.SamplerInfo(c)
			a.WarmupSeconds, a.SamplingSeconds = 0, 0 // wall times differ from run to run
			b.WarmupSeconds, b.SamplingSeconds = 0, 0
			if !reflect.DeepEqual(a, b) {
				t.Errorf("chain %d: sampler info %+v and %+v", c, a, b)
			}
		}
	})

	t.Run("contents", func(t *testing.T) {
		want := []trace.Var{
			{Name: "mu", Shape: []int{}}, {Name: "tau", Shape: []int{}},
			{Name: "tau_log__", Shape: []int{}, Transformed: true},
			{Name: "theta_tilde", Shape: []int{8}}, {Name: "theta", Shape: []int{8}},
		}
		if got := tr.Vars(); !reflect.DeepEqual(got, want) {
			t.Errorf("Vars() = %+v, want %+v", got, want)
		}
		if got := tr.StatNames(); !slices.Equal(got, mcmc.StatNames()) {
			t.Errorf("StatNames() = %q, want %q", got, mcmc.StatNames())
		}
		const tol = 1e-12 // relative; one rounding in each of exp, ·, +
		mu, tau, tauLog := tr.Values("mu"), tr.Values("tau"), tr.Values("tau_log__")
		tt, theta := tr.Values("theta_tilde"), tr.Values("theta")
		if len(mu) != 4000 || len(theta) != 8*4000 {
			t.Fatalf("%d draws of mu, %d values of theta; want 4000, 32000", len(mu), len(theta))
		}
		for i := range mu {
			if d := math.Abs(tau[i] - math.Exp(tauLog[i])); d > tol*tau[i] {
				t.Fatalf("draw %d: tau = %g, exp(tau_log__) = %g", i, tau[i], math.Exp(tauLog[i]))
			}
			for j := range 8 {
				w := mu[i] + tau[i]*tt[8*i+j]
				if d := math.Abs(theta[8*i+j] - w); d > tol*(math.Abs(mu[i])+math.Abs(tau[i]*tt[8*i+j])) {
					t.Fatalf("draw %d: theta[%d] = %g, mu + tau·theta_tilde = %g", i, j, theta[8*i+j], w)
				}
			}
		}
		for c := range tr.Chains() {
			info, ok := tr.SamplerInfo(c)
			if !ok || info.Tune != 1000 || info.MaxTreeDepth != 10 || len(info.InvMassDiag) != 10 || info.GradEvals < 2000 {
				t.Errorf("chain %d: SamplerInfo %+v, %v", c, info, ok)
			}
		}
	})

	t.Run("cmdstan", func(t *testing.T) {
		parts := make([]*pm.Trace, tr.Chains())
		for c := range parts {
			var buf bytes.Buffer
			if err := tr.WriteCmdStanCSV(&buf, c); err != nil {
				t.Fatal(err)
			}
			var err error
			if parts[c], err = trace.ReadCmdStanCSV(&buf); err != nil {
				t.Fatal(err)
			}
		}
		back, err := trace.MergeChains(parts...)
		if err != nil {
			t.Fatal(err)
		}
		var want []trace.Var
		for _, v := range tr.Vars() {
			if !v.Transformed {
				want = append(want, v)
			}
		}
		if got := back.Vars(); !reflect.DeepEqual(got, want) {
			t.Fatalf("read back %+v, want %+v", got, want)
		}
		for _, v := range want {
			if !slices.Equal(back.Values(v.Name), tr.Values(v.Name)) {
				t.Errorf("%s: values differ after the round trip", v.Name)
			}
		}
		// The statistics CmdStan has columns for.
		for _, s := range []string{mcmc.StatLp, mcmc.StatMeanTreeAccept, mcmc.StatStepSize, mcmc.StatDepth,
			mcmc.StatTreeSize, mcmc.StatDiverging, mcmc.StatEnergy} {
			if !slices.Equal(back.Stat(s), tr.Stat(s)) {
				t.Errorf("stat %s differs after the round trip", s)
			}
		}
		for c := range tr.Chains() {
			a, _ := tr.SamplerInfo(c)
			b, ok := back.SamplerInfo(c)
			a.GradEvals = 0 // not in CmdStan's format
			// CmdStan writes times with six significant digits.
			if !ok || math.Abs(b.WarmupSeconds-a.WarmupSeconds) > 1e-5*a.WarmupSeconds || math.Abs(b.SamplingSeconds-a.SamplingSeconds) > 1e-5*a.SamplingSeconds {
				t.Errorf("chain %d: times %v, %v after the round trip, want %v, %v", c, b.WarmupSeconds, b.SamplingSeconds, a.WarmupSeconds, a.SamplingSeconds)
			}
			a.WarmupSeconds, a.SamplingSeconds = b.WarmupSeconds, b.SamplingSeconds
			if !ok || !reflect.DeepEqual(a, b) {
				t.Errorf("chain %d: sampler info %+v after the round trip, want %+v", c, b, a)
			}
		}
	})
}

// TestSampleDefaults: PyMC's defaults: 1000 draws and 1000 tuning iterations per chain,
// cores = min(4, CPUs), chains = max(2, cores); and GradEvals counts one initial
// evaluation plus every leapfrog step.
func TestSampleDefaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		opts   []pm.Option
		chains int
	}{
		{"none", nil, max(2, min(4, runtime.NumCPU()))},
		{"Cores(1)", []pm.Option{pm.Cores(1)}, 2},
		{"Cores(3)", []pm.Option{pm.Cores(3)}, 3},
		{"Chains(1)", []pm.Option{pm.Chains(1)}, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tr, err := pm.Sample(sampleStdNormal(), append(tc.opts, pm.Seed(1), pm.Output(nil))...)
			if err != nil {
				t.Fatal(err)
			}
			if tr.Chains() != tc.chains {
				t.Fatalf("%d chains, want %d", tr.Chains(), tc.chains)
			}
			for c := range tr.Chains() {
				info, ok := tr.SamplerInfo(c)
				if n := tr.Draws(c); n != 1000 || !ok || info.Tune != 1000 || info.MaxTreeDepth != 10 {
					t.Errorf("chain %d: %d draws, SamplerInfo %+v %v; want 1000 draws, Tune 1000, MaxTreeDepth 10", c, n, info, ok)
				}
			}
		})
	}

	t.Run("GradEvals", func(t *testing.T) {
		t.Parallel()
		// Without tuning and jitter, a chain evaluates the gradient once at the initial
		// point and then once per leapfrog step (tree_size).
		tr, err := pm.Sample(sampleStdNormal(), pm.Tune(0), pm.Draws(200), pm.Init("adapt_diag"), pm.Seed(1), pm.Output(nil))
		if err != nil {
			t.Fatal(err)
		}
		for c := range tr.Chains() {
			steps := 0.0
			for _, n := range tr.ChainStat(mcmc.StatTreeSize, c) {
				steps += n
			}
			info, _ := tr.SamplerInfo(c)
			if info.GradEvals != 1+int(steps) {
				t.Errorf("chain %d: GradEvals %d, want 1 + %v", c, info.GradEvals, steps)
			}
		}
	})
}

// TestSampleLog: PyMC's log lines (pymc/sampling/mcmc.py) and warnings
// (pymc/stats/convergence.py) with Progressbar(false). "took N seconds" and divergence
// counts are normalised.
func TestSampleLog(t *testing.T) {
	t.Parallel()
	const (
		auto    = "Auto-assigning NUTS sampler..."
		initJAD = "Initializing NUTS using jitter+adapt_diag..."
		four    = "We recommend running at least 4 chains for robust computation of convergence diagnostics"
		small   = "The number of samples is too small to check convergence reliably."
		rhat    = "The rhat statistic is larger than 1.01 for some parameters. This indicates problems during sampling. See https://arxiv.org/abs/1903.08008 for details"
		ess     = "The effective sample size per chain is smaller than 100 for some parameters.  A higher number is needed for reliable rhat and ess computation. See https://arxiv.org/abs/1903.08008 for details"
		depth   = " reached the maximum tree depth. Increase `max_treedepth`, increase `target_accept` or reparameterize."
	)
	tests := []struct {
		name  string
		model func() *pm.Model
		opts  []pm.Option
		want  []string
	}{
		{"default", sampleStdNormal, []pm.Option{pm.Chains(2), pm.Cores(2)}, []string{
			auto, initJAD, "Multiprocess sampling (2 chains in 2 jobs)", "NUTS: [x, s]",
			"Sampling 2 chains for 1_000 tune and 1_000 draw iterations (2_000 + 2_000 draws total) took N seconds.",
			four,
		}},
		{"sequential", sampleStdNormal, []pm.Option{pm.Chains(1), pm.Cores(1), pm.Tune(100), pm.Draws(2000), pm.Init("adapt_diag")}, []string{
			auto, "Initializing NUTS using adapt_diag...", "Sequential sampling (1 chains in 1 job)", "NUTS: [x, s]",
			"Sampling 1 chain for 100 tune and 2_000 draw iterations (100 + 2_000 draws total) took N seconds.",
			"Only one chain was sampled, this makes it impossible to run some convergence checks",
		}},
		{"fewDraws", sampleStdNormal, []pm.Option{pm.Chains(2), pm.Cores(2), pm.Draws(50), pm.Tune(50)}, []string{
			"Only 50 samples per chain. Reliable r-hat and ESS diagnostics require longer chains for accurate estimate.",
			auto, initJAD, "Multiprocess sampling (2 chains in 2 jobs)", "NUTS: [x, s]",
			"Sampling 2 chains for 50 tune and 50 draw iterations (100 + 100 draws total) took N seconds.",
			small,
		}},
		{"zeroDraws", sampleStdNormal, []pm.Option{pm.Chains(2), pm.Cores(1), pm.Draws(0), pm.Tune(20)}, []string{
			"Tuning was enabled throughout the whole trace.",
			auto, initJAD, "Sequential sampling (2 chains in 1 job)", "NUTS: [x, s]",
			"Sampling 2 chains for 20 tune and 0 draw iterations (40 + 0 draws total) took N seconds.",
			small,
		}},
		// Neal's funnel diverges; its neck is not explored, so R-hat and ESS suffer too.
		{"funnel", sampleFunnel, []pm.Option{pm.Chains(2), pm.Cores(2)}, []string{
			auto, initJAD, "Multiprocess sampling (2 chains in 2 jobs)", "NUTS: [v, x]",
			"Sampling 2 chains for 1_000 tune and 1_000 draw iterations (2_000 + 2_000 draws total) took N seconds.",
			"There were N divergences after tuning. Increase `target_accept` or reparameterize.",
			four, rhat, ess,
		}},
		// N(0, 10) with the untuned step 0.25 and one leapfrog step per draw is a slow
		// random walk: every draw stops at the depth limit, R-hat is large, ESS small.
		{"stuck", func() *pm.Model { m := pm.NewModel(); pm.Normal(m, "x", 0, 10); return m },
			[]pm.Option{pm.Chains(4), pm.Cores(2), pm.Tune(0), pm.Draws(200), pm.MaxTreedepth(1)}, []string{
				auto, initJAD, "Multiprocess sampling (4 chains in 2 jobs)", "NUTS: [x]",
				"Sampling 4 chains for 0 tune and 200 draw iterations (0 + 800 draws total) took N seconds.",
				"Chain 0" + depth, "Chain 1" + depth, "Chain 2" + depth, "Chain 3" + depth,
				rhat, ess,
			}},
	}
	took := regexp.MustCompile(`took \d+ seconds\.$`)
	divs := regexp.MustCompile(`^There were \d+ divergences`)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			if _, err := pm.Sample(tc.model(), append(tc.opts, pm.Seed(1), pm.Output(&buf), pm.Progressbar(false))...); err != nil {
				t.Fatal(err)
			}
			got := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
			for i, line := range got {
				line = took.ReplaceAllString(line, "took N seconds.")
				got[i] = divs.ReplaceAllString(line, "There were N divergences")
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("log:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}

	t.Run("progressbar", func(t *testing.T) {
		t.Parallel()
		var buf bytes.Buffer
		if _, err := pm.Sample(sampleStdNormal(), pm.Chains(2), pm.Draws(100), pm.Tune(100), pm.Seed(1), pm.Output(&buf)); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if !strings.Contains(out, "NUTS: [x, s]\n") || !strings.Contains(out, "Sampling 2 chains for 100 tune and 100 draw iterations") {
			t.Errorf("log with a progress bar lacks the log lines:\n%s", out)
		}
		if n := strings.Count(out, "\n"); n <= 6 {
			t.Errorf("no progress bar in the output:\n%s", out)
		}
	})
}

// TestSampleContextCancel: cancelling returns the draws so far, consistent across
// variables and statistics, with context.Canceled; a context already cancelled returns an
// empty trace.
func TestSampleContextCancel(t *testing.T) {
	t.Parallel()
	const draws = 100_000 // seconds of work; cancelled long before
	t.Run("running", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		go func() {
			time.Sleep(100 * time.Millisecond) // thousands of iterations (hundreds with -race)
			cancel()
		}()
		tr, err := pm.SampleContext(ctx, sampleEightSchools(), pm.Tune(0), pm.Draws(draws), pm.Chains(2), pm.Output(nil))
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if tr == nil || tr.Chains() != 2 {
			t.Fatalf("trace %v, want 2 chains", tr)
		}
		if tr.Draws(0)+tr.Draws(1) == 0 {
			t.Error("no draws before the cancellation")
		}
		for c := range tr.Chains() {
			n := tr.Draws(c)
			if n >= draws {
				t.Errorf("chain %d finished (%d draws) despite the cancellation", c, n)
			}
			for _, v := range tr.Vars() {
				if got := len(tr.ChainValues(v.Name, c)); got != n*tr.Size(v.Name) {
					t.Errorf("chain %d: %s holds %d values, want %d draws", c, v.Name, got, n)
				}
			}
			for _, s := range tr.StatNames() {
				if got := len(tr.ChainStat(s, c)); got != n {
					t.Errorf("chain %d: stat %s holds %d values, want %d", c, s, got, n)
				}
			}
			t.Logf("chain %d: %d draws before the cancellation", c, n)
		}
	})
	t.Run("before", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		tr, err := pm.SampleContext(ctx, sampleEightSchools(), pm.Chains(2), pm.Output(nil))
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if tr == nil || tr.Chains() != 2 || tr.Draws(0) != 0 || tr.Draws(1) != 0 || tr.Size("theta") != 8 {
			t.Fatalf("trace %v, want 2 empty chains of the model's variables", tr)
		}
	})
}

// TestSampleBadInput: bad options and models give errors saying what is wrong.
func TestSampleBadInput(t *testing.T) {
	t.Parallel()
	const (
		taMsg   = "the default is 0.8; raise it, e.g. to 0.9, for a difficult posterior)"
		initMsg = `; use one of ["jitter+adapt_diag" "adapt_diag" "advi+adapt_diag" "advi"] (the default is "jitter+adapt_diag")`
		jitter  = "pm: Sample: mcmc: chain 0: the initial point has a non-finite log density (log p = -Inf), also after 10 retries with fresh jitter; check the initial values and the priors' supports; at the initial point (without jitter) "
	)
	tests := []struct {
		name  string
		model func() *pm.Model
		opts  []pm.Option
		want  string // "" means the model's own error; "model: " errors are matched by parts
	}{
		{"Draws", sampleStdNormal, []pm.Option{pm.Draws(-1)}, "pm: Sample: Draws must be >= 0, got -1"},
		{"Tune", sampleStdNormal, []pm.Option{pm.Tune(-5)}, "pm: Sample: Tune must be >= 0, got -5"},
		{"Chains", sampleStdNormal, []pm.Option{pm.Chains(0)}, "pm: Sample: Chains must be >= 1, got 0"},
		{"Cores", sampleStdNormal, []pm.Option{pm.Cores(0)}, "pm: Sample: Cores must be >= 1, got 0"},
		{"TargetAccept(0)", sampleStdNormal, []pm.Option{pm.TargetAccept(0)}, "pm: Sample: TargetAccept must lie in (0, 1), got 0 (" + taMsg},
		{"TargetAccept(1)", sampleStdNormal, []pm.Option{pm.TargetAccept(1)}, "pm: Sample: TargetAccept must lie in (0, 1), got 1 (" + taMsg},
		{"TargetAccept(NaN)", sampleStdNormal, []pm.Option{pm.TargetAccept(math.NaN())}, "pm: Sample: TargetAccept must lie in (0, 1), got NaN (" + taMsg},
		{"MaxTreedepth(0)", sampleStdNormal, []pm.Option{pm.MaxTreedepth(0)}, "pm: Sample: MaxTreedepth must lie in [1, 30], got 0 (the default is 10)"},
		{"Init", sampleStdNormal, []pm.Option{pm.Init("map")}, `pm: Sample: unknown initializer Init("map")` + initMsg},
		{"N", sampleStdNormal, []pm.Option{pm.N(3)}, "pm: option N(3) does not apply to Sample (it takes Draws, Tune, Chains, Cores, Seed, TargetAccept, MaxTreedepth, Init, Progressbar, Output, Start, StartChains, NInit, Scaling, IsCov)"},
		{"nil option", sampleStdNormal, []pm.Option{nil}, "pm: Sample: option 0 is nil"},
		{"build error", func() *pm.Model { m := pm.NewModel(); pm.Normal(m, "x", 0, -1); return m }, nil, ""},
		{"no free variables", func() *pm.Model {
			m := pm.NewModel()
			pm.Normal(m, "y", 0, 1, pm.Observed([]float64{1, 2}))
			return m
		}, nil, "model: |no free variables"},
		{"discrete", func() *pm.Model {
			m := pm.NewModel()
			pm.Normal(m, "x", 0, 1)
			pm.Poisson(m, "k", 3)
			return m
		}, nil, "model: |Discrete variables are not supported by gradient-based inference|k (Poisson)"},
		// Data outside the likelihood's support: no jitter of x helps.
		{"observed outside support", func() *pm.Model {
			m := pm.NewModel()
			pm.Normal(m, "x", 0, 1)
			pm.Uniform(m, "y", 0, 1, pm.Observed([]float64{2}))
			return m
		}, nil, jitter + "the log density of y is -Inf"},
		{"potential -Inf", func() *pm.Model {
			m := pm.NewModel()
			x := pm.Normal(m, "x", 0, 1)
			pm.Potential(m, "p", G.Must(G.Add(G.Must(G.Mul(x, G.NewConstant(0.0))), G.NewConstant(math.Inf(-1)))))
			return m
		}, []pm.Option{pm.Init("adapt_diag")}, "pm: Sample: mcmc: chain 0: the initial point has a non-finite log density (log p = -Inf); check the initial values and the priors' supports; at the initial point (without jitter) the log density of p is -Inf"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := tc.model()
			tr, err := pm.Sample(m, append(tc.opts, pm.Output(nil))...)
			want := tc.want
			if want == "" {
				if m.Err() == nil {
					t.Fatal("the model has no build error")
				}
				want = m.Err().Error()
			}
			switch {
			case err == nil:
				t.Errorf("err = nil, want %s", want)
			case strings.HasPrefix(want, "model: "): // package model's wording may evolve
				for _, part := range strings.Split(want, "|") {
					if !strings.Contains(err.Error(), part) {
						t.Errorf("err = %v\nwant parts %q", err, strings.Split(want, "|"))
						break
					}
				}
			case err.Error() != want:
				t.Errorf("err = %v\nwant %s", err, want)
			}
			if tr != nil {
				t.Error("non-nil trace with the error")
			}
		})
	}
}

// diag is a convergence diagnostic's value; its error (chains of unequal lengths, which
// these tests never have) fails the test by panicking.
func diag(v float64, err error) float64 {
	if err != nil {
		panic(err)
	}
	return v
}
