package distributions

import (
	"errors"
	"fmt"

	"gorgonia.org/tensor"
)

// Limits of the broadcast iterator. They bound fixed-size arrays so that iterating
// allocates nothing.
const (
	maxRank     = 16            // axes of a broadcast shape
	maxParams   = 3             // parameters of a univariate family
	maxOperands = 1 + maxParams // what the iterator walks: the value, then the parameters
)

// errNoBroadcast is wrapped by broadcastShapes' errors.
var errNoBroadcast = errors.New("shapes do not broadcast")

// broadcastShapes returns the shape that shapes broadcast to under NumPy's rules: shapes
// are aligned on their last axis, missing leading axes count as 1, and on every axis the
// sizes must be equal or 1. names labels the shapes in the error (names[i] for shapes[i]);
// the error names both offending shapes.
func broadcastShapes(names []string, shapes ...tensor.Shape) (tensor.Shape, error) {
	rank := 0
	for _, s := range shapes {
		rank = max(rank, len(s))
	}
	out := make(tensor.Shape, rank)
	from := make([]int, rank) // which shape set out[a] to a size other than 1
	for a := range out {
		out[a] = 1
		from[a] = -1
	}
	for i, s := range shapes {
		lead := rank - len(s)
		for a, d := range s {
			o := lead + a
			switch {
			case d == out[o] || d == 1:
			case out[o] == 1:
				out[o] = d
				from[o] = i
			default:
				return nil, fmt.Errorf("%s shape %v and %s shape %v: %w",
					names[from[o]], shapes[from[o]], names[i], s, errNoBroadcast)
			}
		}
	}
	return out, nil
}

// bcast walks a broadcast shape row by row. The shape is first simplified without changing
// the row-major order of its elements: axes of size 1 are dropped and adjacent axes that
// every operand traverses contiguously are merged. After that, every operand's stride on
// the last (inner) axis is 0 (broadcast) or 1 (contiguous), so an inner loop over a row
// reads operand k at base[k] + j*innerStride(k), with strides known to be 0 or 1.
//
// A bcast is a value type with fixed-size arrays: building and iterating it allocates
// nothing.
type bcast struct {
	rank int                       // axes after simplification; at least 1
	dims [maxRank]int              // sizes of the simplified axes
	str  [maxOperands][maxRank]int // element strides of each operand on each axis
	nops int                       // number of operands
	size int                       // total number of elements of the broadcast shape
}

// newBcast prepares the iteration of out (a broadcast of the operand shapes) for the given
// operand shapes, each of which must broadcast to out.
func newBcast(out tensor.Shape, shapes ...tensor.Shape) (bcast, error) {
	var b bcast
	if len(shapes) > maxOperands {
		return b, fmt.Errorf("%d operands, at most %d", len(shapes), maxOperands)
	}
	if len(out) > maxRank {
		return b, fmt.Errorf("shape %v has more than %d axes", out, maxRank)
	}
	b.nops = len(shapes)
	b.size = out.TotalSize()

	// Strides of every operand on every axis of out; 0 where the operand is broadcast.
	var full [maxOperands][maxRank]int
	for k, s := range shapes {
		if len(s) > len(out) {
			return b, fmt.Errorf("shape %v does not broadcast to %v", s, out)
		}
		lead := len(out) - len(s)
		st := 1
		for a := len(s) - 1; a >= 0; a-- {
			switch s[a] {
			case out[lead+a]:
				if s[a] != 1 {
					full[k][lead+a] = st
				}
			case 1:
			default:
				return b, fmt.Errorf("shape %v does not broadcast to %v", s, out)
			}
			st *= s[a]
		}
	}

	// Drop size-1 axes and merge axis a into the next kept one when every operand walks
	// both as one contiguous run (stride on a == stride on next * size of next).
	for a := 0; a < len(out); a++ {
		if out[a] == 1 {
			continue
		}
		if b.rank > 0 {
			last := b.rank - 1
			merge := true
			for k := 0; k < b.nops; k++ {
				if b.str[k][last] != full[k][a]*out[a] {
					merge = false
					break
				}
			}
			if merge {
				b.dims[last] *= out[a]
				for k := 0; k < b.nops; k++ {
					b.str[k][last] = full[k][a]
				}
				continue
			}
		}
		b.dims[b.rank] = out[a]
		for k := 0; k < b.nops; k++ {
			b.str[k][b.rank] = full[k][a]
		}
		b.rank++
	}
	if b.rank == 0 { // a scalar, or all axes of size 1: one row of one element
		b.rank = 1
		b.dims[0] = 1
		if b.size == 0 {
			b.dims[0] = 0
		}
		for k := 0; k < b.nops; k++ {
			b.str[k][0] = 0
		}
	}
	return b, nil
}

// rowLen is the length of a row: the size of the inner axis.
func (b *bcast) rowLen() int { return b.dims[b.rank-1] }

// inner is operand k's stride on the inner axis: 0 or 1.
func (b *bcast) inner(k int) int { return b.str[k][b.rank-1] }

// rowIter iterates the rows of a bcast. Use:
//
//	it := rowIter{b: &b}
//	for it.next() { ... it.off[k] is operand k's offset at the row start,
//	                    it.start is the row's offset in the broadcast shape ... }
type rowIter struct {
	b       *bcast
	idx     [maxRank]int     // index of the current row on the outer axes
	off     [maxOperands]int // offset of each operand at the start of the row
	start   int              // offset of the row in the (contiguous) broadcast shape
	started bool
}

// next advances to the next row and reports whether there is one.
func (it *rowIter) next() bool {
	b := it.b
	if b.size == 0 {
		return false
	}
	if !it.started {
		it.started = true
		return true
	}
	it.start += b.rowLen()
	for a := b.rank - 2; a >= 0; a-- {
		it.idx[a]++
		if it.idx[a] < b.dims[a] {
			for k := 0; k < b.nops; k++ {
				it.off[k] += b.str[k][a]
			}
			return true
		}
		it.idx[a] = 0
		for k := 0; k < b.nops; k++ {
			it.off[k] -= b.str[k][a] * (b.dims[a] - 1)
		}
	}
	return false
}
