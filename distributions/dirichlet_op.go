package distributions

import (
	"fmt"
	"hash"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// dirichletLogPOp is the fused log density of Dirichlet over inputs (x, a), both of shape
// (..., K) with broadcasting batch axes: the sum, or with elem one value per batch element.
type dirichletLogPOp struct {
	opBase
	elem bool
	diff []bool
}

var (
	_ G.SDOp            = (*dirichletLogPOp)(nil)
	_ G.UsePreallocDoer = (*dirichletLogPOp)(nil)
	_ G.SDOp            = (*dirichletGradOp)(nil)
	_ G.UsePreallocDoer = (*dirichletGradOp)(nil)
)

func newDirichletLogPOp(inputs []*G.Node, batch tensor.Shape, elem, observed bool) *dirichletLogPOp {
	out := tensor.Shape{}
	if elem {
		out = batch
	}
	return &dirichletLogPOp{
		opBase: newOpBase("DirichletLogP", inputs, out),
		elem:   elem,
		diff:   []bool{!observed, true},
	}
}

// dirIter prepares the walk over the batch elements of x and a; the event axis is the
// inner axis. It returns the iterator and K.
func dirIter(x, a nwArg) (nwIter, int, error) {
	var it nwIter
	if len(x.s) == 0 || len(a.s) == 0 {
		return it, 0, fmt.Errorf("distributions: Dirichlet: value %v and a %v need an event axis", x.s, a.s)
	}
	full, err := nwBroadcastShapes(x.s, a.s)
	if err != nil {
		return it, 0, fmt.Errorf("distributions: Dirichlet: %w", err)
	}
	if err := it.init(full, 1, x.s, a.s); err != nil {
		return it, 0, err
	}
	return it, full[len(full)-1], nil
}

func (op *dirichletLogPOp) Do(in ...G.Value) (G.Value, error) { return op.UsePreallocDo(nil, in...) }

func (op *dirichletLogPOp) UsePreallocDo(prealloc G.Value, in ...G.Value) (G.Value, error) {
	return doSafely(op.name, func() (G.Value, error) {
		var args [2]nwArg
		if err := nwArgsOf(args[:], in); err != nil {
			return nil, err
		}
		out, d := nwNewOut(prealloc, op.outShape)
		x, a := args[0], args[1]
		it, k, err := dirIter(x, a)
		if err != nil {
			return nil, err
		}
		sx, sa := it.stride[0][it.rank-1], it.stride[1][it.rank-1]
		sum := 0.0
		for e := 0; e < it.n; e++ {
			lp := dirLogp(x.d[it.off[0]:], sx, a.d[it.off[1]:], sa, k)
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

func (op *dirichletLogPOp) WriteHash(h hash.Hash) {
	op.writeBaseHash(h)
	fmt.Fprintf(h, "elem=%t diff=%v", op.elem, op.diff)
}

func (op *dirichletLogPOp) Hashcode() uint32 { return hashOf(op) }

func (op *dirichletLogPOp) DiffWRT(int) []bool { return append([]bool(nil), op.diff...) }

func (op *dirichletLogPOp) SymDiff(inputs G.Nodes, _, grad *G.Node) (G.Nodes, error) {
	return nwSymDiff(inputs, grad, op.diff, func(p nwPartials, args G.Nodes) G.Op {
		return &dirichletGradOp{
			opBase: newOpBase("DirichletLogPGrad", args, p.outShape()),
			elem:   op.elem,
			parts:  p,
		}
	})
}

// dirichletGradOp computes the partials of dirichletLogPOp's output, weighted by the
// upstream gradient (its first input), with respect to x and a in one pass. Rows with a
// non-finite log density or a zero entry get zero partials.
type dirichletGradOp struct {
	opBase
	elem  bool
	parts nwPartials
}

func (op *dirichletGradOp) Do(in ...G.Value) (G.Value, error) { return op.UsePreallocDo(nil, in...) }

func (op *dirichletGradOp) UsePreallocDo(prealloc G.Value, in ...G.Value) (G.Value, error) {
	return doSafely(op.name, func() (G.Value, error) {
		var args [3]nwArg
		if err := nwArgsOf(args[:], in); err != nil {
			return nil, err
		}
		out, d := nwNewOut(prealloc, op.outShape)
		nwZero(d)
		var parts [2][]float64
		op.parts.views(d, parts[:])
		g, x, a := args[0], args[1], args[2]
		it, k, err := dirIter(x, a)
		if err != nil {
			return nil, err
		}
		if want := 1; op.elem && len(g.d) != it.n || !op.elem && len(g.d) != want {
			return nil, fmt.Errorf("distributions: %s: upstream gradient has %d values", op.name, len(g.d))
		}
		sx, sa := it.stride[0][it.rank-1], it.stride[1][it.rank-1]
		for e := 0; e < it.n; e++ {
			xr, ar := x.d[it.off[0]:], a.d[it.off[1]:]
			if lp := dirLogp(xr, sx, ar, sa, k); lp-lp == 0 && !dirHasZero(xr, sx, k) {
				gi := g.d[0]
				if op.elem {
					gi = g.d[e]
				}
				dirGrad(gi, xr, sx, ar, sa, k, nwAt(parts[0], it.off[0]), nwAt(parts[1], it.off[1]))
			}
			it.next()
		}
		return out, nil
	})
}

func (op *dirichletGradOp) WriteHash(h hash.Hash) {
	op.writeBaseHash(h)
	fmt.Fprintf(h, "elem=%t ", op.elem)
	op.parts.writeHash(h)
}

func (op *dirichletGradOp) Hashcode() uint32     { return hashOf(op) }
func (op *dirichletGradOp) DiffWRT(n int) []bool { return make([]bool, n) }
func (op *dirichletGradOp) SymDiff(G.Nodes, *G.Node, *G.Node) (G.Nodes, error) {
	return nil, errGradOfGrad
}
