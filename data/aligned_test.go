package data

import (
	"testing"

	G "gorgonia.org/gorgonia"
)

// negate returns -x.
func negate(x []float64) []float64 {
	y := make([]float64, len(x))
	for i, v := range x {
		y[i] = -v
	}
	return y
}

// PyMC v5's tests/test_data.py::TestMinibatch::test_multiple_vars: A = arange(1000), B = -A,
// Minibatch(A, B, batch_size=10) draws mA == -mB. Checked at every run of a Function with
// both nodes as outputs, of its copies, of a model graph holding both through NodesIn, and
// of Functions compiled from one node each with one stream.
func TestAlignedArraysDrawOneIndex(t *testing.T) {
	t.Parallel()
	const n, k, runs = 1000, 10, 20
	a := arange(n)
	mb := mustMinibatch(t, a, k, Aligned(negate(a)))
	check := func(what string, mA, mB []float64) {
		t.Helper()
		if len(mA) != k || !equalFloats(mA, negate(mB)) {
			t.Fatalf("%s: mA = %v, mB = %v, want mA == -mB", what, mA, mB)
		}
	}
	f := mustCompile(t, mb.Nodes())
	var firstA []float64
	for i := range runs {
		out := runFloats(t, f)
		check("Function", out[0], out[1])
		if i == 0 {
			firstA = out[0]
		}
	}
	cp, err := f.Copy()
	if err != nil {
		t.Fatal(err)
	}
	for range runs {
		out := runFloats(t, cp)
		check("Function.Copy", out[0], out[1])
	}
	if equalFloats(runFloats(t, cp)[0], firstA) {
		t.Fatal("the copy drew the original's batches")
	}
	// In a model graph, with the minibatches reordered among other nodes.
	g := G.NewGraph()
	ns, err := mb.NodesIn(g)
	if err != nil {
		t.Fatal(err)
	}
	sum := G.Must(G.Add(ns[1], ns[0])) // mB + mA = 0 when aligned
	h := mustCompile(t, []*G.Node{sum, ns[1], ns[0]})
	for range runs {
		out := runFloats(t, h)
		check("model graph", out[2], out[1])
		if !equalFloats(out[0], make([]float64, k)) {
			t.Fatalf("mA + mB = %v, want zeros", out[0])
		}
	}
	// One node per Function: the streams still agree run by run.
	fa := mustCompile(t, []*G.Node{mb.NodeOf(0)})
	fb := mustCompile(t, []*G.Node{mb.NodeOf(1)})
	for range runs {
		check("separate Functions", runFloats(t, fa)[0], runFloats(t, fb)[0])
	}
	// After SetValues with more rows the arrays stay aligned.
	a2 := arange(3 * n)
	if err := mb.SetValues(a2, negate(a2)); err != nil {
		t.Fatal(err)
	}
	for range runs {
		out := runFloats(t, f)
		check("after SetValues", out[0], out[1])
	}
}

// Aligned arrays may differ in their trailing shapes: x of shape (N, 3) and y of shape (N).
func TestAlignedMatrixAndVector(t *testing.T) {
	t.Parallel()
	const n, k = 40, 6
	x := rowsData(n) // row r = (r, 100+r, 200+r)
	y := arange(n)   // y[r] = r
	mb := mustMinibatch(t, x, k, Aligned(y), Seed(9))
	f := mustCompile(t, mb.Nodes())
	for range 10 {
		out := runFloats(t, f)
		for i := range k {
			if out[0][3*i] != out[1][i] {
				t.Fatalf("batch row %d: x row %v, y %v", i, out[0][3*i:3*i+3], out[1][i])
			}
		}
	}
}
