package graph

import (
	"fmt"
	"hash"

	"github.com/chewxy/hm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// ToFloat64 returns a node holding the int (tensor.Int) values of x as float64, so that
// integer data used as indices elsewhere (group labels, counts) can also be observed by a
// distribution, which computes in float64. A float64 node is returned as it is. It is not
// differentiable (nothing is differentiated with respect to integers).
func ToFloat64(x *G.Node) (n *G.Node, err error) {
	defer recoverTo(&err)
	if x == nil || x.Graph() == nil {
		return nil, fmt.Errorf("graph: ToFloat64 of a node in no graph")
	}
	switch x.Dtype() {
	case tensor.Float64:
		return x, nil
	case tensor.Int:
		return G.ApplyOp(castOp{dims: x.Dims()}, x)
	}
	return nil, fmt.Errorf("graph: ToFloat64 of %s: dtype %v, want int or float64", nodeName(x), x.Dtype())
}

// castOp converts int values to float64.
type castOp struct{ dims int }

var (
	_ G.SDOp            = castOp{}
	_ G.UsePreallocDoer = castOp{}
)

func (op castOp) Arity() int { return 1 }
func (op castOp) Type() hm.Type {
	if op.dims == 0 {
		return hm.NewFnType(tensor.Int, G.Float64)
	}
	return hm.NewFnType(G.TensorType{Dims: op.dims, Of: tensor.Int}, G.TensorType{Dims: op.dims, Of: G.Float64})
}
func (op castOp) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	s, ok := in[0].(tensor.Shape)
	if !ok {
		return nil, fmt.Errorf("graph: ToFloat64: want a shape, got %T", in[0])
	}
	return s.Clone(), nil
}
func (op castOp) ReturnsPtr() bool      { return false }
func (op castOp) CallsExtern() bool     { return false }
func (op castOp) OverwritesInput() int  { return -1 }
func (op castOp) WriteHash(h hash.Hash) { fmt.Fprintf(h, "graph.toFloat64(%d)", op.dims) }
func (op castOp) Hashcode() uint32      { return hashOf(op) }
func (op castOp) String() string        { return "ToFloat64" }
func (op castOp) DiffWRT(int) []bool    { return []bool{false} }
func (op castOp) SymDiff(G.Nodes, *G.Node, *G.Node) (G.Nodes, error) {
	return G.Nodes{nil}, nil
}

func (op castOp) Do(in ...G.Value) (G.Value, error) { return op.UsePreallocDo(nil, in...) }

func (op castOp) UsePreallocDo(prealloc G.Value, in ...G.Value) (G.Value, error) {
	switch x := in[0].(type) {
	case *G.I:
		return scalarInto(prealloc, float64(*x)), nil
	case *tensor.Dense:
		if x.Dtype() != tensor.Int {
			break
		}
		if x.RequiresIterator() {
			x = x.Materialize().(*tensor.Dense)
		}
		if x.Dims() == 0 {
			return scalarInto(prealloc, float64(x.ScalarValue().(int))), nil
		}
		out := outputBuffer(prealloc, x.Shape())
		dst := out.Float64s()
		for i, v := range x.Ints() {
			dst[i] = float64(v)
		}
		return out, nil
	}
	return nil, fmt.Errorf("graph: ToFloat64: want int values, got %v", describeValue(in[0]))
}
