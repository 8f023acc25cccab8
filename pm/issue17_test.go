package pm_test

import (
	"bytes"
	"context"
	"math"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gopymc/gopymc/callbacks"
	"github.com/gopymc/gopymc/model"
	"github.com/gopymc/gopymc/optimizers"
	"github.com/gopymc/gopymc/opvi"
	"github.com/gopymc/gopymc/pm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Regression tests of issue 17 (reliability). Each defect the issue lists has a test here,
// named after it; the bad-input matrix (internal/badinput) covers the API at large.

// silent is the option every fit of these tests takes.
var silent = pm.Output(nil)

// A fit of a model whose observed data lie outside the likelihood's support fails up front,
// as Sample does, naming the observed variable; before, every loss was +Inf and Fit
// succeeded.
func TestIssue17FitDataOutsideSupport(t *testing.T) {
	t.Parallel()
	models := map[string]func() *pm.Model{
		"Bernoulli data of 2": func() *pm.Model {
			m := pm.NewModel()
			p := pm.Beta(m, "p", 1.0, 1.0)
			pm.Bernoulli(m, "y", p, pm.Observed([]float64{0, 1, 2}))
			return m
		},
		"Poisson counts of 1.5": func() *pm.Model {
			m := pm.NewModel()
			mu := pm.Exponential(m, "mu", 1.0)
			pm.Poisson(m, "y", mu, pm.Observed([]float64{0, 1.5, 2}))
			return m
		},
		"negative HalfNormal data": func() *pm.Model {
			m := pm.NewModel()
			s := pm.HalfNormal(m, "s", 1.0)
			pm.HalfNormal(m, "y", s, pm.Observed([]float64{0.5, -1}))
			return m
		},
	}
	for name, build := range models {
		for _, method := range []string{"advi", "fullrank_advi", "svgd", "nfvi"} {
			_, err := pm.Fit(build(), pm.Method(method), pm.N(50), pm.Seed(1), silent)
			require.Error(t, err, "%s, %s", name, method)
			assert.Contains(t, err.Error(), "the model's log density is -Inf where the fit starts", "%s, %s", name, method)
			assert.Contains(t, err.Error(), "the log density of y is -Inf", "%s, %s", name, method)
		}
		_, err := pm.Sample(build(), pm.Draws(10), pm.Tune(10), pm.Chains(1), silent)
		require.Error(t, err, name)
		assert.Contains(t, err.Error(), "the log density of y is -Inf", "Sample, %s", name)
	}
}

// On a model whose log density is -Inf over part of the space (a Uniform kept in constrained
// space), ADVI stops at the first infinite loss and SVGD at the first particle outside the
// support, naming the variable, instead of carrying on with infinite losses or stranded
// particles; the approximation keeps finite parameters.
func TestIssue17InfiniteLossStops(t *testing.T) {
	t.Parallel()
	build := func() *pm.Model {
		m := pm.NewModel()
		pm.Uniform(m, "x", 0.0, 1.0, pm.NoTransform())
		return m
	}
	inf, err := pm.NewADVI(build(), pm.Seed(1))
	require.NoError(t, err)
	_, err = inf.Fit(100, silent)
	var nanErr *opvi.NaNError
	require.ErrorAs(t, err, &nanErr)
	assert.True(t, math.IsInf(nanErr.Loss, 1), "loss %v", nanErr.Loss)
	assert.Equal(t, "the log density of x is -Inf", nanErr.Terms)
	assert.True(t, strings.HasPrefix(err.Error(), "Inf occurred in optimization."), err.Error())
	assert.Contains(t, err.Error(), "(there, the log density of x is -Inf)")
	for _, p := range inf.Approx().FlatParams() {
		assert.False(t, math.IsNaN(p) || math.IsInf(p, 0), "parameters %v", inf.Approx().FlatParams())
	}
	for _, l := range inf.Hist() {
		assert.False(t, math.IsNaN(l) || math.IsInf(l, 0), "history %v", inf.Hist())
	}

	_, err = pm.Fit(build(), pm.Method("svgd"), pm.N(100), pm.Seed(1), silent)
	require.Error(t, err)
	assert.Regexp(t, `^opvi: svgd: iteration 1: particle \d+: the model's log density is -Inf there \(the log density of x is -Inf\)`, err.Error())

	// NFVI through the same region: a flow that starts inside the support (a small jitter)
	// and whose draws leave it.
	nf, err := pm.NewNFVI(build(), pm.Flow("scale-loc"), pm.Jitter(0.01), pm.Seed(1))
	require.NoError(t, err)
	_, err = nf.Fit(100, silent)
	require.ErrorAs(t, err, &nanErr)
	assert.Equal(t, "the log density of x is -Inf", nanErr.Terms)
	for _, p := range nf.Approx().FlatParams() {
		assert.False(t, math.IsNaN(p) || math.IsInf(p, 0), "parameters %v", nf.Approx().FlatParams())
	}
}

// The NaN-loss error names the model term that is not finite at the draw, as Sample's does:
// here the likelihood of an observed variable whose rate a draw makes negative.
func TestIssue17NonFiniteLossNamesTerm(t *testing.T) {
	t.Parallel()
	m := pm.NewModel()
	x := pm.Normal(m, "x", 1.0, 0.1)
	pm.Exponential(m, "y", x, pm.Observed([]float64{1, 2}))
	_, err := pm.Fit(m, pm.N(200), pm.Seed(1), silent)
	var nanErr *opvi.NaNError
	require.ErrorAs(t, err, &nanErr)
	assert.Equal(t, "the log density of y is -Inf", nanErr.Terms)

	// A potential: log(x) of a draw below 0 is NaN.
	m2 := pm.NewModel()
	z := pm.Normal(m2, "z", 1.0, 0.1)
	pm.Potential(m2, "logz", G.Must(G.Log(z)))
	_, err = pm.Fit(m2, pm.N(200), pm.Seed(1), silent)
	require.ErrorAs(t, err, &nanErr)
	assert.True(t, math.IsNaN(nanErr.Loss))
	assert.Contains(t, nanErr.Terms, "logz is NaN")
	assert.True(t, strings.HasPrefix(err.Error(), "NaN occurred in optimization."), err.Error())
}

// After a non-finite loss or parameter the approximation keeps finite parameters (Inf was
// not checked: with SGD(1) the kept parameters were [-867.35 -Inf -569.35 -Inf]), its draws
// are finite, and Refine continues from them.
func TestIssue17NonFiniteKeepsFiniteParameters(t *testing.T) {
	t.Parallel()
	m := pm.NewModel()
	mu := pm.Normal(m, "mu", 0.0, 1.0, pm.Shape(2))
	pm.Normal(m, "y", mu, 0.1, pm.Observed([]float64{1, 2}))
	inf, err := pm.NewADVI(m, pm.Seed(1))
	require.NoError(t, err)
	_, err = inf.Fit(100, silent, pm.ObjOptimizer(optimizers.SGD(1)))
	var nanErr *opvi.NaNError
	require.ErrorAs(t, err, &nanErr)
	kept := append([]float64(nil), inf.Approx().FlatParams()...)
	for _, p := range kept {
		require.False(t, math.IsNaN(p) || math.IsInf(p, 0), "kept parameters %v", kept)
	}
	tr, err := inf.Approx().Sample(50)
	require.NoError(t, err)
	for _, v := range tr.Values("mu") {
		require.False(t, math.IsNaN(v) || math.IsInf(v, 0), "draws %v", tr.Values("mu"))
	}
	before := len(inf.Hist())
	require.NoError(t, inf.Refine(1))
	assert.Len(t, inf.Hist(), before+1)
}

// The loss history and NUTS's draws grow with the work done: a fit of N(1<<40) or
// N(math.MaxInt) stopped by a callback, and a Sample of Draws(1<<40) stopped by its
// context, allocate little (they asked for 8 TB up front and died).
func TestIssue17MemoryFollowsWork(t *testing.T) {
	t.Parallel()
	build := func() *pm.Model {
		m := pm.NewModel()
		pm.Normal(m, "mu", 0.0, 1.0)
		return m
	}
	stop := callbacks.Func(func(_ callbacks.FlatParamser, _ []float64, i int) error {
		if i == 20 {
			return callbacks.Stop("enough")
		}
		return nil
	})
	for _, n := range []int{1 << 40, math.MaxInt} {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		q, err := pm.Fit(build(), pm.N(n), pm.Callbacks(stop), silent)
		runtime.ReadMemStats(&after)
		require.NoError(t, err, "N(%d)", n)
		assert.Len(t, q.Hist(), 20, "N(%d)", n)
		// A shared machine's other tests allocate too; 1 GB is far below 8 TB.
		assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(1<<30), "N(%d) allocated", n)
	}
	// NUTS: stopped by a deadline; the draws so far come back.
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancel()
	tr, err := pm.SampleContext(ctx, build(), pm.Draws(1<<40), pm.Tune(10), pm.Chains(1), pm.Seed(1), silent)
	runtime.ReadMemStats(&after)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.NotNil(t, tr)
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(1<<30), "Sample(Draws(1<<40)) allocated")
	for _, v := range tr.Values("mu") {
		require.False(t, math.IsNaN(v) || math.IsInf(v, 0))
	}
	// Iteration counts that overflow an int are an error, not a wrapped-around run.
	_, err = pm.Sample(build(), pm.Draws(math.MaxInt), silent)
	assert.ErrorContains(t, err, "overflow an int")
}

