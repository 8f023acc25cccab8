package pm_test

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/gopymc/gopymc/internal/testmodels"
	"github.com/gopymc/gopymc/optimizers"
	"github.com/gopymc/gopymc/pm"
	"gonum.org/v1/gonum/stat"
)

// TestSamplePosteriorPredictiveConjugate: the posterior predictive of a new observation of
// the conjugate normal model (mu ~ N(4, 2), x ~ N(mu, 3) on 1000 points) from a NUTS trace
// and from a fitted approximation is N(postMean, 9 + postSD²): the mean and variance of
// the first observation's draws within 4.5 standard errors; 1 and 2 cores give the same
// draws; a trace's chains are kept.
func TestSamplePosteriorPredictiveConjugate(t *testing.T) {
	t.Parallel()
	c := testmodels.NewConjugate(1000, 1)
	m := sampleConjugate(c)
	tr, err := pm.Sample(m, pm.Seed(1), pm.Chains(2), pm.Draws(1000), pm.Output(nil))
	if err != nil {
		t.Fatal(err)
	}
	// PyMC's test_fit_oo settings for ADVI.
	approx, err := pm.Fit(m, pm.N(5000), pm.Seed(2), pm.Output(nil), pm.ObjOptimizer(optimizers.AdagradWindow(0.02, optimizers.NWin(50))))
	if err != nil {
		t.Fatal(err)
	}
	v := 9 + c.PostSD*c.PostSD
	for _, src := range []struct {
		name   string
		source any
		opts   []pm.Option
	}{
		{"trace", tr, nil},
		{"approximation", approx, []pm.Option{pm.Samples(4000)}},
	} {
		post, err := pm.SamplePosteriorPredictive(m, src.source, append(src.opts, pm.Seed(3), pm.Cores(2))...)
		if err != nil {
			t.Fatal(err)
		}
		one, err := pm.SamplePosteriorPredictive(m, src.source, append(src.opts, pm.Seed(3), pm.Cores(1))...)
		if err != nil {
			t.Fatal(err)
		}
		x := post.Values("x")
		if !slices.Equal(x, one.Values("x")) {
			t.Errorf("%s: Cores(1) and Cores(2) differ", src.name)
		}
		if src.name == "trace" && (post.Chains() != 2 || post.Draws(0) != 1000) {
			t.Errorf("trace: %d chains of %d draws, want 2 of 1000", post.Chains(), post.Draws(0))
		}
		first := make([]float64, post.Len())
		for k := range first {
			first[k] = x[k*1000]
		}
		mean, variance := stat.MeanVariance(first, nil)
		n := float64(len(first))
		if se := math.Sqrt(v / n); math.Abs(mean-c.PostMean) > 4.5*se {
			t.Errorf("%s: predictive mean %.4f, want %.4f ± %.4f", src.name, mean, c.PostMean, 4.5*se)
		}
		if se := v * math.Sqrt(2/n); math.Abs(variance-v) > 4.5*se {
			t.Errorf("%s: predictive variance %.4f, want %.4f ± %.4f", src.name, variance, v, 4.5*se)
		}
	}
}

