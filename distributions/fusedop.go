package distributions

import (
	"fmt"
	"hash"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Every log density and transform of the package is one fused Gorgonia op (a fusedOp)
// computing its value and, when a gradient can be wanted, its partial derivatives with
// respect to all its inputs in the same pass over the data, as Stan's math library does
// with operands_and_partials: Gorgonia's broadcasting ops would materialise copies instead
// (gorgonia-notes traps 15 and 16), and a separate gradient op would read the data a second
// time. What differs from one family to the next is only the numeric work, a fusedFunc;
// the op types hold the Gorgonia boilerplate once: types, shapes, hashing, DiffWRT,
// SymDiff, output buffers, input count checks and the recovery of panics.
//
// An op whose value is a scalar (a summed log density, a log-Jacobian) and which has an
// input needing a partial is "packed": its output is the vector
//
//	[value, partials of input i0..., partials of input i1..., ...]
//
// (the inputs that need a partial, in order, each in row-major order), computed in one
// pass, and the scalar node the model sees is its first entry, picked out by a pickOp. The
// gradient then costs no data pass: the SymDiff of the packed op applies, per input, a
// partialOp that copies the input's partials out of the packed vector, scaled by the
// upstream gradient (O(parameter size)). The partials are computed whether or not a
// gradient is compiled; a graph that only wants the value pays for them, but that is the
// rare case (a compiled log density always has its gradient), and the alternative, a
// gradient op reusing sums the value op computed, needs the same values to travel between
// the ops anyway: ops are stateless, because one op value serves several compiled graphs
// running at once.
//
// Ops whose value is not a scalar (per-element log densities, the transforms' Forward and
// Backward) keep a value op and a fusedGradOp: their partials depend on an upstream
// gradient of the value's shape, which is only known after the value.
//
// References:
// B. Carpenter, M. D. Hoffman, M. Brubaker, D. Lee, P. Li and M. Betancourt, The Stan Math
// Library: Reverse-Mode Automatic Differentiation in C++, arXiv:1509.07164 (2015): the
// vectorised log densities, whose partials are computed with the value and stored for the
// reverse pass (operands_and_partials).

// maxInputs bounds the inputs of a fused op (the value and up to three parameters), so that
// the partials travel in a fixed-size array.
const maxInputs = maxOperands

// partialSlices holds, for each input of a fused op, the slice its partial derivatives are
// added to, of the input's size; nil when the partial is not needed. It is a value, so that
// the slice headers stay on the stack (hot paths allocate nothing).
type partialSlices [maxInputs][]float64

// fusedFunc is the numeric content of a fused op. Its run-time methods read the inputs'
// values, check their shapes against each other (the op holds no shape), and write into
// prealloc, the executor's buffer from the previous run, when it has the right kind and
// shape; with prealloc nil, or of the wrong shape, they allocate the output (outputOf).
type fusedFunc interface {
	// writeConfig writes what changes the result besides the op's name, input types and
	// output rank, so that hash-consing merges two nodes only when they compute the same.
	writeConfig(h hash.Hash)

	// outShape returns the shape of the op's value for inputs of the given shapes, or an
	// error saying which inputs do not fit together. It is InferShape's work.
	outShape(in []tensor.Shape) (tensor.Shape, error)

	// value computes the op's value from in.
	value(prealloc G.Value, in []G.Value) (G.Value, error)

	// valueGrad computes, for an op with a scalar value, the packed vector [value,
	// partials...] (see packedOutput) of the inputs in where need is true, in one pass.
	valueGrad(prealloc G.Value, need []bool, in []G.Value) (G.Value, error)

	// grad computes the partials of the inputs where need is true, weighted by the
	// upstream gradient in[0] (of the value's shape), from the op's inputs in[1:]; the
	// output is laid out by gradOutput.
	grad(prealloc G.Value, need []bool, in []G.Value) (G.Value, error)
}

// fusedOp is a log density or transform function as one Gorgonia op. It holds only
// configuration fixed when it is built, never buffers or shapes, so one op value may run
// in several graphs and goroutines at once, on inputs of any shapes that fit together.
type fusedOp struct {
	opBase
	f      fusedFunc
	diff   []bool // DiffWRT: the inputs the value is differentiable with respect to
	need   []bool // the inputs whose partials are computed: diff, except non-variable leaves
	packed bool   // the output is [value, partials...] (see above)
}

var (
	_ G.SDOp            = (*fusedOp)(nil)
	_ G.UsePreallocDoer = (*fusedOp)(nil)
	_ G.SDOp            = (*fusedGradOp)(nil)
	_ G.UsePreallocDoer = (*fusedGradOp)(nil)
)

// newFusedOp returns the op named name computing f over inputs, differentiable with respect
// to the inputs where diff is true. It checks the inputs' shapes (f.outShape). No partial
// is computed for an input that cannot lead to a variable (nonDiffLeaf: a constant, a
// seeded random node).
func newFusedOp(name string, f fusedFunc, inputs []*G.Node, diff []bool) (*fusedOp, error) {
	if len(inputs) > maxInputs {
		return nil, fmt.Errorf("%d inputs, at most %d", len(inputs), maxInputs)
	}
	s, err := f.outShape(nodeShapes(inputs))
	if err != nil {
		return nil, err
	}
	op := &fusedOp{f: f, diff: make([]bool, len(inputs)), need: make([]bool, len(inputs))}
	anyNeed := false
	for i, n := range inputs {
		op.diff[i] = i < len(diff) && diff[i]
		op.need[i] = op.diff[i] && !nonDiffLeaf(n)
		anyNeed = anyNeed || op.need[i]
	}
	op.packed = len(s) == 0 && anyNeed
	dims := len(s)
	if op.packed {
		dims = 1
	}
	op.opBase = newOpBase(name, inputs, dims)
	return op, nil
}

func (op *fusedOp) WriteHash(h hash.Hash) {
	op.writeBaseHash(h)
	op.f.writeConfig(h)
	fmt.Fprintf(h, "|diff=%v|need=%v|packed=%t", op.diff, op.need, op.packed)
}

func (op *fusedOp) Hashcode() uint32 { return hashOf(op) }

// InferShape computes the output's shape from the inputs' shapes: the value's shape, or
// for a packed op the length of [value, partials...].
func (op *fusedOp) InferShape(ds ...G.DimSizer) (tensor.Shape, error) {
	in := shapesOf(ds)
	if len(in) != len(op.inTypes) {
		return nil, op.arityError(len(in))
	}
	s, err := op.f.outShape(in)
	if err != nil {
		return nil, op.fail(err)
	}
	if !op.packed {
		return s, nil
	}
	if len(s) != 0 {
		return nil, op.fail(fmt.Errorf("packed op with a value of shape %v", s))
	}
	n := 1
	for i, need := range op.need {
		if need {
			n += in[i].TotalSize()
		}
	}
	return tensor.Shape{n}, nil
}

func (op *fusedOp) DiffWRT(n int) []bool {
	out := make([]bool, n)
	copy(out, op.diff)
	return out
}

// SymDiff returns the partials of the op's inputs; see symDiff.
func (op *fusedOp) SymDiff(inputs G.Nodes, output, grad *G.Node) (G.Nodes, error) {
	return symDiff(op, inputs, output, grad)
}

func (op *fusedOp) Do(in ...G.Value) (G.Value, error) { return op.UsePreallocDo(nil, in...) }

// UsePreallocDo writes into prealloc (a *G.F64 for a scalar output, a contiguous float64
// tensor of the output's shape otherwise) instead of allocating the output.
func (op *fusedOp) UsePreallocDo(prealloc G.Value, in ...G.Value) (G.Value, error) {
	return doSafely(op.name, func() (G.Value, error) {
		if len(in) != len(op.inTypes) {
			return nil, op.arityError(len(in))
		}
		var out G.Value
		var err error
		if op.packed {
			out, err = op.f.valueGrad(prealloc, op.need, in)
		} else {
			out, err = op.f.value(prealloc, in)
		}
		if err != nil {
			return nil, op.fail(err)
		}
		return out, nil
	})
}

// fusedGradOp computes in one pass every needed partial derivative of a fusedOp's output,
// weighted by the upstream gradient. Its inputs are the upstream gradient and the forward
// op's inputs; its output holds the partials laid out by gradOutput. It is never
// differentiated.
type fusedGradOp struct {
	opBase
	f    fusedFunc
	need []bool
}

// newGradOp returns the gradient op of fwd for the upstream gradient grad and fwd's inputs.
func newGradOp(fwd *fusedOp, grad *G.Node, inputs G.Nodes) *fusedGradOp {
	args := make(G.Nodes, 0, 1+len(inputs))
	args = append(args, grad)
	args = append(args, inputs...)
	dims := 1
	if i := singleNeed(fwd.need); i >= 0 {
		dims = inputs[i].Dims()
	}
	return &fusedGradOp{opBase: newOpBase(fwd.name+"Grad", args, dims), f: fwd.f, need: fwd.need}
}

func (op *fusedGradOp) WriteHash(h hash.Hash) {
	op.writeBaseHash(h)
	op.f.writeConfig(h)
	fmt.Fprintf(h, "|need=%v", op.need)
}

func (op *fusedGradOp) Hashcode() uint32 { return hashOf(op) }

// InferShape computes the output's shape from the inputs' shapes (see gradOutput), and
// checks that the upstream gradient has the shape of the forward op's value.
func (op *fusedGradOp) InferShape(ds ...G.DimSizer) (tensor.Shape, error) {
	in := shapesOf(ds)
	if len(in) != len(op.inTypes) || len(in) < 2 {
		return nil, op.arityError(len(in))
	}
	s, err := op.f.outShape(in[1:])
	if err != nil {
		return nil, op.fail(err)
	}
	if !sameShape(in[0], s) {
		return nil, op.fail(fmt.Errorf("upstream gradient of shape %v for a value of shape %v", in[0], s))
	}
	if i := singleNeed(op.need); i >= 0 {
		return in[1+i].Clone(), nil
	}
	n := 0
	for i, need := range op.need {
		if need {
			n += in[1+i].TotalSize()
		}
	}
	return tensor.Shape{n}, nil
}

// DiffWRT is all false: gradients are not differentiated again (but Gorgonia needs the
// method on every op of a graph it differentiates, gorgonia-notes trap 9).
func (op *fusedGradOp) DiffWRT(n int) []bool { return make([]bool, n) }

func (op *fusedGradOp) SymDiff(G.Nodes, *G.Node, *G.Node) (G.Nodes, error) {
	return nil, errGradOfGrad
}

func (op *fusedGradOp) Do(in ...G.Value) (G.Value, error) { return op.UsePreallocDo(nil, in...) }

// UsePreallocDo writes into prealloc, a value of the output's shape, instead of allocating.
func (op *fusedGradOp) UsePreallocDo(prealloc G.Value, in ...G.Value) (G.Value, error) {
	return doSafely(op.name, func() (G.Value, error) {
		if len(in) != len(op.inTypes) {
			return nil, op.arityError(len(in))
		}
		out, err := op.f.grad(prealloc, op.need, in)
		if err != nil {
			return nil, op.fail(err)
		}
		return out, nil
	})
}

// checkUpstream checks that the upstream gradient g of a fused op whose output has n
// elements (at run time) has n elements too.
func checkUpstream(g floatView, n int) error {
	if len(g.d) != n {
		return fmt.Errorf("upstream gradient has shape %v (%d elements), want %d elements", g.s, len(g.d), n)
	}
	return nil
}

// applyFused builds the node of a fused op named name computing f over inputs, for family
// fam (named in errors): the value node, or for a packed op the node picking the value out
// of the packed vector. See newFusedOp.
func applyFused(fam, name string, f fusedFunc, inputs []*G.Node, diff []bool) (*G.Node, error) {
	op, err := newFusedOp(name, f, inputs, diff)
	if err != nil {
		return nil, fmt.Errorf("distributions: %s: %w", fam, err)
	}
	return applyFusedOp(fam, op, inputs)
}

// applyFusedOp applies op to inputs; see applyFused.
func applyFusedOp(fam string, op *fusedOp, inputs []*G.Node) (*G.Node, error) {
	// ApplyOp keeps the slice it is given as the node's children: pass a copy.
	n, err := applyOp(fam, op, append([]*G.Node(nil), inputs...)...)
	if err != nil || !op.packed {
		return n, err
	}
	return applyOp(fam, pickValue, n)
}
