package data

import (
	"fmt"
	"hash"
	"hash/fnv"
	"math/rand/v2"
	"sync/atomic"

	"github.com/chewxy/hm"
	"github.com/gopymc/gopymc/graph"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// opIDs numbers every minibatch op, so that no two hash alike and Gorgonia never merges two
// minibatch nodes (gorgonia-notes trap 5).
var opIDs atomic.Uint64

// minibatchOp is the zero-arity op behind a minibatch node: every run draws fresh indices
// along its sampled axes and copies the selected block of the full data (an outer product of
// the per-axis indices, numpy's ix_) into its output.
//
// The full data is read through src, which every fork shares, so SetValue reaches every
// compiled copy; the index streams, index buffers and counters belong to the op, so an op
// must run on one goroutine at a time (Compile gives each Function its own fork).
//
// Alignment invariant: the ops of aligned arrays are built with identical seeds and sample
// axis 0 only, every run of an op draws exactly one batch of indices (size draws of
// IntN(rows) from its stream, whatever else happens), and Fork(stream) derives each stream
// from the op's seed and stream alone. Hence the ops of aligned arrays, forked with one
// stream (as Compile does for every node of one Function), draw the same indices at their
// k-th runs, and so select the same rows at every run of a Function.
type minibatchOp struct {
	src     *array     // the full data, shared by every fork
	plans   []axisPlan // per axis of the data; read-only, shared by forks
	shape   tensor.Shape
	dtype   tensor.Dtype // of the data: float64, or int for index data
	strides []int        // row-major strides of the full data (independent of its number of rows)
	last    int          // last sampled axis, or -1 when every axis is kept
	block   int          // elements copied at a time: the product of the axes after last

	id    uint64
	seeds []uint64     // per axis: the seed of its stream (forks derive theirs from it)
	rngs  []*rand.Rand // per axis: nil for a kept axis
	idx   [][]int      // per axis up to last: drawn indices, or 0..n-1 for a kept axis
	ctr   []int        // odometer over the output's axes up to last
}

var (
	_ graph.Stateful    = (*minibatchOp)(nil)
	_ G.UsePreallocDoer = (*minibatchOp)(nil)
	_ G.SDOp            = (*minibatchOp)(nil)
)

// newMinibatchOp returns the op minibatching src under plans, with stream 0 of each axis's
// seed; src's current data fixes the shape of the kept axes.
func newMinibatchOp(src *array, plans []axisPlan) *minibatchOp {
	full := src.load().shape
	op := &minibatchOp{
		src:     src,
		plans:   plans,
		shape:   batchShape(plans, full),
		dtype:   src.load().shared.Value().Dtype(),
		strides: rowMajorStrides(full),
		last:    -1,
		seeds:   make([]uint64, len(plans)),
	}
	for a, p := range plans {
		op.seeds[a] = p.seed
		if p.size > 0 {
			op.last = a
		}
	}
	op.block = 1
	for _, d := range full[op.last+1:] {
		op.block *= d
	}
	op.init()
	return op
}

// init gives the op a new id, streams from its seeds, and buffers of its own.
func (op *minibatchOp) init() {
	op.id = opIDs.Add(1)
	op.rngs = make([]*rand.Rand, len(op.plans))
	op.idx = make([][]int, op.last+1)
	op.ctr = make([]int, op.last+1)
	for a, p := range op.plans {
		if p.size > 0 {
			// Axis a's stream is PCG(seed, a): axes given equal seeds still draw
			// independent indices.
			op.rngs[a] = rand.New(rand.NewPCG(op.seeds[a], uint64(a)))
		}
		if a > op.last {
			continue
		}
		if p.size > 0 {
			op.idx[a] = make([]int, p.size)
		} else {
			op.idx[a] = make([]int, op.shape[a])
			for i := range op.idx[a] {
				op.idx[a][i] = i
			}
		}
	}
}

// Fork returns an independent op over the same full data whose streams are derived from
// this op's seeds and stream (graph.DeriveSeed); forks of two ops with equal seeds and equal
// plans, with one stream, draw equal indices.
func (op *minibatchOp) Fork(stream uint64) G.Op {
	c := &minibatchOp{
		src: op.src, plans: op.plans, shape: op.shape, dtype: op.dtype, strides: op.strides,
		last: op.last, block: op.block,
		seeds: make([]uint64, len(op.seeds)),
	}
	for a, s := range op.seeds {
		c.seeds[a] = graph.DeriveSeed(s, stream)
	}
	c.init()
	return c
}

func (op *minibatchOp) Arity() int { return 0 }

func (op *minibatchOp) Type() hm.Type { return G.TensorType{Dims: len(op.shape), Of: op.dtype} }

func (op *minibatchOp) InferShape(...G.DimSizer) (tensor.Shape, error) {
	return op.shape.Clone(), nil
}

// ReturnsPtr is true: the op writes into a buffer it is given (UsePreallocDo), which lets
// graph's executor and the TapeMachine keep one output buffer across runs.
func (op *minibatchOp) ReturnsPtr() bool     { return true }
func (op *minibatchOp) CallsExtern() bool    { return false }
func (op *minibatchOp) OverwritesInput() int { return -1 }

// DiffWRT and SymDiff make the op an SDOp with nothing to differentiate: it is data.
func (op *minibatchOp) DiffWRT(int) []bool { return nil }
func (op *minibatchOp) SymDiff(G.Nodes, *G.Node, *G.Node) (G.Nodes, error) {
	return nil, nil
}

func (op *minibatchOp) WriteHash(h hash.Hash) {
	fmt.Fprintf(h, "data.minibatch#%d%v", op.id, op.shape)
}

func (op *minibatchOp) Hashcode() uint32 {
	h := fnv.New32a()
	op.WriteHash(h)
	return h.Sum32()
}

func (op *minibatchOp) String() string { return fmt.Sprintf("%s%v", op.src.name, op.shape) }

// Do draws a minibatch into a new tensor.
func (op *minibatchOp) Do(...G.Value) (G.Value, error) {
	t := tensor.New(tensor.Of(op.dtype), tensor.WithShape(op.shape...))
	op.fill(t)
	return t, nil
}

// UsePreallocDo draws a minibatch into prealloc when it is a contiguous tensor of the batch
// shape and dtype, allocating nothing; otherwise it falls back to Do.
func (op *minibatchOp) UsePreallocDo(prealloc G.Value, _ ...G.Value) (G.Value, error) {
	t, ok := prealloc.(*tensor.Dense)
	if !ok || t == nil || t.Dtype() != op.dtype || !t.Shape().Eq(op.shape) || t.RequiresIterator() {
		return op.Do()
	}
	op.fill(t)
	return t, nil
}

// fill draws the indices of one run and copies the selected elements into out.
func (op *minibatchOp) fill(out *tensor.Dense) {
	st := op.src.load()
	for a := 0; a <= op.last; a++ {
		if r := op.rngs[a]; r != nil {
			n := st.shape[a]
			for i := range op.idx[a] {
				op.idx[a][i] = r.IntN(n) // uniform on [0, n), with replacement
			}
		}
	}
	if op.dtype == tensor.Int {
		copySelected(op, out.Ints(), st.ints)
	} else {
		copySelected(op, out.Float64s(), st.data)
	}
}

// copySelected copies the block of src that op's drawn indices select into out.
func copySelected[T any](op *minibatchOp, out, src []T) {
	if op.last < 0 {
		copy(out, src)
		return
	}
	b, ctr, last := op.block, op.ctr, op.last
	clear(ctr)
	for pos := 0; pos < len(out); pos += b {
		off := 0
		for a := 0; a <= last; a++ {
			off += op.idx[a][ctr[a]] * op.strides[a]
		}
		copy(out[pos:pos+b], src[off:off+b])
		for a := last; a >= 0; a-- {
			if ctr[a]++; ctr[a] < len(op.idx[a]) {
				break
			}
			ctr[a] = 0
		}
	}
}
