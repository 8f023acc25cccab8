package data_test

import (
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/gopymc/gopymc/data"
	"github.com/gopymc/gopymc/graph"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// FuzzMinibatchSpec builds minibatches from fuzzed specifications (issue 17): the data's
// shape (up to 3 axes of up to 5 entries), batch-size entries of every kind NewMinibatchND
// takes (an int of any sign, a SizeSeed, None, Ellipsis, and a value of another type), the
// InMemorySize entries and the seed. It must not panic; a minibatch it accepts must, at
// three evaluations, give values of the data of the shape BatchShape says, each a value the
// data holds (so finite); one it refuses must say why.
//
//	go test -run '^$' -fuzz '^FuzzMinibatchSpec$' -fuzztime 15s ./data
func FuzzMinibatchSpec(f *testing.F) {
	f.Add([]byte{2, 4, 3, 0, 1, 2, 2, 0}, uint64(42))            // (4, 3), batch 2
	f.Add([]byte{3, 3, 2, 4, 3, 0, 2, 2, 3, 1, 1, 1}, uint64(1)) // (3, 2, 4): SizeSeed, Ellipsis, int
	f.Add([]byte{1, 5, 1, 1, 255, 0}, uint64(7))                 // a negative size
	f.Add([]byte{2, 2, 2, 3, 2, 2, 2, 2, 1, 1}, uint64(3))       // two Ellipsis, in-memory size
	f.Fuzz(func(t *testing.T, spec []byte, seed uint64) {
		r := fuzzReader{b: spec}
		rank := 1 + r.next()%3
		shape := make([]int, rank)
		size := 1
		for i := range shape {
			shape[i] = 1 + r.next()%5
			size *= shape[i]
		}
		vals := make([]float64, size)
		for i := range vals {
			vals[i] = float64(i) + 0.5
		}
		x := tensor.New(tensor.WithShape(shape...), tensor.WithBacking(vals))
		var sizes []any
		for range r.next() % 5 {
			switch r.next() % 5 {
			case 0:
				sizes = append(sizes, int(int8(r.next())))
			case 1:
				sizes = append(sizes, data.SizeSeed{Size: int(int8(r.next())), Seed: uint64(r.next())})
			case 2:
				sizes = append(sizes, data.None)
			case 3:
				sizes = append(sizes, data.Ellipsis)
			default:
				sizes = append(sizes, 2.5)
			}
		}
		var opts []data.Option
		opts = append(opts, data.Seed(seed))
		if n := r.next() % 3; n > 0 {
			var mem []int
			for range n {
				mem = append(mem, int(int8(r.next())))
			}
			opts = append(opts, data.InMemorySize(mem...))
		}
		mb, err := data.NewMinibatchND(x, sizes, opts...)
		if err != nil {
			if mb != nil || err.Error() == "" {
				t.Fatalf("refused without a reason, or with a minibatch: %v", err)
			}
			return
		}
		want := mb.BatchShape()
		for _, d := range want {
			if d < 1 {
				t.Fatalf("batch shape %v", want)
			}
		}
		for range 3 {
			v, err := graph.Eval(mb.Node())
			if err != nil {
				t.Fatalf("evaluating: %v", err)
			}
			got, err := floats(v)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal([]int(valueShape(v)), want) {
				t.Fatalf("a batch of shape %v, BatchShape says %v", valueShape(v), want)
			}
			for i, g := range got {
				if math.IsNaN(g) || g != math.Floor(g)+0.5 || g < 0 || g >= float64(size) {
					t.Fatalf("batch value %d is %v, not a value of the data", i, g)
				}
			}
		}
	})
}

// fuzzReader reads bytes, giving zeros past the end.
type fuzzReader struct {
	b []byte
	i int
}

func (r *fuzzReader) next() int {
	if r.i >= len(r.b) {
		return 0
	}
	r.i++
	return int(r.b[r.i-1])
}

func floats(v G.Value) ([]float64, error) {
	t, ok := v.(*tensor.Dense)
	if !ok {
		return nil, errors.New("a batch is not a tensor")
	}
	d, ok := t.Data().([]float64)
	if !ok {
		return nil, errors.New("a batch is not float64")
	}
	return d, nil
}

func valueShape(v G.Value) tensor.Shape {
	if _, ok := v.(G.Scalar); ok {
		return tensor.Shape{}
	}
	return v.Shape()
}
