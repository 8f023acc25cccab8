package pm_test

import (
	"bytes"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/gopymc/gopymc/mcmc"
	"github.com/gopymc/gopymc/pm"
	"github.com/gopymc/gopymc/trace"
	"gorgonia.org/tensor"
)

// chainsOf returns a scalar variable's draws per chain.
func chainsOf(tr *pm.Trace, name string) [][]float64 {
	out := make([][]float64, tr.Chains())
	for c := range out {
		out[c] = tr.ChainValues(name, c)
	}
	return out
}

// TestSampleInitADVIEightSchools: NUTS initialised by ADVI ("advi+adapt_diag") on the
// non-centred eight schools model (TargetAccept 0.9, 4 chains) has no more divergences than
// the default init over seeds 0…9 (27 against 30 when written; over seeds 0…19, 48 against
// 53: divergences are rare, about 0.07% of draws, either way), and the same posterior means of
// mu and tau within 4 combined Monte Carlo standard errors; PyMC's log line names the init;
// the run is the same on 1 and 2 cores.
func TestSampleInitADVIEightSchools(t *testing.T) {
	t.Parallel()
	const seeds = 10
	run := func(init string, seed uint64, cores int, out *bytes.Buffer) *pm.Trace {
		opts := []pm.Option{pm.Seed(seed), pm.TargetAccept(0.9), pm.Chains(4), pm.Cores(cores), pm.Init(init), pm.Progressbar(false)}
		if out != nil {
			opts = append(opts, pm.Output(out))
		} else {
			opts = append(opts, pm.Output(nil))
		}
		tr, err := pm.Sample(sampleEightSchools(), opts...)
		if err != nil {
			t.Fatal(err)
		}
		return tr
	}
	div := func(tr *pm.Trace) (n float64) {
		for _, d := range tr.Stat(mcmc.StatDiverging) {
			n += d
		}
		return n
	}
	var log bytes.Buffer
	traces := map[string][]*pm.Trace{}
	divs := map[string]float64{}
	for _, init := range []string{"advi+adapt_diag", "jitter+adapt_diag"} {
		for seed := range uint64(seeds) {
			var out *bytes.Buffer
			if seed == 0 && init == "advi+adapt_diag" {
				out = &log
			}
			tr := run(init, seed, 2, out)
			traces[init] = append(traces[init], tr)
			divs[init] += div(tr)
		}
	}
	if !strings.Contains(log.String(), "Initializing NUTS using advi+adapt_diag...") {
		t.Errorf("log %q lacks PyMC's init line", log.String())
	}
	if a, d := divs["advi+adapt_diag"], divs["jitter+adapt_diag"]; a > d {
		t.Errorf("%v divergences with advi+adapt_diag, %v with the default init", a, d)
	}
	for _, name := range []string{"mu", "tau"} {
		var a, d [][]float64
		for k := range seeds {
			a = append(a, chainsOf(traces["advi+adapt_diag"][k], name)...)
			d = append(d, chainsOf(traces["jitter+adapt_diag"][k], name)...)
		}
		ma, md := mean2(a), mean2(d)
		se := math.Hypot(diag(trace.MCSEMean(a)), diag(trace.MCSEMean(d)))
		if math.Abs(ma-md) > 4*se {
			t.Errorf("%s: posterior mean %.3f with advi+adapt_diag, %.3f with the default init (4 MCSE = %.3f)", name, ma, md, 4*se)
		}
	}
	one := run("advi+adapt_diag", 0, 1, nil)
	if !slices.Equal(one.Values("mu"), traces["advi+adapt_diag"][0].Values("mu")) {
		t.Error("advi+adapt_diag: Cores(1) and Cores(2) differ")
	}
}

// mean2 is the mean of every value of every chain.
func mean2(chains [][]float64) float64 {
	var s float64
	var n int
	for _, c := range chains {
		for _, x := range c {
			s += x
		}
		n += len(c)
	}
	return s / float64(n)
}

