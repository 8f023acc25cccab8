package distributions

import (
	"fmt"
	"hash"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// logpOp is a family's log density as one Gorgonia op. Its inputs are the value and the
// parameters, which broadcast NumPy-style; its output is the log density summed over the
// broadcast shape (a scalar), or, when elem is set, each element's log density (the
// broadcast shape). Its gradient is one logpGradOp.
//
// The op holds only configuration fixed when it is built, never buffers, so one op value
// may run in several graphs at once.
type logpOp struct {
	opBase
	k        kernel
	elem     bool           // element-wise output instead of the sum
	observed bool           // the value is data: no gradient for it
	bshape   tensor.Shape   // broadcast shape of the value and the parameters
	shapes   []tensor.Shape // shapes of the inputs: value, then parameters
	wrt      []bool         // DiffWRT: which inputs get a gradient
}

var (
	_ G.SDOp            = (*logpOp)(nil)
	_ G.UsePreallocDoer = (*logpOp)(nil)
	_ G.SDOp            = (*logpGradOp)(nil)
	_ G.UsePreallocDoer = (*logpGradOp)(nil)
)

// applyLogp builds the log-density node of kernel k for value and params: the sum, or the
// element-wise form when elem is set. fam names the family in errors.
func applyLogp(fam string, k kernel, value *G.Node, params []*G.Node, observed, elem bool) (n *G.Node, err error) {
	op, err := newLogpOp(fam, k, value, params, observed, elem)
	if err != nil {
		return nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			n, err = nil, fmt.Errorf("distributions: %s: building the log density: %v", fam, r)
		}
	}()
	in := make(G.Nodes, 0, 1+len(params))
	in = append(in, value)
	in = append(in, params...)
	n, err = G.ApplyOp(op, in...)
	if err != nil {
		return nil, fmt.Errorf("distributions: %s: building the log density: %w", fam, err)
	}
	return n, nil
}

// newLogpOp checks value against the parameters and returns the op.
func newLogpOp(fam string, k kernel, value *G.Node, params []*G.Node, observed, elem bool) (*logpOp, error) {
	specs := k.specs()
	if value == nil {
		return nil, fmt.Errorf("distributions: %s: value is nil", fam)
	}
	if value.Dtype() != tensor.Float64 {
		return nil, fmt.Errorf("distributions: %s: value must be float64, got %v", fam, value.Dtype())
	}
	if len(params) != len(specs) {
		return nil, fmt.Errorf("distributions: %s: %d parameters, want %d", fam, len(params), len(specs))
	}
	names := make([]string, 0, 1+len(specs))
	shapes := make([]tensor.Shape, 0, 1+len(specs))
	names = append(names, "value")
	shapes = append(shapes, value.Shape())
	for i, p := range params {
		if p == nil {
			return nil, fmt.Errorf("distributions: %s: %s is nil", fam, specs[i].name)
		}
		if value.Graph() != nil && p.Graph() != nil && value.Graph() != p.Graph() {
			return nil, fmt.Errorf("distributions: %s: value and %s are in different graphs", fam, specs[i].name)
		}
		names = append(names, specs[i].name)
		shapes = append(shapes, p.Shape())
	}
	b, err := broadcastShapes(names, shapes...)
	if err != nil {
		return nil, fmt.Errorf("distributions: %s: %w", fam, err)
	}
	if _, err := newBcast(b, shapes...); err != nil {
		return nil, fmt.Errorf("distributions: %s: %w", fam, err)
	}
	wrt := make([]bool, 1+len(specs))
	wrt[0] = !observed && !k.discrete()
	for i, p := range params {
		wrt[1+i] = specs[i].diff && !isConstantNode(p)
	}
	name, out := k.id()+"LogP", tensor.Shape{}
	if elem {
		name, out = k.id()+"LogPElem", b
	}
	in := make(G.Nodes, 0, 1+len(params))
	in = append(in, value)
	in = append(in, params...)
	return &logpOp{
		opBase:   newOpBase(name, in, out),
		k:        k,
		elem:     elem,
		observed: observed,
		bshape:   b.Clone(),
		shapes:   shapes,
		wrt:      wrt,
	}, nil
}

// isConstantNode reports whether n is a Gorgonia constant (whose gradient nobody needs).
func isConstantNode(n *G.Node) bool {
	_, _, ok := constValue(n)
	return ok && n.Op() != nil
}

// WriteHash writes everything that changes the op's result, so that Gorgonia's
// hash-consing merges two nodes only when they compute the same thing.
func (op *logpOp) WriteHash(h hash.Hash) {
	op.writeBaseHash(h)
	fmt.Fprintf(h, "|%s|elem=%t|observed=%t|in=%v|wrt=%v", op.k.id(), op.elem, op.observed, op.shapes, op.wrt)
}

