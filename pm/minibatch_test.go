package pm_test

import (
	"math"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/gopymc/gopymc/callbacks"
	"github.com/gopymc/gopymc/data"
	"github.com/gopymc/gopymc/graph"
	"github.com/gopymc/gopymc/internal/testmodels"
	"github.com/gopymc/gopymc/model"
	"github.com/gopymc/gopymc/optimizers"
	"github.com/gopymc/gopymc/pm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// logPdfStdNormal is log N(x | 0, 1), scipy.stats.norm.logpdf(x).
func logPdfStdNormal(x float64) float64 { return -0.5*x*x - 0.5*math.Log(2*math.Pi) }

// arange returns 0, 1, ..., n-1.
func arange(n int) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = float64(i)
	}
	return x
}

// randRows returns an n×cols tensor of standard normal draws from seed.
func randRows(n, cols int, seed uint64) *tensor.Dense {
	rng := rand.New(rand.NewPCG(seed, 0))
	x := make([]float64, n*cols)
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	return tensor.New(tensor.WithShape(n, cols), tensor.WithBacking(x))
}

// mustEval evaluates node with pm.Eval and returns its elements.
func mustEval(t *testing.T, node *G.Node, opts ...pm.Option) []float64 {
	t.Helper()
	v, err := pm.Eval(node, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return slices.Clone(v.Float64s())
}

// mustLogDensity compiles m's log density.
func mustLogDensity(t *testing.T, m *pm.Model) *model.LogDensity {
	t.Helper()
	if err := m.Err(); err != nil {
		t.Fatal(err)
	}
	ld, err := m.LogDensity()
	if err != nil {
		t.Fatal(err)
	}
	return ld
}

// closeTo reports whether got is within rtol of want (relative to |want|, or absolute when
// want is 0).
func closeTo(got, want, rtol float64) bool {
	return math.Abs(got-want) <= rtol*math.Max(math.Abs(want), 1e-300) || got == want
}

// PyMC3's multi-dimensional batch sizes through pm (pymc3/tests/test_minibatches.py; data
// already checks every case): [10, None, Ellipsis, (4, 42)] on data (30, 10, 40, 10, 50)
// gives (10, 10, 40, 10, 4), with the last two axes shrunk to (2, 5) to keep the test small.
// Observed with total_size (30, None, Ellipsis, 5), the log density is scaled by
// 30/10 · 5/4 = 3.75 (PyMC3's _get_scaling), which is also the model's normalising constant.
// The error cases give PyMC3's words, in the minibatch's Err and in the model observing it.
func TestMinibatchNDThroughPM(t *testing.T) {
	t.Parallel()
	shape := []int{30, 10, 40, 2, 5}
	x := tensor.New(tensor.WithShape(shape...), tensor.WithBacking(arange(30*10*40*2*5)))
	mb := pm.NewMinibatchND(x, []any{10, data.None, data.Ellipsis, data.SizeSeed{Size: 4, Seed: 42}})
	if err := mb.Err(); err != nil {
		t.Fatal(err)
	}
	want := []int{10, 10, 40, 2, 4}
	if got := mb.BatchShape(); !slices.Equal(got, want) {
		t.Fatalf("BatchShape = %v, want %v", got, want)
	}
	if got := len(mustEval(t, mb.Node())); got != 10*10*40*2*4 {
		t.Fatalf("batch of %d elements, want %d", got, 10*10*40*2*4)
	}
	m := pm.NewModel()
	mu := pm.Flat(m, "mu")
	pm.Normal(m, "x", mu, 1, pm.Observed(mb), pm.TotalSize(30, pm.None, pm.Ellipsis, 5))
	if err := m.Err(); err != nil {
		t.Fatal(err)
	}
	const scale = 30.0 / 10 * 5 / 4
	if got := m.ObservedVars()[0].Scale; got != scale {
		t.Errorf("total_size scale = %v, want %v", got, scale)
	}
	if got := m.NormalizingConstant(); got != scale {
		t.Errorf("NormalizingConstant = %v, want %v", got, scale)
	}

	small := tensor.New(tensor.WithShape(3, 4, 5), tensor.WithBacking(arange(60)))
	for _, tc := range []struct {
		sizes []any
		want  string
	}{
		{[]any{2, data.Ellipsis, data.Ellipsis}, "Double Ellipsis"},
		{[]any{1, 1, 1, 1}, "too big"},
		{[]any{2, "a"}, "Unrecognized"},
		{[]any{0}, "must be positive"},
	} {
		bad := pm.NewMinibatchND(small, tc.sizes)
		if err := bad.Err(); err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "pm: NewMinibatchND: ") {
			t.Errorf("%v: Err() = %v, want an error containing %q", tc.sizes, err, tc.want)
		}
		m := pm.NewModel()
		pm.Normal(m, "x", pm.Flat(m, "mu"), 1, pm.Observed(bad))
		if err := m.Err(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: model error %v, want one containing %q", tc.sizes, err, tc.want)
		}
	}
}

