package model_test

import (
	"math"
	"strings"
	"testing"

	"github.com/gopymc/gopymc/model"
	"github.com/gopymc/gopymc/pm"
)

// scaleTol is the relative tolerance of the total_size tests: the scaled and unscaled sums
// differ only by the rounding of a few additions.
const scaleTol = 1e-12

// logNorm is log N(x; mu, sigma), the closed form.
func logNorm(x, mu, sigma float64) float64 {
	z := (x - mu) / sigma
	return -0.5*z*z - math.Log(sigma) - 0.5*math.Log(2*math.Pi)
}

// near reports whether got and want agree within relative tolerance tol (absolute below 1).
func near(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

// built fails the test if the model has a build error.
func built(t testing.TB, m *pm.Model) *pm.Model {
	t.Helper()
	if err := m.Err(); err != nil {
		t.Fatal(err)
	}
	return m
}

// logpOf is the log density of a model without free variables: its data's log likelihood.
func logpOf(t testing.TB, m *pm.Model) float64 {
	t.Helper()
	lp, err := built(t, m).LogP(nil)
	if err != nil {
		t.Fatal(err)
	}
	return lp
}

// TestDensityScaling is PyMC's test_density_scaling (tests/variational/test_minibatch_rv.py):
// Normal(observed=[[1]], total_size=2) has exactly twice the log density of total_size=1.
func TestDensityScaling(t *testing.T) {
	t.Parallel()
	lp := func(ts int) float64 {
		m := pm.NewModel()
		pm.Normal(m, "n", 0, 1, pm.Observed([][]float64{{1}}), pm.TotalSize(ts))
		return logpOf(t, m)
	}
	p1, p2 := lp(1), lp(2)
	if p2 != 2*p1 {
		t.Errorf("total_size 2: %v, want 2 × %v", p2, p1)
	}
	// Closed form: log N(1; 0, 1) = -0.5 - log √(2π).
	if want := logNorm(1, 0, 1); !near(p1, want, scaleTol) {
		t.Errorf("total_size 1: %v, want %v", p1, want)
	}
}

// TestDensityScalingShared is PyMC's test_density_scaling_with_generator with the generators
// replaced by Shared values set before each evaluation: a (10, 100) block of i's with
// total_size 100 has log density 10 × Σ log N(i; 0, 1), as does a (20, 100) block with the
// same total_size, and one compiled log density sees every new value.
func TestDensityScalingShared(t *testing.T) {
	t.Parallel()
	block := func(rows int, v float64) [][]float64 {
		out := make([][]float64, rows)
		for i := range out {
			out[i] = make([]float64, 100)
			for j := range out[i] {
				out[i][j] = v
			}
		}
		return out
	}
	m1, m2 := pm.NewModel(), pm.NewModel()
	d1, d2 := pm.NewShared(m1, "gen1", block(10, 0)), pm.NewShared(m2, "gen2", block(20, 0))
	pm.Normal(m1, "n", 0, 1, pm.Observed(d1.Node()), pm.TotalSize(100))
	pm.Normal(m2, "n", 0, 1, pm.Observed(d2.Node()), pm.TotalSize(100))
	built(t, m1)
	built(t, m2)
	for i := range 10 {
		v := float64(i)
		if err := d1.SetValue(block(10, v)); err != nil {
			t.Fatal(err)
		}
		if err := d2.SetValue(block(20, v)); err != nil {
			t.Fatal(err)
		}
		// PyMC's true_dens: st.norm.logpdf(point).sum() * 10 over the (10, 100) block.
		want := 10 * 1000 * logNorm(v, 0, 1)
		p1, p2 := logpOf(t, m1), logpOf(t, m2)
		if !near(p1, want, scaleTol) || !near(p2, want, scaleTol) {
			t.Errorf("block of %v: logp %v and %v, want %v", v, p1, p2, want)
		}
	}
}

// TestGradientWithScaling is PyMC's test_gradient_with_scaling, with the likelihood depending
// on m: the gradient with respect to m of a 10-row block scaled to 1000 rows equals that of
// a 1000-row array of identical rows, whatever the rows hold.
func TestGradientWithScaling(t *testing.T) {
	t.Parallel()
	rows := func(n int, v float64) [][]float64 {
		out := make([][]float64, n)
		for i := range out {
			out[i] = []float64{v, 2 * v, -v, 0.5}
		}
		return out
	}
	build := func(n int, ts []int) (*pm.Shared, *model.LogDensity) {
		m := pm.NewModel()
		mu := pm.Normal(m, "m", 0, 1)
		d := pm.NewShared(m, "data", rows(n, 0))
		opts := []pm.Option{pm.Observed(d.Node())}
		if ts != nil {
			opts = append(opts, pm.TotalSize(ts...))
		}
		pm.Normal(m, "n", mu, 1, opts...)
		ld, err := built(t, m).LogDensity()
		if err != nil {
			t.Fatal(err)
		}
		return d, ld
	}
	d1, ld1 := build(10, []int{1000})
	d2, ld2 := build(1000, nil)
	g1, g2 := make([]float64, 1), make([]float64, 1)
	for i := range 10 {
		v := float64(i)
		if err := d1.SetValue(rows(10, v)); err != nil {
			t.Fatal(err)
		}
		if err := d2.SetValue(rows(1000, v)); err != nil {
			t.Fatal(err)
		}
		lp1, err1 := ld1.LogPGrad(g1, []float64{1})
		lp2, err2 := ld2.LogPGrad(g2, []float64{1})
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		// Closed form of d/dm: -m + 1000 · Σ_j (x_j - m), over the four columns.
		want := -1 + 1000*((v-1)+(2*v-1)+(-v-1)+(0.5-1))
		if !near(g1[0], g2[0], scaleTol) || !near(g1[0], want, scaleTol) || !near(lp1, lp2, scaleTol) {
			t.Errorf("rows of %v: gradients %v and %v (want %v), logp %v and %v", v, g1[0], g2[0], want, lp1, lp2)
		}
	}
}

// TestMultidimScaling is PyMC's test_multidim_scaling: a 2×2 block of ones without
// total_size has the log density of its parts scaled up to 2×2.
func TestMultidimScaling(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		obs  [][]float64
		ts   []int
	}{
		{"2x2, []", [][]float64{{1, 1}, {1, 1}}, nil},
		{"2x2, [2, 2]", [][]float64{{1, 1}, {1, 1}}, []int{2, 2}},
		{"2x1, [2, 2]", [][]float64{{1}, {1}}, []int{2, 2}},
		{"1x2, [2, 2]", [][]float64{{1, 1}}, []int{2, 2}},
		{"1x1, [2, 2]", [][]float64{{1}}, []int{2, 2}},
		{"1x1, [2, Ellipsis, 2]", [][]float64{{1}}, []int{2, pm.Ellipsis, 2}},
		{"1x2, [2, None]", [][]float64{{1, 1}}, []int{2, pm.None}},
		{"2x1, [None, 2]", [][]float64{{1}, {1}}, []int{pm.None, 2}},
		{"2x1, [Ellipsis, 2]", [][]float64{{1}, {1}}, []int{pm.Ellipsis, 2}},
	}
	want := 4 * logNorm(1, 0, 1) // four entries of log N(1; 0, 1)
	for _, c := range cases {
		m := pm.NewModel()
		opts := []pm.Option{pm.Observed(c.obs)}
		if c.ts != nil {
			opts = append(opts, pm.TotalSize(c.ts...))
		}
		pm.Normal(m, "n", 0, 1, opts...)
		if got := logpOf(t, m); !near(got, want, scaleTol) {
			t.Errorf("%s: logp %v, want %v", c.name, got, want)
		}
	}
}