func (op *logpOp) Hashcode() uint32 { return hashOf(op) }

// DiffWRT: the value unless it is observed (or discrete), and the differentiable
// parameters that are not constants.
func (op *logpOp) DiffWRT(n int) []bool {
	out := make([]bool, n)
	copy(out, op.wrt)
	return out
}

// SymDiff applies one logpGradOp, which returns every partial in one flat vector, and
// slices and reshapes it into each input's gradient.
func (op *logpOp) SymDiff(inputs G.Nodes, output, grad *G.Node) (G.Nodes, error) {
	if len(inputs) != len(op.shapes) {
		return nil, fmt.Errorf("distributions: %s: %d inputs, want %d", op.name, len(inputs), len(op.shapes))
	}
	gop, err := newLogpGradOp(op, grad, inputs)
	if err != nil {
		return nil, err
	}
	in := make(G.Nodes, 0, 1+len(inputs))
	in = append(in, grad)
	in = append(in, inputs...)
	flat, err := G.ApplyOp(gop, in...)
	if err != nil {
		return nil, fmt.Errorf("distributions: %s: %w", gop.name, err)
	}
	res := make(G.Nodes, len(inputs))
	for i, s := range op.shapes {
		off := gop.offs[i]
		if off < 0 {
			continue
		}
		var g *G.Node
		if len(s) == 0 {
			g, err = G.Slice(flat, G.S(off))
		} else {
			g, err = G.Slice(flat, G.S(off, off+s.TotalSize()))
			if err == nil && !g.Shape().Eq(s) {
				g, err = G.Reshape(g, s.Clone())
			}
		}
		if err != nil {
			return nil, fmt.Errorf("distributions: %s: gradient of input %d: %w", op.name, i, err)
		}
		res[i] = g
	}
	return res, nil
}

func (op *logpOp) Do(inputs ...G.Value) (G.Value, error) { return op.do(nil, inputs) }

// UsePreallocDo writes into prealloc (a *G.F64 for the sum, a float64 tensor of the
// broadcast shape for the element-wise form) instead of allocating the output.
func (op *logpOp) UsePreallocDo(prealloc G.Value, inputs ...G.Value) (G.Value, error) {
	return op.do(prealloc, inputs)
}

func (op *logpOp) do(prealloc G.Value, inputs []G.Value) (G.Value, error) {
	return doSafely(op.name, func() (G.Value, error) {
		if err := checkInputs(op.shapes, inputs, 0); err != nil {
			return nil, fmt.Errorf("distributions: %s: %w", op.name, err)
		}
		w := getWorkspace()
		defer putWorkspace(w)
		if !op.elem {
			v, err := w.logpSum(op.k, op.bshape, inputs)
			if err != nil {
				return nil, fmt.Errorf("distributions: %s: %w", op.name, err)
			}
			return scalarOut(prealloc, v)
		}
		if len(op.bshape) == 0 {
			if err := w.logpElem(op.k, op.bshape, inputs, w.one[:]); err != nil {
				return nil, fmt.Errorf("distributions: %s: %w", op.name, err)
			}
			return scalarOut(prealloc, w.one[0])
		}
		out, dst, err := tensorOut(prealloc, op.bshape)
		if err != nil {
			return nil, fmt.Errorf("distributions: %s: %w", op.name, err)
		}
		if err := w.logpElem(op.k, op.bshape, inputs, dst); err != nil {
			return nil, fmt.Errorf("distributions: %s: %w", op.name, err)
		}
		return out, nil
	})
}

// logpGradOp computes every partial derivative of a logpOp in one pass. Its inputs are the
// upstream gradient (a scalar for the sum, the broadcast shape for the element-wise form),
// the value and the parameters; its output is one vector holding the gradient of each
// input that has one (see logpOp.wrt), in input order, each summed over the axes along
// which the input is broadcast and laid out in its input's shape. It is never
// differentiated.
type logpGradOp struct {
	opBase
	fwd  *logpOp
	offs []int // offset of each forward input's gradient in the output, -1 for none
	size int   // length of the output
}

func newLogpGradOp(fwd *logpOp, grad *G.Node, inputs G.Nodes) (*logpGradOp, error) {
	offs := make([]int, len(fwd.shapes))
	size := 0
	for i, s := range fwd.shapes {
		offs[i] = -1
		if fwd.wrt[i] {
			offs[i] = size
			size += s.TotalSize()
		}
	}
	if size == 0 {
		return nil, fmt.Errorf("distributions: %s: no input to differentiate", fwd.name)
	}
	in := make(G.Nodes, 0, 1+len(inputs))
	in = append(in, grad)
	in = append(in, inputs...)
	return &logpGradOp{
		opBase: newOpBase(fwd.name+"Grad", in, tensor.Shape{size}),
		fwd:    fwd,
		offs:   offs,
		size:   size,
	}, nil
}

