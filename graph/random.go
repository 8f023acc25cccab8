package graph

import (
	"fmt"
	"hash"
	"math/rand/v2"
	"sync/atomic"

	"github.com/chewxy/hm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Gorgonia's own random nodes cannot be seeded and are merged into one node whenever their
// shapes agree (gorgonia-notes §2, trap 5). These ops replace them: each holds its own PCG
// stream from an explicit seed, carries a unique id in its hash so that it is never merged,
// and is Stateful, so that every compiled copy draws from its own derived stream.

type randKind int

const (
	randNormal randKind = iota
	randUniform
	randIndex
)

// opIDs numbers every random op so that no two hash alike.
var opIDs atomic.Uint64

// randomOp is a zero-arity op whose every run draws fresh values.
type randomOp struct {
	kind   randKind
	shape  tensor.Shape
	lo, hi float64 // randUniform: [lo, hi)
	n      int     // randIndex: [0, n)
	seed   uint64
	id     uint64
	rng    *rand.Rand
}

var (
	_ Stateful          = (*randomOp)(nil)
	_ G.UsePreallocDoer = (*randomOp)(nil)
	_ G.SDOp            = (*randomOp)(nil)
)

func newRandomOp(kind randKind, seed uint64, shape tensor.Shape) *randomOp {
	return &randomOp{
		kind:  kind,
		shape: shape.Clone(),
		seed:  seed,
		id:    opIDs.Add(1),
		rng:   rand.New(rand.NewPCG(seed, 0)),
	}
}

// Fork returns a copy of the op drawing from the stream derived from its seed and stream.
func (op *randomOp) Fork(stream uint64) G.Op {
	c := *op
	c.shape = op.shape.Clone()
	c.seed = DeriveSeed(op.seed, stream)
	c.id = opIDs.Add(1)
	c.rng = rand.New(rand.NewPCG(c.seed, 0))
	return &c
}

func (op *randomOp) dtype() tensor.Dtype {
	if op.kind == randIndex {
		return tensor.Int
	}
	return tensor.Float64
}

func (op *randomOp) Arity() int { return 0 }

func (op *randomOp) Type() hm.Type {
	if len(op.shape) == 0 {
		return op.dtype()
	}
	return G.TensorType{Dims: len(op.shape), Of: op.dtype()}
}

func (op *randomOp) InferShape(...G.DimSizer) (tensor.Shape, error) { return op.shape.Clone(), nil }
func (op *randomOp) ReturnsPtr() bool                               { return false }
func (op *randomOp) CallsExtern() bool                              { return false }
func (op *randomOp) OverwritesInput() int                           { return -1 }
func (op *randomOp) DiffWRT(int) []bool                             { return nil }
func (op *randomOp) SymDiff(G.Nodes, *G.Node, *G.Node) (G.Nodes, error) {
	return nil, nil
}

func (op *randomOp) WriteHash(h hash.Hash) {
	fmt.Fprintf(h, "graph.random#%d(%d,%v,%v,%v,%d)", op.id, op.kind, op.shape, op.lo, op.hi, op.n)
}

func (op *randomOp) Hashcode() uint32 { return hashOf(op) }

func (op *randomOp) String() string {
	switch op.kind {
	case randNormal:
		return fmt.Sprintf("RandomNormal%v", op.shape)
	case randUniform:
		return fmt.Sprintf("RandomUniform[%g,%g)%v", op.lo, op.hi, op.shape)
	default:
		return fmt.Sprintf("RandomIndices[0,%d)%v", op.n, op.shape)
	}
}

func (op *randomOp) Do(...G.Value) (G.Value, error) {
	if len(op.shape) == 0 {
		if op.kind == randIndex {
			return G.NewI(op.rng.IntN(op.n)), nil
		}
		return G.NewF64(op.drawFloat()), nil
	}
	t := tensor.New(tensor.Of(op.dtype()), tensor.WithShape(op.shape...))
	op.fill(t)
	return t, nil
}

// UsePreallocDo draws into prealloc when it is a tensor of the op's shape and dtype.
func (op *randomOp) UsePreallocDo(prealloc G.Value, _ ...G.Value) (G.Value, error) {
	t, ok := prealloc.(*tensor.Dense)
	if !ok || !t.Shape().Eq(op.shape) || t.Dtype() != op.dtype() {
		return op.Do()
	}
	op.fill(t)
	return t, nil
}

func (op *randomOp) fill(t *tensor.Dense) {
	if op.kind == randIndex {
		for i, d := 0, t.Ints(); i < len(d); i++ {
			d[i] = op.rng.IntN(op.n)
		}
		return
	}
	for i, d := 0, t.Float64s(); i < len(d); i++ {
		d[i] = op.drawFloat()
	}
}

func (op *randomOp) drawFloat() float64 {
	if op.kind == randNormal {
		return op.rng.NormFloat64()
	}
	return op.lo + (op.hi-op.lo)*op.rng.Float64()
}

// addRandom adds a node running op to g.
func addRandom(g *G.ExprGraph, op *randomOp) (n *G.Node, err error) {
	defer recoverTo(&err)
	if g == nil {
		return nil, fmt.Errorf("graph: %v: nil graph", op)
	}
	for _, d := range op.shape {
		if d < 1 {
			return nil, fmt.Errorf("graph: %v: dimensions must be positive", op)
		}
	}
	return G.NewUniqueNode(G.WithOp(op), G.In(g), G.WithType(op.Type()), G.WithShape(op.shape...)), nil
}

// RandomNormal adds to g a node whose every run draws independent standard normal values of
// the given shape (a scalar when shape is empty) from a PCG stream seeded with seed.
func RandomNormal(g *G.ExprGraph, seed uint64, shape ...int) (*G.Node, error) {
	return addRandom(g, newRandomOp(randNormal, seed, shape))
}

// RandomUniform adds to g a node whose every run draws independent values uniform on
// [lo, hi) of the given shape from a PCG stream seeded with seed.
func RandomUniform(g *G.ExprGraph, seed uint64, lo, hi float64, shape ...int) (*G.Node, error) {
	if !(lo < hi) || isInf(lo) || isInf(hi) {
		return nil, fmt.Errorf("graph: RandomUniform: need finite lo < hi, got [%g, %g)", lo, hi)
	}
	op := newRandomOp(randUniform, seed, shape)
	op.lo, op.hi = lo, hi
	return addRandom(g, op)
}

// RandomIndices adds to g a node whose every run draws size integers uniform on [0, n), with
// replacement (tensor.Int, the index dtype Gorgonia's ByIndices wants), from a PCG stream
// seeded with seed.
func RandomIndices(g *G.ExprGraph, seed uint64, n, size int) (*G.Node, error) {
	if n < 1 || size < 1 {
		return nil, fmt.Errorf("graph: RandomIndices: need n >= 1 and size >= 1, got n=%d size=%d", n, size)
	}
	op := newRandomOp(randIndex, seed, tensor.Shape{size})
	op.n = n
	return addRandom(g, op)
}