// An approximation used after its model gained a variable (re-running a notebook cell) is a
// clear error saying what changed, from every call that uses it; before, Sample and
// SampleNode indexed out of range, Refine carried on and Fit said "gradient of length 2,
// want 3". A deterministic added afterwards is no change: Sample draws it.
func TestIssue17ModelChanged(t *testing.T) {
	t.Parallel()
	m := pm.NewModel()
	mu := pm.Normal(m, "mu", 0.0, 1.0)
	pm.Normal(m, "y", mu, 1.0, pm.Observed([]float64{0.5, 1.5}))
	inf, err := pm.NewADVI(m, pm.Seed(1))
	require.NoError(t, err)
	q, err := inf.Fit(50, silent)
	require.NoError(t, err)
	node, err := q.SampleNode(mu, pm.Size(3))
	require.NoError(t, err)
	tr, err := pm.Sample(m, pm.Draws(20), pm.Tune(20), pm.Chains(1), silent)
	require.NoError(t, err)

	pm.Deterministic(m, "mu2", G.Must(G.Square(mu)))
	drawn, err := q.Sample(5)
	require.NoError(t, err, "a deterministic is not a change")
	assert.Len(t, drawn.Values("mu2"), 5, "the new deterministic is drawn")

	pm.Normal(m, "z", 0.0, 1.0) // the cell run again, with a new variable
	const want = `was made for the model as it was before it gained the free variable "z"`
	calls := map[string]func() error{
		"Sample":     func() error { _, err := q.Sample(5); return err },
		"SampleNode": func() error { _, err := q.SampleNode(mu); return err },
		"RSlice":     func() error { _, err := q.RSlice("mu"); return err },
		"SampleDict": func() error { _, err := q.SampleDict(5); return err },
		"old node":   func() error { _, err := pm.Eval(node); return err },
		"Function": func() error {
			_, err := pm.Function(q, nil, []*G.Node{mu})
			return err
		},
		"PSIS":             func() error { _, err := pm.PSIS(q, pm.Draws(10)); return err },
		"Save":             func() error { return pm.SaveApproximation(&bytes.Buffer{}, q) },
		"MeanData":         func() error { _, err := pm.MeanData(q); return err },
		"Refine":           func() error { return inf.Refine(5) },
		"Inference.Fit":    func() error { _, err := inf.Fit(5, silent); return err },
		"Fit(Method(inf))": func() error { _, err := pm.Fit(m, pm.Method(inf), pm.N(5), silent); return err },
		"SamplePosteriorPredictive": func() error {
			_, err := pm.SamplePosteriorPredictive(m, q, pm.Samples(5))
			return err
		},
		"Scaling": func() error {
			_, err := pm.Sample(m, pm.Scaling(q), pm.Draws(5), pm.Tune(5), silent)
			return err
		},
	}
	for name, call := range calls {
		err := call()
		require.Error(t, err, name)
		assert.ErrorIs(t, err, model.ErrChanged, name)
		assert.Contains(t, err.Error(), want, name)
	}
	// A trace sampled before the change lacks the new variable; an Empirical made from it
	// before the change is refused like any approximation.
	_, err = pm.NewEmpirical(tr, m)
	assert.ErrorContains(t, err, `the trace does not hold the free variable "z"`)
	m3 := pm.NewModel()
	pm.Normal(m3, "a", 0.0, 1.0)
	tr3, err := pm.Sample(m3, pm.Draws(10), pm.Tune(10), pm.Chains(1), silent)
	require.NoError(t, err)
	emp, err := pm.NewEmpirical(tr3, m3)
	require.NoError(t, err)
	pm.Normal(m3, "b", 0.0, 1.0)
	_, err = emp.Sample(3)
	assert.ErrorContains(t, err, `the Empirical approximation was made for the model as it was before it gained the free variable "b"`)

	// An observed variable and a potential are changes too, listed in order.
	m2 := pm.NewModel()
	a := pm.Normal(m2, "a", 0.0, 1.0)
	q2, err := pm.Fit(m2, pm.N(10), silent)
	require.NoError(t, err)
	pm.Normal(m2, "obs", a, 1.0, pm.Observed([]float64{1}))
	pm.Potential(m2, "pot", G.Must(G.Neg(G.Must(G.Square(a)))))
	_, err = q2.Sample(3)
	assert.ErrorContains(t, err, `before it gained the observed variable "obs" and the potential "pot"`)
}

