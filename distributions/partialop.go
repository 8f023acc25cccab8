package distributions

import (
	"fmt"
	"hash"

	"github.com/chewxy/hm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// The small ops around a fused op's gradient: pickOp takes the value out of a packed op's
// vector [value, partials...], and partialOp copies one input's partials out of a packed
// vector or a gradient op's flat output into a buffer of its own, of the input's shape.
// They replace Gorgonia's Slice and Reshape, which allocate a view at every run: both write
// into the executor's preallocated buffer (G.UsePreallocDoer), so a steady-state run
// allocates nothing. Their work is O(size of the partial), never a pass over the data.

// pickOp returns element 0 of a float64 vector as a scalar: the value of a packed op.
type pickOp struct{}

// pickValue is the one pickOp: it has no configuration.
var pickValue = &pickOp{}

var (
	_ G.SDOp            = (*pickOp)(nil)
	_ G.UsePreallocDoer = (*pickOp)(nil)
	_ G.SDOp            = (*partialOp)(nil)
	_ G.UsePreallocDoer = (*partialOp)(nil)
)

func (*pickOp) Arity() int { return 1 }

func (*pickOp) Type() hm.Type {
	return hm.NewFnType(G.TensorType{Dims: 1, Of: G.Float64}, G.Float64)
}

func (*pickOp) InferShape(ds ...G.DimSizer) (tensor.Shape, error) {
	in := shapesOf(ds)
	if len(in) != 1 || len(in[0]) != 1 || in[0][0] < 1 {
		return nil, fmt.Errorf("distributions: pick: input shapes %v, want one non-empty vector", in)
	}
	return tensor.ScalarShape(), nil
}

func (*pickOp) ReturnsPtr() bool      { return false }
func (*pickOp) CallsExtern() bool     { return false }
func (*pickOp) OverwritesInput() int  { return -1 }
func (*pickOp) String() string        { return "PickValue" }
func (*pickOp) WriteHash(h hash.Hash) { fmt.Fprint(h, "distributions.PickValue") }
func (op *pickOp) Hashcode() uint32   { return hashOf(op) }

// DiffWRT is true: the value depends on the packed vector.
func (*pickOp) DiffWRT(n int) []bool {
	out := make([]bool, n)
	for i := range out {
		out[i] = true
	}
	return out
}

// SymDiff hands the upstream gradient of the value on to the packed op unchanged: the
// packed op's SymDiff reads it as the gradient of its value entry, the only entry with a
// consumer (the partials entries are read by gradient nodes only, which are never
// differentiated). A scalar stands for the vector [grad, 0, 0, ...], which would cost an op
// and a buffer to build.
func (*pickOp) SymDiff(inputs G.Nodes, _, grad *G.Node) (G.Nodes, error) {
	if len(inputs) != 1 || grad == nil {
		return nil, fmt.Errorf("distributions: pick: %d inputs", len(inputs))
	}
	return G.Nodes{grad}, nil
}

func (op *pickOp) Do(in ...G.Value) (G.Value, error) { return op.UsePreallocDo(nil, in...) }

// UsePreallocDo writes element 0 of the input into prealloc, a *G.F64.
func (*pickOp) UsePreallocDo(prealloc G.Value, in ...G.Value) (G.Value, error) {
	if len(in) != 1 {
		return nil, fmt.Errorf("distributions: pick: %d inputs, want 1", len(in))
	}
	d, ok := vectorOf(in[0])
	if !ok {
		v, err := viewOf(in[0])
		if err != nil {
			return nil, fmt.Errorf("distributions: pick: %w", err)
		}
		d = v.d
	}
	if len(d) == 0 {
		return nil, fmt.Errorf("distributions: pick: empty input")
	}
	out, ok := prealloc.(*G.F64)
	if !ok || out == nil {
		out = new(G.F64)
	}
	*out = G.F64(d[0])
	return out, nil
}

// partialOp copies the partial derivatives of input i of a fused op out of the op's packed
// vector (packed: the inputs are the packed vector, the upstream gradient of the value, by
// which the partials are scaled, and the fused op's inputs) or out of its gradient op's flat
// output (the inputs are that output and the fused op's inputs). The fused op's inputs are
// read only for their shapes, which give the partials' offsets.
type partialOp struct {
	opBase
	i      int    // the fused op's input whose partial this is
	need   []bool // the fused op's inputs with partials, in the order they are laid out
	packed bool
}

// applyPartial builds the node of input i's partial of op from src, op's packed node (with
// the upstream gradient up) or its gradient node (up nil).
func applyPartial(op *fusedOp, i int, src, up *G.Node, inputs G.Nodes) (*G.Node, error) {
	args := make(G.Nodes, 0, 2+len(inputs))
	args = append(args, src)
	if up != nil {
		args = append(args, up)
	}
	args = append(args, inputs...)
	p := &partialOp{
		opBase: newOpBase(fmt.Sprintf("%s.d%d", op.name, i), args, inputs[i].Dims()),
		i:      i, need: op.need, packed: up != nil,
	}
	n, err := G.ApplyOp(p, args...)
	if err != nil {
		return nil, fmt.Errorf("distributions: %s: gradient of input %d: %w", op.name, i, err)
	}
	return n, nil
}

// first is the index of the fused op's first input among the partialOp's inputs.
func (op *partialOp) first() int {
	if op.packed {
		return 2
	}
	return 1
}

func (op *partialOp) WriteHash(h hash.Hash) {
	op.writeBaseHash(h)
	fmt.Fprintf(h, "|partial %d of %v|packed=%t", op.i, op.need, op.packed)
}

func (op *partialOp) Hashcode() uint32 { return hashOf(op) }

// InferShape returns the shape of the fused op's input i.
func (op *partialOp) InferShape(ds ...G.DimSizer) (tensor.Shape, error) {
	in := shapesOf(ds)
	if len(in) != len(op.inTypes) {
		return nil, op.arityError(len(in))
	}
	return in[op.first()+op.i].Clone(), nil
}

// DiffWRT is all false: gradients are not differentiated again.
func (op *partialOp) DiffWRT(n int) []bool { return make([]bool, n) }

func (op *partialOp) SymDiff(G.Nodes, *G.Node, *G.Node) (G.Nodes, error) {
	return nil, errGradOfGrad
}

func (op *partialOp) Do(in ...G.Value) (G.Value, error) { return op.UsePreallocDo(nil, in...) }

// UsePreallocDo writes the partial into prealloc when it has the input's shape.
func (op *partialOp) UsePreallocDo(prealloc G.Value, in ...G.Value) (G.Value, error) {
	if len(in) != len(op.inTypes) {
		return nil, op.arityError(len(in))
	}
	src, ok := vectorOf(in[0])
	if !ok {
		v, err := viewOf(in[0])
		if err != nil {
			return nil, op.fail(fmt.Errorf("partials: %w", err))
		}
		src = v.d
	}
	scale, off := 1.0, 0
	if op.packed {
		if scale, ok = scalarOf(in[1]); !ok {
			g, err := viewOf(in[1])
			if err != nil || len(g.d) != 1 {
				return nil, op.fail(fmt.Errorf("upstream gradient: want a scalar (%v)", err))
			}
			scale = g.d[0]
		}
		off = 1
	}
	fwd := in[op.first():]
	var v floatView
	for j := 0; j <= op.i; j++ {
		if !op.need[j] {
			continue
		}
		var err error
		if v, err = viewOf(fwd[j]); err != nil {
			return nil, op.fail(fmt.Errorf("input %d: %w", j, err))
		}
		if j < op.i {
			off += len(v.d)
		}
	}
	n := len(v.d)
	if off+n > len(src) {
		return nil, op.fail(fmt.Errorf("partials vector of %d elements, want at least %d", len(src), off+n))
	}
	var shape tensor.Shape
	if !op.scalarOut() {
		if shape = v.s; len(shape) == 0 {
			shape = tensor.Shape{n}
		}
	}
	out, d, err := outputOf(prealloc, shape)
	if err != nil {
		return nil, op.fail(err)
	}
	if len(d) != n {
		return nil, op.fail(fmt.Errorf("partial of %d elements for an input of %d", len(d), n))
	}
	s := src[off : off+n]
	if scale == 1 {
		copy(d, s)
		return out, nil
	}
	for j, x := range s {
		d[j] = scale * x
	}
	return out, nil
}
