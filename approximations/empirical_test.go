package approximations_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/gopymc/gopymc/approximations"
	"github.com/gopymc/gopymc/pm"
	"github.com/gopymc/gopymc/trace"
	G "gorgonia.org/gorgonia"
)

// PyMC's test_empirical_from_trace: 100 draws in each of 4 chains give 400 particles, one
// per chain and draw, chain after chain, in unconstrained space.
func TestEmpiricalFromTrace(t *testing.T) {
	t.Parallel()
	m := smallModel(t)
	tr, err := pm.Sample(m, pm.Draws(100), pm.Tune(100), pm.Chains(4), pm.Seed(1), quiet)
	if err != nil {
		t.Fatal(err)
	}
	q, err := pm.NewEmpirical(tr, m)
	if err != nil {
		t.Fatal(err)
	}
	if q.Size() != 400 || q.String() != "Empirical[400, 4]" {
		t.Fatalf("Size %d, String %q: want 400 particles of 4", q.Size(), q.String())
	}
	d := q.Dim()
	h := q.Histogram()
	for _, o := range m.Ordering() {
		for c := 0; c < 4; c++ {
			vals := tr.ChainValues(o.ValueName, c)
			for k := 0; k < 100; k++ {
				row := c*100 + k
				got := h[row*d+o.Offset : row*d+o.Offset+o.Size]
				if !slices.Equal(got, vals[k*o.Size:(k+1)*o.Size]) {
					t.Fatalf("particle %d, %s: %v, trace chain %d draw %d has %v", row, o.ValueName, got, c, k, vals[k*o.Size:(k+1)*o.Size])
				}
			}
		}
	}
	sp := q.SharedParams()
	if len(sp) != 1 || sp["histogram"] == nil {
		t.Fatalf("SharedParams %v, want histogram only", sp)
	}
	v, shape := eval(t, sp["histogram"])
	if !slices.Equal(shape, []int{400, 4}) || !slices.Equal(v, h) {
		t.Errorf("histogram node: shape %v, want (400, 4) holding the particles", shape)
	}
}

// NewEmpirical(size, Jitter) starts the particles at Start with seeded N(0, jitter²) noise.
func TestEmpiricalFromSize(t *testing.T) {
	t.Parallel()
	m := smallModel(t)
	const size, jitter = 2000, 0.5
	start := map[string]any{"mu": []float64{3, -2}, "sigma": 2.0}
	want := []float64{3, -2, math.Log(2), -1} // flat start: mu, sigma_log__, w (its mean)
	mk := func(seed uint64, j float64) *approximations.Empirical {
		q, err := approximations.NewEmpirical(m, size, pm.Seed(seed), pm.Start(start), pm.Jitter(j))
		if err != nil {
			t.Fatal(err)
		}
		return q
	}
	a, b, c := mk(1, jitter), mk(1, jitter), mk(2, jitter)
	if !slices.Equal(a.Histogram(), b.Histogram()) {
		t.Error("the same seed gave different particles")
	}
	if slices.Equal(a.Histogram(), c.Histogram()) {
		t.Error("different seeds gave the same particles")
	}
	mean, sd := a.MeanValues(), a.StdValues()
	for j := range want {
		if se := jitter / math.Sqrt(size); math.Abs(mean[j]-want[j]) > 4*se {
			t.Errorf("coordinate %d: particles' mean %v, want %v ± %v", j, mean[j], want[j], 4*se)
		}
		if se := jitter / math.Sqrt(2*size); math.Abs(sd[j]-jitter) > 4*se {
			t.Errorf("coordinate %d: particles' sd %v, want %v ± %v", j, sd[j], jitter, 4*se)
		}
	}
	z := mk(3, 0)
	for i := 0; i < size; i++ {
		if !slices.Equal(z.Histogram()[i*4:(i+1)*4], want) {
			t.Fatalf("Jitter(0): particle %d is %v, want the start %v", i, z.Histogram()[i*4:(i+1)*4], want)
		}
	}
	// Default jitter 1 (PyMC's Empirical(size=, jitter=1)).
	q, err := approximations.NewEmpirical(m, size, pm.Seed(4))
	if err != nil {
		t.Fatal(err)
	}
	if _, sd := meanSD(everyOther(q.Histogram(), 4, 3)); math.Abs(sd-1) > 4/math.Sqrt(2*size) {
		t.Errorf("default jitter: sd %v, want 1", sd)
	}
}

// everyOther returns column c of a row-major matrix with d columns.
func everyOther(x []float64, d, c int) []float64 {
	out := make([]float64, 0, len(x)/d)
	for i := c; i < len(x); i += d {
		out = append(out, x[i])
	}
	return out
}