// Building never panics: every building call given a nil model returns a stand-in, and Fit,
// Sample and the other calls return model.ErrNilModel; a zero-value *tensor.Dense as a
// parameter, observed data or a Shared value is an error naming it.
func TestIssue17NilModelAndZeroTensors(t *testing.T) {
	t.Parallel()
	var m *pm.Model
	assert.NotPanics(t, func() {
		x := pm.Normal(m, "x", 0.0, 1.0)
		require.NotNil(t, x)
		G.Must(G.Square(x))
		pm.Bernoulli(m, "b", 0.5, pm.Observed([]float64{1}))
		pm.Deterministic(m, "d", x)
		pm.Potential(m, "p", x)
		require.NotNil(t, pm.NewShared(m, "s", []float64{1}).Node())
		require.NotNil(t, pm.IntScalar(m, "n"))
		require.NotNil(t, pm.Placeholder(m, "X", 2, 3))
		pm.DensityDist(m, "dd", func(v *G.Node) (*G.Node, error) { return v, nil })
	})
	_, err := pm.Fit(m)
	assert.ErrorIs(t, err, model.ErrNilModel)
	_, err = pm.Sample(m)
	assert.ErrorIs(t, err, model.ErrNilModel)
	_, err = pm.NewSVGD(m)
	assert.ErrorIs(t, err, model.ErrNilModel)
	_, err = pm.SamplePriorPredictive(m)
	assert.ErrorIs(t, err, model.ErrNilModel)
	assert.ErrorIs(t, pm.SetData(m, map[string]any{"x": 1.0}), model.ErrNilModel)

	zero := &tensor.Dense{}
	for name, build := range map[string]func(*pm.Model){
		"parameter": func(m *pm.Model) { pm.Normal(m, "x", zero, 1.0) },
		"observed":  func(m *pm.Model) { pm.Normal(m, "x", 0.0, 1.0, pm.Observed(zero)) },
		"shared":    func(m *pm.Model) { pm.NewShared(m, "x", zero) },
		"initval":   func(m *pm.Model) { pm.Normal(m, "x", 0.0, 1.0, pm.InitVal(zero)) },
	} {
		m := pm.NewModel()
		assert.NotPanics(t, func() { build(m) }, name)
		require.Error(t, m.Err(), name)
		assert.Contains(t, m.Err().Error(), `"x"`, name)
		assert.Contains(t, m.Err().Error(), "zero-value *tensor.Dense", name)
	}
}

