package predictive_test

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/gopymc/gopymc/distributions"
	"github.com/gopymc/gopymc/internal/testmodels"
	"github.com/gopymc/gopymc/model"
	"github.com/gopymc/gopymc/predictive"
	"github.com/gopymc/gopymc/trace"
	G "gorgonia.org/gorgonia"
)

// conjugate is a conjugate normal model: mu ~ N(4, 2), y ~ N(mu, 3) observed on n points,
// with its exact posterior N(postMean, postSD²) (d = n/9 + 1/4, postMean = (Σy/9 + 4/4)/d,
// postSD = 1/√d).
type conjugate struct {
	m                *model.Model
	postMean, postSD float64
}

func newConjugate(t *testing.T, n int) *conjugate {
	t.Helper()
	rng := rand.New(rand.NewPCG(3, 4))
	data := make([]float64, n)
	sum := 0.0
	for i := range data {
		data[i] = 3*rng.NormFloat64() + 1
		sum += data[i]
	}
	m := model.New()
	mu := testmodels.Normal(m, "mu", 4.0, 2.0, model.FreeOptions{})
	sigma, err := m.Param("y", "sigma", 3.0)
	if err != nil {
		t.Fatal(err)
	}
	like, err := distributions.NewNormal(mu, sigma)
	if err != nil {
		t.Fatal(err)
	}
	m.AddObserved("y", like, data, nil)
	m.AddDeterministic("mu2", G.Must(G.Mul(mu, G.NewConstant(2.0, G.WithName("two")))))
	if err := m.Err(); err != nil {
		t.Fatal(err)
	}
	d := float64(n)/9 + 0.25
	return &conjugate{m: m, postMean: (sum/9 + 1) / d, postSD: math.Sqrt(1 / d)}
}

// exactTrace holds exact posterior draws of mu: chains × draws from N(postMean, postSD²).
func (c *conjugate) exactTrace(t *testing.T, chains, draws int, seed uint64) *trace.Trace {
	t.Helper()
	tr, err := trace.New([]trace.Var{{Name: "mu"}}, chains)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(seed, 9))
	for ch := range chains {
		for range draws {
			if err := tr.Append(ch, [][]float64{{c.postMean + c.postSD*rng.NormFloat64()}}); err != nil {
				t.Fatal(err)
			}
		}
	}
	return tr
}

