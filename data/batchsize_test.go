package data

import (
	"slices"
	"strings"
	"testing"

	"github.com/gopymc/gopymc/graph"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// PyMC3's multi-dimensional batch sizes (pymc3/tests/test_minibatches.py::TestMinibatch,
// spec/pymc-semantics.md §5.1) on data (30, 10, 40, 10, 50). To keep the test cheap the last
// two axes are shrunk to (2, 5); every expected shape keeps PyMC3's sampled sizes and the
// data's lengths on the kept axes.
func TestMinibatchNDShapes(t *testing.T) {
	t.Parallel()
	shape := []int{30, 10, 40, 2, 5}
	data := denseArange(shape...)
	tests := []struct {
		name  string
		sizes []any
		want  []int // PyMC3: (20,10,40,10,50), (10,4,40,10,50), (10,10,4,10,50), (10,10,40,10,4), (10,10,40,10,4)
	}{
		{"20", []any{20}, []int{20, 10, 40, 2, 5}},
		{"[(10,42),(4,42)]", []any{SizeSeed{10, 42}, SizeSeed{4, 42}}, []int{10, 4, 40, 2, 5}},
		{"[(10,42),None,(4,42)]", []any{SizeSeed{10, 42}, None, SizeSeed{4, 42}}, []int{10, 10, 4, 2, 5}},
		{"[(10,42),Ellipsis,(4,42)]", []any{SizeSeed{10, 42}, Ellipsis, SizeSeed{4, 42}}, []int{10, 10, 40, 2, 4}},
		{"[10,None,Ellipsis,(4,42)]", []any{10, None, Ellipsis, SizeSeed{4, 42}}, []int{10, 10, 40, 2, 4}},
		{"[Ellipsis] keeps everything", []any{Ellipsis}, []int{30, 10, 40, 2, 5}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			mb, err := NewMinibatchND(data, tc.sizes)
			if err != nil {
				t.Fatal(err)
			}
			if got := mb.BatchShape(); !slices.Equal(got, tc.want) {
				t.Fatalf("BatchShape = %v, want %v", got, tc.want)
			}
			if got := []int(mb.Node().Shape()); !slices.Equal(got, tc.want) {
				t.Fatalf("node shape = %v, want %v", got, tc.want)
			}
			v, err := graph.Eval(mb.Node())
			if err != nil {
				t.Fatal(err)
			}
			if got := []int(v.Shape()); !slices.Equal(got, tc.want) {
				t.Fatalf("value shape = %v, want %v", got, tc.want)
			}
			checkOuterProduct(t, v.(*tensor.Dense), shape, mb.arrays[0].op.plans)
		})
	}
}

// checkOuterProduct checks that batch, drawn from arange data of shape dataShape, is
// data[ix_(i0, i1, ...)]: along a kept axis the source index equals the batch index, and
// along a sampled axis it depends on that axis's batch index alone.
func checkOuterProduct(t *testing.T, batch *tensor.Dense, dataShape []int, plans []axisPlan) {
	t.Helper()
	bs := batch.Shape()
	sel := make([]map[int]int, len(bs))
	for a := range sel {
		sel[a] = map[int]int{}
	}
	for flat, v := range batch.Data().([]float64) {
		o := unravel(flat, bs)
		s := unravel(int(v), dataShape)
		for a := range o {
			if plans[a].size == 0 {
				if s[a] != o[a] {
					t.Fatalf("kept axis %d: batch index %d holds source index %d", a, o[a], s[a])
				}
				continue
			}
			if prev, ok := sel[a][o[a]]; ok && prev != s[a] {
				t.Fatalf("axis %d: batch index %d holds source indices %d and %d: not an outer product", a, o[a], prev, s[a])
			}
			sel[a][o[a]] = s[a]
		}
	}
}

// Bad batch sizes give PyMC3's errors (spec/pymc-semantics.md §5.1): "Double Ellipsis",
// "too big", "Unrecognized", and sizes must be positive.
func TestMinibatchNDErrors(t *testing.T) {
	t.Parallel()
	data := denseArange(3, 4, 5)
	tests := []struct {
		name  string
		sizes []any
		want  string
	}{
		{"double ellipsis", []any{2, Ellipsis, Ellipsis}, "Double Ellipsis"},
		{"double ellipsis apart", []any{Ellipsis, 2, Ellipsis}, "Double Ellipsis"},
		{"too many entries", []any{1, 1, 1, 1}, "too big"},
		{"too many around ellipsis", []any{1, 1, Ellipsis, 1, 1}, "too big"},
		{"string entry", []any{2, "a"}, "Unrecognized"},
		{"float entry", []any{2.5}, "Unrecognized"},
		{"nil entry", []any{nil}, "Unrecognized"},
		{"bad marker", []any{Marker(7)}, "Unrecognized"},
		{"pair as array", []any{[2]int{10, 42}}, "Unrecognized"},
		{"zero size", []any{0}, "must be positive"},
		{"negative pair size", []any{SizeSeed{-1, 42}}, "must be positive"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := NewMinibatchND(data, tc.sizes)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "data: ") {
				t.Fatalf("err = %v, want one containing %q", err, tc.want)
			}
		})
	}
	if _, err := NewMinibatchND(data, []any{2}, Aligned(data)); err == nil || !strings.Contains(err.Error(), "Aligned") {
		t.Fatalf("Aligned with NewMinibatchND: err = %v", err)
	}
}

// Each sampled axis draws from its own stream: PCG(seed, axis). Axes given one seed draw
// different indices, and an axis's indices are those of RandomIndices-style IntN draws.
func TestMinibatchNDIndexStreams(t *testing.T) {
	t.Parallel()
	const seed = 7
	data := denseArange(50, 50)
	mb, err := NewMinibatchND(data, []any{SizeSeed{6, seed}, SizeSeed{6, seed}})
	if err != nil {
		t.Fatal(err)
	}
	op := mb.arrays[0].op
	out, err := op.Do()
	if err != nil {
		t.Fatal(err)
	}
	got := out.Data().([]float64)
	for axis := range 2 {
		want := pcgIndices(seed, uint64(axis), 50, 6)
		if !slices.Equal(op.idx[axis], want) {
			t.Fatalf("axis %d indices %v, want %v", axis, op.idx[axis], want)
		}
	}
	if slices.Equal(op.idx[0], op.idx[1]) {
		t.Fatal("two axes with one seed drew the same indices")
	}
	// Element (i, j) of the batch is data[idx0[i], idx1[j]].
	for i := range 6 {
		for j := range 6 {
			if w := float64(op.idx[0][i]*50 + op.idx[1][j]); got[i*6+j] != w {
				t.Fatalf("batch[%d,%d] = %v, want %v", i, j, got[i*6+j], w)
			}
		}
	}
}

// None keeps the first axis and samples columns; a graph holding only a minibatch node
// compiles and runs with no input node.
func TestMinibatchNDEvalNoInputs(t *testing.T) {
	t.Parallel()
	mb, err := NewMinibatchND([][]float64{{1, 2}, {3, 4}}, []any{None, 1})
	if err != nil {
		t.Fatal(err)
	}
	f := mustCompile(t, []*G.Node{mb.Node()})
	got := runFloats(t, f)[0]
	if !(equalFloats(got, []float64{1, 3}) || equalFloats(got, []float64{2, 4})) {
		t.Fatalf("column minibatch = %v, want a column of the data", got)
	}
}