// Shape on an observed variable whose data have another shape is an error (it was ignored).
func TestIssue17ObservedShape(t *testing.T) {
	t.Parallel()
	m := pm.NewModel()
	pm.Normal(m, "y", 0.0, 1.0, pm.Observed([]float64{1, 2, 3}), pm.Shape(2))
	require.Error(t, m.Err())
	assert.Equal(t, `pm: Normal "y": Shape(2) does not match the observed data's shape (3) (an observed variable has its data's shape; leave Shape out)`, m.Err().Error())
	ok := pm.NewModel()
	pm.Normal(ok, "y", 0.0, 1.0, pm.Observed([][]float64{{1, 2}}), pm.Shape(1, 2))
	assert.NoError(t, ok.Err(), "the data's own shape is fine")
}

// NaN and infinite values are refused where they came in unchecked: NewEmpirical's trace,
// MoreReplacements data, Shared.SetValue and SetData; a replacement whose shape an op cannot
// take is named in the error (it was Gorgonia's "Incompatible shapes" alone).
func TestIssue17NonFiniteInputsAndReplacements(t *testing.T) {
	t.Parallel()
	m := pm.NewModel()
	x := pm.NewShared(m, "x", [][]float64{{1, 2}, {3, 4}, {5, 6}})
	w := pm.Normal(m, "w", 0.0, 1.0, pm.Shape(2))
	pm.Normal(m, "y", G.Must(G.Mul(x.Node(), w)), 1.0, pm.Observed([]float64{1, 2, 3}))
	require.NoError(t, m.Err())

	_, err := pm.Fit(m, pm.N(5), silent, pm.MoreReplacements(pm.Replace(x.Node(), [][]float64{{1, math.NaN()}, {3, 4}, {5, 6}})))
	assert.ErrorContains(t, err, `replace "x": the replacement value: entry 1 is NaN`)
	_, err = pm.Fit(m, pm.N(5), silent, pm.MoreReplacements(pm.Replace(x.Node(), [][]float64{{1, 2, 3}, {1, 2, 3}, {1, 2, 3}})))
	assert.ErrorContains(t, err, `the inner dimensions 3 and 2 must agree (it reads the replacement of "x" (shape (3, 3) for (3, 2)))`)

	assert.ErrorContains(t, x.SetValue([][]float64{{1, 2}, {3, math.Inf(1)}, {5, 6}}), `shared "x": SetValue: entry 3 is +Inf`)
	assert.ErrorContains(t, pm.SetData(m, map[string]any{"x": [][]float64{{math.NaN(), 2}}}), `SetData "x": entry 0 is NaN`)

	tr, err := pm.Sample(m, pm.Draws(10), pm.Tune(10), pm.Chains(1), silent)
	require.NoError(t, err)
	vals := tr.ChainValues("w", 0)
	vals[5] = math.NaN()
	require.NoError(t, tr.SetChain(0, "w", vals))
	_, err = pm.NewEmpirical(tr, m)
	assert.ErrorContains(t, err, `"w" is NaN at chain 0, draw 2 (element 1)`)
}