// A minibatch that cannot be made keeps its error (Err) instead of panicking, and a model
// observing it (as *Minibatch, as its Node, or as NodeOf) records that error; the error says
// what is wrong with which argument. Its other methods return the error or zero values.
func TestMinibatchStickyError(t *testing.T) {
	t.Parallel()
	nan := [][]float64{{1, 2, 3}, {4, 5, math.NaN()}}
	tests := []struct {
		name string
		mb   func() *pm.Minibatch
		want string
	}{
		{"batch size 0", func() *pm.Minibatch { return pm.NewMinibatch(arange(10), 0) }, "batch size is 0; it must be positive"},
		{"negative batch size", func() *pm.Minibatch { return pm.NewMinibatch(arange(10), -3) }, "batch size is -3"},
		{"batch sizes longer than the rank", func() *pm.Minibatch {
			return pm.NewMinibatchND([][]float64{{1, 2}, {3, 4}}, []any{1, 1, 1})
		}, "Length is too big: 3 axis entries for data of 2 dimensions"},
		{"NaN in the data", func() *pm.Minibatch { return pm.NewMinibatch(nan, 1) }, "element [1 2] of the data is NaN"},
		{"infinite value", func() *pm.Minibatch { return pm.NewMinibatch([]float64{1, math.Inf(-1)}, 1) }, "element [1] of the data is -Inf"},
		{"string dtype", func() *pm.Minibatch {
			return pm.NewMinibatch(tensor.New(tensor.WithBacking([]string{"a", "b"})), 1)
		}, "dtype string cannot be used as float64 data"},
		{"bool dtype", func() *pm.Minibatch {
			return pm.NewMinibatch(tensor.New(tensor.WithBacking([]bool{true, false})), 1)
		}, "dtype bool cannot be used as float64 data"},
		{"strings", func() *pm.Minibatch { return pm.NewMinibatch([][]string{{"a"}}, 1) }, "cannot use [][]string as data"},
		{"empty data", func() *pm.Minibatch { return pm.NewMinibatch([]float64{}, 1) }, "empty data"},
		{"aligned arrays of other lengths", func() *pm.Minibatch {
			return pm.NewMinibatch(arange(10), 2, pm.Aligned(arange(9)))
		}, "aligned arrays must have the same number of rows: array 0 has 10, array 1 has 9"},
		{"option that does not apply", func() *pm.Minibatch { return pm.NewMinibatch(arange(10), 2, pm.Shape(3)) }, "option Shape([3]) does not apply to NewMinibatch"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			mb := tc.mb()
			err := mb.Err()
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "pm: ") {
				t.Fatalf("Err() = %v, want an error containing %q", err, tc.want)
			}
			for _, observed := range []any{mb, mb.Node(), mb.NodeOf(1)} {
				m := pm.NewModel()
				mu := pm.Flat(m, "mu")
				pm.Normal(m, "y", mu, 1, pm.Observed(observed), pm.TotalSize(100))
				if got := m.Err(); got == nil || !strings.Contains(got.Error(), tc.want) || !strings.Contains(got.Error(), `Normal "y"`) {
					t.Errorf("observing %T: model error %v, want one naming \"y\" and containing %q", observed, got, tc.want)
				}
				if _, err := pm.Fit(m, pm.N(1), pm.Output(nil)); err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Errorf("Fit: err = %v, want the minibatch's error", err)
				}
			}
			if _, got := mb.NodeIn(G.NewGraph()); got != err {
				t.Errorf("NodeIn: %v", got)
			}
			if _, got := mb.NodesIn(G.NewGraph()); got != err {
				t.Errorf("NodesIn: %v", got)
			}
			if got := mb.SetValue(arange(10)); got != err {
				t.Errorf("SetValue: %v", got)
			}
			if got := mb.SetValues(arange(10)); got != err {
				t.Errorf("SetValues: %v", got)
			}
			if got := mb.UpdateShared(); got != err {
				t.Errorf("UpdateShared: %v", got)
			}
			if mb.Data() != nil || mb.Shared() != nil || mb.NumArrays() != 0 || mb.BatchShape() != nil || mb.Nodes() != nil {
				t.Errorf("accessors of a failed minibatch return values")
			}
			if first, second := mb.Node(), mb.Node(); first != second {
				t.Errorf("Node returns a new stand-in at every call")
			}
		})
	}
}