// Mean, Std and Cov of an Empirical are the particles' mean and biased covariance
// (PyMC: cov = (X-mean)ᵀ(X-mean)/S), as nodes and as values, following in-place changes.
func TestEmpiricalStats(t *testing.T) {
	t.Parallel()
	const tol = 1e-12
	q, err := approximations.NewEmpirical(smallModel(t), 7, pm.Seed(5))
	if err != nil {
		t.Fatal(err)
	}
	for round := 0; round < 2; round++ {
		if round == 1 {
			randomise(q, 11)
		}
		n, d := q.Size(), q.Dim()
		x := q.Histogram()
		mean := make([]float64, d)
		for i := 0; i < n; i++ {
			for j := 0; j < d; j++ {
				mean[j] += x[i*d+j] / float64(n)
			}
		}
		cov := make([]float64, d*d)
		for a := 0; a < d; a++ {
			for b := 0; b < d; b++ {
				for i := 0; i < n; i++ {
					cov[a*d+b] += (x[i*d+a] - mean[a]) * (x[i*d+b] - mean[b]) / float64(n)
				}
			}
		}
		std := make([]float64, d)
		for j := range std {
			std[j] = math.Sqrt(cov[j*d+j])
		}
		checkFloats(t, "MeanValues", q.MeanValues(), mean, tol)
		checkFloats(t, "StdValues", q.StdValues(), std, tol)
		for _, c := range []struct {
			name  string
			node  func() *G.Node
			want  []float64
			shape []int
		}{
			{"Mean", q.Mean, mean, []int{d}},
			{"Std", q.Std, std, []int{d}},
			{"Cov", q.Cov, cov, []int{d, d}},
		} {
			got, shape := eval(t, c.node())
			if !slices.Equal(shape, c.shape) {
				t.Errorf("%s: shape %v, want %v", c.name, shape, c.shape)
			}
			checkFloats(t, c.name, got, c.want, tol)
		}
	}
}

// DrawFlat picks particles uniformly with replacement: a chi-squared test of the counts of
// 50000 draws among 5 particles (4 degrees of freedom; 18.47 is the 0.999 quantile, from
// scipy.stats.chi2.ppf(0.999, 4)). UseMean gives the mean; Sample's draws are particles.
func TestEmpiricalDrawFlat(t *testing.T) {
	t.Parallel()
	const size, draws, chi2Crit = 5, 50000, 18.47
	q, err := approximations.NewEmpirical(smallModel(t), size, pm.Seed(6))
	if err != nil {
		t.Fatal(err)
	}
	d := q.Dim()
	rowOf := func(z []float64) int {
		for i := 0; i < size; i++ {
			if slices.Equal(z, q.Histogram()[i*d:(i+1)*d]) {
				return i
			}
		}
		return -1
	}
	rng := rand.New(rand.NewPCG(1, 2))
	counts := make([]int, size)
	z := make([]float64, d)
	for k := 0; k < draws; k++ {
		q.DrawFlat(z, rng, false)
		i := rowOf(z)
		if i < 0 {
			t.Fatalf("draw %v is not a particle", z)
		}
		counts[i]++
	}
	chi2, e := 0.0, float64(draws)/size
	for _, c := range counts {
		chi2 += (float64(c) - e) * (float64(c) - e) / e
	}
	if chi2 > chi2Crit {
		t.Errorf("counts %v: chi² = %v > %v", counts, chi2, chi2Crit)
	}
	q.DrawFlat(z, rng, true)
	checkFloats(t, "UseMean", z, q.MeanValues(), 1e-15)
	tr, err := q.Sample(50)
	if err != nil {
		t.Fatal(err)
	}
	mu, sig, w := tr.Values("mu"), tr.Values("sigma_log__"), tr.Values("w")
	for k := 0; k < 50; k++ {
		if rowOf([]float64{mu[2*k], mu[2*k+1], sig[k], w[k]}) < 0 {
			t.Fatalf("Sample draw %d is not a particle", k)
		}
	}
}

func TestEmpiricalErrors(t *testing.T) {
	t.Parallel()
	m := smallModel(t)
	// A trace of another model: three_var_model's variables.
	other, err := approximations.NewMeanField(threeVarModel(t))
	if err != nil {
		t.Fatal(err)
	}
	otherTrace, err := other.Sample(3)
	if err != nil {
		t.Fatal(err)
	}
	// A trace with this model's names but other sizes.
	resized, err := trace.New([]trace.Var{{Name: "mu", Shape: []int{3}}, {Name: "sigma_log__"}, {Name: "w"}}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := resized.Append(0, [][]float64{{1, 2, 3}, {0}, {0}}); err != nil {
		t.Fatal(err)
	}
	// The constrained sigma only: the value variable sigma_log__ is missing.
	constrained, err := trace.New([]trace.Var{{Name: "mu", Shape: []int{2}}, {Name: "sigma"}, {Name: "w"}}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := constrained.Append(0, [][]float64{{1, 2}, {1}, {0}}); err != nil {
		t.Fatal(err)
	}
	empty, err := trace.New([]trace.Var{{Name: "mu", Shape: []int{2}}, {Name: "sigma_log__"}, {Name: "w"}}, 2)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		tr   *trace.Trace
		want string
	}{
		{otherTrace, `the trace does not hold the free variable "mu"`},
		{resized, `"mu" has shape [3] in the trace, the model's is [2]`},
		{constrained, `the trace does not hold the free variable "sigma_log__"`},
		{empty, "the trace has no draws"},
		{nil, "nil trace"},
	} {
		_, err := approximations.NewEmpiricalFromTrace(c.tr, m)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("err = %v, want %q", err, c.want)
		}
	}
	for _, c := range []struct {
		size int
		opts []pm.Option
		want string
	}{
		{0, nil, "the number of particles must be >= 1, got 0"},
		{-3, nil, "the number of particles must be >= 1, got -3"},
		{5, []pm.Option{pm.Jitter(-1)}, "Jitter must be finite and >= 0, got -1"},
		{5, []pm.Option{pm.Jitter(math.Inf(1))}, "Jitter must be finite and >= 0, got +Inf"},
		{5, []pm.Option{pm.Particles(3)}, "Particles"},
	} {
		_, err := approximations.NewEmpirical(m, c.size, c.opts...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("NewEmpirical(%d, %v): err = %v, want %q", c.size, c.opts, err, c.want)
		}
	}
}