// TestPriorPredictiveFamilies: every family's seeded draw is reachable from
// SamplePriorPredictive as an observed variable, with the data's shape and values in the
// family's support; the draws' mean is the family's mean within 4.5 standard errors where
// the variance is finite.
func TestPriorPredictiveFamilies(t *testing.T) {
	t.Parallel()
	m := pm.NewModel()
	obs := func(n int) pm.Option { return pm.Observed(make([]float64, n)) }
	pos := func(n int) pm.Option {
		d := make([]float64, n)
		for i := range d {
			d[i] = 0.5
		}
		return pm.Observed(d)
	}
	type fam struct {
		name          string
		mean, sd      float64 // sd 0: not checked
		inSupport     func(float64) bool
		width         int
		matrixColumns int
	}
	real := func(float64) bool { return true }
	positive := func(x float64) bool { return x > 0 }
	unit := func(x float64) bool { return x > 0 && x < 1 }
	integer := func(x float64) bool { return x >= 0 && x == math.Trunc(x) }
	fams := []fam{
		{"normal", 1, 2, real, 0, 0},
		{"halfnormal", 2 * math.Sqrt(2/math.Pi), 2 * math.Sqrt(1-2/math.Pi), positive, 0, 0},
		{"uniform", 1, 4 / math.Sqrt(12), func(x float64) bool { return x >= -1 && x < 3 }, 0, 0},
		{"exponential", 0.5, 0.5, positive, 0, 0},
		{"gamma", 1.5, math.Sqrt(0.75), positive, 0, 0},
		{"inversegamma", 2.0 / 9, math.Sqrt(4.0 / (81 * 8)), positive, 0, 0},
		{"beta", 2.0 / 7, math.Sqrt(10.0 / (49 * 8)), unit, 0, 0},
		{"lognormal", math.Exp(0.125), math.Sqrt((math.Exp(0.25) - 1) * math.Exp(0.25)), positive, 0, 0},
		{"studentt", 1, math.Sqrt(5), real, 0, 0},
		{"halfstudentt", 0, 0, positive, 0, 0},
		{"cauchy", 0, 0, real, 0, 0},
		{"halfcauchy", 0, 0, positive, 0, 0},
		{"laplace", 1, math.Sqrt(8), real, 0, 0},
		{"normalmixture", 0.8*0.5 + 0.2*-0.3, 0, real, 0, 0},
		{"bernoulli", 0.3, math.Sqrt(0.21), func(x float64) bool { return x == 0 || x == 1 }, 0, 0},
		{"binomial", 3, math.Sqrt(2.1), integer, 0, 0},
		{"poisson", 3.5, math.Sqrt(3.5), integer, 0, 0},
		{"categorical", 0.2 + 2*0.5, math.Sqrt(0.2 + 4*0.5 - 1.2*1.2), func(x float64) bool { return x == 0 || x == 1 || x == 2 }, 0, 0},
		{"mvnormal", 1, 1, real, 0, 2},
		{"dirichlet", 1.0 / 3, 0, unit, 0, 3},
	}
	pm.Normal(m, "normal", 1, 2, obs(3))
	pm.HalfNormal(m, "halfnormal", 2, pos(3))
	pm.Uniform(m, "uniform", -1, 3, obs(3))
	pm.Exponential(m, "exponential", 2, pos(3))
	pm.Gamma(m, "gamma", 3, 2, pos(3))
	pm.InverseGamma(m, "inversegamma", 10, 2, pos(3))
	pm.Beta(m, "beta", 2, 5, pos(3))
	pm.LogNormal(m, "lognormal", 0, 0.5, pos(3))
	pm.StudentT(m, "studentt", 10, 1, 2, obs(3))
	pm.HalfStudentT(m, "halfstudentt", 3, 2, pos(3))
	pm.Cauchy(m, "cauchy", 0, 1, obs(3))
	pm.HalfCauchy(m, "halfcauchy", 1, pos(3))
	pm.Laplace(m, "laplace", 1, 2, obs(3))
	pm.NormalMixture(m, "normalmixture", []float64{0.2, 0.8}, []float64{-0.3, 0.5}, []float64{0.1, 0.1}, obs(3))
	pm.Bernoulli(m, "bernoulli", 0.3, obs(3))
	pm.Binomial(m, "binomial", 10, 0.3, obs(3))
	pm.Poisson(m, "poisson", 3.5, obs(3))
	pm.Categorical(m, "categorical", []float64{0.3, 0.2, 0.5}, obs(3))
	pm.MvNormal(m, "mvnormal", []float64{1, 1}, [][]float64{{1, 0.5}, {0.5, 1}}, pm.Observed([][]float64{{0, 0}, {1, 1}, {2, 2}}))
	pm.Dirichlet(m, "dirichlet", []float64{1, 1, 1}, pm.Observed([][]float64{{0.2, 0.3, 0.5}, {0.1, 0.1, 0.8}}))
	if err := m.Err(); err != nil {
		t.Fatal(err)
	}
	const n = 4000
	pr, err := pm.SamplePriorPredictive(m, pm.Samples(n), pm.Seed(9))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fams {
		x := pr.Values(f.name)
		shape := pr.Shape(f.name)
		wantShape := []int{3}
		if f.matrixColumns > 0 {
			wantShape = []int{3, f.matrixColumns}
			if f.name == "dirichlet" {
				wantShape = []int{2, 3}
			}
		}
		if !slices.Equal(shape, wantShape) {
			t.Errorf("%s: shape %v, want %v", f.name, shape, wantShape)
			continue
		}
		for _, v := range x {
			if !f.inSupport(v) {
				t.Fatalf("%s: draw %v outside the support", f.name, v)
			}
		}
		if f.sd > 0 {
			mean := stat.Mean(x, nil)
			// Elements of one draw are independent except for MvNormal (correlation 0.5
			// within a row): a conservative error of sd·√(2/len).
			if se := f.sd * math.Sqrt(2/float64(len(x))); math.Abs(mean-f.mean) > 4.5*se {
				t.Errorf("%s: mean of draws %.4f, want %.4f ± %.4f", f.name, mean, f.mean, 4.5*se)
			}
		}
	}
}

// TestPredictiveBadInput: pm's predictive calls reject options they do not take, bad
// counts, sources of other kinds or models, and name the variable an improper prior cannot
// draw.
func TestPredictiveBadInput(t *testing.T) {
	t.Parallel()
	c := testmodels.NewConjugate(10, 1)
	m := sampleConjugate(c)
	other := sampleConjugate(testmodels.NewConjugate(10, 2))
	q, err := pm.Fit(other, pm.N(10), pm.Output(nil))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		err  func() error
		want string
	}{
		{func() error { _, err := pm.SamplePosteriorPredictive(m, 3.0); return err }, "source must be a *pm.Trace or a pm.Approximation, got float64"},
		{func() error { _, err := pm.SamplePosteriorPredictive(m, q); return err }, "the approximation is of another model"},
		{func() error { _, err := pm.SamplePosteriorPredictive(m, (*pm.Trace)(nil)); return err }, "nil trace"},
		{func() error { _, err := pm.SamplePosteriorPredictive(m, q, pm.Draws(3)); return err }, "does not apply to SamplePosteriorPredictive"},
		{func() error { _, err := pm.SamplePriorPredictive(m, pm.Samples(0)); return err }, "Samples must be >= 1"},
		{func() error { _, err := pm.SamplePriorPredictive(m, pm.Cores(0)); return err }, "Cores must be >= 1"},
		{func() error { _, err := pm.SamplePriorPredictive(m, pm.VarNames("nope")); return err }, `"nope" is not a variable of the model`},
	}
	for i, cs := range cases {
		if err := cs.err(); err == nil || !strings.Contains(err.Error(), cs.want) {
			t.Errorf("case %d: error %v, want one containing %q", i, err, cs.want)
		}
	}
	flat := pm.NewModel()
	pm.Flat(flat, "a")
	if _, err := pm.SamplePriorPredictive(flat); err == nil || !strings.Contains(err.Error(), `"a" (Flat)`) {
		t.Errorf("Flat prior: %v", err)
	}
}