// SetValue replaces the full data: another number of rows is allowed (the batch keeps its
// shape), another number of columns, NaN, and an unusable dtype are errors naming the
// problem, and a failed SetValue leaves the data as it was.
func TestMinibatchSetValue(t *testing.T) {
	t.Parallel()
	mb := pm.NewMinibatch(randRows(50, 3, 1), 4)
	if err := mb.Err(); err != nil {
		t.Fatal(err)
	}
	before := slices.Clone(mb.Data().Float64s())
	tests := []struct {
		name string
		v    any
		want string
	}{
		{"other number of columns", randRows(50, 4, 2), "shape (50, 4) does not match the data's shape (50, 3) (only the number of rows may change)"},
		{"other rank", arange(50), "does not match the data's shape"},
		{"NaN", [][]float64{{1, 2, 3}, {math.NaN(), 0, 0}}, "element [1 0] of the data is NaN"},
		{"bool dtype", tensor.New(tensor.WithShape(1, 3), tensor.WithBacking([]bool{true, false, true})), "dtype bool"},
	}
	for _, tc := range tests {
		err := mb.SetValue(tc.v)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), `data: Minibatch "Minibatch": SetValue: `) {
			t.Errorf("%s: err = %v, want one containing %q", tc.name, err, tc.want)
		}
	}
	if !slices.Equal(mb.Data().Float64s(), before) {
		t.Fatal("a failed SetValue changed the data")
	}
	// 7 rows of 3 equal values, so that every row of a batch is one of them.
	rows := make([][]float64, 7)
	for i := range rows {
		rows[i] = []float64{float64(i), float64(i), float64(i)}
	}
	if err := mb.SetValue(rows); err != nil {
		t.Fatal(err)
	}
	got := mustEval(t, mb.Node())
	if len(got) != 4*3 {
		t.Fatalf("batch of %d values after SetValue, want 12", len(got))
	}
	for i, v := range got {
		if v != math.Trunc(v) || v < 0 || v > 6 || v != got[i/3*3] {
			t.Fatalf("batch %v holds values that are not rows of the new data", got)
		}
	}
}

// Every evaluation draws a new batch, and the seed fixes the sequence (PyMC's TestMinibatch
// test_1d: two draws differ; random_seed reproduces them). The same holds for a model's log
// density compiled once: two evaluations at one point differ, and a model rebuilt with the
// same seed gives the same two values.
func TestMinibatchDrawsDifferAndSeedReproduces(t *testing.T) {
	t.Parallel()
	x := randRows(30, 10, 3)
	draws := func(seed uint64) [][]float64 {
		mb := pm.NewMinibatch(x, 20, pm.Seed(seed))
		return [][]float64{mustEval(t, mb.Node()), mustEval(t, mb.Node())}
	}
	a, b, c := draws(5), draws(5), draws(6)
	if slices.Equal(a[0], a[1]) {
		t.Error("two evaluations drew the same batch")
	}
	if !slices.Equal(a[0], b[0]) || !slices.Equal(a[1], b[1]) {
		t.Error("the same seed drew other batches")
	}
	if slices.Equal(a[0], c[0]) {
		t.Error("another seed drew the same batch")
	}
	logps := func(seed uint64) [2]float64 {
		m := pm.NewModel()
		mu := pm.Normal(m, "mu", 0, 1)
		pm.Normal(m, "x", mu, 1, pm.Observed(pm.NewMinibatch(x, 20, pm.Seed(seed))), pm.TotalSize(30))
		ld := mustLogDensity(t, m)
		var out [2]float64
		for i := range out {
			var err error
			if out[i], err = ld.LogP([]float64{0.3}); err != nil {
				t.Fatal(err)
			}
		}
		return out
	}
	l1, l2 := logps(5), logps(5)
	if l1[0] == l1[1] {
		t.Error("two log density evaluations gave the same value")
	}
	if l1 != l2 {
		t.Errorf("same seed: log densities %v and %v", l1, l2)
	}
}

