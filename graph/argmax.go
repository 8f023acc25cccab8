package graph

import (
	"fmt"
	"hash"

	"github.com/chewxy/hm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Argmax returns a node holding the index of the largest element of x along axis (negative
// axes count from the end, as NumPy), as float64 so that it composes with Eq and Mean on
// float data (class labels, accuracies). Gorgonia v0.9.18 has no Argmax op. The first
// maximum wins on ties; a NaN compares as smaller than any number. Not differentiable.
func Argmax(x *G.Node, axis int) (n *G.Node, err error) {
	defer recoverTo(&err)
	if x == nil {
		return nil, fmt.Errorf("graph: Argmax of a nil node")
	}
	if x.Graph() == nil {
		return nil, fmt.Errorf("graph: Argmax of a node in no graph")
	}
	if x.IsScalar() {
		return nil, fmt.Errorf("graph: Argmax of the scalar %s", nodeName(x))
	}
	if x.Dtype() != tensor.Float64 {
		return nil, fmt.Errorf("graph: Argmax of %s: dtype %v, want float64", nodeName(x), x.Dtype())
	}
	dims := x.Dims()
	given := axis
	if axis < 0 {
		axis += dims
	}
	if axis < 0 || axis >= dims {
		return nil, fmt.Errorf("graph: Argmax of %s: axis %d out of range for %d dimensions", nodeName(x), given, dims)
	}
	return G.ApplyOp(argmaxOp{axis: axis, dims: dims}, x)
}

type argmaxOp struct{ axis, dims int }

var _ G.SDOp = argmaxOp{}

func (op argmaxOp) Arity() int { return 1 }
func (op argmaxOp) Type() hm.Type {
	var out hm.Type = G.Float64
	if op.dims > 1 {
		out = G.TensorType{Dims: op.dims - 1, Of: G.Float64}
	}
	return hm.NewFnType(G.TensorType{Dims: op.dims, Of: G.Float64}, out)
}

func (op argmaxOp) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	s, ok := in[0].(tensor.Shape)
	if !ok {
		return nil, fmt.Errorf("graph: Argmax: want a shape, got %T", in[0])
	}
	return argmaxShape(s, op.axis), nil
}

func argmaxShape(s tensor.Shape, axis int) tensor.Shape {
	out := make(tensor.Shape, 0, len(s)-1)
	out = append(out, s[:axis]...)
	return append(out, s[axis+1:]...)
}

func (op argmaxOp) ReturnsPtr() bool      { return false }
func (op argmaxOp) CallsExtern() bool     { return false }
func (op argmaxOp) OverwritesInput() int  { return -1 }
func (op argmaxOp) DiffWRT(n int) []bool  { return make([]bool, n) }
func (op argmaxOp) WriteHash(h hash.Hash) { fmt.Fprintf(h, "graph.Argmax(%d,%d)", op.axis, op.dims) }
func (op argmaxOp) Hashcode() uint32      { return hashOf(op) }
func (op argmaxOp) String() string        { return fmt.Sprintf("Argmax(axis %d)", op.axis) }
func (op argmaxOp) SymDiff(G.Nodes, *G.Node, *G.Node) (G.Nodes, error) {
	return nil, fmt.Errorf("graph: Argmax is not differentiable")
}

func (op argmaxOp) Do(in ...G.Value) (v G.Value, err error) {
	defer recoverTo(&err)
	t, ok := in[0].(*tensor.Dense)
	if !ok {
		return nil, fmt.Errorf("graph: Argmax: want a tensor, got %T", in[0])
	}
	if t.RequiresIterator() {
		t = t.Clone().(*tensor.Dense)
	}
	data, ok := t.Data().([]float64)
	if !ok {
		return nil, fmt.Errorf("graph: Argmax: want float64 data, got %v", t.Dtype())
	}
	shape := t.Shape()
	n := shape[op.axis]
	inner := 1
	for _, d := range shape[op.axis+1:] {
		inner *= d
	}
	outer := len(data) / (n * inner)
	out := make([]float64, outer*inner)
	for o := 0; o < outer; o++ {
		for i := 0; i < inner; i++ {
			best, arg := data[o*n*inner+i], 0
			for k := 1; k < n; k++ {
				if v := data[(o*n+k)*inner+i]; v > best || (best != best && v == v) {
					best, arg = v, k
				}
			}
			out[o*inner+i] = float64(arg)
		}
	}
	s := argmaxShape(shape, op.axis)
	if len(s) == 0 {
		return G.NewF64(out[0]), nil
	}
	return tensor.New(tensor.WithShape(s...), tensor.WithBacking(out)), nil
}