// TestPosteriorConjugate: the posterior predictive of a new observation of the conjugate
// model is N(postMean, 9 + postSD²), and two observations of one draw share mu, so their
// covariance is postSD²: each checked within 4.5 Monte Carlo standard errors.
func TestPosteriorConjugate(t *testing.T) {
	t.Parallel()
	const n, chains, draws = 20, 2, 4000
	c := newConjugate(t, n)
	tr := c.exactTrace(t, chains, draws, 1)
	post, err := predictive.Posterior(t.Context(), c.m, tr, predictive.Settings{Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	if got := post.Chains(); got != chains {
		t.Fatalf("%d chains, want %d", got, chains)
	}
	if got := post.Draws(1); got != draws {
		t.Fatalf("%d draws in chain 1, want %d", got, draws)
	}
	if got := post.Shape("y"); !slices.Equal(got, []int{n}) {
		t.Fatalf("shape of y %v, want [%d]", got, n)
	}
	y := post.Values("y")
	D := float64(chains * draws)
	v := 9 + c.postSD*c.postSD
	// Mean over every element: variance postSD²/D + 9/(D n).
	mean := 0.0
	for _, x := range y {
		mean += x
	}
	mean /= float64(len(y))
	if se := math.Sqrt(c.postSD*c.postSD/D + 9/(D*n)); math.Abs(mean-c.postMean) > 4.5*se {
		t.Errorf("predictive mean %.4f, want %.4f ± %.4f", mean, c.postMean, 4.5*se)
	}
	// Variance of element 0 over draws: standard error v·√(2/D).
	var s0, s01 float64
	for k := range chains * draws {
		a, b := y[k*n]-c.postMean, y[k*n+1]-c.postMean
		s0 += a * a
		s01 += a * b
	}
	s0 /= D
	s01 /= D
	if se := v * math.Sqrt(2/D); math.Abs(s0-v) > 4.5*se {
		t.Errorf("predictive variance %.4f, want %.4f ± %.4f", s0, v, 4.5*se)
	}
	// Covariance of two elements: standard error about v/√D.
	if se := v / math.Sqrt(D); math.Abs(s01-c.postSD*c.postSD) > 4.5*se {
		t.Errorf("predictive covariance %.4f, want %.4f ± %.4f", s01, c.postSD*c.postSD, 4.5*se)
	}
}

// TestPosteriorCores: the same seed gives identical draws on 1 and 2 cores, another seed
// other draws, and a second call the same draws again.
func TestPosteriorCores(t *testing.T) {
	t.Parallel()
	c := newConjugate(t, 5)
	tr := c.exactTrace(t, 2, 101, 2)
	run := func(cores int, seed uint64) []float64 {
		post, err := predictive.Posterior(t.Context(), c.m, tr, predictive.Settings{Seed: seed, Cores: cores, VarNames: []string{"y", "mu2"}})
		if err != nil {
			t.Fatal(err)
		}
		return append(post.Values("y"), post.Values("mu2")...)
	}
	one, two := run(1, 3), run(2, 3)
	if !slices.Equal(one, two) {
		t.Error("Cores(1) and Cores(2) give different draws")
	}
	if !slices.Equal(one, run(2, 3)) {
		t.Error("a second call gives different draws")
	}
	if slices.Equal(one, run(2, 4)) {
		t.Error("seeds 3 and 4 give the same draws")
	}
}

// TestPosteriorVarNames: deterministics are evaluated at each draw (mu2 = 2 mu), free
// variables copied, and Samples gives one chain going through the trace's draws chain after
// chain, round again past the end.
func TestPosteriorVarNames(t *testing.T) {
	t.Parallel()
	c := newConjugate(t, 3)
	tr := c.exactTrace(t, 2, 5, 3)
	post, err := predictive.Posterior(t.Context(), c.m, tr, predictive.Settings{VarNames: []string{"mu2", "mu"}, Samples: 13})
	if err != nil {
		t.Fatal(err)
	}
	if post.Chains() != 1 || post.Draws(0) != 13 {
		t.Fatalf("%d chains of %d draws, want 1 of 13", post.Chains(), post.Draws(0))
	}
	mu := tr.Values("mu")
	got, got2 := post.Values("mu"), post.Values("mu2")
	for k := range 13 {
		if want := mu[k%10]; got[k] != want || got2[k] != 2*want {
			t.Fatalf("draw %d: mu %v, mu2 %v; want %v and %v", k, got[k], got2[k], want, 2*want)
		}
	}
	if post.Has("y") {
		t.Error("y returned though not named")
	}
}

// TestPosteriorTransformed: a trace holding a transformed variable only constrained (as a
// CmdStan CSV gives it) yields the same draws as one holding its value variable too.
func TestPosteriorTransformed(t *testing.T) {
	t.Parallel()
	m := model.New()
	sd, err := m.Param("sigma", "sigma", 2.0)
	if err != nil {
		t.Fatal(err)
	}
	hn, err := distributions.NewHalfNormal(sd)
	if err != nil {
		t.Fatal(err)
	}
	sigma := m.AddFree("sigma", hn, model.FreeOptions{})
	zero, _ := m.Param("y", "mu", 0.0)
	like, _ := distributions.NewNormal(zero, sigma)
	m.AddObserved("y", like, []float64{0.5, -1, 2}, nil)
	if err := m.Err(); err != nil {
		t.Fatal(err)
	}
	full, err := trace.New([]trace.Var{{Name: "sigma"}, {Name: "sigma_log__", Transformed: true}}, 1)
	if err != nil {
		t.Fatal(err)
	}
	constrained, _ := trace.New([]trace.Var{{Name: "sigma"}}, 1)
	for _, s := range []float64{0.5, 1, 2.5, 4} {
		if err := full.Append(0, [][]float64{{s}, {math.Log(s)}}); err != nil {
			t.Fatal(err)
		}
		if err := constrained.Append(0, [][]float64{{s}}); err != nil {
			t.Fatal(err)
		}
	}
	set := predictive.Settings{Seed: 5, VarNames: []string{"y", "sigma_log__"}}
	a, err := predictive.Posterior(t.Context(), m, full, set)
	if err != nil {
		t.Fatal(err)
	}
	b, err := predictive.Posterior(t.Context(), m, constrained, set)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a.Values("y"), b.Values("y")) {
		t.Errorf("draws differ: %v and %v", a.Values("y"), b.Values("y"))
	}
	for i, x := range b.Values("sigma_log__") {
		if want := a.Values("sigma_log__")[i]; math.Abs(x-want) > 1e-15 {
			t.Errorf("sigma_log__[%d] = %v, want %v", i, x, want)
		}
	}
}

// TestPosteriorBadInputs: clear errors for a trace of another model, a variable of the wrong
// shape, unknown names, bad settings, an empty trace and a cancelled context.
func TestPosteriorBadInputs(t *testing.T) {
	t.Parallel()
	c := newConjugate(t, 3)
	good := c.exactTrace(t, 1, 4, 1)
	other, _ := trace.New([]trace.Var{{Name: "theta"}}, 1)
	_ = other.Append(0, [][]float64{{1}})
	wrong, _ := trace.New([]trace.Var{{Name: "mu", Shape: []int{2}}}, 1)
	_ = wrong.Append(0, [][]float64{{1, 2}})
	empty, _ := trace.New([]trace.Var{{Name: "mu"}}, 2)
	cancelled, cancel := context.WithCancel(t.Context())
	cancel()
	cases := []struct {
		name string
		ctx  context.Context
		tr   *trace.Trace
		set  predictive.Settings
		want string
	}{
		{"another model", t.Context(), other, predictive.Settings{}, `no draws of the free variable "mu"`},
		{"wrong shape", t.Context(), wrong, predictive.Settings{}, `holds "mu" with shape [2], the model's has shape ()`},
		{"unknown name", t.Context(), good, predictive.Settings{VarNames: []string{"z"}}, `"z" is not a variable of the model`},
		{"twice", t.Context(), good, predictive.Settings{VarNames: []string{"y", "y"}}, `"y" is given twice`},
		{"negative samples", t.Context(), good, predictive.Settings{Samples: -1}, "Samples must be >= 0"},
		{"negative cores", t.Context(), good, predictive.Settings{Cores: -2}, "Cores must be >= 0"},
		{"nil trace", t.Context(), nil, predictive.Settings{}, "nil trace"},
		{"empty trace", t.Context(), empty, predictive.Settings{}, "the trace has no draws"},
		{"cancelled", cancelled, good, predictive.Settings{}, "context canceled"},
	}
	for _, tc := range cases {
		_, err := predictive.Posterior(tc.ctx, c.m, tc.tr, tc.set)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}

// TestPosteriorSetData: after SetData gives the predictor and the observed data 4 new rows,
// the posterior predictive of y has 4 rows with mean a + b·x_new at each draw.
func TestPosteriorSetData(t *testing.T) {
	t.Parallel()
	m := model.New()
	x, err := m.NewData("x", []float64{0, 1, 2, 3, 4, 5})
	if err != nil {
		t.Fatal(err)
	}
	yData, err := m.NewData("y_obs", []float64{1, 3, 5, 7, 9, 11})
	if err != nil {
		t.Fatal(err)
	}
	a := testmodels.Normal(m, "a", 0.0, 10.0, model.FreeOptions{})
	b := testmodels.Normal(m, "b", 0.0, 10.0, model.FreeOptions{})
	mean := G.Must(G.Add(G.Must(G.Mul(x.Node(), b)), a))
	sd, _ := m.Param("y", "sigma", 1e-3)
	like, err := distributions.NewNormal(mean, sd)
	if err != nil {
		t.Fatal(err)
	}
	m.AddObserved("y", like, yData.Node(), nil)
	if err := m.Err(); err != nil {
		t.Fatal(err)
	}
	tr, _ := trace.New([]trace.Var{{Name: "a"}, {Name: "b"}}, 1)
	_ = tr.Append(0, [][]float64{{1}, {2}})
	_ = tr.Append(0, [][]float64{{-1}, {3}})
	if err := m.SetData(map[string]any{"x": []float64{10, 20, 30, 40}, "y_obs": []float64{0, 0, 0, 0}}); err != nil {
		t.Fatal(err)
	}
	post, err := predictive.Posterior(t.Context(), m, tr, predictive.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	if got := post.Shape("y"); !slices.Equal(got, []int{4}) {
		t.Fatalf("shape of y %v, want [4]", got)
	}
	y := post.Values("y")
	for k, ab := range [][2]float64{{1, 2}, {-1, 3}} {
		for i, xv := range []float64{10, 20, 30, 40} {
			if want := ab[0] + ab[1]*xv; math.Abs(y[k*4+i]-want) > 0.01 {
				t.Errorf("draw %d row %d: %v, want %v", k, i, y[k*4+i], want)
			}
		}
	}
}