// Two arrays minibatched together stay aligned in a model (PyMC v5's TestMinibatch
// test_multiple_vars: A = arange(1000), B = -A, batch 10, drawn mA == -mB). The model
// y ~ Normal(b·A_mb, 1) observed B_mb with total_size 1000 has, at b = -1, zero residuals at
// every draw when the rows are aligned: log p = 1000·log N(0|0,1) + log N(-1|0,10) exactly,
// and d log p/db = Σ 100·(B - bA)·A - b/100 = 0.01. Misaligned rows would give other values.
func TestMinibatchAlignedInModel(t *testing.T) {
	t.Parallel()
	const tol = 1e-9
	a := arange(1000)
	b := make([]float64, len(a))
	for i, v := range a {
		b[i] = -v
	}
	mb := pm.NewMinibatch(a, 10, pm.Aligned(b))
	m := pm.NewModel()
	nodes, err := mb.NodesIn(m.Graph())
	if err != nil {
		t.Fatal(err)
	}
	beta := pm.Normal(m, "b", 0, 10)
	mu := G.Must(G.Mul(nodes[0], beta))
	pm.Normal(m, "y", mu, 1, pm.Observed(mb.NodeOf(1)), pm.TotalSize(1000))
	ld := mustLogDensity(t, m)
	wantLogP := 1000*logPdfStdNormal(0) + logPdfStdNormal(-1.0/10) - math.Log(10)
	grad := make([]float64, 1)
	for i := range 20 {
		lp, err := ld.LogPGrad(grad, []float64{-1})
		if err != nil {
			t.Fatal(err)
		}
		if !closeTo(lp, wantLogP, tol) || math.Abs(grad[0]-0.01) > tol {
			t.Fatalf("evaluation %d: log p = %v, grad = %v; want %v, 0.01 (rows not aligned?)", i, lp, grad[0], wantLogP)
		}
	}
	// Evaluated together in the model's graph, the two batches are negatives of each other,
	// and fresh at every evaluation.
	sum := G.Must(G.Add(nodes[0], nodes[1]))
	both := G.Must(G.Concat(0, nodes[0], sum))
	first := mustEval(t, both)
	second := mustEval(t, both)
	for i := range 10 {
		if first[10+i] != 0 || second[10+i] != 0 {
			t.Fatalf("A_mb + B_mb = %v, %v: want zeros", first[10:], second[10:])
		}
	}
	if slices.Equal(first[:10], second[:10]) {
		t.Error("two evaluations drew the same rows")
	}
}

