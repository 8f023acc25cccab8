package data

import (
	"math/rand/v2"
	"testing"

	"github.com/gopymc/gopymc/graph"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// arange returns 0, 1, ..., n-1 as float64, as numpy's arange.
func arange(n int) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = float64(i)
	}
	return x
}

// denseArange returns arange(prod(shape)) reshaped to shape: every element holds its own
// row-major flat index, so a minibatch element tells where it was taken from.
func denseArange(shape ...int) *tensor.Dense {
	n := 1
	for _, d := range shape {
		n *= d
	}
	return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(arange(n)))
}

// mustMinibatch is NewMinibatch that fails the test on error.
func mustMinibatch(t *testing.T, data any, batch int, opts ...Option) *Minibatch {
	t.Helper()
	mb, err := NewMinibatch(data, batch, opts...)
	if err != nil {
		t.Fatalf("NewMinibatch: %v", err)
	}
	return mb
}

// mustCompile compiles outputs and fails the test on error.
func mustCompile(t *testing.T, outputs []*G.Node, opts ...graph.Option) *graph.Function {
	t.Helper()
	f, err := graph.Compile(outputs, opts...)
	if err != nil {
		t.Fatalf("Compile: %v", err)
	}
	return f
}

// runFloats runs f once with inputs and returns each output's float64 elements (copies).
func runFloats(t *testing.T, f *graph.Function, inputs ...any) [][]float64 {
	t.Helper()
	out, err := f.Run(inputs...)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return valuesFloats(t, out)
}

func valuesFloats(t *testing.T, out []G.Value) [][]float64 {
	t.Helper()
	res := make([][]float64, len(out))
	for i, v := range out {
		switch x := v.(type) {
		case *G.F64:
			res[i] = []float64{float64(*x)}
		case *tensor.Dense:
			d, ok := x.Data().([]float64)
			if !ok {
				t.Fatalf("output %d is not float64: %v", i, x.Dtype())
			}
			res[i] = append([]float64(nil), d...)
		default:
			t.Fatalf("output %d: unexpected value %T", i, v)
		}
	}
	return res
}

func equalFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// pcgIndices returns k draws of IntN(n) from rand.New(rand.NewPCG(seed, stream)): the
// index stream of axis stream of a minibatch op with that seed.
func pcgIndices(seed, stream uint64, n, k int) []int {
	r := rand.New(rand.NewPCG(seed, stream))
	idx := make([]int, k)
	for i := range idx {
		idx[i] = r.IntN(n)
	}
	return idx
}
