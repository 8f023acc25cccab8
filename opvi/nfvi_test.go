package opvi_test

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/gopymc/gopymc/callbacks"
	"github.com/gopymc/gopymc/internal/testmodels"
	"github.com/gopymc/gopymc/optimizers"
	"github.com/gopymc/gopymc/pm"
)

// fitStages fits inf in stages of Adam with decreasing learning rates (a new optimizer
// state per stage), so that the last iterate sits close to the optimum instead of jittering
// around it at the first rate.
func fitStages(t *testing.T, inf *pm.Inference, nmc int, stages ...struct {
	n  int
	lr float64
}) {
	t.Helper()
	for _, s := range stages {
		if _, err := inf.Fit(s.n, pm.ObjOptimizer(optimizers.Adam(s.lr)), pm.ObjNMC(nmc), quiet); err != nil {
			t.Fatal(err)
		}
	}
}

type stage = struct {
	n  int
	lr float64
}

// gaussKL is KL(N(m, s²) ‖ N(m0, s0²)).
func gaussKL(m, s, m0, s0 float64) float64 {
	return math.Log(s0/s) + (s*s+(m-m0)*(m-m0))/(2*s0*s0) - 0.5
}

// 'scale-loc' NFVI is mean-field ADVI: on the conjugate normal model both reach the exact
// posterior's ELBO optimum (KL to the posterior below 0.01 nats: ELBO = log evidence - KL,
// closed form for a Gaussian q), with means within 1% and sds within 5% of each other.
func TestNFVIScaleLocEqualsMeanFieldADVI(t *testing.T) {
	t.Parallel()
	c := testmodels.NewConjugate(1000, 1)
	stages := []stage{{4000, 0.05}, {3000, 0.005}}
	advi, err := pm.NewADVI(c.Model, pm.Seed(1))
	if err != nil {
		t.Fatal(err)
	}
	nfvi, err := pm.NewNFVI(c.Model, pm.Flow("scale-loc"), pm.Seed(1))
	if err != nil {
		t.Fatal(err)
	}
	fitStages(t, advi, 1, stages...)
	fitStages(t, nfvi, 1, stages...)
	am, as := advi.Approx().MeanValues()[0], advi.Approx().StdValues()[0]
	nm, ns := nfvi.Approx().MeanValues()[0], nfvi.Approx().StdValues()[0]
	t.Logf("ADVI N(%.5f, %.5f²), NFVI N(%.5f, %.5f²), exact N(%.5f, %.5f²)", am, as, nm, ns, c.PostMean, c.PostSD)
	if math.Abs(nm-am) > 0.01*math.Abs(am) {
		t.Errorf("means: NFVI %v, ADVI %v: more than 1%% apart", nm, am)
	}
	if math.Abs(ns-as) > 0.05*as {
		t.Errorf("sds: NFVI %v, ADVI %v: more than 5%% apart", ns, as)
	}
	for name, q := range map[string][2]float64{"ADVI": {am, as}, "NFVI": {nm, ns}} {
		if kl := gaussKL(q[0], q[1], c.PostMean, c.PostSD); kl > 0.01 {
			t.Errorf("%s: KL to the exact posterior %v > 0.01 nats", name, kl)
		}
	}
}

// 'scale-hh*2-loc' holds every 3-D Gaussian (two reflections make any rotation), so NFVI on
// a correlated 3-D MvNormal recovers its covariance: every entry within 10% of
// sqrt(Σ_ii·Σ_jj) (10% relative on the diagonal), and the mean within 0.1 sd. Cov is
// exact for this affine flow.
func TestNFVIHouseholderRecoversCorrelatedGaussian(t *testing.T) {
	t.Parallel()
	mu := []float64{1, -2, 0.5}
	cov := [][]float64{{1, 0.8, 0.3}, {0.8, 2, -0.5}, {0.3, -0.5, 0.7}}
	m := pm.NewModel()
	pm.MvNormal(m, "x", mu, cov)
	if err := m.Err(); err != nil {
		t.Fatal(err)
	}
	inf, err := pm.NewNFVI(m, pm.Flow("scale-hh*2-loc"), pm.Seed(2))
	if err != nil {
		t.Fatal(err)
	}
	fitStages(t, inf, 4, stage{6000, 0.02}, stage{4000, 0.002})
	q := inf.Approx()
	got, err := pm.Eval(q.Cov())
	if err != nil {
		t.Fatal(err)
	}
	gc := got.Data().([]float64)
	mean := q.MeanValues()
	for i := 0; i < 3; i++ {
		if sd := math.Sqrt(cov[i][i]); math.Abs(mean[i]-mu[i]) > 0.1*sd {
			t.Errorf("mean[%d] = %v, want %v ± %v", i, mean[i], mu[i], 0.1*sd)
		}
		for j := 0; j < 3; j++ {
			if tol := 0.1 * math.Sqrt(cov[i][i]*cov[j][j]); math.Abs(gc[i*3+j]-cov[i][j]) > tol {
				t.Errorf("cov[%d][%d] = %.4f, want %v ± %.3f", i, j, gc[i*3+j], cov[i][j], tol)
			}
		}
	}
	// Mean-field ADVI cannot: its covariance has no off-diagonal entries.
}

