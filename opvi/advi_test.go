package opvi_test

import (
	"bytes"
	"context"
	"math"
	"strings"
	"testing"

	"github.com/gopymc/gopymc/callbacks"
	"github.com/gopymc/gopymc/internal/testmodels"
	"github.com/gopymc/gopymc/optimizers"
	"github.com/gopymc/gopymc/pm"
)

// quiet silences the progress bar and log lines.
var quiet = pm.Output(nil)

// checkPosterior compares the mean and sd of mu over 10000 draws of a fitted approximation
// with the exact posterior, with PyMC's tolerances (test_fit_oo: rtol 0.05 on the mean, 0.2
// on the sd).
func checkPosterior(t *testing.T, c *testmodels.Conjugate, approx pm.Approximation) {
	t.Helper()
	post, err := approx.Sample(10000)
	if err != nil {
		t.Fatal(err)
	}
	mean, sd := post.Mean("mu")[0], post.Std("mu")[0]
	if math.Abs(mean-c.PostMean) > 0.05*math.Abs(c.PostMean) {
		t.Errorf("posterior mean %v, want %v ± 5%%", mean, c.PostMean)
	}
	if math.Abs(sd-c.PostSD) > 0.2*c.PostSD {
		t.Errorf("posterior sd %v, want %v ± 20%%", sd, c.PostSD)
	}
}

// PyMC's test_fit_oo for ADVI and FullRankADVI, with its optimizers and iterations.
func TestConjugatePosterior(t *testing.T) {
	t.Parallel()
	cases := []struct {
		method string
		lr     float64
		n      int
	}{
		{"advi", 0.02, 5000},
		{"fullrank_advi", 0.015, 6000},
	}
	for _, c := range cases {
		t.Run(c.method, func(t *testing.T) {
			t.Parallel()
			m := testmodels.NewConjugate(1000, 1)
			approx, err := pm.Fit(m.Model, pm.Method(c.method), pm.N(c.n), pm.Seed(42), quiet,
				pm.ObjOptimizer(optimizers.AdagradWindow(c.lr, optimizers.NWin(50))))
			if err != nil {
				t.Fatal(err)
			}
			if len(approx.Hist()) != c.n {
				t.Errorf("history of %d losses, want %d", len(approx.Hist()), c.n)
			}
			checkPosterior(t, m, approx)
		})
	}
}

func TestSameSeedSameFit(t *testing.T) {
	t.Parallel()
	fit := func(seed uint64) []float64 {
		m := testmodels.NewConjugate(100, 2)
		approx, err := pm.Fit(m.Model, pm.N(200), pm.Seed(seed), quiet)
		if err != nil {
			t.Fatal(err)
		}
		return append([]float64(nil), approx.FlatParams()...)
	}
	a, b, c := fit(42), fit(42), fit(43)
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("same seed, different parameters: %v vs %v", a, b)
		}
	}
	if a[0] == c[0] {
		t.Errorf("different seeds gave the same mean %v", a[0])
	}
}

// PyMC's test_fit_start: start={"mu": 17} and start_sigma={"mu": 13}, no iterations.
func TestStartAndStartSigma(t *testing.T) {
	t.Parallel()
	m := testmodels.NewConjugate(10, 3)
	for _, method := range []string{"advi", "fullrank_advi"} {
		opts := []pm.Option{pm.Method(method), pm.N(0), pm.Seed(1), quiet, pm.Start(map[string]any{"mu": 17.0})}
		if method == "advi" {
			opts = append(opts, pm.StartSigma(map[string]any{"mu": 13.0}))
		}
		approx, err := pm.Fit(m.Model, opts...)
		if err != nil {
			t.Fatal(err)
		}
		post, err := approx.Sample(10000)
		if err != nil {
			t.Fatal(err)
		}
		if mean := post.Mean("mu")[0]; math.Abs(mean-17) > 0.05*17 {
			t.Errorf("%s: mean %v, want 17", method, mean)
		}
		if method == "advi" {
			if sd := post.Std("mu")[0]; math.Abs(sd-13) > 0.05*13 {
				t.Errorf("advi: sd %v, want 13", sd)
			}
		}
	}
}

