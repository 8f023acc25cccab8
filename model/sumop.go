package model

import (
	"fmt"
	"hash"
	"hash/fnv"

	"github.com/chewxy/hm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// weightedSum is a Gorgonia op computing Σ_i w_i·x_i over scalar float64 inputs: the sums
// and scalings of the model's log density (a variable's prior plus its Jacobian, varlogp,
// datalogp, total_size scales, Beta). Gorgonia's scalar Add and Mul allocate their result
// at every run; this op writes into the buffer the executor gives it (UsePreallocDo), so a
// compiled log density allocates nothing of its own.
type weightedSum struct {
	w []float64
}

var _ G.UsePreallocDoer = (*weightedSum)(nil)

// weighted returns a scalar node Σ w_i·x_i, or x_0 itself for one input of weight 1.
func weighted(w []float64, xs ...*G.Node) (n *G.Node, err error) {
	defer recoverErr(&err)
	if len(xs) == 0 || len(xs) != len(w) {
		return nil, fmt.Errorf("model: weighted sum of %d terms with %d weights", len(xs), len(w))
	}
	for i, x := range xs {
		if x == nil || !x.IsScalar() || x.Dtype() != tensor.Float64 {
			return nil, fmt.Errorf("model: weighted sum: term %d is not a float64 scalar", i)
		}
	}
	if len(xs) == 1 && w[0] == 1 {
		return xs[0], nil
	}
	// ApplyOp keeps the slice it is given as the node's children: pass a copy, so that the
	// caller may reuse its slice.
	return G.ApplyOp(&weightedSum{w: append([]float64(nil), w...)}, append([]*G.Node(nil), xs...)...)
}

// sumNodes adds scalar nodes.
func sumNodes(terms []*G.Node) (*G.Node, error) {
	w := make([]float64, len(terms))
	for i := range w {
		w[i] = 1
	}
	return weighted(w, terms...)
}

func (op *weightedSum) Arity() int { return len(op.w) }

func (op *weightedSum) Type() hm.Type {
	ts := make([]hm.Type, len(op.w)+1)
	for i := range ts {
		ts[i] = G.Float64
	}
	return hm.NewFnType(ts...)
}

func (op *weightedSum) InferShape(...G.DimSizer) (tensor.Shape, error) {
	return tensor.ScalarShape(), nil
}

func (op *weightedSum) Do(inputs ...G.Value) (G.Value, error) {
	return op.UsePreallocDo(new(G.F64), inputs...)
}

// UsePreallocDo writes the sum into prealloc when it is a *G.F64, else into a new one.
func (op *weightedSum) UsePreallocDo(prealloc G.Value, inputs ...G.Value) (G.Value, error) {
	if len(inputs) != len(op.w) {
		return nil, fmt.Errorf("model: %v: %d inputs, want %d", op, len(inputs), len(op.w))
	}
	s := 0.0
	for i, in := range inputs {
		x, ok := scalarValue(in)
		if !ok {
			return nil, fmt.Errorf("model: %v: input %d is a %T, want a float64 scalar", op, i, in)
		}
		s += op.w[i] * x
	}
	out, ok := prealloc.(*G.F64)
	if !ok || out == nil {
		out = new(G.F64)
	}
	*out = G.F64(s)
	return out, nil
}

// scalarValue reads a float64 scalar held as a *G.F64 or a one-element *tensor.Dense.
func scalarValue(v G.Value) (float64, bool) {
	switch x := v.(type) {
	case *G.F64:
		return float64(*x), true
	case *tensor.Dense:
		switch d := x.Data().(type) {
		case float64:
			return d, true
		case []float64:
			if len(d) == 1 {
				return d[0], true
			}
		}
	}
	return 0, false
}

func (op *weightedSum) ReturnsPtr() bool     { return true }
func (op *weightedSum) CallsExtern() bool    { return false }
func (op *weightedSum) OverwritesInput() int { return -1 }
func (op *weightedSum) String() string       { return fmt.Sprintf("WeightedSum%v", op.w) }

func (op *weightedSum) WriteHash(h hash.Hash) { fmt.Fprintf(h, "model.WeightedSum%v", op.w) }

func (op *weightedSum) Hashcode() uint32 {
	h := fnv.New32a()
	op.WriteHash(h)
	return h.Sum32()
}

// DiffWRT says the sum is differentiable in every input.
func (op *weightedSum) DiffWRT(n int) []bool {
	out := make([]bool, n)
	for i := range out {
		out[i] = true
	}
	return out
}

// SymDiff returns d/dx_i = w_i·grad: grad itself where w_i is 1.
func (op *weightedSum) SymDiff(inputs G.Nodes, _, grad *G.Node) (G.Nodes, error) {
	out := make(G.Nodes, len(inputs))
	for i, w := range op.w {
		d, err := weighted([]float64{w}, grad)
		if err != nil {
			return nil, err
		}
		out[i] = d
	}
	return out, nil
}