// TestSampleInitADVIFixed: with init "advi" the inverse mass matrix is the approximation's
// variances, kept through tuning, and every chain starts at its own draw.
func TestSampleInitADVIFixed(t *testing.T) {
	t.Parallel()
	tr, err := pm.Sample(sampleEightSchools(), pm.Seed(1), pm.Chains(2), pm.Draws(100), pm.Tune(200), pm.Init("advi"), pm.NInit(3000), pm.Output(nil))
	if err != nil {
		t.Fatal(err)
	}
	a, _ := tr.SamplerInfo(0)
	b, _ := tr.SamplerInfo(1)
	if !slices.Equal(a.InvMassDiag, b.InvMassDiag) {
		t.Errorf("chains have different fixed mass matrices %v and %v", a.InvMassDiag, b.InvMassDiag)
	}
	for i, v := range a.InvMassDiag {
		if !(v > 0) || v == 1 {
			t.Errorf("inverse mass %d = %v: not the approximation's variance", i, v)
		}
	}
}

// TestSampleStart: a start point by name, with the other variables at the initial point, is
// where a chain without tuning and jitter begins; a point of a trace (deterministics
// included) is accepted as a start; StartChains gives each chain its own.
func TestSampleStart(t *testing.T) {
	t.Parallel()
	m := sampleEightSchools()
	// With Tune(0), Draws(1) and a huge MaxTreedepth the first draw moves; but the chain's
	// first log density is at the start: check through a start outside the support.
	_, err := pm.Sample(m, pm.Start(map[string]any{"tau": -1.0}), pm.Chains(1), pm.Output(nil))
	if err == nil || !strings.Contains(err.Error(), `"tau"`) || !strings.Contains(err.Error(), "outside the support") {
		t.Errorf("start outside the support: error %v", err)
	}
	tr, err := pm.Sample(m, pm.Seed(2), pm.Chains(2), pm.Draws(50), pm.Tune(50), pm.Output(nil))
	if err != nil {
		t.Fatal(err)
	}
	p0, err := pm.Point(tr, 1, 49)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := p0["theta"].(*tensor.Dense); !ok {
		t.Fatalf("Point: theta is a %T, want a *tensor.Dense", p0["theta"])
	}
	p1, _ := pm.Point(tr, 0, 3)
	for _, opt := range []pm.Option{pm.Start(p0), pm.StartChains(p0, p1)} {
		if _, err := pm.Sample(m, opt, pm.Seed(3), pm.Chains(2), pm.Draws(20), pm.Tune(20), pm.Output(nil)); err != nil {
			t.Errorf("%v: %v", opt, err)
		}
	}
}

