package distributions

import (
	"fmt"
	"hash"
	"math"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// categoricalLogPOp is the fused log probability of Categorical over inputs (x, p) or
// (x, logit_p): summed to a scalar, or with elem one value per batch element. The class
// axis is p's last axis. The value is discrete and never differentiated.
type categoricalLogPOp struct {
	opBase
	logit bool // the second input holds log-odds
	elem  bool
}

var (
	_ G.SDOp            = (*categoricalLogPOp)(nil)
	_ G.UsePreallocDoer = (*categoricalLogPOp)(nil)
	_ G.SDOp            = (*categoricalGradOp)(nil)
	_ G.UsePreallocDoer = (*categoricalGradOp)(nil)
)

func (op *categoricalLogPOp) Do(in ...G.Value) (G.Value, error) { return op.UsePreallocDo(nil, in...) }

func (op *categoricalLogPOp) UsePreallocDo(prealloc G.Value, in ...G.Value) (G.Value, error) {
	return doSafely(op.name, func() (G.Value, error) {
		var args [2]nwArg
		if err := nwArgsOf(args[:], in); err != nil {
			return nil, err
		}
		out, d := nwNewOut(prealloc, op.outShape)
		it, k, err := catIter(args[0], args[1])
		if err != nil {
			return nil, err
		}
		x, p := args[0], args[1]
		st := it.stride[1][it.rank-1]
		sum := 0.0
		for e := 0; e < it.n; e++ {
			i := catIndex(x.d[it.off[0]], k)
			row := p.d[it.off[1]:]
			var lp float64
			if op.logit {
				lp = catLogitLogp(i, row, st, k)
			} else {
				lp = catLogp(i, row, st, k)
			}
			if op.elem {
				d[e] = lp
			} else {
				sum += lp
			}
			it.next()
		}
		if !op.elem {
			d[0] = sum
		}
		return out, nil
	})
}

// catIter prepares the walk over the batch elements of value x and class probabilities p:
// x gets a trailing axis of size 1 and the class axis is the inner axis. It returns the
// iterator and K.
func catIter(x, p nwArg) (nwIter, int, error) {
	var it nwIter
	if len(p.s) == 0 {
		return it, 0, fmt.Errorf("distributions: Categorical: p needs a class axis")
	}
	xs := nwWithAxis(x.s, 1)
	full, err := nwBroadcastShapes(xs, p.s)
	if err != nil {
		return it, 0, fmt.Errorf("distributions: Categorical: %w", err)
	}
	if err := it.init(full, 1, xs, p.s); err != nil {
		return it, 0, err
	}
	return it, full[len(full)-1], nil
}

func (op *categoricalLogPOp) WriteHash(h hash.Hash) {
	op.writeBaseHash(h)
	fmt.Fprintf(h, "logit=%t elem=%t", op.logit, op.elem)
}

func (op *categoricalLogPOp) Hashcode() uint32 { return hashOf(op) }

func (op *categoricalLogPOp) DiffWRT(int) []bool { return []bool{false, true} }

func (op *categoricalLogPOp) SymDiff(inputs G.Nodes, _, grad *G.Node) (G.Nodes, error) {
	return nwSymDiff(inputs, grad, op.DiffWRT(2), func(p nwPartials, args G.Nodes) G.Op {
		return &categoricalGradOp{
			opBase: newOpBase("CategoricalLogPGrad", args, p.outShape()),
			logit:  op.logit,
			elem:   op.elem,
			parts:  p,
		}
	})
}

// categoricalGradOp computes the partials of categoricalLogPOp's output, weighted by the
// upstream gradient (its first input), with respect to p (or logit_p).
type categoricalGradOp struct {
	opBase
	logit, elem bool
	parts       nwPartials
}

func (op *categoricalGradOp) Do(in ...G.Value) (G.Value, error) { return op.UsePreallocDo(nil, in...) }

func (op *categoricalGradOp) UsePreallocDo(prealloc G.Value, in ...G.Value) (G.Value, error) {
	return doSafely(op.name, func() (G.Value, error) {
		var args [3]nwArg
		if err := nwArgsOf(args[:], in); err != nil {
			return nil, err
		}
		out, d := nwNewOut(prealloc, op.outShape)
		nwZero(d)
		var parts [2][]float64
		op.parts.views(d, parts[:])
		dp := parts[1]
		if dp == nil {
			return out, nil
		}
		g, x, p := args[0], args[1], args[2]
		it, k, err := catIter(x, p)
		if err != nil {
			return nil, err
		}
		if want := 1; op.elem && len(g.d) != it.n || !op.elem && len(g.d) != want {
			return nil, fmt.Errorf("distributions: %s: upstream gradient has %d values", op.name, len(g.d))
		}
		st := it.stride[1][it.rank-1]
		for e := 0; e < it.n; e++ {
			i := catIndex(x.d[it.off[0]], k)
			row := p.d[it.off[1]:]
			gi := g.d[0]
			if op.elem {
				gi = g.d[e]
			}
			if op.logit {
				if lp := catLogitLogp(i, row, st, k); !math.IsInf(lp, -1) {
					catLogitGrad(gi, i, row, st, k, dp[it.off[1]:])
				}
			} else if lp := catLogp(i, row, st, k); !math.IsInf(lp, -1) {
				catLogpGrad(gi, i, row, st, k, dp[it.off[1]:])
			}
			it.next()
		}
		return out, nil
	})
}

func (op *categoricalGradOp) WriteHash(h hash.Hash) {
	op.writeBaseHash(h)
	fmt.Fprintf(h, "logit=%t elem=%t ", op.logit, op.elem)
	op.parts.writeHash(h)
}

func (op *categoricalGradOp) Hashcode() uint32     { return hashOf(op) }
func (op *categoricalGradOp) DiffWRT(n int) []bool { return make([]bool, n) }
func (op *categoricalGradOp) SymDiff(G.Nodes, *G.Node, *G.Node) (G.Nodes, error) {
	return nil, errGradOfGrad
}

// newCategoricalLogPOp returns the op for value x of batch shape batch.
func newCategoricalLogPOp(inputs []*G.Node, batch tensor.Shape, logit, elem bool) *categoricalLogPOp {
	out := tensor.Shape{}
	if elem {
		out = batch
	}
	return &categoricalLogPOp{opBase: newOpBase("CategoricalLogP", inputs, out), logit: logit, elem: elem}
}
