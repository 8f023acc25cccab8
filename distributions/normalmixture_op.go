package distributions

import (
	"fmt"
	"hash"

	G "gorgonia.org/gorgonia"
)

// maxFastComponents bounds the components of the scalar fast path, whose scratch lives on
// the stack.
const maxFastComponents = 8

// mixtureLogP is the fused log density of NormalMixture over inputs (x, w, mu, sigma) or
// (x, w, mu, tau): the sum over all elements (a scalar), or with elem the per-element log
// densities of the batch shape. The component axis is the last axis of w, mu and sigma.
// Its gradient fills the partials with respect to x, w, mu and sigma (or tau) in one pass.
type mixtureLogP struct {
	tau  bool // the fourth input is the precision
	elem bool // per-element output instead of the sum
}

func (f *mixtureLogP) writeConfig(h hash.Hash) { fmt.Fprintf(h, "tau=%t elem=%t", f.tau, f.elem) }

func (f *mixtureLogP) value(out []float64, in []G.Value) error {
	if w, mu, s, x, ok := mixFastArgs(in[len(in)-4:]); ok && len(out) == 1 {
		// The hot path: a scalar value and K <= maxFastComponents components as vectors.
		var buf [maxFastComponents]float64
		out[0] = mixLogp(x, w, mu, s, buf[:len(w)], f.tau)
		return nil
	}
	var args [4]floatView
	if err := viewsOf(args[:], in); err != nil {
		return err
	}
	x, w, mu, s := args[0], args[1], args[2], args[3]
	b, k, err := mixBcast(x, w, mu, s)
	if err != nil {
		return err
	}
	buf := make([]float64, 4*k)
	wk, muk, sk, a := buf[:k], buf[k:2*k], buf[2*k:3*k], buf[3*k:]
	sink := logpSink{out: out, elem: f.elem}
	it := rowIter{b: &b}
	for e := 0; it.next(); e++ {
		mixGather(&b, &it, w, mu, s, wk, muk, sk)
		sink.add(e, mixLogp(x.d[it.off[0]], wk, muk, sk, a, f.tau))
	}
	sink.done()
	return nil
}

func (f *mixtureLogP) grad(layout *partialLayout, out []float64, in []G.Value) error {
	parts := layout.slices(out)
	if w, mu, s, x, ok := mixFastArgs(in[len(in)-4:]); ok {
		if g, ok := scalarOf(in[0]); ok {
			// The hot path: a scalar value and K <= maxFastComponents components as vectors.
			var buf [maxFastComponents]float64
			a := buf[:len(w)]
			if m, sum, ok := mixResp(x, w, mu, s, a, f.tau); ok {
				var dx *float64
				if parts[0] != nil {
					dx = &parts[0][0]
				}
				mixPartials(g, x, m, sum, w, mu, s, a, f.tau, dx, parts[1], 1, parts[2], 1, parts[3], 1)
			}
			return nil
		}
	}
	var args [5]floatView // upstream gradient, x, w, mu, sigma
	if err := viewsOf(args[:], in); err != nil {
		return err
	}
	g, x, w, mu, s := args[0], args[1], args[2], args[3], args[4]
	b, k, err := mixBcast(x, w, mu, s)
	if err != nil {
		return err
	}
	if err := checkUpstream(g, upstreamLen(f.elem, b.rows)); err != nil {
		return err
	}
	buf := make([]float64, 4*k)
	wk, muk, sk, a := buf[:k], buf[k:2*k], buf[2*k:3*k], buf[3*k:]
	sw, smu, ss := b.inner(1), b.inner(2), b.inner(3)
	it := rowIter{b: &b}
	for e := 0; it.next(); e++ {
		mixGather(&b, &it, w, mu, s, wk, muk, sk)
		xv := x.d[it.off[0]]
		if m, sum, ok := mixResp(xv, wk, muk, sk, a, f.tau); ok {
			var dx *float64
			if parts[0] != nil {
				dx = &parts[0][it.off[0]]
			}
			mixPartials(upstreamAt(g.d, e, f.elem), xv, m, sum, wk, muk, sk, a, f.tau, dx,
				partialAt(parts[1], it.off[1]), sw, partialAt(parts[2], it.off[2]), smu, partialAt(parts[3], it.off[3]), ss)
		}
	}
	return nil
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
	ok = ok1 && ok2 && ok3 && len(mu) == k && len(s) == k && k <= maxFastComponents
	return w, mu, s, x, ok
}

// mixBcast prepares the walk over the batch elements: x gets a trailing axis of size 1 and
// each row is the component axis. It returns the walk and K.
func mixBcast(x, w, mu, s floatView) (bcast, int, error) {
	return batchBcast([]string{"value", "w", "mu", "sigma"}, appendAxis(x.s, 1), w.s, mu.s, s.s)
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