// TestTotalSizeObservedPart compares the observed part (PyMC's datalogp) of models that
// also have a free variable: LogDensity.Parts separates it from the prior.
func TestTotalSizeObservedPart(t *testing.T) {
	t.Parallel()
	datalogp := func(obs [][]float64, ts ...int) float64 {
		m := pm.NewModel()
		mu := pm.Flat(m, "mu")
		opts := []pm.Option{pm.Observed(obs)}
		if ts != nil {
			opts = append(opts, pm.TotalSize(ts...))
		}
		pm.Normal(m, "n", mu, 1, opts...)
		ld, err := built(t, m).LogDensity()
		if err != nil {
			t.Fatal(err)
		}
		lp, err := ld.LogP([]float64{0.5})
		if err != nil {
			t.Fatal(err)
		}
		varlp, datalp := ld.Parts()
		if varlp != 0 || lp != datalp {
			t.Errorf("flat prior: parts %v + %v, logp %v", varlp, datalp, lp)
		}
		return datalp
	}
	full := datalogp([][]float64{{1, 1}, {1, 1}})
	want := 4 * logNorm(1, 0.5, 1)
	if !near(full, want, scaleTol) {
		t.Fatalf("2x2 datalogp %v, want %v", full, want)
	}
	for _, c := range []struct {
		name string
		got  float64
	}{
		{"[[1],[1]] with [2, 2]", datalogp([][]float64{{1}, {1}}, 2, 2)},
		{"[[1,1]] with [2, 2]", datalogp([][]float64{{1, 1}}, 2, 2)},
		{"[[1]] with [2, 2]", datalogp([][]float64{{1}}, 2, 2)},
		{"[[1]] with [2, Ellipsis, 2]", datalogp([][]float64{{1}}, 2, pm.Ellipsis, 2)},
		{"[[1]] with 2 (first axis), doubled by hand", 2 * datalogp([][]float64{{1}}, 2)},
	} {
		if !near(c.got, full, scaleTol) {
			t.Errorf("%s: datalogp %v, want %v", c.name, c.got, full)
		}
	}
}

// TestTotalSizeScalar scales a scalar observation by N (PyMC v5's get_scaling for a scalar
// RV: total_size[0]).
func TestTotalSizeScalar(t *testing.T) {
	t.Parallel()
	m := pm.NewModel()
	pm.Normal(m, "n", 0, 2, pm.Observed(1.5), pm.TotalSize(7))
	if got, want := logpOf(t, m), 7*logNorm(1.5, 0, 2); !near(got, want, scaleTol) {
		t.Errorf("logp %v, want %v", got, want)
	}
	if c := m.NormalizingConstant(); c != 7 {
		t.Errorf("NormalizingConstant %v, want 7", c)
	}
}

