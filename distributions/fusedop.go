package distributions

import (
	"fmt"
	"hash"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Every log density and transform of the package is one fused Gorgonia op (a fusedOp) whose
// gradient is one more fused op (a fusedGradOp) filling the partials of all its inputs in
// one pass, as Stan's math library does with hand-coded partials: Gorgonia's broadcasting
// ops would materialise copies instead (gorgonia-notes traps 15 and 16). What differs from
// one family to the next is only the numeric work, a fusedFunc; the two op types hold the
// Gorgonia boilerplate once: types, hashing, DiffWRT, SymDiff, output buffers, input count
// checks and the recovery of panics.

// maxInputs bounds the inputs of a fused op (the value and up to three parameters), so that
// the partials of a gradient op travel in a fixed-size array.
const maxInputs = maxOperands

// partialSlices holds, for each input of a fused op, the slice its partial derivatives are
// added to, of the input's size; nil when the partial is not needed. It is a value, so that
// the slice headers stay on the stack (hot paths allocate nothing).
type partialSlices [maxInputs][]float64

// fusedFunc is the numeric content of a fused op.
type fusedFunc interface {
	// writeConfig writes what changes the result besides the op's name, input types and
	// output shape, so that hash-consing merges two nodes only when they compute the same.
	writeConfig(h hash.Hash)

	// value writes the op's output, laid out in its output shape, into out. in holds the
	// op's inputs (their number is checked).
	value(out []float64, in []G.Value) error

	// grad adds the partial derivatives of the op's output, weighted by the upstream
	// gradient in[0] (which has the op's output shape), into out, the gradient op's zeroed
	// output laid out by layout: the partial with respect to input i (in[1+i]) goes to
	// layout.slices(out)[i], which is nil when not needed. (The layout travels by pointer
	// rather than as partialSlices: an interface call would copy the array.)
	grad(layout *partialLayout, out []float64, in []G.Value) error
}

// fusedOp is a log density or transform function as one Gorgonia op. It holds only
// configuration fixed when it is built, never buffers, so one op value may run in several
// graphs and goroutines at once.
type fusedOp struct {
	opBase
	f    fusedFunc
	diff []bool // DiffWRT: the inputs the output is differentiable with respect to
}

var (
	_ G.SDOp            = (*fusedOp)(nil)
	_ G.UsePreallocDoer = (*fusedOp)(nil)
	_ G.SDOp            = (*fusedGradOp)(nil)
	_ G.UsePreallocDoer = (*fusedGradOp)(nil)
)

// newFusedOp returns the op named name computing f over inputs, with output shape out
// (empty for a scalar), differentiable with respect to the inputs where diff is true.
func newFusedOp(name string, f fusedFunc, inputs []*G.Node, out tensor.Shape, diff []bool) *fusedOp {
	return &fusedOp{opBase: newOpBase(name, inputs, out), f: f, diff: append([]bool(nil), diff...)}
}

func (op *fusedOp) WriteHash(h hash.Hash) {
	op.writeBaseHash(h)
	op.f.writeConfig(h)
	fmt.Fprintf(h, "|diff=%v", op.diff)
}

func (op *fusedOp) Hashcode() uint32 { return hashOf(op) }

func (op *fusedOp) DiffWRT(n int) []bool {
	out := make([]bool, n)
	copy(out, op.diff)
	return out
}

// SymDiff applies one fusedGradOp computing every needed partial; see symDiff.
func (op *fusedOp) SymDiff(inputs G.Nodes, _, grad *G.Node) (G.Nodes, error) {
	return symDiff(op, inputs, grad)
}

func (op *fusedOp) Do(in ...G.Value) (G.Value, error) { return op.UsePreallocDo(nil, in...) }

// UsePreallocDo writes into prealloc (a *G.F64 for a scalar output, a contiguous float64
// tensor of the output's shape otherwise) instead of allocating the output.
func (op *fusedOp) UsePreallocDo(prealloc G.Value, in ...G.Value) (G.Value, error) {
	return doSafely(op.name, func() (G.Value, error) {
		if len(in) != len(op.inTypes) {
			return nil, op.arityError(len(in))
		}
		out, d, err := outputOf(prealloc, op.outShape)
		if err != nil {
			return nil, op.fail(err)
		}
		if err := op.f.value(d, in); err != nil {
			return nil, op.fail(err)
		}
		return out, nil
	})
}

// fusedGradOp computes in one pass every needed partial derivative of a fusedOp's output,
// weighted by the upstream gradient. Its inputs are the upstream gradient and the forward
// op's inputs; its output holds the partials laid out by parts. It is never differentiated.
type fusedGradOp struct {
	opBase
	f     fusedFunc
	parts partialLayout
}

// newGradOp returns the gradient op of fwd for the upstream gradient grad and fwd's inputs.
func newGradOp(fwd *fusedOp, grad *G.Node, inputs G.Nodes) *fusedGradOp {
	parts := newPartialLayout(inputs, fwd.diff)
	args := make(G.Nodes, 0, 1+len(inputs))
	args = append(args, grad)
	args = append(args, inputs...)
	return &fusedGradOp{opBase: newOpBase(fwd.name+"Grad", args, parts.outShape()), f: fwd.f, parts: parts}
}

func (op *fusedGradOp) WriteHash(h hash.Hash) {
	op.writeBaseHash(h)
	op.f.writeConfig(h)
	op.parts.writeHash(h)
}

func (op *fusedGradOp) Hashcode() uint32 { return hashOf(op) }

// DiffWRT is all false: gradients are not differentiated again (but Gorgonia needs the
// method on every op of a graph it differentiates, gorgonia-notes trap 9).
func (op *fusedGradOp) DiffWRT(n int) []bool { return make([]bool, n) }

func (op *fusedGradOp) SymDiff(G.Nodes, *G.Node, *G.Node) (G.Nodes, error) {
	return nil, errGradOfGrad
}

func (op *fusedGradOp) Do(in ...G.Value) (G.Value, error) { return op.UsePreallocDo(nil, in...) }

// UsePreallocDo writes into prealloc, a value of the output's shape, instead of allocating.
// Its first lines repeat fusedOp.UsePreallocDo's on purpose: as a shared method they do not
// inline, which cost 3-6 ns a call on the NormalMixture hot path (~200 ns).
func (op *fusedGradOp) UsePreallocDo(prealloc G.Value, in ...G.Value) (G.Value, error) {
	return doSafely(op.name, func() (G.Value, error) {
		if len(in) != len(op.inTypes) {
			return nil, op.arityError(len(in))
		}
		out, d, err := outputOf(prealloc, op.outShape)
		if err != nil {
			return nil, op.fail(err)
		}
		clear(d)
		if err := op.f.grad(&op.parts, d, in); err != nil {
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
// fam (named in errors); see newFusedOp.
func applyFused(fam, name string, f fusedFunc, inputs []*G.Node, out tensor.Shape, diff []bool) (*G.Node, error) {
	return applyOp(fam, newFusedOp(name, f, inputs, out, diff), inputs...)
}
