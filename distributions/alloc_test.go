package distributions

import (
	"testing"

	"github.com/gopymc/gopymc/graph"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// The log densities compiled by graph.Compile, with their gradients, allocate nothing in
// steady state: every op of the package writes into the buffer the executor keeps for it
// (G.UsePreallocDoer), the packed ops and the partials included.

// compiledRun compiles cost and its gradient with respect to wrt (with the replacements
// given), binds values to wrt, and returns a function running it once.
func compiledRun(t *testing.T, cost *G.Node, wrt []*G.Node, vals []G.Value, opts ...graph.Option) func() {
	t.Helper()
	opts = append(opts, graph.Inputs(wrt...), graph.Grad(cost, wrt...))
	fn, err := graph.Compile([]*G.Node{cost}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range vals {
		if err := fn.SetInput(i, v); err != nil {
			t.Fatal(err)
		}
	}
	run := func() {
		if err := fn.Exec(); err != nil {
			t.Fatal(err)
		}
	}
	run() // the executor sizes its buffers at the first run
	return run
}

func TestCompiledLogPGradAllocationFree(t *testing.T) {
	// Not parallel: AllocsPerRun wants a quiet heap.
	if uvRace {
		t.Skip("sync.Pool drops items under the race detector")
	}
	const rows, cols, batch = 400, 100, 50

	// The likelihood of the quickstart's minibatch model: Normal(mu, sd) observed on the
	// data, sd = exp(y) the log transform's Backward of its unconstrained value y; on the
	// full data, and with the data replaced by a batch of other rows (as a minibatch does).
	// (The model's priors add Gorgonia's Add nodes summing the gradients of mu and sd,
	// which allocate: see the package's report.)
	g := G.NewGraph()
	data := uvMat(rows, cols, uvSeq(rows*cols, -2, 1e-4)...)
	x := data.node(g, "x")
	mu := G.NewVector(g, G.Float64, G.WithShape(cols), G.WithName("mu"))
	y := G.NewVector(g, G.Float64, G.WithShape(cols), G.WithName("y"))
	sd, err := NewLogTransform().Backward(y)
	if err != nil {
		t.Fatal(err)
	}
	d, err := NewNormal(mu, sd)
	if err != nil {
		t.Fatal(err)
	}
	lp, err := d.LogP(x, true)
	if err != nil {
		t.Fatal(err)
	}
	vals := []G.Value{uvVec(uvSeq(cols, -0.1, 0.002)...).value(), uvVec(uvSeq(cols, 0.2, 0.001)...).value()}
	small := uvMat(batch, cols, uvSeq(batch*cols, 1, -1e-3)...).value()

	// The tutorial's scalar mixture: one scalar variable, constant parameters.
	gm := G.NewGraph()
	xm := G.NewScalar(gm, G.Float64, G.WithName("x"))
	mix, err := NewNormalMixture(constNode(gm, "w", tensor.Shape{2}, []float64{.2, .8}),
		constNode(gm, "mu", tensor.Shape{2}, []float64{-.3, .5}), constNode(gm, "sd", tensor.Shape{2}, []float64{.1, .1}))
	if err != nil {
		t.Fatal(err)
	}
	mlp, err := mix.LogP(xm, false)
	if err != nil {
		t.Fatal(err)
	}

	// The other families' general paths, one op (and its gradient) per graph so that no
	// Gorgonia op is involved: a mixture over a vector with variable means, a categorical
	// with variable log-odds, a Dirichlet of a stick-breaking transformed value, the
	// stick-breaking and interval log-Jacobians.
	gv := G.NewGraph()
	xv := uvVec(-0.4, 0.1, 0.6, 0.2).node(gv, "xv")
	muv := G.NewVector(gv, G.Float64, G.WithShape(2), G.WithName("muv"))
	mixv, err := NewNormalMixture(constNode(gv, "wv", tensor.Shape{2}, []float64{.2, .8}), muv,
		constNode(gv, "sdv", tensor.Shape{2}, []float64{.3, .4}))
	if err != nil {
		t.Fatal(err)
	}
	mvlp, err := mixv.LogP(xv, true)
	if err != nil {
		t.Fatal(err)
	}
	logit := G.NewVector(gv, G.Float64, G.WithShape(3), G.WithName("logit"))
	cat, err := NewCategoricalLogit(logit)
	if err != nil {
		t.Fatal(err)
	}
	clp, err := cat.LogP(uvVec(0, 2, 1, 1).node(gv, "classes"), true)
	if err != nil {
		t.Fatal(err)
	}
	ysb := G.NewMatrix(gv, G.Float64, G.WithShape(2, 3), G.WithName("ysb"))
	xsb, err := NewStickBreakingTransform().Backward(ysb)
	if err != nil {
		t.Fatal(err)
	}
	dir, err := NewDirichlet(constNode(gv, "a", tensor.Shape{4}, []float64{1.5, 2, 0.7, 3}))
	if err != nil {
		t.Fatal(err)
	}
	dlp, err := dir.LogP(xsb, false)
	if err != nil {
		t.Fatal(err)
	}
	ysb2 := G.NewMatrix(gv, G.Float64, G.WithShape(2, 3), G.WithName("ysb2"))
	sbj, err := NewStickBreakingTransform().LogJacDet(ysb2)
	if err != nil {
		t.Fatal(err)
	}
	iv := G.NewVector(gv, G.Float64, G.WithShape(3), G.WithName("iv"))
	it, err := NewIntervalTransform(constNode(gv, "lo", tensor.Shape{}, []float64{-1}), constNode(gv, "hi", tensor.Shape{3}, []float64{1, 2, 3}))
	if err != nil {
		t.Fatal(err)
	}
	ilj, err := it.LogJacDet(iv)
	if err != nil {
		t.Fatal(err)
	}
	yord := G.NewMatrix(gv, G.Float64, G.WithShape(2, 3), G.WithName("yord"))
	xord, err := NewPositiveOrderedTransform().Backward(yord)
	if err != nil {
		t.Fatal(err)
	}
	yord2 := G.NewMatrix(gv, G.Float64, G.WithShape(2, 3), G.WithName("yord2"))
	ordj, err := NewOrderedTransform().LogJacDet(yord2)
	if err != nil {
		t.Fatal(err)
	}
	ordNormal, err := NewNormal(constNode(gv, "mord", tensor.Shape{}, []float64{1}), constNode(gv, "sord", tensor.Shape{}, []float64{2}))
	if err != nil {
		t.Fatal(err)
	}
	ordlp, err := ordNormal.LogP(xord, false)
	if err != nil {
		t.Fatal(err)
	}
	ymat := uvMat(2, 3, 0.1, -0.3, 0.2, 0.5, 0, -0.1).value

	cases := []struct {
		name string
		run  func()
	}{
		{"normal, full data", compiledRun(t, lp, []*G.Node{mu, y}, vals)},
		{"normal, replaced by a batch", compiledRun(t, lp, []*G.Node{mu, y}, vals, graph.Replace(x, small))},
		{"scalar mixture", compiledRun(t, mlp, []*G.Node{xm}, []G.Value{G.NewF64(0.1)})},
		{"mixture over a vector", compiledRun(t, mvlp, []*G.Node{muv}, []G.Value{uvVec(-0.3, 0.5).value()})},
		{"categorical", compiledRun(t, clp, []*G.Node{logit}, []G.Value{uvVec(0.2, -0.4, 1.1).value()})},
		{"dirichlet", compiledRun(t, dlp, []*G.Node{ysb}, []G.Value{ymat()})},
		{"stick-breaking log-Jacobian", compiledRun(t, sbj, []*G.Node{ysb2}, []G.Value{ymat()})},
		{"positive-ordered backward", compiledRun(t, ordlp, []*G.Node{yord}, []G.Value{ymat()})},
		{"ordered log-Jacobian", compiledRun(t, ordj, []*G.Node{yord2}, []G.Value{ymat()})},
		{"interval log-Jacobian", compiledRun(t, ilj, []*G.Node{iv}, []G.Value{uvVec(-0.5, 0.3, 1.2).value()})},
	}
	for _, c := range cases {
		if allocs := testing.AllocsPerRun(20, c.run); allocs != 0 {
			t.Errorf("%s: %v allocations per log density and gradient, want 0", c.name, allocs)
		}
	}
}