// pm.Fit reaches NFVI as "nfvi" and "nfvi=<formula>" (case-insensitive, as PyMC3), with
// InfKwargs for its constructor, and refuses what does not apply.
func TestNFVIThroughFit(t *testing.T) {
	t.Parallel()
	c := testmodels.NewConjugate(10, 4)
	for _, opts := range [][]pm.Option{
		{pm.Method("nfvi")},
		{pm.Method("NFVI=Planar*2-Loc"), pm.InfKwargs(pm.Jitter(0.1))},
		{pm.Method("nfvi=scale-hh-loc"), pm.ObjNMC(3), pm.TotalGradNormConstraint(10)},
		{pm.Method("nfvi"), pm.InfKwargs(pm.Flow("radial-loc"), pm.KLBeta(0.5))},
	} {
		approx, err := pm.Fit(c.Model, append(opts, pm.N(50), pm.Seed(1), quiet)...)
		if err != nil {
			t.Errorf("%v: %v", opts, err)
			continue
		}
		if len(approx.Hist()) != 50 {
			t.Errorf("%v: %d losses", opts, len(approx.Hist()))
		}
	}
	q, err := pm.Fit(c.Model, pm.Method("nfvi=planar*2-loc"), pm.N(0), quiet)
	if err != nil {
		t.Fatal(err)
	}
	if nf, ok := q.(*pm.NormalizingFlow); !ok || nf.Formula() != "planar*2-loc" {
		t.Errorf("Fit(nfvi=planar*2-loc) gave %v", q)
	}
	cases := []struct {
		opts []pm.Option
		want string
	}{
		{[]pm.Option{pm.Method("nfvi=bogus")}, `no such flow "bogus"`},
		{[]pm.Option{pm.Method("nfvi=planar*0")}, `wrong format "planar*0"`},
		{[]pm.Option{pm.Method("nfvi=")}, "no flows in formula"},
		{[]pm.Option{pm.Method("advi=planar")}, "method should be one of [advi asvgd fullrank_advi nfvi nfvi=<formula> svgd]"},
		{[]pm.Option{pm.Method("nfvi=planar"), pm.InfKwargs(pm.Flow("radial"))}, "give it once"},
		{[]pm.Option{pm.Method("nfvi"), pm.Start(map[string]any{"mu": 1.0})}, "Start does not apply"},
		{[]pm.Option{pm.Method("nfvi"), pm.StartSigma(map[string]any{"mu": 1.0})}, "start_sigma is only available for method advi"},
		{[]pm.Option{pm.Method("nfvi"), pm.InfKwargs(pm.Jitter(-1))}, "Jitter must be finite and >= 0, got -1"},
		{[]pm.Option{pm.Method("nfvi"), pm.InfKwargs(pm.Particles(3))}, "Particles(3) does not apply to NFVI"},
		{[]pm.Option{pm.Method("nfvi"), pm.InfKwargs(pm.KLBeta(-1))}, "Beta must be finite and >= 0"},
	}
	for _, cs := range cases {
		_, err := pm.Fit(c.Model, append(cs.opts, pm.N(5), quiet)...)
		if err == nil || !strings.Contains(err.Error(), cs.want) {
			t.Errorf("%v: err = %v, want it to contain %q", cs.opts, err, cs.want)
		}
	}
	disc := pm.NewModel()
	pm.Poisson(disc, "k", 3.0)
	if _, err := pm.NewNFVI(disc); err == nil || !strings.Contains(err.Error(), "Discrete variables are not supported") {
		t.Errorf("discrete model: %v", err)
	}
}