func (op *logpGradOp) WriteHash(h hash.Hash) {
	op.writeBaseHash(h)
	f := op.fwd
	fmt.Fprintf(h, "|%s|elem=%t|observed=%t|in=%v|wrt=%v", f.k.id(), f.elem, f.observed, f.shapes, f.wrt)
}

func (op *logpGradOp) Hashcode() uint32 { return hashOf(op) }

// DiffWRT is all false: gradients are not differentiated again.
func (op *logpGradOp) DiffWRT(n int) []bool { return make([]bool, n) }

func (op *logpGradOp) SymDiff(G.Nodes, *G.Node, *G.Node) (G.Nodes, error) {
	return nil, fmt.Errorf("distributions: %s cannot be differentiated", op.name)
}

func (op *logpGradOp) Do(inputs ...G.Value) (G.Value, error) { return op.do(nil, inputs) }

// UsePreallocDo writes into prealloc, a float64 vector of the output's length.
func (op *logpGradOp) UsePreallocDo(prealloc G.Value, inputs ...G.Value) (G.Value, error) {
	return op.do(prealloc, inputs)
}

func (op *logpGradOp) do(prealloc G.Value, inputs []G.Value) (G.Value, error) {
	return doSafely(op.name, func() (G.Value, error) {
		f := op.fwd
		if len(inputs) != 1+len(f.shapes) {
			return nil, fmt.Errorf("distributions: %s: %d inputs, want %d", op.name, len(inputs), 1+len(f.shapes))
		}
		if err := checkInputs(f.shapes, inputs, 1); err != nil {
			return nil, fmt.Errorf("distributions: %s: %w", op.name, err)
		}
		out, dst, err := tensorOut(prealloc, op.outShape)
		if err != nil {
			return nil, fmt.Errorf("distributions: %s: %w", op.name, err)
		}
		w := getWorkspace()
		defer putWorkspace(w)
		if err := w.grad(f.k, f.bshape, inputs, f.elem, op.offs, dst); err != nil {
			return nil, fmt.Errorf("distributions: %s: %w", op.name, err)
		}
		return out, nil
	})
}

// checkInputs checks that inputs[first+i] has shape shapes[i]. A scalar input may be a
// *G.F64 or a tensor holding one element.
func checkInputs(shapes []tensor.Shape, inputs []G.Value, first int) error {
	if len(inputs) != first+len(shapes) {
		return fmt.Errorf("%d inputs, want %d", len(inputs), first+len(shapes))
	}
	for i, want := range shapes {
		var got tensor.Shape
		switch t := inputs[first+i].(type) {
		case *G.F64:
		case *tensor.Dense:
			got = t.Shape()
		case nil:
			return fmt.Errorf("input %d has no value", i)
		default:
			return fmt.Errorf("input %d: want float64 values, got %T", i, t)
		}
		if !sameShape(got, want) {
			return fmt.Errorf("input %d has shape %v, want %v", i, got, want)
		}
	}
	return nil
}

// sameShape compares shapes, treating every one-element shape as a scalar shape.
func sameShape(got, want tensor.Shape) bool {
	if len(want) == 0 || len(got) == 0 {
		return got.TotalSize() == 1 && want.TotalSize() == 1
	}
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i] != want[i] {
			return false
		}
	}
	return true
}

// scalarOut returns v as a Gorgonia scalar, written into prealloc when it is a *G.F64.
func scalarOut(prealloc G.Value, v float64) (G.Value, error) {
	if p, ok := prealloc.(*G.F64); ok && p != nil {
		*p = G.F64(v)
		return p, nil
	}
	if prealloc != nil {
		return nil, fmt.Errorf("preallocated output is %T, want *gorgonia.F64", prealloc)
	}
	return G.NewF64(v), nil
}

// tensorOut returns the float64 tensor of the given shape that an op writes into, and its
// data: prealloc when given (it must be a contiguous float64 tensor of that shape), else a
// new tensor.
func tensorOut(prealloc G.Value, shape tensor.Shape) (*tensor.Dense, []float64, error) {
	if prealloc == nil {
		t := tensor.New(tensor.Of(tensor.Float64), tensor.WithShape(shape.Clone()...))
		return t, t.Float64s(), nil
	}
	t, ok := prealloc.(*tensor.Dense)
	if !ok {
		return nil, nil, fmt.Errorf("preallocated output is %T, want *tensor.Dense", prealloc)
	}
	if t.Dtype() != tensor.Float64 || !t.Shape().Eq(shape) || t.RequiresIterator() {
		return nil, nil, fmt.Errorf("preallocated output is %v %v, want contiguous float64 %v", t.Dtype(), t.Shape(), shape)
	}
	return t, t.Float64s()[:shape.TotalSize()], nil
}
