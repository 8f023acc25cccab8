package pm_test

import (
	"fmt"
	"hash"
	"math"
	"testing"

	"github.com/chewxy/hm"
	"github.com/gopymc/gopymc/internal/testmodels"
	"github.com/gopymc/gopymc/model"
	"github.com/gopymc/gopymc/pm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// hierForm is how the hierarchical model picks each row's group parameters.
type hierForm int

const (
	formTake      hierForm = iota // pm.Index: gopymc's gather
	formOneHot                    // a 919×85 one-hot matrix times the parameter vector
	formByIndices                 // Gorgonia's ByIndices op and its gradient op, unsubstituted
)

func (f hierForm) String() string {
	return [...]string{"Take", "OneHot", "GorgoniaByIndices"}[f]
}

// hierModel builds testmodels.Hierarchical's non-centred model over h's data, the group
// parameters picked by form. The group intercepts a and slopes b are deterministics.
func hierModel(tb testing.TB, h *testmodels.Hierarchical, form hierForm) *pm.Model {
	tb.Helper()
	m := pm.NewModel()
	a, b, sigmaY := hierPriors(m)
	x, err := m.Constant("x", h.X)
	if err != nil {
		tb.Fatal(err)
	}
	pick := hierPicker(tb, m, h, form)
	mu := G.Must(G.Add(pick(a), G.Must(G.HadamardProd(pick(b), x))))
	pm.Normal(m, "y", mu, sigmaY, pm.Observed(h.Y))
	if err := m.Err(); err != nil {
		tb.Fatal(err)
	}
	return m
}

// hierPriors adds the model's free variables to m and returns the group intercepts a and
// slopes b (deterministics) and sigma_y.
func hierPriors(m *pm.Model) (a, b, sigmaY *G.Node) {
	muA := pm.Normal(m, "mu_a", 0.0, 5.0)
	sigmaA := pm.HalfNormal(m, "sigma_a", 2.0)
	muB := pm.Normal(m, "mu_b", 0.0, 5.0)
	sigmaB := pm.HalfNormal(m, "sigma_b", 2.0)
	aRaw := pm.Normal(m, "a_raw", 0.0, 1.0, pm.Shape(testmodels.HierGroups))
	bRaw := pm.Normal(m, "b_raw", 0.0, 1.0, pm.Shape(testmodels.HierGroups))
	sigmaY = pm.HalfNormal(m, "sigma_y", 2.0)
	a = pm.Deterministic(m, "a", G.Must(G.Add(muA, G.Must(G.HadamardProd(sigmaA, aRaw)))))
	b = pm.Deterministic(m, "b", G.Must(G.Add(muB, G.Must(G.HadamardProd(sigmaB, bRaw)))))
	return a, b, sigmaY
}

// hierPicker returns the function giving each row's entry of a group parameter vector.
func hierPicker(tb testing.TB, m *pm.Model, h *testmodels.Hierarchical, form hierForm) func(*G.Node) *G.Node {
	switch form {
	case formOneHot:
		oh := make([]float64, testmodels.HierRows*testmodels.HierGroups)
		for i, g := range h.Group {
			oh[i*testmodels.HierGroups+g] = 1
		}
		ohNode, err := m.Constant("onehot", tensor.New(tensor.WithShape(testmodels.HierRows, testmodels.HierGroups), tensor.WithBacking(oh)))
		if err != nil {
			tb.Fatal(err)
		}
		return func(v *G.Node) *G.Node { return G.Must(G.Mul(ohNode, v)) }
	case formByIndices:
		idx := pm.NewShared(m, "group", h.Group).Node()
		fwd, diff := gorgoniaByIndicesOps(tb)
		return func(v *G.Node) *G.Node { return G.Must(G.ApplyOp(rawGather{fwd, diff}, v, idx)) }
	}
	return func(v *G.Node) *G.Node { return G.Must(pm.Index(v, h.Group)) }
}

// hierLayout reads the variables' offsets from a log density's ordering.
func hierLayout(tb testing.TB, ld *model.LogDensity) testmodels.HierLayout {
	tb.Helper()
	off := map[string]int{}
	for _, v := range ld.Ordering() {
		off[v.Name] = v.Offset
	}
	return testmodels.HierLayout{
		MuA: off["mu_a"], LogSigmaA: off["sigma_a"], MuB: off["mu_b"], LogSigmaB: off["sigma_b"],
		ARaw: off["a_raw"], BRaw: off["b_raw"], LogSigmaY: off["sigma_y"],
	}
}

// hierPoint is a point of the model near its posterior mode, varied by shift.
func hierPoint(dim int, at testmodels.HierLayout, shift float64) []float64 {
	x := make([]float64, dim)
	x[at.MuA], x[at.MuB] = 1.4+shift, -0.6
	x[at.LogSigmaA], x[at.LogSigmaB], x[at.LogSigmaY] = math.Log(0.5), math.Log(0.4)+shift, math.Log(0.8)
	for g := range testmodels.HierGroups {
		x[at.ARaw+g] = 0.9 * math.Sin(float64(g)+shift)
		x[at.BRaw+g] = 0.7 * math.Cos(1.3*float64(g))
	}
	return x
}

// rawGather runs Gorgonia's ByIndices op, and rawGatherDiff its gradient op, under types
// Compile does not recognise, so that a benchmark can measure what substituting Take saves.
// (Gorgonia's gradient is wrong on vectors with repeated indices; only its time counts.)
type rawGather struct{ fwd, diff G.Op }

func (op rawGather) Arity() int    { return 2 }
func (op rawGather) Type() hm.Type { return op.fwd.Type() }
func (op rawGather) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	return op.fwd.InferShape(in...)
}
func (op rawGather) ReturnsPtr() bool                  { return false }
func (op rawGather) CallsExtern() bool                 { return false }
func (op rawGather) OverwritesInput() int              { return -1 }
func (op rawGather) WriteHash(h hash.Hash)             { fmt.Fprint(h, "rawGather") }
func (op rawGather) Hashcode() uint32                  { return 1 }
func (op rawGather) String() string                    { return "rawGather" }
func (op rawGather) Do(in ...G.Value) (G.Value, error) { return op.fwd.Do(in...) }
func (op rawGather) DiffWRT(int) []bool                { return []bool{true, false} }
func (op rawGather) SymDiff(in G.Nodes, _, grad *G.Node) (G.Nodes, error) {
	d, err := G.ApplyOp(rawGatherDiff{op.diff}, in[0], grad, in[1])
	return G.Nodes{d, nil}, err
}