// PyMC's test_gradient_with_scaling (tests/variational/test_minibatch_rv.py): the gradient
// of a model observing a 10-row minibatch with total_size 1000 equals, at every draw, the
// gradient of a model observing 1000 rows set to that batch repeated 100 times. The second
// model is also compared with the first where the minibatch is replaced by a fixed batch
// (pm.MoreReplacements' mechanism, model.Replace).
func TestMinibatchGradientWithScaling(t *testing.T) {
	t.Parallel()
	const tol = 1e-10
	full := randRows(500, 20, 4)
	mb := pm.NewMinibatch(full, 10, pm.Seed(9))
	m1 := pm.NewModel()
	mu1 := pm.Normal(m1, "m", 0, 1)
	pm.Normal(m1, "n", mu1, 1, pm.Observed(mb), pm.TotalSize(1000))
	if err := m1.Err(); err != nil {
		t.Fatal(err)
	}
	fv, obs := m1.FreeVars()[0], m1.ObservedVars()[0]
	cost := G.Must(G.Add(fv.LogP, obs.LogP))
	f1, err := graph.Compile([]*G.Node{cost, obs.Data}, graph.Inputs(fv.Value), graph.Grad(cost, fv.Value))
	if err != nil {
		t.Fatal(err)
	}

	m2 := pm.NewModel()
	mu2 := pm.Normal(m2, "m", 0, 1)
	shared := pm.NewShared(m2, "full", tensor.New(tensor.Of(tensor.Float64), tensor.WithShape(1000, 20)))
	pm.Normal(m2, "n", mu2, 1, pm.Observed(shared.Node()))
	ld2 := mustLogDensity(t, m2)

	grad2 := make([]float64, 1)
	batches := map[float64]bool{}
	for i := range 10 {
		x := 0.1*float64(i) - 0.4
		out, err := f1.Run(x)
		if err != nil {
			t.Fatal(err)
		}
		lp1, batch, grad1 := out[0].Data().(float64), out[1].(*tensor.Dense), out[2].Data().(float64)
		batches[batch.Float64s()[0]] = true
		rep := make([]float64, 0, 1000*20)
		for range 100 {
			rep = append(rep, batch.Float64s()...)
		}
		if err := shared.SetValue(tensor.New(tensor.WithShape(1000, 20), tensor.WithBacking(rep))); err != nil {
			t.Fatal(err)
		}
		lp2, err := ld2.LogPGrad(grad2, []float64{x})
		if err != nil {
			t.Fatal(err)
		}
		if !closeTo(grad1, grad2[0], tol) || !closeTo(lp1, lp2, tol) {
			t.Errorf("draw %d: scaled minibatch log p %v, grad %v; full data %v, %v", i, lp1, grad1, lp2, grad2[0])
		}

		ld3, err := m1.LogDensity(model.Replace(obs.Data, batch))
		if err != nil {
			t.Fatal(err)
		}
		grad3 := make([]float64, 1)
		lp3, err := ld3.LogPGrad(grad3, []float64{x})
		if err != nil {
			t.Fatal(err)
		}
		if !closeTo(grad3[0], grad2[0], tol) || !closeTo(lp3, lp2, tol) {
			t.Errorf("draw %d: minibatch replaced by the batch: log p %v, grad %v; full data %v, %v", i, lp3, grad3[0], lp2, grad2[0])
		}
	}
	if len(batches) < 5 {
		t.Errorf("%d different batches in 10 draws", len(batches))
	}
}

// PyMC's test_minibatch_parameter_and_value (tests/variational/test_minibatch_rv.py): two
// aligned arrays AD = TD = arange(1000) minibatched 9 rows at a time from the first 10
// (PyMC's minibatch_index(0, 10, size=9), here InMemorySize(10)), and
// AD_predicted ~ Normal(TD_mb + b, 1) observed AD_mb with total_size 1000 and b ~ Flat at 0:
// log p = 1000·norm.logpdf(0) at every draw; after SetValues(AD + 1, TD),
// 1000·norm.logpdf(1); after random AD, two evaluations differ.
func TestMinibatchParameterAndValue(t *testing.T) {
	t.Parallel()
	const tol = 1e-12
	ad, td := arange(1000), arange(1000)
	mb := pm.NewMinibatch(ad, 9, pm.Aligned(td), pm.InMemorySize(10))
	m := pm.NewModel()
	nodes, err := mb.NodesIn(m.Graph())
	if err != nil {
		t.Fatal(err)
	}
	b := pm.Flat(m, "b")
	pm.Normal(m, "AD_predicted", G.Must(G.Add(nodes[1], b)), 1, pm.Observed(nodes[0]), pm.TotalSize(1000))
	ld := mustLogDensity(t, m)
	check := func(want float64) {
		t.Helper()
		for range 5 {
			lp, err := ld.LogP([]float64{0})
			if err != nil {
				t.Fatal(err)
			}
			if !closeTo(lp, want, tol) {
				t.Fatalf("log p = %v, want %v", lp, want)
			}
		}
	}
	check(1000 * logPdfStdNormal(0))
	plus1 := make([]float64, 10)
	for i := range plus1 {
		plus1[i] = float64(i) + 1
	}
	if err := mb.SetValues(plus1, td[:10]); err != nil {
		t.Fatal(err)
	}
	check(1000 * logPdfStdNormal(1))
	if err := mb.SetValues(randRows(10, 1, 161).Float64s(), td[:10]); err != nil {
		t.Fatal(err)
	}
	l1, err := ld.LogP([]float64{0})
	if err != nil {
		t.Fatal(err)
	}
	l2, err := ld.LogP([]float64{0})
	if err != nil {
		t.Fatal(err)
	}
	if l1 == l2 {
		t.Errorf("random data: two evaluations gave %v", l1)
	}
}