// TestTotalSizeMinibatch is PyMC's test_mixed1 (Minibatch(data(10, 20), 5) with
// total_size=10) made exact: all rows are equal, so whatever rows the batch draws, its log
// density scaled by 10/5 equals the full data's.
func TestTotalSizeMinibatch(t *testing.T) {
	t.Parallel()
	data := make([][]float64, 10)
	want := 0.0
	for i := range data {
		data[i] = make([]float64, 20)
		for j := range data[i] {
			data[i][j] = 0.1 * float64(j)
			want += logNorm(data[i][j], 0, 1)
		}
	}
	mb := pm.NewMinibatch(data, 5, pm.Seed(3))
	m := pm.NewModel()
	pm.Normal(m, "n", 0, 1, pm.Observed(mb.Node()), pm.TotalSize(10))
	if got := logpOf(t, m); !near(got, want, scaleTol) {
		t.Errorf("logp %v, want %v", got, want)
	}
	if c := m.NormalizingConstant(); c != 2 {
		t.Errorf("NormalizingConstant %v, want 10/5 = 2", c)
	}
}

// TestMinibatchParameterAndValue is PyMC's test_minibatch_parameter_and_value: the data and
// the mean are aligned minibatches of 9 rows of arange(1000) with total_size 1000, so the log
// density is 1000 · log N(0; 0, 1) whatever rows are drawn; after the data is shifted by one,
// 1000 · log N(1; 0, 1); after it is replaced by noise, two evaluations differ.
func TestMinibatchParameterAndValue(t *testing.T) {
	t.Parallel()
	const total = 1000
	ad, td := make([]float64, total), make([]float64, total)
	for i := range ad {
		ad[i], td[i] = float64(i), float64(i)
	}
	mb := pm.NewMinibatch(ad, 9, pm.Aligned(td), pm.Seed(161))
	if err := mb.Err(); err != nil {
		t.Fatal(err)
	}
	m := pm.NewModel()
	nodes, err := mb.NodesIn(m.Graph())
	if err != nil {
		t.Fatal(err)
	}
	pm.Normal(m, "AD_predicted", nodes[1], 1, pm.Observed(nodes[0]), pm.TotalSize(total))
	if got, want := logpOf(t, m), total*logNorm(0, 0, 1); !near(got, want, scaleTol) {
		t.Errorf("logp %v, want %v", got, want)
	}
	shifted := make([]float64, total)
	for i := range shifted {
		shifted[i] = ad[i] + 1
	}
	if err := mb.SetValues(shifted, td); err != nil {
		t.Fatal(err)
	}
	if got, want := logpOf(t, m), total*logNorm(1, 0, 1); !near(got, want, scaleTol) {
		t.Errorf("after shifting the data: logp %v, want %v", got, want)
	}
	noise := make([]float64, total)
	for i := range noise {
		noise[i] = math.Sin(float64(i))
	}
	if err := mb.SetValues(noise, td); err != nil {
		t.Fatal(err)
	}
	if a, b := logpOf(t, m), logpOf(t, m); a == b {
		t.Errorf("two evaluations on noise data gave the same logp %v: the batch is not redrawn", a)
	}
}

// TestTotalSizeErrors is PyMC's test_common_errors through pm: each bad total_size is a build
// error naming the variable, with PyMC's wording.
func TestTotalSizeErrors(t *testing.T) {
	t.Parallel()
	obs := pm.Observed([][]float64{{1}})
	cases := []struct {
		name string
		opts []pm.Option
		want string
	}{
		{"longer than the rank after Ellipsis", []pm.Option{obs, pm.TotalSize(2, pm.Ellipsis, 2, 2)}, "length of total_size [2, Ellipsis, 2, 2] is larger than"},
		{"longer than the rank", []pm.Option{obs, pm.TotalSize(2, 2, 2)}, "length of total_size [2, 2, 2] is larger than the variable's number of dimensions 2"},
		{"two Ellipsis", []pm.Option{obs, pm.TotalSize(pm.Ellipsis, pm.Ellipsis)}, "only one Ellipsis can be present in total_size"},
		{"a zero size", []pm.Option{obs, pm.TotalSize(0, 2)}, "total_size entries must be positive sizes, None or Ellipsis, got 0"},
		{"a negative size", []pm.Option{obs, pm.TotalSize(-7)}, "got -7"},
		{"free variable", []pm.Option{pm.Shape(1, 1), pm.TotalSize(2, 2)}, "total_size can only be passed to observed variables"},
	}
	for _, c := range cases {
		m := pm.NewModel()
		pm.Normal(m, "n", 0, 1, c.opts...)
		err := m.Err()
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), `"n"`) {
			t.Errorf("%s: error %v, want one naming \"n\" and containing %q", c.name, err, c.want)
		}
	}
}
