package data

import (
	"testing"

	"github.com/gopymc/gopymc/graph"
	"gorgonia.org/tensor"
)

// benchMinibatch returns the tutorial's minibatch: 500 rows of a 40000×100 matrix.
func benchMinibatch(b *testing.B) *Minibatch {
	b.Helper()
	mb, err := NewMinibatch(denseArange(40000, 100), 500)
	if err != nil {
		b.Fatal(err)
	}
	return mb
}

// One run of the op into the executor's buffer: 500 row draws and 500 copies of 100 values.
func BenchmarkMinibatchRun(b *testing.B) {
	op := benchMinibatch(b).arrays[0].op
	buf := tensor.New(tensor.Of(tensor.Float64), tensor.WithShape(op.shape...))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := op.UsePreallocDo(buf); err != nil {
			b.Fatal(err)
		}
	}
}

// One Exec of a compiled Function whose only output is the minibatch.
func BenchmarkMinibatchExec(b *testing.B) {
	mb := benchMinibatch(b)
	f, err := graph.Compile(mb.Nodes())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := f.Exec(); err != nil {
			b.Fatal(err)
		}
	}
}

// Aligned (500, 100) and (500) batches of one Function.
func BenchmarkMinibatchAlignedExec(b *testing.B) {
	mb, err := NewMinibatch(denseArange(40000, 100), 500, Aligned(arange(40000)))
	if err != nil {
		b.Fatal(err)
	}
	f, err := graph.Compile(mb.Nodes())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := f.Exec(); err != nil {
			b.Fatal(err)
		}
	}
}