func TestFitErrors(t *testing.T) {
	t.Parallel()
	m := testmodels.NewConjugate(10, 4)
	cases := []struct {
		name string
		opts []pm.Option
		want string
	}{
		{"unknown method", []pm.Option{pm.Method("undefined")}, "method should be one of [advi asvgd fullrank_advi nfvi nfvi=<formula> svgd]"},
		{"start_sigma with fullrank", []pm.Option{pm.Method("fullrank_advi"), pm.StartSigma(map[string]any{"mu": 1.0})}, "start_sigma is only available for method advi"},
		{"negative n", []pm.Option{pm.N(-1)}, "n must be >= 0"},
		{"start of unknown variable", []pm.Option{pm.Start(map[string]any{"nu": 1.0})}, `"nu" is not a free variable`},
		{"start of the wrong shape", []pm.Option{pm.Start(map[string]any{"mu": []float64{1, 2}})}, "does not broadcast"},
		{"option of Sample", []pm.Option{pm.Draws(10)}, "Draws(10) does not apply"},
		{"NaN learning rate", []pm.Option{pm.ObjOptimizer(optimizers.Adam(math.NaN()))}, "learning rate must be finite"},
		{"bad clip", []pm.Option{pm.TotalGradNormConstraint(-1)}, "TotalGradNormConstraint must be finite and > 0"},
		{"bad ObjNMC", []pm.Option{pm.ObjNMC(0)}, "ObjNMC must be >= 1"},
	}
	for _, c := range cases {
		_, err := pm.Fit(m.Model, append(c.opts, pm.N(10), quiet)...)
		if c.name == "negative n" {
			_, err = pm.Fit(m.Model, append(c.opts, quiet)...)
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want it to contain %q", c.name, err, c.want)
		}
	}
	// Method names are case-insensitive, and the table's options work (test_fit_fn_text).
	for _, opts := range [][]pm.Option{
		{pm.Method("ADVI"), pm.TotalGradNormConstraint(10)},
		{pm.Method("FullRank_ADVI")},
	} {
		if _, err := pm.Fit(m.Model, append(opts, pm.N(10), quiet)...); err != nil {
			t.Errorf("%v: %v", opts, err)
		}
	}
}

// nanAfter is an optimizer whose update writes NaN into the first parameter at a given step.
type nanAfter struct{ step int }

func (o nanAfter) NewState(n int) (optimizers.State, error) { return &nanState{at: o.step}, nil }
func (o nanAfter) String() string                           { return "nanAfter" }

type nanState struct{ at, k int }

func (s *nanState) Update(params, grads []float64) error {
	s.k++
	for i := range params {
		params[i] -= 0.001 * grads[i]
	}
	if s.k == s.at {
		params[0] = math.NaN()
	}
	return nil
}

// A NaN ends the fit with an error naming the parameter; the approximation keeps its last
// finite parameters and the history the losses so far.
func TestNaNKeepsLastFiniteParameters(t *testing.T) {
	t.Parallel()
	m := testmodels.NewConjugate(10, 5)
	inf, err := pm.NewADVI(m.Model, pm.Seed(1))
	if err != nil {
		t.Fatal(err)
	}
	_, err = inf.Fit(100, pm.ObjOptimizer(nanAfter{step: 3}), quiet)
	if err == nil || !strings.HasPrefix(err.Error(), "NaN occurred in optimization.") || !strings.Contains(err.Error(), `mu of "mu"[0]`) {
		t.Fatalf("err = %v", err)
	}
	if got := len(inf.Hist()); got != 2 {
		t.Errorf("history has %d losses, want 2", got)
	}
	for _, p := range inf.Approx().FlatParams() {
		if math.IsNaN(p) {
			t.Fatalf("parameters %v hold NaN", inf.Approx().FlatParams())
		}
	}
}