// Replacing the minibatch by full data, for prediction after fitting: graph.Clone (PyMC3's
// test_cloning_available: Minibatch(arange(100), 1)**2 with {mb: [10]} gives 100; with
// {mb: mb.shared} the squares of all data) and SampleNode with pm.MoreReplacements (PyMC v5's
// test_sample_posterior_after_minibatch: 500 posterior predictive means on 5 new x have
// shape (500, 5)). Each predictive row is beta_draw·x, so rows are proportional to x.
func TestMinibatchReplacedForPrediction(t *testing.T) {
	t.Parallel()
	x := pm.NewMinibatch(arange(100), 1)
	sq := G.Must(G.Square(x.Node()))
	for _, tc := range []struct {
		name string
		with any
		want []float64
	}{
		{"constant [10]", []float64{10}, []float64{100}},
		{"shared full data", x.Shared().Node(), squares(arange(100))},
		{"full data value", arange(100), squares(arange(100))},
	} {
		out, err := graph.Clone([]*G.Node{sq}, map[*G.Node]any{x.Node(): tc.with})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := mustEval(t, out[0]); !slices.Equal(got, tc.want) {
			t.Errorf("%s: clone evaluates to %v, want %v", tc.name, got, tc.want)
		}
	}

	xs, ys := []float64{1, 2, 3}, []float64{2.1, 3.9, 6.2}
	mb := pm.NewMinibatch(xs, 2, pm.Aligned(ys))
	m := pm.NewModel()
	nodes, err := mb.NodesIn(m.Graph())
	if err != nil {
		t.Fatal(err)
	}
	beta := pm.Normal(m, "beta", 0, 1)
	mu := G.Must(G.Mul(nodes[0], beta))
	pm.Normal(m, "obs", mu, 1, pm.Observed(nodes[1]), pm.TotalSize(3))
	approx, err := pm.Fit(m, pm.N(10), pm.Seed(1), pm.Output(nil))
	if err != nil {
		t.Fatal(err)
	}
	newX := []float64{-2, -1, 0.5, 4, 7}
	for _, tc := range []struct {
		x    []float64
		with any
	}{
		{newX, newX},
		{xs, mb.DataOf(0)}, // the full training data, as remove_minibatched_nodes
	} {
		pred, err := approx.SampleNode(mu, pm.Size(500), pm.MoreReplacements(pm.Replace(nodes[0], tc.with)))
		if err != nil {
			t.Fatal(err)
		}
		v, err := pm.Eval(pred)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := []int(v.Shape()), []int{500, len(tc.x)}; !slices.Equal(got, want) {
			t.Fatalf("posterior predictive shape %v, want %v", got, want)
		}
		vals := v.Float64s()
		for d := range 500 {
			row := vals[d*len(tc.x) : (d+1)*len(tc.x)]
			k := row[len(row)-1] / tc.x[len(tc.x)-1]
			for i, xi := range tc.x {
				if math.Abs(row[i]-k*xi) > 1e-12*math.Abs(k*xi)+1e-15 {
					t.Fatalf("draw %d: %v is not beta·%v", d, row, tc.x)
				}
			}
		}
	}
}

func squares(x []float64) []float64 {
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = v * v
	}
	return out
}

// Tutorial sizes: 40000 rows of 100 columns, batches of 500 rows.
const (
	tutorialRows  = 40000
	tutorialCols  = 100
	tutorialBatch = 500
)

// tutorialData makes the quickstart's data as its cell 55 does, from a seed:
//
//	data = np.random.rand(40000, 100)
//	data *= np.random.randint(1, 10, size=(100,))
//	data += np.random.rand(100) * 10
//
// It returns the data and each column's mean and (population) standard deviation.
func tutorialData(seed uint64) (x *tensor.Dense, mean, sd []float64) {
	n, d := tutorialRows, tutorialCols
	v := testmodels.TutorialData(seed)
	mean, sd = make([]float64, d), make([]float64, d)
	for i := range n {
		for j, r := range v[i*d : (i+1)*d] {
			mean[j] += r
		}
	}
	for j := range mean {
		mean[j] /= float64(n)
	}
	for i := range n {
		for j, r := range v[i*d : (i+1)*d] {
			sd[j] += (r - mean[j]) * (r - mean[j])
		}
	}
	for j := range sd {
		sd[j] = math.Sqrt(sd[j] / float64(n))
	}
	return tensor.New(tensor.WithShape(n, d), tensor.WithBacking(v)), mean, sd
}

