package distributions

import (
	"errors"
	"fmt"
	"hash"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// errGradOfGrad is returned by the SymDiff of every gradient op: second derivatives are not
// provided.
var errGradOfGrad = errors.New("distributions: gradient ops are not differentiable")

// partialLayout lays out the output of a fusedGradOp: the partials of the forward op's
// inputs that are needed, one after the other in input order, each in its input's shape, in
// one flat vector. When exactly one partial is needed the output has that input's shape
// instead, so that no Slice or Reshape step follows the gradient op (the NormalMixture hot
// path: a scalar value and constant parameters).
type partialLayout struct {
	need   []bool         // per input of the forward op: is its partial computed
	shapes []tensor.Shape // per input: its shape
	lens   []int          // per input: its number of elements
	offs   []int          // per input: offset of its partial in the flat output
	total  int            // length of the flat output
	count  int            // partials needed
	single int            // the only needed input when count == 1, else -1
}

// newPartialLayout returns the layout for inputs whose partials are wanted where diff is
// true. No partial is computed for an input that cannot lead to a variable (nonDiffLeaf).
func newPartialLayout(inputs G.Nodes, diff []bool) partialLayout {
	p := partialLayout{
		need:   make([]bool, len(inputs)),
		shapes: make([]tensor.Shape, len(inputs)),
		lens:   make([]int, len(inputs)),
		offs:   make([]int, len(inputs)),
		single: -1,
	}
	for i, n := range inputs {
		p.shapes[i] = n.Shape()
		p.lens[i] = p.shapes[i].TotalSize()
		p.need[i] = i < len(diff) && diff[i] && !nonDiffLeaf(n)
		if !p.need[i] {
			p.offs[i] = -1
			continue
		}
		p.offs[i] = p.total
		p.total += p.lens[i]
		p.count++
		p.single = i
	}
	if p.count != 1 {
		p.single = -1
	}
	return p
}

// outShape is the shape of the gradient op's output.
func (p *partialLayout) outShape() tensor.Shape {
	if p.single >= 0 {
		return p.shapes[p.single].Clone()
	}
	return tensor.Shape{p.total}
}

// slices points each needed input's entry at its part of out.
func (p *partialLayout) slices(out []float64) partialSlices {
	var s partialSlices
	for i, need := range p.need {
		if need {
			end := p.offs[i] + p.lens[i]
			s[i] = out[p.offs[i]:end:end]
		}
	}
	return s
}

// writeHash writes the layout, which changes the gradient op's output.
func (p *partialLayout) writeHash(h hash.Hash) {
	fmt.Fprintf(h, "|need%v shapes%v", p.need, p.shapes)
}

// symDiff is the SymDiff of every fused op: it applies one gradient op to (grad, inputs...)
// and splits its flat output with Slice and Reshape into one node per input (when only one
// partial is needed, the gradient op's output is that partial itself). Inputs that are
// differentiable but whose partial is not computed (nonDiffLeaf) get a zero constant,
// because Gorgonia requires a node for each of them; the others get nil.
func symDiff(op *fusedOp, inputs G.Nodes, grad *G.Node) (out G.Nodes, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("distributions: %s: building the gradient panicked: %v", op.name, r)
		}
	}()
	if len(inputs) != len(op.inTypes) {
		return nil, fmt.Errorf("distributions: %s: %d inputs, want %d", op.name, len(inputs), len(op.inTypes))
	}
	diff := op.DiffWRT(len(inputs))
	anyDiff := false
	for _, d := range diff {
		anyDiff = anyDiff || d
	}
	if !anyDiff {
		return nil, fmt.Errorf("distributions: %s is not differentiable with respect to any input", op.name)
	}
	gop := newGradOp(op, grad, inputs)
	p := &gop.parts
	out = make(G.Nodes, len(inputs))
	if p.count > 0 {
		args := make(G.Nodes, 0, len(inputs)+1)
		args = append(args, grad)
		args = append(args, inputs...)
		flat, err := G.ApplyOp(gop, args...)
		if err != nil {
			return nil, fmt.Errorf("distributions: %s: %w", gop.name, err)
		}
		for i := range inputs {
			switch {
			case !p.need[i]:
			case p.single >= 0:
				out[i] = flat
			default:
				if out[i], err = slicePartial(flat, p.offs[i], p.shapes[i]); err != nil {
					return nil, fmt.Errorf("distributions: %s: gradient of input %d: %w", op.name, i, err)
				}
			}
		}
	}
	for i, d := range diff {
		if d && out[i] == nil {
			out[i] = zerosNode(inputs[i].Shape())
		}
	}
	return out, nil
}

// slicePartial returns the part of the flat gradient vector at off holding a partial of
// the given shape.
func slicePartial(flat *G.Node, off int, shape tensor.Shape) (*G.Node, error) {
	if len(shape) == 0 {
		return G.Slice(flat, G.S(off))
	}
	s, err := G.Slice(flat, G.S(off, off+shape.TotalSize()))
	if err != nil || s.Shape().Eq(shape) && len(s.Shape()) == len(shape) {
		return s, err
	}
	return G.Reshape(s, shape.Clone())
}

// zerosNode returns a zero constant of the given shape, outside any graph: the gradient of
// an input Gorgonia never reads. Its name carries dtype and shape so that constants merged
// by name are always equal (gorgonia-notes trap 3).
func zerosNode(shape tensor.Shape) *G.Node {
	name := fmt.Sprintf("distributions.zeros.f64%v", shape)
	if len(shape) == 0 {
		return G.NewConstant(0.0, G.WithName(name))
	}
	t := tensor.New(tensor.WithShape(shape.Clone()...), tensor.Of(tensor.Float64))
	return G.NewConstant(t, G.WithName(name))
}
