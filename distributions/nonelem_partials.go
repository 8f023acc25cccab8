package distributions

import (
	"errors"
	"fmt"
	"hash"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// nwPartials lays out the output of a gradient op: the partials of the value op's inputs
// that are needed, one after the other in input order, each of its input's shape, in one flat
// vector. When exactly one partial is needed the output has that input's shape instead, so
// that no Slice or Reshape step follows the gradient op.
type nwPartials struct {
	need   []bool         // per input of the value op: is its partial computed
	shapes []tensor.Shape // per input: its shape
	offs   []int          // per input: offset of its partial in the flat output
	total  int            // length of the flat output
	count  int            // partials needed
	single int            // the only needed input when count == 1, else -1
}

// newNWPartials returns the layout for inputs whose partials are wanted where want is true.
// A partial is not computed for an input that cannot lead to a variable: a leaf that is not
// an input node (a constant or a zero-arity op such as a random draw), because Gorgonia can
// only differentiate with respect to input nodes.
func newNWPartials(inputs G.Nodes, want []bool) nwPartials {
	p := nwPartials{
		need:   make([]bool, len(inputs)),
		shapes: make([]tensor.Shape, len(inputs)),
		offs:   make([]int, len(inputs)),
		single: -1,
	}
	for i, n := range inputs {
		p.shapes[i] = n.Shape()
		p.need[i] = want[i] && !nwNonDiffLeaf(n)
		if !p.need[i] {
			continue
		}
		p.offs[i] = p.total
		p.total += p.shapes[i].TotalSize()
		p.count++
		p.single = i
	}
	if p.count != 1 {
		p.single = -1
	}
	return p
}

// nwNonDiffLeaf reports whether n is a leaf with an op: a constant or a zero-arity op.
func nwNonDiffLeaf(n *G.Node) bool {
	if n.Op() == nil {
		return false // an input node
	}
	g := n.Graph()
	if g == nil {
		return true // a constant not added to a graph
	}
	return g.From(n.ID()).Len() == 0
}

// outShape is the shape of the gradient op's output.
func (p *nwPartials) outShape() tensor.Shape {
	if p.single >= 0 {
		return p.shapes[p.single].Clone()
	}
	return tensor.Shape{p.total}
}

// views points dst[i] at the part of out holding input i's partial, nil when it is not needed.
func (p *nwPartials) views(out []float64, dst []([]float64)) {
	for i := range p.need {
		if p.need[i] {
			n := p.shapes[i].TotalSize()
			dst[i] = out[p.offs[i] : p.offs[i]+n]
		} else {
			dst[i] = nil
		}
	}
}

// writeHash writes the layout, which changes the gradient op's output.
func (p *nwPartials) writeHash(h hash.Hash) {
	fmt.Fprintf(h, "need%v shapes%v", p.need, p.shapes)
}

// nwSymDiff is the SymDiff of a fused value op over inputs, differentiable where diff is
// true: it applies the single gradient op made by mk to args = (grad, inputs...) and splits
// its flat output with Slice and Reshape into one node per input (when only one partial is
// needed, the gradient op's output is that partial itself). Inputs that are differentiable
// but whose partial is not computed (constants) get a zero constant, because Gorgonia
// requires a node for each of them; non-differentiable inputs get nil.
func nwSymDiff(inputs G.Nodes, grad *G.Node, diff []bool, mk func(p nwPartials, args G.Nodes) G.Op) (out G.Nodes, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("distributions: building the gradient panicked: %v", r)
		}
	}()
	if len(diff) != len(inputs) {
		return nil, fmt.Errorf("distributions: %d inputs for %d differentiability flags", len(inputs), len(diff))
	}
	p := newNWPartials(inputs, diff)
	out = make(G.Nodes, len(inputs))
	if p.count > 0 {
		args := make(G.Nodes, 0, len(inputs)+1)
		args = append(args, grad)
		args = append(args, inputs...)
		flat, err := G.ApplyOp(mk(p, args), args...)
		if err != nil {
			return nil, fmt.Errorf("distributions: applying the gradient op: %w", err)
		}
		for i := range inputs {
			if !p.need[i] {
				continue
			}
			if p.single >= 0 {
				out[i] = flat
				continue
			}
			if out[i], err = nwSlicePartial(flat, p.offs[i], p.shapes[i]); err != nil {
				return nil, err
			}
		}
	}
	for i, d := range diff {
		if d && out[i] == nil {
			out[i] = nwZeros(inputs[i].Shape())
		}
	}
	return out, nil
}

// nwSlicePartial returns the part of the flat gradient vector at off holding a partial of
// the given shape.
func nwSlicePartial(flat *G.Node, off int, shape tensor.Shape) (*G.Node, error) {
	n := shape.TotalSize()
	if len(shape) == 0 {
		return G.Slice(flat, G.S(off))
	}
	s, err := G.Slice(flat, G.S(off, off+n))
	if err != nil {
		return nil, err
	}
	if len(shape) == 1 {
		return s, nil
	}
	return G.Reshape(s, shape.Clone())
}

// nwZeros returns a zero constant of the given shape, outside any graph: the gradient of a
// constant input, which Gorgonia never reads. Its name carries dtype and shape so that
// constants merged by name are always equal (gorgonia-notes trap 3).
func nwZeros(shape tensor.Shape) *G.Node {
	name := fmt.Sprintf("distributions.zeros.f64%v", shape)
	if len(shape) == 0 {
		return G.NewConstant(0.0, G.WithName(name))
	}
	t := tensor.New(tensor.WithShape(shape.Clone()...), tensor.Of(tensor.Float64))
	return G.NewConstant(t, G.WithName(name))
}

// nwApply applies op to inputs, turning a panic of Gorgonia's graph construction into an
// error (gorgonia-notes trap 22).
func nwApply(op G.Op, inputs ...*G.Node) (n *G.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			n, err = nil, fmt.Errorf("distributions: applying %v panicked: %v", op, r)
		}
	}()
	return G.ApplyOp(op, inputs...)
}

// errGradOfGrad is returned by the SymDiff of every gradient op: second derivatives are not
// provided.
var errGradOfGrad = errors.New("distributions: gradient ops are not differentiable")

// nwCheckNode checks that a parameter or value node is a float64 scalar or tensor.
func nwCheckNode(family, name string, n *G.Node) error {
	if n == nil {
		return fmt.Errorf("distributions: %s: %s is nil", family, name)
	}
	if n.Dtype() != tensor.Float64 {
		return fmt.Errorf("distributions: %s: %s must be float64, got %v", family, name, n.Dtype())
	}
	return nil
}

// nwConstValue returns the value of a constant node, or false when n is not a constant.
// Parameter checks at build time apply to constants only: any other node can change.
func nwConstValue(n *G.Node) (nwArg, bool) {
	c, ok := n.Op().(interface{ Value() G.Value })
	if !ok {
		return nwArg{}, false
	}
	a, err := nwArgOf(c.Value())
	if err != nil {
		return nwArg{}, false
	}
	return a, true
}
