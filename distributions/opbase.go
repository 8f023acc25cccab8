package distributions

import (
	"fmt"
	"hash"
	"hash/fnv"

	"github.com/chewxy/hm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// opBase holds what the two fused op types of the package (fusedOp, fusedGradOp) share:
// the types of their inputs, the shape of their output, and the Gorgonia boilerplate that
// follows from them.
//
// The op records its input types when it is built, because Gorgonia's type inference needs
// a concrete function type (inputs -> output) and element-wise ops of Gorgonia do the same.
type opBase struct {
	name     string       // shown by String, e.g. "NormalLogP"
	inTypes  []hm.Type    // the types of the inputs, in order
	outShape tensor.Shape // the shape of the output; empty for a scalar
}

// newOpBase returns the base of an op named name over the given inputs, whose output has
// shape out (empty for a scalar).
func newOpBase(name string, inputs []*G.Node, out tensor.Shape) opBase {
	ts := make([]hm.Type, len(inputs))
	for i, n := range inputs {
		ts[i] = n.Type()
	}
	return opBase{name: name, inTypes: ts, outShape: out.Clone()}
}

func (o *opBase) Arity() int { return len(o.inTypes) }

func (o *opBase) Type() hm.Type {
	ts := make([]hm.Type, 0, len(o.inTypes)+1)
	ts = append(ts, o.inTypes...)
	ts = append(ts, outType(o.outShape))
	return hm.NewFnType(ts...)
}

func (o *opBase) InferShape(...G.DimSizer) (tensor.Shape, error) { return o.outShape.Clone(), nil }
func (o *opBase) ReturnsPtr() bool                               { return false }
func (o *opBase) CallsExtern() bool                              { return false }
func (o *opBase) OverwritesInput() int                           { return -1 }
func (o *opBase) String() string                                 { return o.name }

// writeBaseHash writes what identifies the base: name, input types and output shape. Ops
// add their own configuration after it.
func (o *opBase) writeBaseHash(h hash.Hash) {
	fmt.Fprintf(h, "%s%v->%v", o.name, o.inTypes, o.outShape)
}

// arityError says that a run of the op got n inputs, not one per input.
func (o *opBase) arityError(n int) error {
	return fmt.Errorf("distributions: %s: %d inputs, want %d", o.name, n, len(o.inTypes))
}

// fail prefixes an error of a run of the op with the package and the op's name.
func (o *opBase) fail(err error) error { return fmt.Errorf("distributions: %s: %w", o.name, err) }

// outType is the Gorgonia type of a float64 value of shape s.
func outType(s tensor.Shape) hm.Type {
	if len(s) == 0 {
		return G.Float64
	}
	return G.TensorType{Dims: len(s), Of: G.Float64}
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
