package approximations_test

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/gopymc/gopymc/approximations"
	"github.com/gopymc/gopymc/callbacks"
	"github.com/gopymc/gopymc/internal/testmodels"
	"github.com/gopymc/gopymc/optimizers"
	"github.com/gopymc/gopymc/pm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// fitted fits the Binomial model briefly with each method of PyMC's test_replacements
// parametrisation (MeanField, FullRank, Empirical).
var fitMethods = []struct {
	method string
	opts   []pm.Option
}{
	{"advi", []pm.Option{pm.N(300)}},
	{"fullrank_advi", []pm.Option{pm.N(300)}},
	{"svgd", []pm.Option{pm.N(50), pm.InfKwargs(pm.Particles(50))}},
	{"nfvi=scale-hh-loc", []pm.Option{pm.N(300)}}, // affine: UseMean is the mean
}

// sigmoid is the logodds transform's backward map.
func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// PyMC's test_replacements and test_sample_replacements on the Binomial model, for each
// approximation family: sample_node(p**3) no longer depends on p's value variable, draws
// afresh at each evaluation, stacks Size draws, uses the mean with UseMean, and takes a
// symbolic size.
func TestSampleNodeReplacements(t *testing.T) {
	t.Parallel()
	for _, fm := range fitMethods {
		t.Run(fm.method, func(t *testing.T) {
			t.Parallel()
			m, p := binomialModel(t)
			approx, err := pm.Fit(m, append([]pm.Option{pm.Method(fm.method), pm.Seed(1), quiet}, fm.opts...)...)
			if err != nil {
				t.Fatal(err)
			}
			p3 := G.Must(G.Cube(p))
			// p**3 itself needs p's value variable...
			if _, err := pm.Eval(p3); err == nil {
				t.Fatal("p**3 evaluated without a value for p")
			}
			// ...its sample node does not.
			sn, err := approx.SampleNode(p3)
			if err != nil {
				t.Fatal(err)
			}
			var draws []float64
			for k := 0; k < 100; k++ {
				v, shape := eval(t, sn)
				if len(shape) != 0 || v[0] <= 0 || v[0] >= 1 {
					t.Fatalf("draw %d: %v with shape %v, want a scalar in (0, 1)", k, v, shape)
				}
				draws = append(draws, v[0])
			}
			if allEqual(draws) {
				t.Error("100 evaluations of the sample node are all equal")
			}
			sized, err := approx.SampleNode(p3, pm.Size(10))
			if err != nil {
				t.Fatal(err)
			}
			if v, shape := eval(t, sized); !slices.Equal(shape, []int{10}) || allEqual(v) {
				t.Errorf("Size(10): shape %v values %v, want 10 different draws", shape, v)
			}
			// UseMean: p³ at the mean of q in unconstrained space (Empirical: the
			// particles' mean, as PyMC3).
			det, err := approx.SampleNode(p3, pm.UseMean())
			if err != nil {
				t.Fatal(err)
			}
			want := math.Pow(sigmoid(approx.MeanValues()[0]), 3)
			for k := 0; k < 100; k++ {
				if v, _ := eval(t, det); !closeTo(v[0], want, 1e-14) {
					t.Fatalf("UseMean: %v, want %v", v[0], want)
				}
			}
			i := pm.IntScalar(m, "i")
			symbolic, err := approx.SampleNode(p3, pm.SizeNode(i))
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range []int{100, 101} {
				v, shape := eval(t, symbolic, pm.Givens(i, n))
				if !slices.Equal(shape, []int{n}) || allEqual(v) {
					t.Errorf("SizeNode given %d: shape %v", n, shape)
				}
			}
		})
	}
}