type rawGatherDiff struct{ diff G.Op }

func (op rawGatherDiff) Arity() int    { return 3 }
func (op rawGatherDiff) Type() hm.Type { return op.diff.Type() }
func (op rawGatherDiff) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	return op.diff.InferShape(in...)
}
func (op rawGatherDiff) ReturnsPtr() bool                  { return false }
func (op rawGatherDiff) CallsExtern() bool                 { return false }
func (op rawGatherDiff) OverwritesInput() int              { return -1 }
func (op rawGatherDiff) WriteHash(h hash.Hash)             { fmt.Fprint(h, "rawGatherDiff") }
func (op rawGatherDiff) Hashcode() uint32                  { return 2 }
func (op rawGatherDiff) String() string                    { return "rawGatherDiff" }
func (op rawGatherDiff) Do(in ...G.Value) (G.Value, error) { return op.diff.Do(in...) }
func (op rawGatherDiff) DiffWRT(n int) []bool              { return make([]bool, n) }
func (op rawGatherDiff) SymDiff(G.Nodes, *G.Node, *G.Node) (G.Nodes, error) {
	return nil, fmt.Errorf("not differentiable")
}

// gorgoniaByIndicesOps returns Gorgonia's ByIndices op and its gradient op, built in a
// scratch graph (the gradient op's type is unexported).
func gorgoniaByIndicesOps(tb testing.TB) (fwd, diff G.Op) {
	tb.Helper()
	g := G.NewGraph()
	x := G.NewVector(g, G.Float64, G.WithShape(testmodels.HierGroups), G.WithName("x"))
	idx := G.NewVector(g, tensor.Int, G.WithShape(testmodels.HierRows), G.WithName("idx"))
	dy := G.NewVector(g, G.Float64, G.WithShape(testmodels.HierRows), G.WithName("dy"))
	y := G.Must(G.ByIndices(x, idx, 0))
	d, err := y.Op().(G.SDOp).SymDiff(G.Nodes{x, idx}, y, dy)
	if err != nil {
		tb.Fatal(err)
	}
	return y.Op(), d[0].Op()
}
