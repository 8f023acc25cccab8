package distributions

import (
	"fmt"
	"hash"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// elemLogP is a univariate family's log density as a fused op's numeric content: the
// engine's one pass over value and parameters broadcast NumPy-style. Its value is the log
// density summed over the broadcast shape (a scalar), or, when elem is set, each element's
// log density (the broadcast shape).
type elemLogP struct {
	k        elemKernel
	elem     bool // element-wise output instead of the sum
	observed bool // the value is data: no gradient for it
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
	return applyFusedOp(fam, op, in)
}

// newLogpOp checks value against the parameters and returns the op. It is differentiable
// with respect to the value unless it is observed (or discrete), and with respect to the
// differentiable parameters that are not constants. The summed form is packed (see
// fusedOp) when some input needs a partial.
func newLogpOp(fam string, k elemKernel, value *G.Node, params []*G.Node, observed, elem bool) (*fusedOp, error) {
	info := k.info()
	specs := info.specs
	if err := checkNode(fam, "value", value); err != nil {
		return nil, err
	}
	if len(params) != len(specs) {
		return nil, fmt.Errorf("distributions: %s: %d parameters, want %d", fam, len(params), len(specs))
	}
	for i, p := range params {
		if p == nil {
			return nil, fmt.Errorf("distributions: %s: %s is nil", fam, specs[i].name)
		}
		if value.Graph() != nil && p.Graph() != nil && value.Graph() != p.Graph() {
			return nil, fmt.Errorf("distributions: %s: value and %s are in different graphs", fam, specs[i].name)
		}
	}
	diff := make([]bool, 1+len(specs))
	diff[0] = !observed && !info.discrete
	for i, p := range params {
		diff[1+i] = specs[i].diff && !isConstantNode(p)
	}
	name := info.id + "LogP"
	if elem {
		name = info.id + "LogPElem"
	}
	in := make(G.Nodes, 0, 1+len(params))
	in = append(in, value)
	in = append(in, params...)
	op, err := newFusedOp(name, &elemLogP{k: k, elem: elem, observed: observed}, in, diff)
	if err != nil {
		return nil, fmt.Errorf("distributions: %s: %w", fam, err)
	}
	return op, nil
}

func (f *elemLogP) writeConfig(h hash.Hash) {
	fmt.Fprintf(h, "|%s|elem=%t|observed=%t", f.k.info().id, f.elem, f.observed)
}

// inputNames names the inputs of a univariate family's op: "value", then its parameters.
func inputNames(specs []paramSpec) []string {
	names := make([]string, 0, 1+len(specs))
	names = append(names, "value")
	for _, s := range specs {
		names = append(names, s.name)
	}
	return names
}

func (f *elemLogP) outShape(in []tensor.Shape) (tensor.Shape, error) {
	specs := f.k.info().specs
	if len(in) != 1+len(specs) {
		return nil, fmt.Errorf("%d inputs, want %d", len(in), 1+len(specs))
	}
	b, err := broadcastShapes(inputNames(specs), in...)
	if err != nil {
		return nil, err
	}
	if _, err := newBcast(b, in...); err != nil {
		return nil, err
	}
	return logpShape(f.elem, b), nil
}

func (f *elemLogP) value(prealloc G.Value, in []G.Value) (G.Value, error) {
	w := getScratch()
	defer putScratch(w)
	if err := w.loadViews(f.k, in, 0); err != nil {
		return nil, err
	}
	if !f.elem && w.allScalar(len(in)) {
		out, d, err := outputOf(prealloc, nil)
		if err != nil {
			return nil, err
		}
		d[0] = w.scalarPass(f.k)
		return out, nil
	}
	if err := w.setup(f.k); err != nil {
		return nil, err
	}
	if f.elem {
		out, d, err := outputOf(prealloc, w.out.shape())
		if err != nil {
			return nil, err
		}
		w.logpElem(d)
		return out, nil
	}
	out, d, err := outputOf(prealloc, nil)
	if err != nil {
		return nil, err
	}
	d[0] = w.pass(nil, false, true)
	return out, nil
}

func (f *elemLogP) valueGrad(prealloc G.Value, need []bool, in []G.Value) (G.Value, error) {
	w := getScratch()
	defer putScratch(w)
	if err := w.loadViews(f.k, in, 0); err != nil {
		return nil, err
	}
	scalar := w.allScalar(len(in))
	if !scalar {
		if err := w.setup(f.k); err != nil {
			return nil, err
		}
	}
	sizes := sizesOf(w.views[:len(in)])
	out, d, parts, err := packedOutput(prealloc, need, &sizes)
	if err != nil {
		return nil, err
	}
	w.parts = parts
	if scalar {
		d[0] = w.scalarPass(f.k)
	} else {
		d[0] = w.pass(nil, false, true)
	}
	return out, nil
}

func (f *elemLogP) grad(prealloc G.Value, need []bool, in []G.Value) (G.Value, error) {
	if len(in) == 0 {
		return nil, fmt.Errorf("no inputs")
	}
	up, err := viewOf(in[0])
	if err != nil {
		return nil, fmt.Errorf("upstream gradient: %w", err)
	}
	w := getScratch()
	defer putScratch(w)
	if err := w.load(f.k, in, 1); err != nil {
		return nil, err
	}
	if f.elem && len(up.d) != w.st.b.size {
		return nil, fmt.Errorf("upstream gradient has shape %v, want %v", up.s, w.out.shape().Clone())
	}
	if !f.elem && len(up.d) != 1 {
		return nil, fmt.Errorf("upstream gradient has shape %v, want a scalar", up.s)
	}
	out, parts, err := gradOutput(prealloc, need, w.views[:1+w.st.np])
	if err != nil {
		return nil, err
	}
	w.parts = parts
	w.pass(up.d, f.elem, false)
	return out, nil
}
