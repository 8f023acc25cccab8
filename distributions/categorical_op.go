package distributions

import (
	"fmt"
	"hash"
	"math"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// categoricalLogP is the fused log probability of Categorical over inputs (x, p) or
// (x, logit_p): summed to a scalar, or with elem one value per batch element. The class
// axis is p's last axis. The value is discrete and never differentiated.
type categoricalLogP struct {
	logit bool // the second input holds log-odds
	elem  bool
}

// Labels of the inputs in errors.
var (
	catNames      = []string{"value", "p"}
	catNamesLogit = []string{"value", "logit_p"}
)

func (f *categoricalLogP) names() []string {
	if f.logit {
		return catNamesLogit
	}
	return catNames
}

func (f *categoricalLogP) writeConfig(h hash.Hash) {
	fmt.Fprintf(h, "logit=%t elem=%t", f.logit, f.elem)
}

func (f *categoricalLogP) outShape(in []tensor.Shape) (tensor.Shape, error) {
	if len(in) != 2 {
		return nil, fmt.Errorf("%d inputs, want 2", len(in))
	}
	if len(in[1]) == 0 {
		return nil, fmt.Errorf("%s needs a class axis", f.names()[1])
	}
	return batchOutShape(f.elem, f.names(), appendAxis(in[0], 1), in[1])
}

// catArgs reads the inputs (x, p) into args and prepares the walk over the batch elements:
// x gets a trailing axis of size 1 and each row is p's class axis.
func (f *categoricalLogP) catArgs(args *[2]floatView, r *batchRun, in []G.Value) error {
	if err := viewsOf(args[:], in); err != nil {
		return err
	}
	if len(args[1].s) == 0 {
		return fmt.Errorf("%s needs a class axis", f.names()[1])
	}
	var xa shapeArr
	xs, ok := withAxis(&xa, args[0].s)
	if !ok {
		return tooManyAxes(args[0].s)
	}
	return r.init(f.names(), []tensor.Shape{xs, args[1].s})
}

func (f *categoricalLogP) value(prealloc G.Value, in []G.Value) (G.Value, error) {
	var args [2]floatView
	var r batchRun
	if err := f.catArgs(&args, &r, in); err != nil {
		return nil, err
	}
	out, d, err := outputOf(prealloc, logpShape(f.elem, r.batch()))
	if err != nil {
		return nil, err
	}
	x, p := args[0], args[1]
	k, st := r.k(), r.b.inner(1)
	sink := logpSink{out: d, elem: f.elem}
	it := rowIter{b: &r.b}
	for e := 0; it.next(); e++ {
		sink.add(e, f.logp(catIndex(x.d[it.off[0]], k), p.d[it.off[1]:], st, k))
	}
	sink.done()
	return out, nil
}

func (f *categoricalLogP) logp(i int, row []float64, st, k int) float64 {
	if f.logit {
		return catLogitLogp(i, row, st, k)
	}
	return catLogp(i, row, st, k)
}

func (f *categoricalLogP) valueGrad(prealloc G.Value, need []bool, in []G.Value) (G.Value, error) {
	var args [2]floatView
	var r batchRun
	if err := f.catArgs(&args, &r, in); err != nil {
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
	d[0] = f.walk(&r, args[:], nil, parts[1], true)
	return out, nil
}

// grad adds the partials with respect to p (or logit_p); a batch element whose log
// probability is -Inf contributes none.
func (f *categoricalLogP) grad(prealloc G.Value, need []bool, in []G.Value) (G.Value, error) {
	if len(in) != 3 || len(need) != 2 {
		return nil, fmt.Errorf("%d inputs, want 3", len(in))
	}
	g, err := viewOf(in[0])
	if err != nil {
		return nil, fmt.Errorf("upstream gradient: %w", err)
	}
	var args [2]floatView
	var r batchRun
	if err := f.catArgs(&args, &r, in[1:]); err != nil {
		return nil, err
	}
	if err := checkUpstream(g, upstreamLen(f.elem, r.b.rows)); err != nil {
		return nil, err
	}
	out, parts, err := gradOutput(prealloc, need, args[:])
	if err != nil {
		return nil, err
	}
	f.walk(&r, args[:], g.d, parts[1], false)
	return out, nil
}

// walk adds the partials of every batch element's log probability with respect to p,
// weighted by its upstream gradient (up nil: 1), into dp (nil: not needed); with lp set it
// returns the summed log probability.
func (f *categoricalLogP) walk(r *batchRun, args []floatView, up, dp []float64, lp bool) float64 {
	x, p := args[0], args[1]
	k, st := r.k(), r.b.inner(1)
	total := 0.0
	it := rowIter{b: &r.b}
	for e := 0; it.next(); e++ {
		i := catIndex(x.d[it.off[0]], k)
		row := p.d[it.off[1]:]
		l := f.logp(i, row, st, k)
		total += l
		if dp == nil || math.IsInf(l, -1) {
			continue
		}
		g := 1.0
		if up != nil {
			g = upstreamAt(up, e, f.elem)
		}
		if f.logit {
			catLogitGrad(g, i, row, st, k, dp[it.off[1]:])
		} else {
			catLogpGrad(g, i, row, st, k, dp[it.off[1]:])
		}
	}
	if !lp {
		return 0
	}
	return total
}
