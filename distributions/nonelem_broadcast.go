package distributions

import (
	"fmt"

	"gorgonia.org/tensor"
)

// Limits of the broadcasting iterator of the non-element-wise families. They are far above
// what a model uses, and fixed so that the iterator lives on the stack.
const (
	nwMaxRank = 8 // axes of a broadcast shape
	nwMaxArgs = 6 // operands walked together
)

// nwBroadcastShapes returns the NumPy broadcast of the given shapes: shapes are aligned on
// their last axes, and each axis is the common size, where size 1 stretches.
func nwBroadcastShapes(shapes ...tensor.Shape) (tensor.Shape, error) {
	rank := 0
	for _, s := range shapes {
		rank = max(rank, len(s))
	}
	out := make(tensor.Shape, rank)
	for i := range out {
		out[i] = 1
	}
	for _, s := range shapes {
		for i, n := range s {
			j := rank - len(s) + i
			switch {
			case n == out[j] || n == 1:
			case out[j] == 1:
				out[j] = n
			default:
				return nil, fmt.Errorf("shapes %v do not broadcast", shapes)
			}
		}
	}
	return out, nil
}

// nwBatchOf returns the shape without its last axis (the batch shape of a parameter whose
// last axis is the component or event axis).
func nwBatchOf(s tensor.Shape) tensor.Shape {
	if len(s) == 0 {
		return tensor.Shape{}
	}
	return s[:len(s)-1].Clone()
}

// nwWithAxis returns s with one more trailing axis of size n.
func nwWithAxis(s tensor.Shape, n int) tensor.Shape {
	out := make(tensor.Shape, len(s)+1)
	copy(out, s)
	out[len(s)] = n
	return out
}

// nwIter walks the outer axes of a broadcast shape in row-major order and tracks, for each
// operand, the flat offset of the element that broadcasting maps there. The trailing inner
// axes are not walked: a kernel loops over them itself with the strides in stride.
//
// An operand's stride along a broadcast (size 1 or missing) axis is 0, so accumulating a
// partial derivative at the tracked offset sums it over the broadcast axes: the reduction of
// a gradient to its input's shape comes for free.
type nwIter struct {
	rank   int // axes of the broadcast shape
	outer  int // leading axes walked
	nargs  int
	shape  [nwMaxRank]int
	stride [nwMaxArgs][nwMaxRank]int
	idx    [nwMaxRank]int
	off    [nwMaxArgs]int
	n      int // elements of the outer shape
}

// init prepares the iterator for the broadcast shape out, whose last inner axes are left to
// the kernel, and operands of the given shapes (each must broadcast to out).
func (it *nwIter) init(out tensor.Shape, inner int, args ...tensor.Shape) error {
	if len(out) > nwMaxRank || len(args) > nwMaxArgs {
		return fmt.Errorf("distributions: broadcast of rank %d over %d operands exceeds the limits (%d, %d)",
			len(out), len(args), nwMaxRank, nwMaxArgs)
	}
	*it = nwIter{rank: len(out), outer: len(out) - inner, nargs: len(args), n: 1}
	for d, n := range out {
		it.shape[d] = n
		if d < it.outer {
			it.n *= n
		}
	}
	for a, s := range args {
		if len(s) > len(out) {
			return fmt.Errorf("distributions: shape %v does not broadcast to %v", s, out)
		}
		st := 1
		for i := len(s) - 1; i >= 0; i-- {
			d := len(out) - len(s) + i
			switch s[i] {
			case out[d]:
				if s[i] != 1 {
					it.stride[a][d] = st
				}
			case 1:
			default:
				return fmt.Errorf("distributions: shape %v does not broadcast to %v", s, out)
			}
			st *= s[i]
		}
	}
	return nil
}

// next moves to the following outer element.
func (it *nwIter) next() {
	for d := it.outer - 1; d >= 0; d-- {
		it.idx[d]++
		for a := 0; a < it.nargs; a++ {
			it.off[a] += it.stride[a][d]
		}
		if it.idx[d] < it.shape[d] {
			return
		}
		for a := 0; a < it.nargs; a++ {
			it.off[a] -= it.stride[a][d] * it.shape[d]
		}
		it.idx[d] = 0
	}
}

// nwBroadcastTo returns data of shape from broadcast to shape to, as a new slice.
func nwBroadcastTo(data []float64, from, to tensor.Shape) ([]float64, error) {
	var it nwIter
	if err := it.init(to, 0, from); err != nil {
		return nil, err
	}
	out := make([]float64, it.n)
	for i := range out {
		out[i] = data[it.off[0]]
		it.next()
	}
	return out, nil
}

// nwShapeFor resolves the shape of a variable: the requested shape, or the family's default
// (batch) shape when shape is nil. The batch shape must broadcast to it.
func nwShapeFor(family string, shape, batch tensor.Shape) (tensor.Shape, error) {
	if shape == nil {
		return batch.Clone(), nil
	}
	b, err := nwBroadcastShapes(shape, batch)
	if err != nil || !b.Eq(shape) && !(len(b) == 0 && len(shape) == 0) {
		return nil, fmt.Errorf("distributions: %s: parameters of batch shape %v do not broadcast to the requested shape %v",
			family, batch, shape)
	}
	return shape.Clone(), nil
}
