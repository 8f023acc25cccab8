package distributions

import (
	"fmt"
	"hash"

	G "gorgonia.org/gorgonia"
)

// dirichletLogP is the fused log density of Dirichlet over inputs (x, a), both of shape
// (..., K) with broadcasting batch axes: the sum, or with elem one value per batch element.
type dirichletLogP struct {
	elem bool
}

func (f *dirichletLogP) writeConfig(h hash.Hash) { fmt.Fprintf(h, "elem=%t", f.elem) }

// dirBcast prepares the walk over the batch elements of x and a; each row is the event
// axis. It returns the walk and K.
func dirBcast(x, a floatView) (bcast, int, error) {
	if len(x.s) == 0 || len(a.s) == 0 {
		return bcast{}, 0, fmt.Errorf("value %v and a %v need an event axis", x.s, a.s)
	}
	return batchBcast([]string{"value", "a"}, x.s, a.s)
}

func (f *dirichletLogP) value(out []float64, in []G.Value) error {
	var args [2]floatView
	if err := viewsOf(args[:], in); err != nil {
		return err
	}
	x, a := args[0], args[1]
	b, k, err := dirBcast(x, a)
	if err != nil {
		return err
	}
	sx, sa := b.inner(0), b.inner(1)
	sink := logpSink{out: out, elem: f.elem}
	it := rowIter{b: &b}
	for e := 0; it.next(); e++ {
		sink.add(e, dirLogp(x.d[it.off[0]:], sx, a.d[it.off[1]:], sa, k))
	}
	sink.done()
	return nil
}

// grad adds the partials with respect to x and a in one pass; rows with a non-finite log
// density or a zero entry contribute none.
func (f *dirichletLogP) grad(layout *partialLayout, out []float64, in []G.Value) error {
	parts := layout.slices(out)
	var args [3]floatView
	if err := viewsOf(args[:], in); err != nil {
		return err
	}
	g, x, a := args[0], args[1], args[2]
	b, k, err := dirBcast(x, a)
	if err != nil {
		return err
	}
	if err := checkUpstream(g, upstreamLen(f.elem, b.rows)); err != nil {
		return err
	}
	sx, sa := b.inner(0), b.inner(1)
	it := rowIter{b: &b}
	for e := 0; it.next(); e++ {
		xr, ar := x.d[it.off[0]:], a.d[it.off[1]:]
		if lp := dirLogp(xr, sx, ar, sa, k); lp-lp == 0 && !dirHasZero(xr, sx, k) {
			dirGrad(upstreamAt(g.d, e, f.elem), xr, sx, ar, sa, k, partialAt(parts[0], it.off[0]), partialAt(parts[1], it.off[1]))
		}
	}
	return nil
}
