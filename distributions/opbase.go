package distributions

import (
	"fmt"
	"hash"
	"hash/fnv"

	"github.com/chewxy/hm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// opBase holds what every op of the package shares: the types of its inputs, the rank of
// its output, and the Gorgonia boilerplate that follows from them.
//
// An op records the types of its inputs (dtype and rank) when it is built, because
// Gorgonia's type inference needs a concrete function type (inputs -> output), as
// Gorgonia's element-wise ops do. It records no shape: every op infers its output shape
// from its inputs' shapes (InferShape, when a node is built or re-applied to other
// children by graph.Compile) and checks them again from the values at run time, so that
// a graph whose data is replaced by data with another number of rows keeps working.
type opBase struct {
	name    string    // shown by String, e.g. "NormalLogP"
	inTypes []hm.Type // the types of the inputs, in order
	outDims int       // the rank of the output; 0 for a scalar
}

// newOpBase returns the base of an op named name over the given inputs, whose output has
// outDims axes.
func newOpBase(name string, inputs []*G.Node, outDims int) opBase {
	ts := make([]hm.Type, len(inputs))
	for i, n := range inputs {
		ts[i] = n.Type()
	}
	return opBase{name: name, inTypes: ts, outDims: outDims}
}

func (o *opBase) Arity() int { return len(o.inTypes) }

func (o *opBase) Type() hm.Type {
	ts := make([]hm.Type, 0, len(o.inTypes)+1)
	ts = append(ts, o.inTypes...)
	ts = append(ts, outType(o.outDims))
	return hm.NewFnType(ts...)
}

func (o *opBase) ReturnsPtr() bool     { return false }
func (o *opBase) CallsExtern() bool    { return false }
func (o *opBase) OverwritesInput() int { return -1 }
func (o *opBase) String() string       { return o.name }

// writeBaseHash writes what identifies the base: name, input types and output rank. Ops
// add their own configuration after it. (A node's hash adds its children's, and so their
// shapes: two nodes merge only when they apply equal ops to the same inputs.)
func (o *opBase) writeBaseHash(h hash.Hash) {
	fmt.Fprintf(h, "%s%v->%d", o.name, o.inTypes, o.outDims)
}

// arityError says that a run of the op got n inputs, not one per input.
func (o *opBase) arityError(n int) error {
	return fmt.Errorf("distributions: %s: %d inputs, want %d", o.name, n, len(o.inTypes))
}

// fail prefixes an error of a run of the op with the package and the op's name.
func (o *opBase) fail(err error) error { return fmt.Errorf("distributions: %s: %w", o.name, err) }

// scalarOut reports whether the op's output is a scalar (a *G.F64 value).
func (o *opBase) scalarOut() bool { return o.outDims == 0 }

// outType is the Gorgonia type of a float64 value with dims axes.
func outType(dims int) hm.Type {
	if dims == 0 {
		return G.Float64
	}
	return G.TensorType{Dims: dims, Of: G.Float64}
}

// shapesOf returns the shapes InferShape is given: a node's shape, or the scalar shape for
// anything else (Gorgonia passes the size op of a SizeOf node, a scalar).
func shapesOf(ds []G.DimSizer) []tensor.Shape {
	out := make([]tensor.Shape, len(ds))
	for i, d := range ds {
		if s, ok := d.(tensor.Shape); ok {
			out[i] = s
		} else {
			out[i] = tensor.Shape{}
		}
	}
	return out
}

// nodeShapes returns the shapes of nodes.
func nodeShapes(nodes []*G.Node) []tensor.Shape {
	out := make([]tensor.Shape, len(nodes))
	for i, n := range nodes {
		out[i] = n.Shape()
	}
	return out
}

// hashOf computes Hashcode from an op's WriteHash, as Gorgonia's own ops do.
func hashOf(op G.Op) uint32 {
	h := fnv.New32a()
	op.WriteHash(h)
	return h.Sum32()
}

// doSafely runs f and turns a panic inside it into an error naming the op, because a panic
// inside Do would otherwise escape the machine (gorgonia-notes trap 13).
func doSafely(name string, f func() (G.Value, error)) (v G.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			v, err = nil, fmt.Errorf("distributions: %s panicked: %v", name, r)
		}
	}()
	return f()
}