// PyMC's test_var_replacement: a replacement changing an input's length changes the sample
// node's shape; also through shared data (the tutorial's test-set swap).
func TestSampleNodeVarReplacement(t *testing.T) {
	t.Parallel()
	linspace := func(n int) []float64 {
		x := make([]float64, n)
		for i := range x {
			x[i] = 10 * float64(i) / float64(n-1)
		}
		return x
	}
	xMean := linspace(10)
	y := make([]float64, 10)
	for i, e := range normals(10, 12) {
		y[i] = 4*xMean[i] + 0.05*e
	}
	m := pm.NewModel()
	inp := pm.Normal(m, "X", xMean, 1, pm.Shape(10))
	coef := pm.Normal(m, "b", 4, 1)
	mean := G.Must(G.Mul(inp, coef))
	pm.Normal(m, "y", mean, 0.1, pm.Observed(y))
	// The same mean through shared data.
	xd := pm.NewShared(m, "Xd", xMean)
	dataMean := G.Must(G.Mul(xd.Node(), coef))
	if err := m.Err(); err != nil {
		t.Fatal(err)
	}
	approx, err := pm.Fit(m, pm.N(100), pm.Seed(2), quiet)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		expr  *G.Node
		opts  []pm.Option
		shape []int
	}{
		{"mean", mean, nil, []int{10}},
		{"mean, X by 11 values", mean, []pm.Option{pm.MoreReplacements(pm.Replace(inp, linspace(11)))}, []int{11}},
		{"mean, X by 11 values, Size(5)", mean, []pm.Option{pm.MoreReplacements(pm.Replace(inp, linspace(11))), pm.Size(5)}, []int{5, 11}},
		{"data mean", dataMean, nil, []int{10}},
		{"data mean, Xd by 11 values", dataMean, []pm.Option{pm.MoreReplacements(pm.Replace(xd.Node(), linspace(11)))}, []int{11}},
		{"data mean, Xd by a node", dataMean, []pm.Option{pm.MoreReplacements(pm.Replace(xd.Node(), pm.NewShared(m, "Xd11", linspace(11)).Node()))}, []int{11}},
	} {
		sn, err := approx.SampleNode(c.expr, c.opts...)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		v, shape := eval(t, sn)
		if !slices.Equal(shape, c.shape) {
			t.Errorf("%s: shape %v, want %v", c.name, shape, c.shape)
		}
		if c.name == "data mean, Xd by 11 values" {
			// Xd·b at draws of b: the ratio to the new data is the same draw of b.
			for k := 2; k < 11; k++ {
				if !closeTo(v[k]/linspace(11)[k], v[1]/linspace(11)[1], 1e-12) {
					t.Fatalf("%s: %v is not a multiple of the new data", c.name, v)
				}
			}
		}
	}
	// The replacement does not touch the shared value itself.
	if got := xd.Value().Shape(); !slices.Equal(got, []int{10}) {
		t.Errorf("Xd now has shape %v", got)
	}
}

// SampleNode composes with Gorgonia ops: the mean over axis 0 of 1000 draws of x² under
// SVGD's particles on the tutorial's mixture is the particles' mean of x², within 4 Monte
// Carlo standard errors.
func TestSampleNodeComposes(t *testing.T) {
	t.Parallel()
	m := testmodels.Mixture()
	inf, err := pm.NewSVGD(m, pm.Particles(200), pm.Seed(3))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := inf.Fit(100, pm.ObjOptimizer(optimizers.SGD(0.01)), quiet); err != nil {
		t.Fatal(err)
	}
	x, _ := m.FreeVar("x")
	sn, err := inf.Approx().SampleNode(G.Must(G.Square(x.RV)), pm.Size(1000))
	if err != nil {
		t.Fatal(err)
	}
	meanNode := G.Must(G.Mean(sn, 0))
	got, shape := eval(t, meanNode)
	x2 := make([]float64, 0, 200)
	for _, v := range inf.Approx().FlatParams() {
		x2 = append(x2, v*v)
	}
	want, sd := meanSD(x2)
	if se := sd / math.Sqrt(1000); len(shape) != 0 || math.Abs(got[0]-want) > 4*se {
		t.Errorf("mean of x² over 1000 draws: %v (shape %v), particles' mean %v ± %v", got, shape, want, 4*se)
	}
	// Two evaluations are two sets of draws.
	if again, _ := eval(t, meanNode); again[0] == got[0] {
		t.Error("two evaluations of the mean gave the same value")
	}
}

// A sample node recorded by a Tracker during a fit follows the parameters: the mean of x
// (UseMean) changes from one iteration to the next, and a node made before the fit reads
// the parameters when it runs.
func TestSampleNodeTracker(t *testing.T) {
	t.Parallel()
	m := testmodels.Mixture()
	inf, err := pm.NewSVGD(m, pm.Particles(100), pm.Seed(4))
	if err != nil {
		t.Fatal(err)
	}
	x, _ := m.FreeVar("x")
	atMean, err := inf.Approx().SampleNode(x.RV, pm.UseMean())
	if err != nil {
		t.Fatal(err)
	}
	draw, err := inf.Approx().SampleNode(G.Must(G.Sin(x.RV)))
	if err != nil {
		t.Fatal(err)
	}
	tracker := callbacks.NewTracker(map[string]func() (any, error){
		"mean": func() (any, error) { return pm.Eval(atMean) },
		"draw": func() (any, error) { return pm.Eval(draw) },
	})
	if _, err := inf.Fit(5, pm.ObjOptimizer(optimizers.SGD(0.05)), pm.Callbacks(tracker), quiet); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"mean", "draw"} {
		rows, err := tracker.Floats(name)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 5 {
			t.Fatalf("%s: %d records, want 5", name, len(rows))
		}
		for k := 1; k < 5; k++ {
			if rows[k][0] == rows[k-1][0] {
				t.Errorf("%s: iterations %d and %d recorded the same value %v", name, k, k+1, rows[k][0])
			}
		}
	}
	rows, _ := tracker.Floats("mean")
	if want := inf.Approx().MeanValues()[0]; !closeTo(rows[4][0], want, 1e-14) {
		t.Errorf("last recorded mean %v, particles' mean now %v", rows[4][0], want)
	}
}