// The same seed gives the same fit bit for bit; another seed another one.
func TestNFVISameSeedSameFit(t *testing.T) {
	t.Parallel()
	fit := func(seed uint64) []float64 {
		m := testmodels.NewConjugate(100, 2)
		approx, err := pm.Fit(m.Model, pm.Method("nfvi=scale-planar*2-iaf(4)-loc"), pm.N(200), pm.Seed(seed), quiet)
		if err != nil {
			t.Fatal(err)
		}
		return slices.Clone(approx.FlatParams())
	}
	a, b, c := fit(42), fit(42), fit(43)
	if !slices.Equal(a, b) {
		t.Fatalf("same seed, different parameters")
	}
	if slices.Equal(a, c) {
		t.Error("different seeds gave the same parameters")
	}
}

// The OO API works as for ADVI: a tracker of the flow's Mean and of a shared parameter, a
// convergence callback on the flat parameters, Refine continuing the history, and sample
// nodes after the fit.
func TestNFVIObjectAPI(t *testing.T) {
	t.Parallel()
	c := testmodels.NewConjugate(100, 3)
	inf, err := pm.NewNFVI(c.Model, pm.Flow("scale-planar-loc"), pm.Seed(1))
	if err != nil {
		t.Fatal(err)
	}
	q := inf.Approx()
	loc := q.SharedParams()["loc_2"]
	if loc == nil {
		t.Fatalf("shared params %v", slices.Sorted(mapKeys(q.SharedParams())))
	}
	tracker := callbacks.NewTracker(map[string]func() (any, error){
		"mean": func() (any, error) { return pm.Eval(q.Mean()) },
		"loc":  func() (any, error) { return pm.Eval(loc) },
	})
	conv := callbacks.NewCheckParametersConvergence(callbacks.Diff("absolute"), callbacks.Tolerance(1e-3))
	if _, err := inf.Fit(300, pm.Callbacks(tracker, conv), pm.ObjOptimizer(optimizers.Adam(0.05)), quiet); err != nil {
		t.Fatal(err)
	}
	means, err := tracker.Floats("mean")
	if err != nil {
		t.Fatal(err)
	}
	locs, err := tracker.Floats("loc")
	if err != nil {
		t.Fatal(err)
	}
	n := len(inf.Hist())
	if len(means) != n || len(locs) != n || means[0][0] == means[n-1][0] {
		t.Errorf("tracker: %d means, %d locs for %d iterations", len(means), len(locs), n)
	}
	if err := inf.Refine(20); err != nil {
		t.Fatal(err)
	}
	if len(inf.Hist()) != n+20 {
		t.Errorf("after Refine(20): %d losses, want %d", len(inf.Hist()), n+20)
	}
	mu := c.Model.Graph().ByName("mu")[0]
	sn, err := q.SampleNode(mu, pm.Size(100))
	if err != nil {
		t.Fatal(err)
	}
	if v, err := pm.Eval(sn); err != nil || v.Shape()[0] != 100 {
		t.Errorf("sample node: %v %v", v, err)
	}
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// The fit loop allocates nothing per iteration with a flow of every layer kind: a
// refinement of 2000 iterations allocates as much as one of 200 (one allocation an iteration
// would add 1800; the slack of 10 absorbs the history's occasional growth and the runtime's
// own allocations on a loaded machine).
func TestNFVIFitLoopAllocatesNothingPerIteration(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are meaningless under the race detector")
	}
	for _, formula := range []string{"scale-loc", "planar*10", "scale-hh*2-radial-iaf(8)*2-planar-loc"} {
		for _, model := range []func() *pm.Model{testmodels.Mixture, func() *pm.Model { return testmodels.NewConjugate(100, 8).Model }} {
			inf, err := pm.NewNFVI(model(), pm.Flow(formula), pm.Seed(1))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := inf.Fit(10, pm.ObjNMC(2), quiet); err != nil {
				t.Fatal(err)
			}
			short := testing.AllocsPerRun(5, func() { _ = inf.Refine(200) })
			long := testing.AllocsPerRun(5, func() { _ = inf.Refine(2000) })
			if long > short+10 {
				t.Errorf("%s: Refine(200) allocates %v times, Refine(2000) %v: the loop allocates per iteration", formula, short, long)
			}
		}
	}
}