// tutorialModel is the quickstart's model of cells 56 and 59: mu ~ Flat(100),
// sd ~ HalfNormal(1, 100), likelihood ~ Normal(mu, sd) observed (the data, or a minibatch of
// it with total_size (40000, 100)).
func tutorialModel(observed any, opts ...pm.Option) *pm.Model {
	m := pm.NewModel()
	mu := pm.Flat(m, "mu", pm.Shape(tutorialCols))
	sd := pm.HalfNormal(m, "sd", 1, pm.Shape(tutorialCols))
	pm.Normal(m, "likelihood", mu, sd, append([]pm.Option{pm.Observed(observed)}, opts...)...)
	return m
}

// The quickstart's minibatch cells (55-60). On the full data, a callback stops the fit after
// 10 iterations and the log shows its message, then PyMC's interrupted line. With
// pm.NewMinibatch(data, 500) and total_size (40000, 100), ADVI recovers every column's mean.
//
// Settings and tolerance: the tutorial fits 10000 iterations with the default
// adagrad_window(0.001), whose steps are shorter than the learning rate, so 2000 iterations
// could move mu by less than 2 while the column means lie between 0.5 and 14.5; the test uses
// adagrad_window(0.1) for 2000 iterations. The gradient wrt mu_j is driven by the batch mean
// of column j, whose standard error is se_j = sd_j/√500, and the final iterate keeps a noise of
// about that size; so the fitted mean must be within 4·se_j of the column's mean (for 100
// columns and Gaussian noise of one se, exceeded with probability < 1%; the seeded fit's
// largest deviation is 2.5 se). The fitted sd, exp of the mean of sd_log__, must be within 15%
// of the column's sd (largest seen: 6%, the iterate's noise at learning rate 0.1).
func TestQuickstartMinibatchCells(t *testing.T) {
	t.Parallel()
	x, colMean, colSD := tutorialData(1)

	var log strings.Builder
	stopAfter10 := callbacks.Func(func(_ callbacks.FlatParamser, _ []float64, i int) error {
		if i > 0 && i%10 == 0 {
			return callbacks.Stop("I was slow, sorry")
		}
		return nil
	})
	full := tutorialModel(x)
	approx, err := pm.Fit(full, pm.Callbacks(stopAfter10), pm.Progressbar(false), pm.Output(&log), pm.Seed(1))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(log.String(), "\n"), "\n")
	interrupted := regexp.MustCompile(`^Interrupted at 10 \[0%\]: Average Loss = \d\.\d{4}e\+\d\d$`)
	if len(lines) != 2 || lines[0] != "I was slow, sorry" || !interrupted.MatchString(lines[1]) {
		t.Errorf("log %q, want \"I was slow, sorry\" then \"Interrupted at 10 [0%%]: Average Loss = ...\"", log.String())
	}
	if got := len(approx.Hist()); got != 10 {
		t.Errorf("%d losses after the stop, want 10", got)
	}

	X := pm.NewMinibatch(x, tutorialBatch)
	mini := tutorialModel(X, pm.TotalSize(tutorialRows, tutorialCols))
	if got, want := mini.NormalizingConstant(), float64(tutorialRows)/tutorialBatch; got != want {
		t.Errorf("NormalizingConstant = %v, want N/n = %v", got, want)
	}
	log.Reset()
	approx, err = pm.Fit(mini, pm.N(2000), pm.ObjOptimizer(optimizers.AdagradWindow(0.1)), pm.Progressbar(false), pm.Output(&log), pm.Seed(1))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(log.String(), "Finished [100%]: Average Loss = ") {
		t.Errorf("log %q, want PyMC's finished line", log.String())
	}
	mean := approx.MeanValues()
	for j := range tutorialCols {
		se := colSD[j] / math.Sqrt(tutorialBatch)
		if d := math.Abs(mean[j] - colMean[j]); d > 4*se {
			t.Errorf("column %d: fitted mean %.4f, data mean %.4f: off by %.1f standard errors", j, mean[j], colMean[j], d/se)
		}
		if sd := math.Exp(mean[tutorialCols+j]); math.Abs(sd/colSD[j]-1) > 0.15 {
			t.Errorf("column %d: fitted sd %.4f, data sd %.4f", j, sd, colSD[j])
		}
	}
}