func TestCallbacks(t *testing.T) {
	t.Parallel()
	m := testmodels.NewConjugate(10, 6)
	var out bytes.Buffer
	stop := callbacks.Func(func(_ callbacks.FlatParamser, _ []float64, i int) error {
		if i > 0 && i%10 == 0 {
			return callbacks.Stop("I was slow, sorry")
		}
		return nil
	})
	approx, err := pm.Fit(m.Model, pm.Callbacks(stop), pm.Output(&out), pm.Progressbar(false))
	if err != nil {
		t.Fatal(err)
	}
	if len(approx.Hist()) != 10 {
		t.Errorf("history of %d losses, want 10", len(approx.Hist()))
	}
	if !strings.Contains(out.String(), "I was slow, sorry\nInterrupted at 10 [0%]: Average Loss = ") {
		t.Errorf("log: %q", out.String())
	}

	boom := callbacks.Func(func(callbacks.FlatParamser, []float64, int) error { panic("boom") })
	if _, err := pm.Fit(m.Model, pm.Callbacks(boom), quiet); err == nil || !strings.Contains(err.Error(), "boom") {
		t.Errorf("panicking callback: %v", err)
	}
	conv := callbacks.NewCheckParametersConvergence(callbacks.Diff("absolute"), callbacks.Tolerance(1e-2))
	out.Reset()
	approx, err = pm.Fit(m.Model, pm.Callbacks(conv), pm.Output(&out), pm.Progressbar(false), pm.Seed(3))
	if err != nil {
		t.Fatal(err)
	}
	n := len(approx.Hist())
	if n >= 10000 || n%100 != 0 || !strings.Contains(out.String(), "Convergence achieved at") {
		t.Errorf("convergence: %d iterations, log %q", n, out.String())
	}
}

func TestFitContextCancelAndRefine(t *testing.T) {
	t.Parallel()
	m := testmodels.NewConjugate(10, 7)
	inf, err := pm.NewADVI(m.Model)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancelAt := callbacks.Func(func(_ callbacks.FlatParamser, _ []float64, i int) error {
		if i == 25 {
			cancel()
		}
		return nil
	})
	if _, err := inf.FitContext(ctx, 100, pm.Callbacks(cancelAt), quiet); err != context.Canceled {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if len(inf.Hist()) != 25 {
		t.Fatalf("history of %d, want 25", len(inf.Hist()))
	}
	var seen []int
	record := callbacks.Func(func(_ callbacks.FlatParamser, _ []float64, i int) error {
		seen = append(seen, i)
		return nil
	})
	if _, err := inf.Fit(10, pm.Callbacks(record), quiet); err != nil {
		t.Fatal(err)
	}
	if err := inf.Refine(5); err != nil {
		t.Fatal(err)
	}
	if len(inf.Hist()) != 40 || seen[0] != 26 || seen[len(seen)-1] != 40 {
		t.Errorf("history %d, callback iterations %v", len(inf.Hist()), seen)
	}
	fresh, _ := pm.NewADVI(m.Model)
	if err := fresh.Refine(5); err == nil {
		t.Error("Refine before Fit succeeded")
	}
}

// The fit loop allocates nothing per iteration: a refinement of 2000 iterations allocates as
// much as one of 200 (its history buffer and the like, once per call).
func TestFitLoopAllocatesNothingPerIteration(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are meaningless under the race detector")
	}
	for _, model := range []func() *pm.Model{testmodels.Mixture, func() *pm.Model { return testmodels.NewConjugate(100, 8).Model }} {
		inf, err := pm.NewADVI(model(), pm.Seed(1))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := inf.Fit(10, quiet); err != nil {
			t.Fatal(err)
		}
		short := testing.AllocsPerRun(5, func() { _ = inf.Refine(200) })
		long := testing.AllocsPerRun(5, func() { _ = inf.Refine(2000) })
		if long > short+1 {
			t.Errorf("Refine(200) allocates %v times, Refine(2000) %v: the loop allocates per iteration", short, long)
		}
	}
}
