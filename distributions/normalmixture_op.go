package distributions

import (
	"fmt"
	"hash"
	"math"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// maxFastComponents bounds the components of the scalar fast path, whose scratch lives on
// the stack.
const maxFastComponents = 8

// mixtureLogP is the fused log density of NormalMixture over inputs (x, w, mu, sigma) or
// (x, w, mu, tau): the sum over all elements (a scalar), or with elem the per-element log
// densities of the batch shape. The component axis is the last axis of w, mu and sigma.
// Its partials with respect to x, w, mu and sigma (or tau) come in the same pass as the
// value (the packed op), or in one pass of the gradient op for the per-element form.
type mixtureLogP struct {
	tau  bool // the fourth input is the precision
	elem bool // per-element output instead of the sum
}

// Labels of the inputs in errors.
var (
	mixNames    = []string{"value", "w", "mu", "sigma"}
	mixNamesTau = []string{"value", "w", "mu", "tau"}
)

func (f *mixtureLogP) names() []string {
	if f.tau {
		return mixNamesTau
	}
	return mixNames
}

func (f *mixtureLogP) writeConfig(h hash.Hash) { fmt.Fprintf(h, "tau=%t elem=%t", f.tau, f.elem) }

func (f *mixtureLogP) outShape(in []tensor.Shape) (tensor.Shape, error) {
	if len(in) != 4 {
		return nil, fmt.Errorf("%d inputs, want 4", len(in))
	}
	if len(in[1]) == 0 {
		return nil, fmt.Errorf("w must have a component axis, got a scalar")
	}
	return batchOutShape(f.elem, f.names(), appendAxis(in[0], 1), in[1], in[2], in[3])
}

// mixArgs reads the inputs (x, w, mu, sigma) into args and prepares the walk over the
// batch elements: x gets a trailing axis of size 1 and each row is the component axis.
func (f *mixtureLogP) mixArgs(args *[4]floatView, r *batchRun, in []G.Value) error {
	if err := viewsOf(args[:], in); err != nil {
		return err
	}
	var xa shapeArr
	xs, ok := withAxis(&xa, args[0].s)
	if !ok {
		return tooManyAxes(args[0].s)
	}
	return r.init(f.names(), []tensor.Shape{xs, args[1].s, args[2].s, args[3].s})
}

func (f *mixtureLogP) value(prealloc G.Value, in []G.Value) (G.Value, error) {
	if len(in) != 4 {
		return nil, fmt.Errorf("%d inputs, want 4", len(in))
	}
	if !f.elem {
		if w, mu, s, x, ok := mixFastArgs(in); ok {
			// The hot path: a scalar value and K <= maxFastComponents components as vectors.
			out, d, err := outputOf(prealloc, nil)
			if err != nil {
				return nil, err
			}
			var buf [maxFastComponents]float64
			d[0] = mixLogp(x, w, mu, s, buf[:len(w)], f.tau)
			return out, nil
		}
	}
	var args [4]floatView
	var r batchRun
	if err := f.mixArgs(&args, &r, in); err != nil {
		return nil, err
	}
	x, w, mu, s := args[0], args[1], args[2], args[3]
	out, d, err := outputOf(prealloc, logpShape(f.elem, r.batch()))
	if err != nil {
		return nil, err
	}
	k := r.k()
	ws := getScratch()
	defer putScratch(ws)
	ws.reserve(4 * k)
	wk, muk, sk, a := ws.buf[:k], ws.buf[k:2*k], ws.buf[2*k:3*k], ws.buf[3*k:4*k]
	sink := logpSink{out: d, elem: f.elem}
	it := rowIter{b: &r.b}
	for e := 0; it.next(); e++ {
		mixGather(&r.b, &it, w, mu, s, wk, muk, sk)
		sink.add(e, mixLogp(x.d[it.off[0]], wk, muk, sk, a, f.tau))
	}
	sink.done()
	return out, nil
}

// valueGrad computes the summed log density and its partials in one pass.
func (f *mixtureLogP) valueGrad(prealloc G.Value, need []bool, in []G.Value) (G.Value, error) {
	if len(in) != 4 || len(need) != 4 {
		return nil, fmt.Errorf("%d inputs, want 4", len(in))
	}
	if w, mu, s, x, ok := mixFastArgs(in); ok {
		// The hot path: a scalar value and K <= maxFastComponents components as vectors.
		k := len(w)
		sizes := [maxInputs]int{1, k, k, k}
		out, d, parts, err := packedOutput(prealloc, need, &sizes)
		if err != nil {
			return nil, err
		}
		var buf [maxFastComponents]float64
		a := buf[:k]
		if m, sum, rest, ok := mixResp(x, w, mu, s, a, f.tau); ok {
			d[0] = m + math.Log1p(rest)
			var dx *float64
			if parts[0] != nil {
				dx = &parts[0][0]
			}
			mixPartials(1, x, m, sum, w, mu, s, a, f.tau, dx, parts[1], 1, parts[2], 1, parts[3], 1)
		} else {
			d[0] = mixLogp(x, w, mu, s, a, f.tau)
		}
		return out, nil
	}
	var args [4]floatView
	var r batchRun
	if err := f.mixArgs(&args, &r, in); err != nil {
		return nil, err
	}
	sizes := sizesOf(args[:])
	out, d, parts, err := packedOutput(prealloc, need, &sizes)
	if err != nil {
		return nil, err
	}
	d[0] = f.walk(&r, args[:], nil, &parts, true)
	return out, nil
}

func (f *mixtureLogP) grad(prealloc G.Value, need []bool, in []G.Value) (G.Value, error) {
	if len(in) != 5 || len(need) != 4 {
		return nil, fmt.Errorf("%d inputs, want 5", len(in))
	}
	g, err := viewOf(in[0])
	if err != nil {
		return nil, fmt.Errorf("upstream gradient: %w", err)
	}
	var args [4]floatView
	var r batchRun
	if err := f.mixArgs(&args, &r, in[1:]); err != nil {
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
func (f *mixtureLogP) walk(r *batchRun, args []floatView, up []float64, parts *partialSlices, lp bool) float64 {
	x, w, mu, s := args[0], args[1], args[2], args[3]
	k := r.k()
	ws := getScratch()
	defer putScratch(ws)
	ws.reserve(4 * k)
	wk, muk, sk, a := ws.buf[:k], ws.buf[k:2*k], ws.buf[2*k:3*k], ws.buf[3*k:4*k]
	b := &r.b
	sw, smu, ss := b.inner(1), b.inner(2), b.inner(3)
	total := 0.0
	it := rowIter{b: b}
	for e := 0; it.next(); e++ {
		mixGather(b, &it, w, mu, s, wk, muk, sk)
		xv := x.d[it.off[0]]
		m, sum, rest, ok := mixResp(xv, wk, muk, sk, a, f.tau)
		if !ok {
			if lp {
				total += mixLogp(xv, wk, muk, sk, a, f.tau)
			}
			continue
		}
		if lp {
			total += m + math.Log1p(rest)
		}
		var dx *float64
		if parts[0] != nil {
			dx = &parts[0][it.off[0]]
		}
		g := 1.0
		if up != nil {
			g = upstreamAt(up, e, f.elem)
		}
		mixPartials(g, xv, m, sum, wk, muk, sk, a, f.tau, dx,
			partialAt(parts[1], it.off[1]), sw, partialAt(parts[2], it.off[2]), smu, partialAt(parts[3], it.off[3]), ss)
	}
	return total
}

// mixFastArgs recognises the hot path's inputs in (x, w, mu, sigma): a scalar x and vectors
// w, mu, sigma of one length K <= maxFastComponents.
func mixFastArgs(in []G.Value) (w, mu, s []float64, x float64, ok bool) {
	if x, ok = scalarOf(in[0]); !ok {
		return nil, nil, nil, 0, false
	}
	w, ok1 := vectorOf(in[1])
	mu, ok2 := vectorOf(in[2])
	s, ok3 := vectorOf(in[3])
	k := len(w)
	ok = ok1 && ok2 && ok3 && len(mu) == k && len(s) == k && k <= maxFastComponents && k > 0
	return w, mu, s, x, ok
}

// mixGather copies the K component parameters of the batch element at it into wk, muk, sk.
func mixGather(b *bcast, it *rowIter, w, mu, s floatView, wk, muk, sk []float64) {
	sw, smu, ss := b.inner(1), b.inner(2), b.inner(3)
	for j := range wk {
		wk[j] = w.d[it.off[1]+j*sw]
		muk[j] = mu.d[it.off[2]+j*smu]
		sk[j] = s.d[it.off[3]+j*ss]
	}
}
