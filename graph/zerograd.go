package graph

import (
	"fmt"
	"hash"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// zeroGrad runs a piecewise-constant Gorgonia op (Sign, Ceil, Floor, a comparison) and gives
// it a zero gradient with respect to every input, as Theano does. Gorgonia marks these ops
// not differentiable, so Grad fails whenever an input reaches the cost only through one of
// them (a threshold in a mask x ⊙ (x > c), say), although the derivative is zero almost
// everywhere.
type zeroGrad struct{ wrappedOp }

var _ G.SDOp = zeroGrad{}

func (op zeroGrad) WriteHash(h hash.Hash)             { fmt.Fprint(h, "zeroGrad "); op.orig.WriteHash(h) }
func (op zeroGrad) Hashcode() uint32                  { return hashOf(op) }
func (op zeroGrad) Do(in ...G.Value) (G.Value, error) { return op.orig.Do(in...) }
func (op zeroGrad) DiffWRT(n int) []bool {
	d := make([]bool, n)
	for i := range d {
		d[i] = true
	}
	return d
}

// SymDiff returns a zero constant of each input's shape.
func (op zeroGrad) SymDiff(inputs G.Nodes, _, _ *G.Node) (G.Nodes, error) {
	out := make(G.Nodes, len(inputs))
	for i, in := range inputs {
		var zero G.Value = G.NewF64(0)
		if !in.IsScalar() {
			zero = tensor.New(tensor.Of(tensor.Float64), tensor.WithShape(in.Shape().Clone()...))
		}
		z, err := addConstNode(in.Graph(), uniqueName("zeros", tensor.Float64), zero)
		if err != nil {
			return nil, err
		}
		out[i] = z
	}
	return out, nil
}

// unwrapZeroGrad returns the Gorgonia op behind a zeroGrad, or op itself.
func unwrapZeroGrad(op G.Op) G.Op {
	if z, ok := op.(zeroGrad); ok {
		return z.orig
	}
	return op
}
