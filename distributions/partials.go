package distributions

import (
	"errors"
	"fmt"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// errGradOfGrad is returned by the SymDiff of every gradient op: second derivatives are not
// provided.
var errGradOfGrad = errors.New("distributions: gradient ops are not differentiable")

// singleNeed returns the only input whose partial is needed, or -1 when there are none or
// several.
func singleNeed(need []bool) int {
	single := -1
	for i, n := range need {
		if !n {
			continue
		}
		if single >= 0 {
			return -1
		}
		single = i
	}
	return single
}

// sizesOf returns the number of elements of each view.
func sizesOf(views []floatView) (s [maxInputs]int) {
	for i, v := range views {
		s[i] = len(v.d)
	}
	return s
}

// layoutParts points parts[i], for each input i whose partial is needed, at its part of d
// (each of sizes[i] elements, one after the other in input order, from offset off) and
// returns the offset past the last one. With d nil it only computes the length.
func layoutParts(parts *partialSlices, d []float64, off int, need []bool, sizes *[maxInputs]int) int {
	for i, n := range need {
		if !n {
			continue
		}
		end := off + sizes[i]
		if d != nil {
			parts[i] = d[off:end:end]
		}
		off = end
	}
	return off
}

// packedOutput returns the output of a packed op, the vector [value, partials...] with the
// partials of the inputs where need is true (sizes holds the inputs' numbers of elements),
// written into prealloc when it is a float64 vector of the right length: the value, its
// data, and the partials' slices, zeroed. The value goes to data[0].
func packedOutput(prealloc G.Value, need []bool, sizes *[maxInputs]int) (G.Value, []float64, partialSlices, error) {
	var parts partialSlices
	n := layoutParts(&parts, nil, 1, need, sizes)
	out, d, err := outputOf(prealloc, tensor.Shape{n})
	if err != nil {
		return nil, nil, parts, err
	}
	clear(d)
	layoutParts(&parts, d, 1, need, sizes)
	return out, d, parts, nil
}

// gradOutput returns the output of a gradient op, written into prealloc when it has the
// right kind and shape: the partial of the only input whose partial is needed, of that
// input's shape (a *G.F64 for a scalar input), or the needed partials one after the other
// in a vector. views holds the inputs' values. The partials are zeroed.
func gradOutput(prealloc G.Value, need []bool, views []floatView) (G.Value, partialSlices, error) {
	var parts partialSlices
	var shape tensor.Shape
	sizes := sizesOf(views)
	i := singleNeed(need)
	if i >= 0 {
		shape = views[i].s // empty for a scalar
	} else {
		shape = tensor.Shape{layoutParts(&parts, nil, 0, need, &sizes)}
	}
	out, d, err := outputOf(prealloc, shape)
	if err != nil {
		return nil, parts, err
	}
	clear(d)
	if i >= 0 {
		if len(d) != sizes[i] {
			return nil, parts, fmt.Errorf("partial of %d elements for an input of %d", len(d), sizes[i])
		}
		parts[i] = d
	} else {
		layoutParts(&parts, d, 0, need, &sizes)
	}
	return out, parts, nil
}

// symDiff is the SymDiff of every fused op. A packed op hands out its stored partials: one
// partialOp per input copies them out of the packed vector (output), scaled by the upstream
// gradient grad of the value (see pickOp.SymDiff). Any other op gets one gradient op
// applied to (grad, inputs...) computing every needed partial in one pass; its output is
// the partial itself when only one is needed, else partialOps cut it into one node per
// input. Inputs that are differentiable but whose partial is not computed (nonDiffLeaf)
// get a zero constant, because Gorgonia requires a node for each of them; the others get
// nil.
func symDiff(op *fusedOp, inputs G.Nodes, output, grad *G.Node) (out G.Nodes, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("distributions: %s: building the gradient panicked: %v", op.name, r)
		}
	}()
	if len(inputs) != len(op.inTypes) {
		return nil, fmt.Errorf("distributions: %s: %d inputs, want %d", op.name, len(inputs), len(op.inTypes))
	}
	if grad == nil || output == nil {
		return nil, fmt.Errorf("distributions: %s: no upstream gradient", op.name)
	}
	anyDiff := false
	for _, d := range op.diff {
		anyDiff = anyDiff || d
	}
	if !anyDiff {
		return nil, fmt.Errorf("distributions: %s is not differentiable with respect to any input", op.name)
	}
	out = make(G.Nodes, len(inputs))
	switch {
	case op.packed:
		if !grad.IsScalar() {
			return nil, fmt.Errorf("distributions: %s: upstream gradient of shape %v, want a scalar", op.name, grad.Shape())
		}
		for i, need := range op.need {
			if need {
				if out[i], err = applyPartial(op, i, output, grad, inputs); err != nil {
					return nil, err
				}
			}
		}
	case anyOf(op.need):
		gop := newGradOp(op, grad, inputs)
		args := make(G.Nodes, 0, len(inputs)+1)
		args = append(args, grad)
		args = append(args, inputs...)
		flat, aerr := G.ApplyOp(gop, args...)
		if aerr != nil {
			return nil, fmt.Errorf("distributions: %s: %w", gop.name, aerr)
		}
		single := singleNeed(op.need)
		for i, need := range op.need {
			switch {
			case !need:
			case i == single:
				out[i] = flat
			default:
				if out[i], err = applyPartial(op, i, flat, nil, inputs); err != nil {
					return nil, err
				}
			}
		}
	}
	for i, d := range op.diff {
		if !d || out[i] != nil {
			continue
		}
		if !nonDiffLeaf(inputs[i]) {
			return nil, fmt.Errorf("distributions: %s: input %d was a constant when the log density was built and is not one now: rebuild the distribution instead of replacing a constant", op.name, i)
		}
		out[i] = zerosNode(inputs[i].Shape())
	}
	return out, nil
}

// anyOf reports whether some entry of b is true.
func anyOf(b []bool) bool {
	for _, v := range b {
		if v {
			return true
		}
	}
	return false
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
