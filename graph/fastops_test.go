package graph

import (
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// The plan's fast element-wise and shape ops give Gorgonia's values: every op they stand
// for, on scalars, vectors and a matrix, against the TapeMachine running Gorgonia's ops.
func TestFastOpsAgreeWithGorgonia(t *testing.T) {
	t.Parallel()
	unary := map[string]func(*G.Node) (*G.Node, error){
		"abs": G.Abs, "sin": G.Sin, "cos": G.Cos, "exp": G.Exp, "ln": G.Log, "log2": G.Log2,
		"sqrt": G.Sqrt, "tanh": G.Tanh, "log1p": G.Log1p, "expm1": G.Expm1, "neg": G.Neg,
		"square": G.Square, "cube": G.Cube, "inv": G.Inverse, "invSqrt": G.InverseSqrt,
		"sigmoid": G.Sigmoid, "softplus": G.Softplus,
	}
	binary := map[string]func(a, b *G.Node) (*G.Node, error){
		"+": G.Add, "-": G.Sub, "⊙": G.HadamardProd, "÷": G.HadamardDiv, "^": G.Pow,
		"==": func(a, b *G.Node) (*G.Node, error) { return G.Eq(a, b, true) },
		"!=": func(a, b *G.Node) (*G.Node, error) { return G.Ne(a, b, true) },
		"<":  func(a, b *G.Node) (*G.Node, error) { return G.Lt(a, b, true) },
		">=": func(a, b *G.Node) (*G.Node, error) { return G.Gte(a, b, true) },
	}
	xs := []float64{0.3, 1.7, 0.3, 2.5}
	ys := []float64{0.3, 0.6, 1.1, 2.5}
	newInputs := func() (g *G.ExprGraph, s, v, m *G.Node) {
		g = G.NewGraph()
		s = G.NewScalar(g, G.Float64, G.WithName("s"))
		v = G.NewVector(g, G.Float64, G.WithShape(4), G.WithName("v"))
		m = G.NewMatrix(g, G.Float64, G.WithShape(2, 2), G.WithName("m"))
		return
	}
	vals := func() []any {
		return []any{0.7, vec(xs...), tensor.New(tensor.WithShape(2, 2), tensor.WithBacking(append([]float64(nil), ys...)))}
	}
	for name, f := range unary {
		g, s, v, m := newInputs()
		_ = g
		var outs []*G.Node
		for _, x := range []*G.Node{s, v, m} {
			outs = append(outs, G.Must(f(x)))
		}
		fn, err := Compile(outs, Inputs(s, v, m))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, st := range fn.plan.allSteps() {
			if _, ok := st.op.(fastElem); !ok {
				t.Fatalf("%s: the plan runs Gorgonia's %v, not the fast op", name, st.op)
			}
		}
		runBoth(t, fn, 1e-14, vals()...)
	}
	for name, f := range binary {
		_, s, v, m := newInputs()
		outs := []*G.Node{G.Must(f(s, s)), G.Must(f(s, v)), G.Must(f(v, s)), G.Must(f(v, v)), G.Must(f(m, m)), G.Must(f(m, s))}
		fn, err := Compile(outs, Inputs(s, v, m))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, st := range fn.plan.allSteps() {
			if _, ok := st.op.(fastElem); !ok {
				t.Fatalf("%s: the plan runs Gorgonia's %v, not the fast op", name, st.op)
			}
		}
		runBoth(t, fn, 1e-14, vals()...)
	}
	// SizeOf, Reshape, Repeat and vector reductions, as BroadcastAdd and Grad insert them.
	_, s, v, m := newInputs()
	outs := []*G.Node{
		G.Must(G.SizeOf(0, v)), G.Must(G.SizeOf(1, m)), G.Must(G.Reshape(v, tensor.Shape{2, 2})),
		G.Must(G.Sum(v)), G.Must(G.Max(v)), G.Must(G.Mean(v)), G.Must(G.Add(v, s)),
		G.Must(G.BroadcastAdd(m, G.Must(G.Sum(m, 1)), nil, []byte{1})),
		G.Must(G.BroadcastAdd(m, G.Must(G.Sum(m, 0)), nil, []byte{0})),
	}
	fn, err := Compile(outs, Inputs(s, v, m))
	if err != nil {
		t.Fatal(err)
	}
	runBoth(t, fn, 1e-14, vals()...)
}