// RSlice gives draws of one value variable in unconstrained space; SampleDict every value
// variable's draws with a leading axis (PyMC's rslice and sample_dict_fn), on three_var_model.
func TestRSliceSampleDict(t *testing.T) {
	t.Parallel()
	m := threeVarModel(t)
	q, err := approximations.NewMeanField(m, pm.Seed(5))
	if err != nil {
		t.Fatal(err)
	}
	randomise(q, 13)
	for _, c := range []struct {
		name  string
		opts  []pm.Option
		shape []int
	}{
		{"one", nil, []int{10, 2}},
		{"one_log__", []pm.Option{pm.Size(3)}, []int{3, 10, 2}},
		{"two", []pm.Option{pm.Size(1)}, []int{1, 10}},
		{"three", nil, []int{10, 1, 2}},
	} {
		n, err := q.RSlice(c.name, c.opts...)
		if err != nil {
			t.Fatal(err)
		}
		v, shape := eval(t, n)
		if !slices.Equal(shape, c.shape) {
			t.Errorf("RSlice(%q): shape %v, want %v", c.name, shape, c.shape)
		}
		if c.name == "one" && !slices.ContainsFunc(v, func(x float64) bool { return x < 0 }) {
			t.Errorf("RSlice(\"one\") has no negative values: not unconstrained")
		}
	}
	// At the mean, RSlice is mu's slice.
	n, err := q.RSlice("two", pm.UseMean())
	if err != nil {
		t.Fatal(err)
	}
	v, _ := eval(t, n)
	checkFloats(t, "RSlice at the mean", v, q.MeanValues()[20:30], 0)
	if _, err := q.RSlice("four"); err == nil || !strings.Contains(err.Error(), `RSlice: "four" is not a free variable`) {
		t.Errorf("RSlice of an unknown name: %v", err)
	}
	dict, err := q.SampleDict(7)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]int{"one_log__": {7, 10, 2}, "two": {7, 10}, "three": {7, 10, 1, 2}}
	if len(dict) != len(want) {
		t.Errorf("SampleDict keys: %d, want %v", len(dict), want)
	}
	for k, shape := range want {
		if d, ok := dict[k]; !ok || !slices.Equal(d.Shape(), shape) {
			t.Errorf("SampleDict[%q]: %v, want shape %v", k, d, shape)
		}
	}
	if _, err := q.SampleDict(0); err == nil {
		t.Error("SampleDict(0): no error")
	}
}

func TestSampleNodeErrors(t *testing.T) {
	t.Parallel()
	m, p := binomialModel(t)
	q, err := approximations.NewMeanField(m)
	if err != nil {
		t.Fatal(err)
	}
	other := pm.NewModel()
	elsewhere := pm.Normal(other, "z", 0, 1)
	i := pm.IntScalar(m, "i")
	f := G.NewScalar(m.Graph(), tensor.Float64, G.WithName("f"))
	for _, c := range []struct {
		name string
		expr *G.Node
		opts []pm.Option
		want string
	}{
		{"another graph", elsewhere, nil, "is a node of another graph than the model's"},
		{"float size node", p, []pm.Option{pm.SizeNode(f)}, `SizeNode "f" must be an int scalar`},
		{"size node of another graph", p, []pm.Option{pm.SizeNode(pm.IntScalar(other, "j"))}, "SizeNode must be a node of the model's graph"},
		{"Size and SizeNode", p, []pm.Option{pm.Size(3), pm.SizeNode(i)}, "give Size or SizeNode, not both"},
		{"negative size", p, []pm.Option{pm.Size(-1)}, "Size must be >= 0, got -1"},
		{"wrong rank", p, []pm.Option{pm.MoreReplacements(pm.Replace(p, []float64{0.1, 0.2}))}, "approximations: SampleNode:"},
		{"int expr", i, nil, `"i" has dtype int, want float64`},
		{"nil expr", nil, nil, "SampleNode: nil node"},
		{"foreign option", p, []pm.Option{pm.Seed(1)}, "SampleNode"},
	} {
		_, err := q.SampleNode(c.expr, c.opts...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want %q", c.name, err, c.want)
		}
	}
	// A negative symbolic size fails at evaluation.
	sn, err := q.SampleNode(p, pm.SizeNode(i))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pm.Eval(sn, pm.Givens(i, -2)); err == nil || !strings.Contains(err.Error(), "the size must be >= 0, got -2") {
		t.Errorf("negative symbolic size: %v", err)
	}
	if _, err := pm.Eval(sn); err == nil {
		t.Error("a symbolic size without its given evaluated")
	}
}
