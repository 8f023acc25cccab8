package distributions

import (
	"fmt"
	"hash"
	"math"

	G "gorgonia.org/gorgonia"
)

// categoricalLogP is the fused log probability of Categorical over inputs (x, p) or
// (x, logit_p): summed to a scalar, or with elem one value per batch element. The class
// axis is p's last axis. The value is discrete and never differentiated.
type categoricalLogP struct {
	logit bool // the second input holds log-odds
	elem  bool
}

func (f *categoricalLogP) writeConfig(h hash.Hash) {
	fmt.Fprintf(h, "logit=%t elem=%t", f.logit, f.elem)
}

// catBcast prepares the walk over the batch elements of value x and class probabilities
// p: x gets a trailing axis of size 1 and each row is p's class axis. It returns the walk
// and K.
func catBcast(x, p floatView) (bcast, int, error) {
	if len(p.s) == 0 {
		return bcast{}, 0, fmt.Errorf("p needs a class axis")
	}
	return batchBcast([]string{"value", "p"}, appendAxis(x.s, 1), p.s)
}

func (f *categoricalLogP) value(out []float64, in []G.Value) error {
	var args [2]floatView
	if err := viewsOf(args[:], in); err != nil {
		return err
	}
	x, p := args[0], args[1]
	b, k, err := catBcast(x, p)
	if err != nil {
		return err
	}
	st := b.inner(1)
	sink := logpSink{out: out, elem: f.elem}
	it := rowIter{b: &b}
	for e := 0; it.next(); e++ {
		i := catIndex(x.d[it.off[0]], k)
		row := p.d[it.off[1]:]
		if f.logit {
			sink.add(e, catLogitLogp(i, row, st, k))
		} else {
			sink.add(e, catLogp(i, row, st, k))
		}
	}
	sink.done()
	return nil
}

// grad adds the partials with respect to p (or logit_p); a batch element whose log
// probability is -Inf contributes none.
func (f *categoricalLogP) grad(layout *partialLayout, out []float64, in []G.Value) error {
	parts := layout.slices(out)
	var args [3]floatView
	if err := viewsOf(args[:], in); err != nil {
		return err
	}
	dp := parts[1]
	if dp == nil {
		return nil
	}
	g, x, p := args[0], args[1], args[2]
	b, k, err := catBcast(x, p)
	if err != nil {
		return err
	}
	if err := checkUpstream(g, upstreamLen(f.elem, b.rows)); err != nil {
		return err
	}
	st := b.inner(1)
	it := rowIter{b: &b}
	for e := 0; it.next(); e++ {
		i := catIndex(x.d[it.off[0]], k)
		row := p.d[it.off[1]:]
		gi := upstreamAt(g.d, e, f.elem)
		if f.logit {
			if lp := catLogitLogp(i, row, st, k); !math.IsInf(lp, -1) {
				catLogitGrad(gi, i, row, st, k, dp[it.off[1]:])
			}
		} else if lp := catLogp(i, row, st, k); !math.IsInf(lp, -1) {
			catLogpGrad(gi, i, row, st, k, dp[it.off[1]:])
		}
	}
	return nil
}
