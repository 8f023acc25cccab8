package distributions

import (
	"fmt"
	"hash"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// elemLogP is a univariate family's log density as a fused op's numeric content: the
// engine's one pass over value and parameters broadcast NumPy-style. Its output is the log
// density summed over the broadcast shape (a scalar), or, when elem is set, each element's
// log density (the broadcast shape).
type elemLogP struct {
	k        elemKernel
	elem     bool           // element-wise output instead of the sum
	observed bool           // the value is data: no gradient for it
	bshape   tensor.Shape   // broadcast shape of the value and the parameters
	shapes   []tensor.Shape // shapes of the inputs: value, then parameters
}

// applyLogp builds the log-density node of kernel k for value and params: the sum, or the
// element-wise form when elem is set. fam names the family in errors.
func applyLogp(fam string, k elemKernel, value *G.Node, params []*G.Node, observed, elem bool) (*G.Node, error) {
	op, err := newLogpOp(fam, k, value, params, observed, elem)
	if err != nil {
		return nil, err
	}
	in := make(G.Nodes, 0, 1+len(params))
	in = append(in, value)
	in = append(in, params...)
	return applyOp(fam, op, in...)
}

// newLogpOp checks value against the parameters and returns the op. It is differentiable
// with respect to the value unless it is observed (or discrete), and with respect to the
// differentiable parameters that are not constants.
func newLogpOp(fam string, k elemKernel, value *G.Node, params []*G.Node, observed, elem bool) (*fusedOp, error) {
	info := k.info()
	specs := info.specs
	if err := checkNode(fam, "value", value); err != nil {
		return nil, err
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
	diff := make([]bool, 1+len(specs))
	diff[0] = !observed && !info.discrete
	for i, p := range params {
		diff[1+i] = specs[i].diff && !isConstantNode(p)
	}
	name, out := info.id+"LogP", tensor.Shape{}
	if elem {
		name, out = info.id+"LogPElem", b
	}
	in := make(G.Nodes, 0, 1+len(params))
	in = append(in, value)
	in = append(in, params...)
	f := &elemLogP{k: k, elem: elem, observed: observed, bshape: b.Clone(), shapes: shapes}
	return newFusedOp(name, f, in, out, diff), nil
}

func (f *elemLogP) writeConfig(h hash.Hash) {
	fmt.Fprintf(h, "|%s|elem=%t|observed=%t|in=%v", f.k.info().id, f.elem, f.observed, f.shapes)
}

func (f *elemLogP) value(out []float64, in []G.Value) error {
	if err := checkInputShapes(f.shapes, in, 0); err != nil {
		return err
	}
	w := getScratch()
	defer putScratch(w)
	if f.elem {
		return w.logpElem(f.k, f.bshape, in, out)
	}
	v, err := w.logpSum(f.k, f.bshape, in)
	out[0] = v
	return err
}

func (f *elemLogP) grad(layout *partialLayout, out []float64, in []G.Value) error {
	parts := layout.slices(out)
	if err := checkInputShapes(f.shapes, in, 1); err != nil {
		return err
	}
	w := getScratch()
	defer putScratch(w)
	return w.grad(f.k, f.bshape, in, f.elem, parts)
}

// checkInputShapes checks that inputs[first+i] has shape shapes[i], the shape it had when the
// op was built: the engine's strides are planned for them. A scalar input may be a *G.F64
// or a tensor holding one element.
func checkInputShapes(shapes []tensor.Shape, inputs []G.Value, first int) error {
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
