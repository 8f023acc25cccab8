package distributions

import (
	"fmt"
	"hash"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// dirichletLogP is the fused log density of Dirichlet over inputs (x, a), both of shape
// (..., K) with broadcasting batch axes: the sum, or with elem one value per batch element.
type dirichletLogP struct {
	elem bool
}

// dirNames labels the inputs in errors.
var dirNames = []string{"value", "a"}

func (f *dirichletLogP) writeConfig(h hash.Hash) { fmt.Fprintf(h, "elem=%t", f.elem) }

func (f *dirichletLogP) outShape(in []tensor.Shape) (tensor.Shape, error) {
	if len(in) != 2 {
		return nil, fmt.Errorf("%d inputs, want 2", len(in))
	}
	if err := dirCheckShapes(in[0], in[1]); err != nil {
		return nil, err
	}
	return batchOutShape(f.elem, dirNames, in[0], in[1])
}

// dirCheckShapes checks that value and a have the same event axis (their last).
func dirCheckShapes(x, a tensor.Shape) error {
	if len(x) == 0 || len(a) == 0 || x[len(x)-1] != a[len(a)-1] {
		return fmt.Errorf("value of shape %v does not match a of shape %v", x.Clone(), a.Clone())
	}
	return nil
}

// dirArgs reads the inputs (x, a) into args and prepares the walk over the batch elements;
// each row is the event axis.
func dirArgs(args *[2]floatView, r *batchRun, in []G.Value) error {
	if err := viewsOf(args[:], in); err != nil {
		return err
	}
	if err := dirCheckShapes(args[0].s, args[1].s); err != nil {
		return err
	}
	return r.init(dirNames, []tensor.Shape{args[0].s, args[1].s})
}

func (f *dirichletLogP) value(prealloc G.Value, in []G.Value) (G.Value, error) {
	var args [2]floatView
	var r batchRun
	if err := dirArgs(&args, &r, in); err != nil {
		return nil, err
	}
	out, d, err := outputOf(prealloc, logpShape(f.elem, r.batch()))
	if err != nil {
		return nil, err
	}
	x, a := args[0], args[1]
	k, sx, sa := r.k(), r.b.inner(0), r.b.inner(1)
	sink := logpSink{out: d, elem: f.elem}
	it := rowIter{b: &r.b}
	for e := 0; it.next(); e++ {
		sink.add(e, dirLogp(x.d[it.off[0]:], sx, a.d[it.off[1]:], sa, k))
	}
	sink.done()
	return out, nil
}

func (f *dirichletLogP) valueGrad(prealloc G.Value, need []bool, in []G.Value) (G.Value, error) {
	var args [2]floatView
	var r batchRun
	if err := dirArgs(&args, &r, in); err != nil {
		return nil, err
	}
	if len(need) != 2 {
		return nil, fmt.Errorf("%d inputs, want 2", len(need))
	}
	sizes := sizesOf(args[:])
	out, d, parts, err := packedOutput(prealloc, need, &sizes)
	if err != nil {
		return nil, err
	}
	d[0] = f.walk(&r, args[:], nil, &parts, true)
	return out, nil
}

// grad adds the partials with respect to x and a in one pass; rows with a non-finite log
// density or a zero entry contribute none.
func (f *dirichletLogP) grad(prealloc G.Value, need []bool, in []G.Value) (G.Value, error) {
	if len(in) != 3 || len(need) != 2 {
		return nil, fmt.Errorf("%d inputs, want 3", len(in))
	}
	g, err := viewOf(in[0])
	if err != nil {
		return nil, fmt.Errorf("upstream gradient: %w", err)
	}
	var args [2]floatView
	var r batchRun
	if err := dirArgs(&args, &r, in[1:]); err != nil {
		return nil, err
	}
	if err := checkUpstream(g, upstreamLen(f.elem, r.b.rows)); err != nil {
		return nil, err
	}
	out, parts, err := gradOutput(prealloc, need, args[:])
	if err != nil {
		return nil, err
	}
	f.walk(&r, args[:], g.d, &parts, false)
	return out, nil
}

// walk adds the partials of every batch element's log density, weighted by its upstream
// gradient (up nil: 1), into parts; with lp set it returns the summed log density.
func (f *dirichletLogP) walk(r *batchRun, args []floatView, up []float64, parts *partialSlices, lp bool) float64 {
	x, a := args[0], args[1]
	k, sx, sa := r.k(), r.b.inner(0), r.b.inner(1)
	total := 0.0
	it := rowIter{b: &r.b}
	for e := 0; it.next(); e++ {
		xr, ar := x.d[it.off[0]:], a.d[it.off[1]:]
		l := dirLogp(xr, sx, ar, sa, k)
		total += l
		if l-l != 0 || dirHasZero(xr, sx, k) || parts[0] == nil && parts[1] == nil {
			continue
		}
		g := 1.0
		if up != nil {
			g = upstreamAt(up, e, f.elem)
		}
		dirGrad(g, xr, sx, ar, sa, k, partialAt(parts[0], it.off[0]), partialAt(parts[1], it.off[1]))
	}
	if !lp {
		return 0
	}
	return total
}