// TestSampleScaling: a mass matrix given as a diagonal, a dense matrix (as the mass or as a
// covariance with IsCov) or a full-rank approximation is kept fixed: the reported inverse
// mass diagonal is the one given.
func TestSampleScaling(t *testing.T) {
	t.Parallel()
	m := sampleCorrGauss()
	cov := [][]float64{{1, 2.7}, {2.7, 9}}
	cases := []struct {
		name string
		opts []pm.Option
		want []float64
	}{
		{"diagonal mass", []pm.Option{pm.Scaling([]float64{2, 0.5})}, []float64{0.5, 2}},
		{"diagonal covariance", []pm.Option{pm.Scaling([]float64{2, 0.5}), pm.IsCov()}, []float64{2, 0.5}},
		{"dense covariance", []pm.Option{pm.Scaling(cov), pm.IsCov()}, []float64{1, 9}},
		// The inverse of the precision [[1, 2.7], [2.7, 9]]⁻¹ is the covariance itself.
		{"dense mass", []pm.Option{pm.Scaling([][]float64{{9 / 1.71, -2.7 / 1.71}, {-2.7 / 1.71, 1 / 1.71}})}, []float64{1, 9}},
	}
	for _, c := range cases {
		tr, err := pm.Sample(m, append(c.opts, pm.Seed(4), pm.Chains(1), pm.Draws(300), pm.Tune(200), pm.Output(nil))...)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		info, _ := tr.SamplerInfo(0)
		for i := range c.want {
			if math.Abs(info.InvMassDiag[i]-c.want[i]) > 1e-9 {
				t.Errorf("%s: inverse mass diagonal %v, want %v", c.name, info.InvMassDiag, c.want)
				break
			}
		}
	}
	approx, err := pm.Fit(m, pm.Method("fullrank_advi"), pm.N(2000), pm.Seed(1), pm.Output(nil))
	if err != nil {
		t.Fatal(err)
	}
	tr, err := pm.Sample(m, pm.Scaling(approx), pm.Seed(4), pm.Chains(1), pm.Draws(500), pm.Output(nil))
	if err != nil {
		t.Fatal(err)
	}
	covT, err := pm.Eval(approx.Cov())
	if err != nil {
		t.Fatal(err)
	}
	info, _ := tr.SamplerInfo(0)
	if c := covT.Float64s(); info.InvMassDiag[0] != c[0] || info.InvMassDiag[1] != c[3] {
		t.Errorf("inverse mass diagonal %v, want the approximation's variances %v", info.InvMassDiag, []float64{c[0], c[3]})
	}
}

// TestSampleInitBadInput: clear errors for a start of another model, StartChains not one per
// chain, both Start and StartChains, a Scaling of the wrong size or not positive definite,
// Scaling with an ADVI init, IsCov alone, NInit without an ADVI init, and unknown inits.
func TestSampleInitBadInput(t *testing.T) {
	t.Parallel()
	m := sampleCorrGauss()
	p := map[string]any{"x": []float64{0, 0}}
	cases := []struct {
		opts []pm.Option
		want string
	}{
		{[]pm.Option{pm.Start(map[string]any{"mu": 1.0})}, `some start parameters do not appear in the model: ["mu"] (the free variables are ["x"])`},
		{[]pm.Option{pm.Start(map[string]any{"x": []float64{0, 0, 0}})}, `start "x": shape (3) does not broadcast`},
		{[]pm.Option{pm.StartChains(p), pm.Chains(2)}, "StartChains has 1 points for 2 chains"},
		{[]pm.Option{pm.StartChains(p, p), pm.Start(p), pm.Chains(2)}, "give Start or StartChains, not both"},
		{[]pm.Option{pm.Scaling([]float64{1, 2, 3})}, "Scaling has shape [3]; the model has 2 unconstrained coordinates"},
		{[]pm.Option{pm.Scaling([][]float64{{1, 2}, {2, 1}})}, "not symmetric positive definite"},
		{[]pm.Option{pm.Scaling([][]float64{{1, 2}, {2, 1}}), pm.IsCov()}, "not positive definite"},
		{[]pm.Option{pm.Scaling([][]float64{{1, 0.5}, {0, 1}})}, "not symmetric"},
		{[]pm.Option{pm.Scaling([]float64{1, -1})}, "diagonal entry 1 is -1"},
		{[]pm.Option{pm.Scaling([]float64{1, 1}), pm.Init("advi")}, `Scaling and Init("advi") both set the mass matrix`},
		{[]pm.Option{pm.IsCov()}, "IsCov applies to Scaling"},
		{[]pm.Option{pm.NInit(10)}, "NInit applies to the ADVI inits"},
		{[]pm.Option{pm.Init("map")}, `unknown initializer Init("map")`},
		{[]pm.Option{pm.Init("advi"), pm.NInit(0)}, "NInit must be >= 1"},
	}
	for _, c := range cases {
		_, err := pm.Sample(m, append(c.opts, pm.Output(nil), pm.Draws(10), pm.Tune(10))...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: error %v, want one containing %q", c.opts, err, c.want)
		}
	}
}
