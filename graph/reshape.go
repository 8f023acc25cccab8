package graph

import (
	"fmt"
	"hash"

	"github.com/chewxy/hm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// scalarReshape reshapes a float64 scalar to a tensor of one element, or such a tensor to a
// scalar. Gorgonia's Reshape to the scalar shape returns a 0-d tensor, which the scalar ops
// after it refuse ("Type Mismatch: Tensor-0 float64 != float64"), and Grad builds exactly
// that reshape for the gradient of a scalar reshaped to (1) (found by the fuzzer).
type scalarReshape struct {
	from, to tensor.Shape // one of them empty
}

var _ G.SDOp = scalarReshape{}

func (op scalarReshape) Arity() int { return 1 }
func (op scalarReshape) Type() hm.Type {
	return hm.NewFnType(floatType(len(op.from)), floatType(len(op.to)))
}
func (op scalarReshape) InferShape(...G.DimSizer) (tensor.Shape, error) {
	if len(op.to) == 0 {
		return tensor.ScalarShape(), nil
	}
	return op.to.Clone(), nil
}
func (op scalarReshape) ReturnsPtr() bool     { return false }
func (op scalarReshape) CallsExtern() bool    { return false }
func (op scalarReshape) OverwritesInput() int { return -1 }
func (op scalarReshape) WriteHash(h hash.Hash) {
	fmt.Fprintf(h, "graph.scalarReshape(%v,%v)", op.from, op.to)
}
func (op scalarReshape) Hashcode() uint32   { return hashOf(op) }
func (op scalarReshape) String() string     { return fmt.Sprintf("Reshape%v", op.to) }
func (op scalarReshape) DiffWRT(int) []bool { return []bool{true} }

// SymDiff reshapes the upstream gradient back to the input's shape. Gorgonia may hand the
// gradient of a (1) node over as a scalar (a sum of a vector is one); it is then the input's
// gradient as it is when the input is a scalar.
func (op scalarReshape) SymDiff(_ G.Nodes, _, grad *G.Node) (G.Nodes, error) {
	gs := shapeOf(grad)
	if len(gs) == len(op.from) {
		return G.Nodes{grad}, nil
	}
	d, err := G.ApplyOp(scalarReshape{from: gs, to: op.from}, grad)
	return G.Nodes{d}, err
}

func (op scalarReshape) Do(in ...G.Value) (G.Value, error) {
	x, _, err := anyFloats(in[0])
	if err != nil || len(x) != 1 {
		return nil, fmt.Errorf("graph: %v: want one float64, got %v", op, describeValue(in[0]))
	}
	if len(op.to) == 0 {
		return G.NewF64(x[0]), nil
	}
	return tensor.New(tensor.WithShape(op.to.Clone()...), tensor.WithBacking([]float64{x[0]})), nil
}

// reshapeScalar returns the scalarReshape standing for a reshape from or to a scalar of
// float64, or false.
func reshapeScalar(from, to tensor.Shape, dt tensor.Dtype) (scalarReshape, bool) {
	if dt != tensor.Float64 || (len(from) != 0 && len(to) != 0) || from.TotalSize() > 1 || to.TotalSize() > 1 {
		return scalarReshape{}, false
	}
	return scalarReshape{from: from.Clone(), to: to.Clone()}, true
}

// oneElement gives the value of a node of one element and at least one dimension the
// node's shape: Gorgonia's Slice returns a scalar value when the slice has one element, as
// x[1:2] of a vector does, although the node is a vector of shape (1), and the ops after it
// on the TapeMachine then refuse the scalar (found by the fuzzer). Its gradient is the
// upstream gradient.
type oneElement struct{ shape tensor.Shape }

var _ G.SDOp = oneElement{}

func (op oneElement) Arity() int { return 1 }
func (op oneElement) Type() hm.Type {
	t := floatType(len(op.shape))
	return hm.NewFnType(t, t)
}
func (op oneElement) InferShape(...G.DimSizer) (tensor.Shape, error) { return op.shape.Clone(), nil }
func (op oneElement) ReturnsPtr() bool                               { return false }
func (op oneElement) CallsExtern() bool                              { return false }
func (op oneElement) OverwritesInput() int                           { return -1 }
func (op oneElement) WriteHash(h hash.Hash)                          { fmt.Fprintf(h, "graph.oneElement(%v)", op.shape) }
func (op oneElement) Hashcode() uint32                               { return hashOf(op) }
func (op oneElement) String() string                                 { return fmt.Sprintf("AsShape%v", op.shape) }
func (op oneElement) DiffWRT(int) []bool                             { return []bool{true} }
func (op oneElement) SymDiff(_ G.Nodes, _, grad *G.Node) (G.Nodes, error) {
	return G.Nodes{grad}, nil
}

func (op oneElement) Do(in ...G.Value) (G.Value, error) {
	x, _, err := anyFloats(in[0])
	if err != nil || len(x) != 1 {
		return nil, fmt.Errorf("graph: %v: want one float64, got %v", op, describeValue(in[0]))
	}
	return tensor.New(tensor.WithShape(op.shape.Clone()...), tensor.WithBacking([]float64{x[0]})), nil
}
