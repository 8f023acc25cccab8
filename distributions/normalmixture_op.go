package distributions

import (
	"fmt"
	"hash"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// mixtureLogPOp is the fused log density of NormalMixture over inputs (x, w, mu, sigma) or
// (x, w, mu, tau): the sum over all elements (a scalar), or with elem the per-element log
// densities of the batch shape. The component axis is the last axis of w, mu and sigma.
type mixtureLogPOp struct {
	opBase
	tau  bool   // the fourth input is the precision
	elem bool   // per-element output instead of the sum
	diff []bool // DiffWRT: x unless observed, and every parameter
}

var (
	_ G.SDOp            = (*mixtureLogPOp)(nil)
	_ G.UsePreallocDoer = (*mixtureLogPOp)(nil)
	_ G.SDOp            = (*mixtureGradOp)(nil)
	_ G.UsePreallocDoer = (*mixtureGradOp)(nil)
)

func newMixtureLogPOp(inputs []*G.Node, batch tensor.Shape, tau, elem, observed bool) *mixtureLogPOp {
	out := tensor.Shape{}
	if elem {
		out = batch
	}
	return &mixtureLogPOp{
		opBase: newOpBase("NormalMixtureLogP", inputs, out),
		tau:    tau,
		elem:   elem,
		diff:   []bool{!observed, true, true, true},
	}
}

func (op *mixtureLogPOp) Do(in ...G.Value) (G.Value, error) { return op.UsePreallocDo(nil, in...) }

func (op *mixtureLogPOp) UsePreallocDo(prealloc G.Value, in ...G.Value) (G.Value, error) {
	return doSafely(op.name, func() (G.Value, error) {
		out, d := nwNewOut(prealloc, op.outShape)
		if w, mu, s, x, ok := mixFastArgs(in, 4); ok && len(d) == 1 {
			// The hot path: a scalar value and K <= 8 components given as vectors.
			var buf [8]float64
			d[0] = mixLogp(x, w, mu, s, buf[:len(w)], op.tau)
			return out, nil
		}
		var args [4]nwArg
		if err := nwArgsOf(args[:], in); err != nil {
			return nil, err
		}
		if err := mixtureLogPGeneral(d, args, op.tau, op.elem); err != nil {
			return nil, err
		}
		return out, nil
	})
}

// mixFastArgs recognises the hot path's inputs: the last four of n inputs are a scalar x
// and vectors w, mu, sigma of one length K <= 8.
func mixFastArgs(in []G.Value, n int) (w, mu, s []float64, x float64, ok bool) {
	if len(in) != n {
		return nil, nil, nil, 0, false
	}
	in = in[n-4:]
	if x, ok = nwScalar(in[0]); !ok {
		return nil, nil, nil, 0, false
	}
	w, ok1 := nwVec(in[1])
	mu, ok2 := nwVec(in[2])
	s, ok3 := nwVec(in[3])
	k := len(w)
	ok = ok1 && ok2 && ok3 && len(mu) == k && len(s) == k && k <= 8
	return w, mu, s, x, ok
}

// mixtureLogPGeneral computes the log densities with broadcasting into d (one value per
// batch element with elem, else their sum in d[0]).
func mixtureLogPGeneral(d []float64, args [4]nwArg, tau, elem bool) error {
	x, w, mu, s := args[0], args[1], args[2], args[3]
	it, k, err := mixIter(x, w, mu, s)
	if err != nil {
		return err
	}
	buf := make([]float64, 4*k)
	wk, muk, sk, a := buf[:k], buf[k:2*k], buf[2*k:3*k], buf[3*k:]
	r := it.rank - 1
	sum := 0.0
	for i := 0; i < it.n; i++ {
		for j := 0; j < k; j++ {
			wk[j] = w.d[it.off[1]+j*it.stride[1][r]]
			muk[j] = mu.d[it.off[2]+j*it.stride[2][r]]
			sk[j] = s.d[it.off[3]+j*it.stride[3][r]]
		}
		lp := mixLogp(x.d[it.off[0]], wk, muk, sk, a, tau)
		if elem {
			d[i] = lp
		} else {
			sum += lp
		}
		it.next()
	}
	if !elem {
		d[0] = sum
	}
	return nil
}

// mixIter prepares the walk over the batch elements: x gets a trailing axis of size 1 and
// the component axis is the inner axis. It returns the iterator and K.
func mixIter(x, w, mu, s nwArg) (nwIter, int, error) {
	var it nwIter
	xs := nwWithAxis(x.s, 1)
	full, err := nwBroadcastShapes(xs, w.s, mu.s, s.s)
	if err != nil {
		return it, 0, fmt.Errorf("distributions: NormalMixture: %w", err)
	}
	if err := it.init(full, 1, xs, w.s, mu.s, s.s); err != nil {
		return it, 0, err
	}
	return it, full[len(full)-1], nil
}

func (op *mixtureLogPOp) WriteHash(h hash.Hash) {
	op.writeBaseHash(h)
	fmt.Fprintf(h, "tau=%t elem=%t diff=%v", op.tau, op.elem, op.diff)
}

func (op *mixtureLogPOp) Hashcode() uint32 { return hashOf(op) }

func (op *mixtureLogPOp) DiffWRT(int) []bool { return append([]bool(nil), op.diff...) }

func (op *mixtureLogPOp) SymDiff(inputs G.Nodes, _, grad *G.Node) (G.Nodes, error) {
	return nwSymDiff(inputs, grad, op.diff, func(p nwPartials, args G.Nodes) G.Op {
		return &mixtureGradOp{
			opBase: newOpBase("NormalMixtureLogPGrad", args, p.outShape()),
			tau:    op.tau,
			elem:   op.elem,
			parts:  p,
		}
	})
}

// mixtureGradOp computes, in one pass, the partials of mixtureLogPOp's output (weighted by
// the upstream gradient, its first input) with respect to x, w, mu and sigma (or tau), laid
// out by parts.
type mixtureGradOp struct {
	opBase
	tau, elem bool
	parts     nwPartials
}

func (op *mixtureGradOp) Do(in ...G.Value) (G.Value, error) { return op.UsePreallocDo(nil, in...) }

func (op *mixtureGradOp) UsePreallocDo(prealloc G.Value, in ...G.Value) (G.Value, error) {
	return doSafely(op.name, func() (G.Value, error) {
		out, d := nwNewOut(prealloc, op.outShape)
		nwZero(d)
		var parts [4][]float64
		op.parts.views(d, parts[:])
		if w, mu, s, x, ok := mixFastArgs(in, 5); ok {
			if g, ok := nwScalar(in[0]); ok {
				// The hot path: a scalar value and K <= 8 components given as vectors.
				var buf [8]float64
				a := buf[:len(w)]
				if m, sum, ok := mixResp(x, w, mu, s, a, op.tau); ok {
					var dx *float64
					if parts[0] != nil {
						dx = &parts[0][0]
					}
					mixPartials(g, x, m, sum, w, mu, s, a, op.tau, dx, parts[1], 1, parts[2], 1, parts[3], 1)
				}
				return out, nil
			}
		}
		var args [5]nwArg // upstream gradient, x, w, mu, sigma
		if err := nwArgsOf(args[:], in); err != nil {
			return nil, err
		}
		if err := mixtureGradGeneral(parts, args, op.tau, op.elem); err != nil {
			return nil, err
		}
		return out, nil
	})
}

// mixtureGradGeneral accumulates the partials with broadcasting; parts[i] is nil when input
// i's partial is not needed.
func mixtureGradGeneral(parts [4][]float64, args [5]nwArg, tau, elem bool) error {
	g, x, w, mu, s := args[0], args[1], args[2], args[3], args[4]
	it, k, err := mixIter(x, w, mu, s)
	if err != nil {
		return err
	}
	if want := 1; elem {
		want = it.n
		if len(g.d) != want {
			return fmt.Errorf("distributions: NormalMixture gradient: upstream gradient has %d values for %d elements", len(g.d), want)
		}
	} else if len(g.d) != want {
		return fmt.Errorf("distributions: NormalMixture gradient: upstream gradient is not a scalar")
	}
	buf := make([]float64, 4*k)
	wk, muk, sk, a := buf[:k], buf[k:2*k], buf[2*k:3*k], buf[3*k:]
	r := it.rank - 1
	sw, smu, ss := it.stride[1][r], it.stride[2][r], it.stride[3][r]
	for i := 0; i < it.n; i++ {
		for j := 0; j < k; j++ {
			wk[j] = w.d[it.off[1]+j*sw]
			muk[j] = mu.d[it.off[2]+j*smu]
			sk[j] = s.d[it.off[3]+j*ss]
		}
		xv := x.d[it.off[0]]
		if m, sum, ok := mixResp(xv, wk, muk, sk, a, tau); ok {
			gi := g.d[0]
			if elem {
				gi = g.d[i]
			}
			var dx *float64
			if parts[0] != nil {
				dx = &parts[0][it.off[0]]
			}
			mixPartials(gi, xv, m, sum, wk, muk, sk, a, tau, dx,
				nwAt(parts[1], it.off[1]), sw, nwAt(parts[2], it.off[2]), smu, nwAt(parts[3], it.off[3]), ss)
		}
		it.next()
	}
	return nil
}

// nwAt returns d from offset off, or nil when d is nil.
func nwAt(d []float64, off int) []float64 {
	if d == nil {
		return nil
	}
	return d[off:]
}

func (op *mixtureGradOp) WriteHash(h hash.Hash) {
	op.writeBaseHash(h)
	fmt.Fprintf(h, "tau=%t elem=%t ", op.tau, op.elem)
	op.parts.writeHash(h)
}

func (op *mixtureGradOp) Hashcode() uint32     { return hashOf(op) }
func (op *mixtureGradOp) DiffWRT(n int) []bool { return make([]bool, n) }
func (op *mixtureGradOp) SymDiff(G.Nodes, *G.Node, *G.Node) (G.Nodes, error) {
	return nil, errGradOfGrad
}
