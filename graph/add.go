package graph

import (
	"fmt"
	"hash"

	"github.com/chewxy/hm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// fastAdd adds two float64 values of one shape (two scalars or two tensors) into the
// executor's buffer. Gorgonia's Grad inserts its own Add wherever a node feeds several ops, to
// sum the gradients that flow back; that op allocates at every run (in tensor's WithReuse
// path, and a new scalar for scalars). The plan runs fastAdd in its place, so a compiled
// log density's gradient allocates nothing of its own. The graph's nodes are unchanged.
type fastAdd struct{}

var _ G.UsePreallocDoer = fastAdd{}

// isSameShapeAdd reports whether op is Gorgonia's element-wise + on two float64 operands of
// one shape, which fastAdd computes identically.
func isSameShapeAdd(op G.Op, kids []*G.Node) bool {
	if len(kids) != 2 || opTypeName(op) != "gorgonia.elemBinOp" || op.String() != "+ false" {
		return false
	}
	a, b := kids[0], kids[1]
	if a.Dtype() != tensor.Float64 || b.Dtype() != tensor.Float64 || a.IsScalar() != b.IsScalar() {
		return false
	}
	return a.IsScalar() || a.Shape().Eq(b.Shape())
}

func (fastAdd) Arity() int    { return 2 }
func (fastAdd) Type() hm.Type { a := hm.TypeVariable('a'); return hm.NewFnType(a, a, a) }
func (fastAdd) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	return in[0].(tensor.Shape).Clone(), nil
}
func (fastAdd) ReturnsPtr() bool                     { return false }
func (fastAdd) CallsExtern() bool                    { return false }
func (fastAdd) OverwritesInput() int                 { return -1 }
func (fastAdd) WriteHash(h hash.Hash)                { fmt.Fprint(h, "graph.fastAdd") }
func (op fastAdd) Hashcode() uint32                  { return hashOf(op) }
func (fastAdd) String() string                       { return "+" }
func (op fastAdd) Do(in ...G.Value) (G.Value, error) { return op.UsePreallocDo(nil, in...) }

func (fastAdd) UsePreallocDo(prealloc G.Value, in ...G.Value) (G.Value, error) {
	switch a := in[0].(type) {
	case *G.F64:
		b, ok := in[1].(*G.F64)
		if !ok {
			return nil, fmt.Errorf("graph: +: %T and %T", in[0], in[1])
		}
		out, ok := prealloc.(*G.F64)
		if !ok {
			out = new(G.F64)
		}
		*out = *a + *b
		return out, nil
	case *tensor.Dense:
		x, sx, err := floats64(a)
		if err != nil {
			return nil, fmt.Errorf("graph: +: %w", err)
		}
		y, sy, err := floats64(in[1])
		if err != nil || !sx.Eq(sy) {
			return nil, fmt.Errorf("graph: +: shapes %v and %v", sx, sy)
		}
		out := outputBuffer(prealloc, sx)
		dst := out.Float64s()
		for i := range dst {
			dst[i] = x[i] + y[i]
		}
		return out, nil
	}
	return nil, fmt.Errorf("graph: +: unsupported %T", in[0])
}
