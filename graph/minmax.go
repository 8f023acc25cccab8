package graph

import (
	"fmt"
	"hash"
	"math"

	"github.com/chewxy/hm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// scalarMinMax is MinBetween or MaxBetween of two float64 scalars: Gorgonia's ops build for
// scalars but fail when they run ("Cannot perform MaxBetween of *gorgonia.F64"), found by
// the fuzzer. The gradient is Gorgonia's: the upstream gradient goes to a where a is the
// result, and the rest to b.
type scalarMinMax struct{ max bool }

var _ G.SDOp = scalarMinMax{}

func (op scalarMinMax) Arity() int    { return 2 }
func (op scalarMinMax) Type() hm.Type { return hm.NewFnType(G.Float64, G.Float64, G.Float64) }
func (op scalarMinMax) InferShape(...G.DimSizer) (tensor.Shape, error) {
	return tensor.ScalarShape(), nil
}
func (op scalarMinMax) ReturnsPtr() bool      { return false }
func (op scalarMinMax) CallsExtern() bool     { return false }
func (op scalarMinMax) OverwritesInput() int  { return -1 }
func (op scalarMinMax) WriteHash(h hash.Hash) { fmt.Fprintf(h, "graph.scalarMinMax(%v)", op.max) }
func (op scalarMinMax) Hashcode() uint32      { return hashOf(op) }
func (op scalarMinMax) String() string {
	if op.max {
		return "MaxBetween"
	}
	return "MinBetween"
}
func (op scalarMinMax) DiffWRT(int) []bool { return []bool{true, true} }

func (op scalarMinMax) SymDiff(inputs G.Nodes, output, grad *G.Node) (G.Nodes, error) {
	mask, err := G.Eq(inputs[0], output, true)
	if err != nil {
		return nil, err
	}
	ga, err := G.HadamardProd(grad, mask)
	if err != nil {
		return nil, err
	}
	gb, err := G.Sub(grad, ga)
	if err != nil {
		return nil, err
	}
	return G.Nodes{ga, gb}, nil
}

func (op scalarMinMax) Do(in ...G.Value) (G.Value, error) {
	a, ok1 := in[0].(*G.F64)
	b, ok2 := in[1].(*G.F64)
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("graph: %v: want two float64 scalars, got %v and %v", op, describeValue(in[0]), describeValue(in[1]))
	}
	if op.max {
		return G.NewF64(math.Max(float64(*a), float64(*b))), nil
	}
	return G.NewF64(math.Min(float64(*a), float64(*b))), nil
}
