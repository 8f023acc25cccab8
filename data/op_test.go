package data

import (
	"strings"
	"testing"

	"github.com/gopymc/gopymc/graph"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// A run into the executor's buffer allocates nothing (UsePreallocDo), whether it copies
// whole rows or gathers an outer product; a compiled Function's Exec of the minibatch
// allocates nothing either. Not parallel: testing.AllocsPerRun refuses parallel tests.
func TestMinibatchRunAllocatesNothing(t *testing.T) {
	rows := mustMinibatch(t, rowsData(100), 16)
	nd, err := NewMinibatchND(denseArange(10, 8, 6), []any{3, None, 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, mb := range []*Minibatch{rows, nd} {
		op := mb.arrays[0].op
		buf := tensor.New(tensor.Of(tensor.Float64), tensor.WithShape(op.shape...))
		var runErr error
		allocs := testing.AllocsPerRun(100, func() {
			if _, err := op.UsePreallocDo(buf); err != nil {
				runErr = err
			}
		})
		if runErr != nil {
			t.Fatal(runErr)
		}
		if allocs != 0 {
			t.Fatalf("UsePreallocDo %v: %v allocations a run, want 0", op.shape, allocs)
		}
		f := mustCompile(t, []*G.Node{mb.Node()})
		if err := f.Exec(); err != nil { // the first run sizes the buffer
			t.Fatal(err)
		}
		allocs = testing.AllocsPerRun(100, func() {
			if err := f.Exec(); err != nil {
				runErr = err
			}
		})
		if runErr != nil {
			t.Fatal(runErr)
		}
		if allocs != 0 {
			t.Fatalf("Function.Exec %v: %v allocations a run, want 0", op.shape, allocs)
		}
	}
}

// A buffer of the wrong shape or dtype is not written: the op falls back to Do.
func TestMinibatchPreallocFallback(t *testing.T) {
	t.Parallel()
	op := mustMinibatch(t, arange(10), 4).arrays[0].op
	for _, p := range []G.Value{
		nil,
		tensor.New(tensor.Of(tensor.Float64), tensor.WithShape(5)),
		tensor.New(tensor.Of(tensor.Float32), tensor.WithShape(4)),
		G.NewF64(1),
	} {
		v, err := op.UsePreallocDo(p)
		if err != nil {
			t.Fatal(err)
		}
		if v == p || !v.Shape().Eq(tensor.Shape{4}) || v.Dtype() != tensor.Float64 {
			t.Fatalf("prealloc %v: got %v", p, v)
		}
	}
}

// Forks draw streams of their own, reproducibly: a fork differs from the original and from
// a fork with another stream, and equals a fork with the same stream.
func TestMinibatchFork(t *testing.T) {
	t.Parallel()
	mb := mustMinibatch(t, arange(1000), 10)
	op := mb.arrays[0].op
	draw := func(o G.Op) []float64 {
		t.Helper()
		v, err := o.Do()
		if err != nil {
			t.Fatal(err)
		}
		return append([]float64(nil), v.Data().([]float64)...)
	}
	f1, f1b, f2 := op.Fork(1), op.Fork(1), op.Fork(2)
	orig, a, b, c := draw(op), draw(f1), draw(f1b), draw(f2)
	if equalFloats(orig, a) || equalFloats(a, c) {
		t.Fatalf("forks share a stream: original %v, fork 1 %v, fork 2 %v", orig, a, c)
	}
	if !equalFloats(a, b) {
		t.Fatal("two forks with one stream differ")
	}
	// The fork's stream is PCG(DeriveSeed(42, 1), 0).
	for i, r := range pcgIndices(graph.DeriveSeed(DefaultSeed, 1), 0, 1000, 10) {
		if a[i] != float64(r) {
			t.Fatalf("fork draw %d = %v, want %d", i, a[i], r)
		}
	}
	// Forks are distinct ops that never hash alike.
	if f1.(*minibatchOp).Hashcode() == f1b.(*minibatchOp).Hashcode() && f1.(*minibatchOp).id == f1b.(*minibatchOp).id {
		t.Fatal("two forks share an id")
	}
	if !strings.HasPrefix(f1.(*minibatchOp).String(), "Minibatch") {
		t.Fatalf("String() = %q", f1.(*minibatchOp).String())
	}
	// Aligned ops forked with one stream draw one index.
	al := mustMinibatch(t, arange(50), 7, Aligned(negate(arange(50))))
	x, y := al.arrays[0].op.Fork(3), al.arrays[1].op.Fork(3)
	for range 5 {
		if mx, my := draw(x), draw(y); !equalFloats(mx, negate(my)) {
			t.Fatalf("aligned forks: %v vs %v", mx, my)
		}
	}
}

// Two minibatches of equal shape in one graph are never merged (unique ids in the hash).
func TestMinibatchNodesNeverMerge(t *testing.T) {
	t.Parallel()
	a := mustMinibatch(t, arange(10), 3)
	b := mustMinibatch(t, arange(10), 3)
	g := G.NewGraph()
	na, err := a.NodeIn(g)
	if err != nil {
		t.Fatal(err)
	}
	nb, err := b.NodeIn(g)
	if err != nil {
		t.Fatal(err)
	}
	if na == nb {
		t.Fatal("two minibatches were merged into one node")
	}
}
