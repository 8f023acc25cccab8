package distributions

import (
	"fmt"

	"gorgonia.org/tensor"
)

// Limits of the broadcast iterator. They bound fixed-size arrays so that building and
// walking an iterator allocates nothing.
const (
	maxRank     = 16            // axes of a broadcast shape
	maxParams   = 3             // parameters of a univariate family
	maxOperands = 1 + maxParams // operands walked together: the value, then the parameters
)

// bcast walks a broadcast shape row by row, for every op of the package: the element-wise
// engine (newBcast) and the families whose log density works on a whole last axis at once
// (newEventBcast).
//
// The shape is first simplified without changing the row-major order of its elements: axes
// of size 1 are dropped and adjacent axes that every operand traverses contiguously are
// merged, so that rows are as long as possible. After that, every operand's stride on the
// last (inner) axis is 0 (broadcast) or 1 (contiguous), so a loop over a row reads operand k
// at base[k] + j*inner(k). An operand's stride along an axis it is broadcast on is 0, so
// adding a partial derivative at the operand's offset sums it over the broadcast axes: the
// reduction of a gradient to its input's shape comes for free.
//
// A bcast is a value type with fixed-size arrays: building and iterating it allocates
// nothing.
type bcast struct {
	rank int                       // axes after simplification; at least 1
	dims [maxRank]int              // sizes of the simplified axes
	str  [maxOperands][maxRank]int // element strides of each operand on each axis
	nops int                       // number of operands
	size int                       // total number of elements of the broadcast shape
	rows int                       // number of rows: the product of all but the inner axis
}

// newBcast prepares the element-wise walk of out (a broadcast of the operand shapes) for
// the given operand shapes, each of which must broadcast to out: rows are as long as the
// simplification allows.
func newBcast(out tensor.Shape, shapes ...tensor.Shape) (bcast, error) {
	return layoutBcast(out, false, shapes)
}

// newEventBcast prepares the walk of out one last axis at a time: each row is one element
// of the batch (all axes but the last) and the row's length is the last axis of out (the
// class, component or event axis), kept as it is even when it has size 1.
func newEventBcast(out tensor.Shape, shapes ...tensor.Shape) (bcast, error) {
	if len(out) == 0 {
		return bcast{}, fmt.Errorf("shape %v has no last axis to walk", out.Clone())
	}
	return layoutBcast(out, true, shapes)
}

// layoutBcast is newBcast, and newEventBcast when keepLast is set.
func layoutBcast(out tensor.Shape, keepLast bool, shapes []tensor.Shape) (bcast, error) {
	var b bcast
	if len(shapes) > maxOperands {
		return b, fmt.Errorf("%d operands, at most %d", len(shapes), maxOperands)
	}
	if len(out) > maxRank {
		return b, fmt.Errorf("shape %v has more than %d axes", out.Clone(), maxRank)
	}
	b.nops = len(shapes)
	b.size = out.TotalSize()

	// Strides of every operand on every axis of out; 0 where the operand is broadcast.
	var full [maxOperands][maxRank]int
	for k, s := range shapes {
		if len(s) > len(out) {
			return b, notBroadcastError(s, out)
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
				return b, notBroadcastError(s, out)
			}
			st *= s[a]
		}
	}

	// Drop size-1 axes and merge axis a into the previous kept one when every operand walks
	// both as one contiguous run (stride on the kept axis == stride on a * size of a). A kept
	// last axis is neither dropped nor merged.
	for a := 0; a < len(out); a++ {
		keep := keepLast && a == len(out)-1
		if out[a] == 1 && !keep {
			continue
		}
		if b.rank > 0 && !keep {
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
		for k := 0; k < b.nops; k++ {
			b.str[k][0] = 0
		}
	}
	b.rows = 1
	for a := 0; a < b.rank-1; a++ {
		b.rows *= b.dims[a]
	}
	return b, nil
}

// notBroadcastError says that shape s does not broadcast to out. It formats copies, so
// that shapes on the caller's stack need not escape to the heap.
func notBroadcastError(s, out tensor.Shape) error {
	return fmt.Errorf("shape %v does not broadcast to %v", s.Clone(), out.Clone())
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

// seek positions it at row r of the shape (0 <= r < rows), as if next had been called r+1
// times.
func (it *rowIter) seek(r int) {
	b := it.b
	it.started = true
	it.start = r * b.rowLen()
	it.off = [maxOperands]int{}
	for a := b.rank - 2; a >= 0; a-- {
		it.idx[a] = r % b.dims[a]
		r /= b.dims[a]
		for k := 0; k < b.nops; k++ {
			it.off[k] += it.idx[a] * b.str[k][a]
		}
	}
}

// next advances to the next row and reports whether there is one.
func (it *rowIter) next() bool {
	b := it.b
	if b.rows == 0 {
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

// broadcastTo returns data of shape from broadcast to shape to, as a new slice: the
// starting point of SupportPoint and Rand of the multivariate families.
func broadcastTo(data []float64, from, to tensor.Shape) ([]float64, error) {
	b, err := newBcast(to, from)
	if err != nil {
		return nil, fmt.Errorf("distributions: %w", err)
	}
	out := make([]float64, b.size)
	it := rowIter{b: &b}
	n, s := b.rowLen(), b.inner(0)
	for it.next() {
		for j := 0; j < n; j++ {
			out[it.start+j] = data[it.off[0]+j*s]
		}
	}
	return out, nil
}
