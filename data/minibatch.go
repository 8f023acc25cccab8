package data

import (
	"fmt"
	"runtime/debug"
	"sync"
	"sync/atomic"

	"github.com/gopymc/gopymc/graph"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Minibatch is PyMC's pm.Minibatch: full data held outside any run and a node whose every
// run yields a fresh random minibatch of it, from the minibatch's own seeded index stream.
//
// With NewMinibatch, each run draws batchSize rows uniformly with replacement from the
// data's first axis (PyMC v5; the data keeps its other axes). With NewMinibatchND, each run
// draws indices along several axes and takes their outer product (PyMC3's
// multi-dimensional batch sizes). With the Aligned option, several arrays are minibatched
// with one row index, so that their rows stay aligned.
//
// # Graphs
//
// Node returns the minibatch node in a private graph of the Minibatch, which also holds the
// full data as a graph.Shared (Shared); graph.Eval, graph.Clone and graph.Compile work on it
// as on any node. A model built in its own graph imports the minibatch with NodeIn, which
// returns a node running the same op in that graph, created once per graph. The model layer
// does this when it is given Node() as observed data (LookupNode finds the Minibatch behind a
// node).
//
// # Streams
//
// The description graphs are never run: graph.Compile forks the op into every compiled
// Function (graph.Stateful), with streams derived by graph.DeriveSeed from the seed and the
// Function's stream number, so every Function, and every Function.Copy, draws its own
// reproducible sequence of batches. Axis a's index stream is
// rand.New(rand.NewPCG(seed, a)) for the op of a Node and
// rand.New(rand.NewPCG(graph.DeriveSeed(seed, stream), a)) for its fork of a given stream,
// and every run draws size indices with IntN(axis length), in order.
//
// # Alignment
//
// The nodes of aligned arrays run distinct ops that draw identical index streams: equal
// seeds, equal batch sizes, axis 0 only, and exactly one batch per run. So within one
// Function (whose ops are all forked with one stream), the k-th run of each aligned node
// selects the same rows, and so it is in every Function.Copy. Two different Functions draw
// different batches unless they were compiled with the same stream.
//
// # Concurrency
//
// Every fork reads the same full data and writes only its own buffers, so compiled copies
// run concurrently on different goroutines. SetValue, SetValues and UpdateShared must not
// run while a Function that holds the minibatch is running.
//
// # Nil
//
// On a nil *Minibatch the accessors return zero values (nil nodes, nil data, 0 arrays) and
// the methods that return errors return one, so that a wrapper holding a Minibatch that
// could not be made (as pm.Minibatch does) never panics.
type Minibatch struct {
	name    string
	g       *G.ExprGraph // the private graph of Node and Shared
	arrays  []*array
	updateF func() (*tensor.Dense, error)

	mu      sync.Mutex // guards nodesIn and serialises SetValues
	nodesIn map[*G.ExprGraph][]*G.Node
}

// array is one minibatched array: its full data and its node in the private graph.
type array struct {
	mb       *Minibatch
	index    int
	name     string // the node's name
	cur      atomic.Pointer[store]
	op       *minibatchOp
	node     *G.Node
	versions int // shared values created, for unique names
}

// store is the full data of an array: its shared value and a view of its storage, float64
// or int (index data stays int).
type store struct {
	shared *graph.Shared
	data   []float64 // the shared value's live storage, for float64 data
	ints   []int     // the shared value's live storage, for int data
	shape  tensor.Shape
}

func (a *array) load() *store { return a.cur.Load() }

// sharedName is the name of the array's shared value: name.shared, or name.shared#k for
// the k-th replacement after a SetValue that changed the number of rows.
func (a *array) sharedName() string {
	if a.versions <= 1 {
		return a.name + ".shared"
	}
	return fmt.Sprintf("%s.shared#%d", a.name, a.versions)
}

// newStore adds t to the private graph as the array's new shared value: t itself when owned
// (a conversion nothing else refers to), else a copy of it.
func (a *array) newStore(t *tensor.Dense, owned bool) (*store, error) {
	a.versions++
	newShared := graph.NewShared
	if owned {
		newShared = func(g *G.ExprGraph, name string, v any) (*graph.Shared, error) {
			return graph.NewSharedFrom(g, name, v.(*tensor.Dense))
		}
	}
	s, err := newShared(a.mb.g, a.sharedName(), t)
	if err != nil {
		return nil, err
	}
	v := s.Value().(*tensor.Dense)
	st := &store{shared: s, shape: v.Shape().Clone()}
	if v.Dtype() == tensor.Int {
		st.ints = v.Ints()
	} else {
		st.data = v.Float64s()
	}
	return st, nil
}

// NewMinibatch returns a minibatch of data whose every run draws batchSize rows uniformly
// with replacement from the data's first axis (PyMC v5's pm.Minibatch(data,
// batch_size=...)): for data of shape (N, d1, ...) the minibatch has shape
// (batchSize, d1, ...).
//
// data is a []float64, [][]float64 (rows of equal length), []int, [][]int or *tensor.Dense
// of a real or integer dtype. Data given as []int, [][]int or a tensor.Int tensor stays int,
// so that a minibatch of group labels can index parameters (graph.Take) in the same rows as
// an aligned float array; other integer and float32 data is converted to float64, as PyMC
// casts to floatX. The data is copied. It must have at least one axis, no empty axis, and
// only finite values. It returns an error when batchSize < 1, when the data is not usable (naming the
// dtype or the first NaN or infinite element), or when an option is invalid. The options
// are Seed, Name, Aligned, InMemorySize and UpdateSharedFunc.
func NewMinibatch(data any, batchSize int, opts ...Option) (*Minibatch, error) {
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	if batchSize < 1 {
		return nil, fmt.Errorf("data: NewMinibatch: batch size is %d; it must be positive", batchSize)
	}
	if len(cfg.aligned) > 0 && cfg.updateF != nil {
		return nil, fmt.Errorf("data: NewMinibatch: option UpdateSharedFunc does not apply to aligned arrays (it returns one array)")
	}
	sizes := []any{batchSize}
	return build("NewMinibatch", cfg, append([]any{data}, cfg.aligned...), sizes)
}

// NewMinibatchND returns a minibatch of data with PyMC3's multi-dimensional batch sizes:
// each entry of batchSizes is an int k (k indices along its axis, from the stream of the
// Seed option), a SizeSeed{Size, Seed} (Size indices from a stream seeded with Seed), None
// (keep the whole axis), or Ellipsis (keep every middle axis, so that the entries after it
// apply to the last axes; at most once). Axes after the entries are kept whole. At every
// run, each sampled axis draws its indices uniformly with replacement, independently of the
// other axes, and the minibatch is the outer product of the per-axis selections (numpy's
// ix_). For data of shape (30, 10, 40, 10, 50), []any{SizeSeed{10, 42}, Ellipsis,
// SizeSeed{4, 42}} gives batches of shape (10, 10, 40, 10, 4).
//
// The data is as for NewMinibatch. It returns an error containing "Unrecognized" for an
// entry of another type, "Double Ellipsis" for a second Ellipsis, "too big" when there are
// more axis entries than the data has dimensions, and an error for a size < 1. The Aligned
// option does not apply (aligned minibatches sample the first axis only, as PyMC v5's).
func NewMinibatchND(data any, batchSizes []any, opts ...Option) (*Minibatch, error) {
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	if len(cfg.aligned) > 0 {
		return nil, fmt.Errorf("data: NewMinibatchND: option Aligned does not apply (aligned minibatches sample the first axis only, as PyMC v5's); use NewMinibatch")
	}
	return build("NewMinibatchND", cfg, []any{data}, batchSizes)
}

// build converts the arrays and makes the private graph, the shared values, the ops and
// the nodes.
func build(fn string, cfg config, datas []any, sizes []any) (*Minibatch, error) {
	label := func(i int) string {
		if len(datas) == 1 {
			return "data: " + fn
		}
		return fmt.Sprintf("data: %s: array %d", fn, i)
	}
	ts := make([]*tensor.Dense, len(datas))
	owned := make([]bool, len(datas))
	for i, d := range datas {
		t, own, err := toDense(d)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", label(i), err)
		}
		if len(cfg.inMemory) > 0 {
			block, err := leadingBlock(t, cfg.inMemory)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", label(i), err)
			}
			own = own || block != t
			t = block
		}
		owned[i] = own
		if n0, n := ts[0], t.Shape()[0]; i > 0 && n != n0.Shape()[0] {
			return nil, fmt.Errorf("%s: aligned arrays must have the same number of rows: array 0 has %d, array %d has %d", label(i), n0.Shape()[0], i, n)
		}
		ts[i] = t
	}
	mb := &Minibatch{name: cfg.name, g: G.NewGraph(), updateF: cfg.updateF}
	for i, t := range ts {
		plans, err := resolveBatchSizes(sizes, t.Shape(), cfg.seed)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", label(i), err)
		}
		a := &array{mb: mb, index: i, name: cfg.name}
		if len(ts) > 1 {
			a.name = fmt.Sprintf("%s.%d", cfg.name, i)
		}
		st, err := a.newStore(t, owned[i])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", label(i), err)
		}
		a.cur.Store(st)
		a.op = newMinibatchOp(a, plans)
		if a.node, err = addNode(mb.g, a.op, a.name); err != nil {
			return nil, fmt.Errorf("%s: %w", label(i), err)
		}
		mb.arrays = append(mb.arrays, a)
	}
	return mb, nil
}

// addNode adds a node running op to g.
func addNode(g *G.ExprGraph, op *minibatchOp, name string) (n *G.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &graph.PanicError{Value: r, Stack: debug.Stack()}
		}
	}()
	return G.NewUniqueNode(G.WithOp(op), G.In(g), G.WithType(op.Type()), G.WithShape(op.shape...), G.WithName(name)), nil
}

// LookupNode reports whether n runs a minibatch op, and if so returns the Minibatch and the
// index of the array (0 unless aligned). It finds the nodes of Node, NodeIn and their
// compiled copies.
func LookupNode(n *G.Node) (mb *Minibatch, array int, ok bool) {
	if n == nil {
		return nil, 0, false
	}
	op, ok := n.Op().(*minibatchOp)
	if !ok {
		return nil, 0, false
	}
	return op.src.mb, op.src.index, true
}
