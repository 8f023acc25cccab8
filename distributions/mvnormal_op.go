package distributions

import (
	"fmt"
	"hash"
	"math"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// mvnormalLogPOp is the fused log density of MvNormal over inputs (x, mu, cov) or
// (x, mu, chol): x and mu of shapes (..., d) broadcasting on their batch axes, the matrix
// (d, d). The output is the sum, or with elem one value per batch element.
type mvnormalLogPOp struct {
	opBase
	chol bool // the third input is the lower Cholesky factor
	elem bool
	diff []bool
}

var (
	_ G.SDOp            = (*mvnormalLogPOp)(nil)
	_ G.UsePreallocDoer = (*mvnormalLogPOp)(nil)
	_ G.SDOp            = (*mvnormalGradOp)(nil)
	_ G.UsePreallocDoer = (*mvnormalGradOp)(nil)
)

// mvSetup reads the matrix input, factorises it, and prepares the walk over the batch
// elements of x and mu (the event axis is the inner axis). ok is false when the matrix is
// outside its domain (the log density is then -Inf).
func mvSetup(x, mu, m nwArg, chol bool) (f *mvFactor, it nwIter, ok bool, err error) {
	if len(m.s) != 2 || m.s[0] != m.s[1] || len(x.s) == 0 || len(mu.s) == 0 {
		return nil, it, false, fmt.Errorf("distributions: MvNormal: shapes x %v, mu %v, matrix %v", x.s, mu.s, m.s)
	}
	d := m.s[0]
	full, err := nwBroadcastShapes(x.s, mu.s)
	if err != nil || full[len(full)-1] != d {
		return nil, it, false, fmt.Errorf("distributions: MvNormal: shapes x %v, mu %v, matrix %v", x.s, mu.s, m.s)
	}
	if err := it.init(full, 1, x.s, mu.s); err != nil {
		return nil, it, false, err
	}
	f = new(mvFactor)
	if chol {
		ok = mvFactorChol(f, m.d, d)
	} else {
		ok = mvFactorCov(f, m.d, d)
	}
	return f, it, ok, nil
}

// mvResidual stores x - mu of the iterator's current element in r.
func mvResidual(it *nwIter, x, mu nwArg, r []float64) {
	sx, sm := it.stride[0][it.rank-1], it.stride[1][it.rank-1]
	for i := range r {
		r[i] = x.d[it.off[0]+i*sx] - mu.d[it.off[1]+i*sm]
	}
}

func (op *mvnormalLogPOp) Do(in ...G.Value) (G.Value, error) { return op.UsePreallocDo(nil, in...) }

func (op *mvnormalLogPOp) UsePreallocDo(prealloc G.Value, in ...G.Value) (G.Value, error) {
	return doSafely(op.name, func() (G.Value, error) {
		var args [3]nwArg
		if err := nwArgsOf(args[:], in); err != nil {
			return nil, err
		}
		out, d := nwNewOut(prealloc, op.outShape)
		f, it, ok, err := mvSetup(args[0], args[1], args[2], op.chol)
		if err != nil {
			return nil, err
		}
		if !ok {
			for i := range d {
				d[i] = math.Inf(-1)
			}
			return out, nil
		}
		buf := make([]float64, 2*f.d)
		r, alpha := buf[:f.d], buf[f.d:]
		sum := 0.0
		for e := 0; e < it.n; e++ {
			mvResidual(&it, args[0], args[1], r)
			lp := f.logp(r, alpha)
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

func (op *mvnormalLogPOp) WriteHash(h hash.Hash) {
	op.writeBaseHash(h)
	fmt.Fprintf(h, "chol=%t elem=%t diff=%v", op.chol, op.elem, op.diff)
}

func (op *mvnormalLogPOp) Hashcode() uint32 { return hashOf(op) }

func (op *mvnormalLogPOp) DiffWRT(int) []bool { return append([]bool(nil), op.diff...) }

func (op *mvnormalLogPOp) SymDiff(inputs G.Nodes, _, grad *G.Node) (G.Nodes, error) {
	return nwSymDiff(inputs, grad, op.diff, func(p nwPartials, args G.Nodes) G.Op {
		return &mvnormalGradOp{
			opBase: newOpBase("MvNormalLogPGrad", args, p.outShape()),
			chol:   op.chol,
			elem:   op.elem,
			parts:  p,
		}
	})
}

// mvnormalGradOp computes the partials of mvnormalLogPOp's output, weighted by the upstream
// gradient (its first input), with respect to x, mu and the matrix, in one pass:
//
//	d/dx = -α,  d/dmu = α,  with α = Σ⁻¹ (x - mu)
//	d/dΣ = -1/2 (Σ⁻¹ - α αᵀ)              (symmetric)
//	d/dL = tril(α zᵀ) - diag(1/L_ii),      z = L⁻¹ (x - mu)
//
// each summed over the batch elements with their upstream gradients.
type mvnormalGradOp struct {
	opBase
	chol, elem bool
	parts      nwPartials
}

func (op *mvnormalGradOp) Do(in ...G.Value) (G.Value, error) { return op.UsePreallocDo(nil, in...) }

func (op *mvnormalGradOp) UsePreallocDo(prealloc G.Value, in ...G.Value) (G.Value, error) {
	return doSafely(op.name, func() (G.Value, error) {
		var args [4]nwArg
		if err := nwArgsOf(args[:], in); err != nil {
			return nil, err
		}
		out, d := nwNewOut(prealloc, op.outShape)
		nwZero(d)
		var parts [3][]float64
		op.parts.views(d, parts[:])
		g, x, mu := args[0], args[1], args[2]
		f, it, ok, err := mvSetup(x, mu, args[3], op.chol)
		if err != nil {
			return nil, err
		}
		if want := 1; op.elem && len(g.d) != it.n || !op.elem && len(g.d) != want {
			return nil, fmt.Errorf("distributions: %s: upstream gradient has %d values", op.name, len(g.d))
		}
		if !ok {
			return out, nil // -Inf log density: zero partials
		}
		n := f.d
		buf := make([]float64, 3*n)
		r, alpha, z := buf[:n], buf[n:2*n], buf[2*n:]
		sx, sm := it.stride[0][it.rank-1], it.stride[1][it.rank-1]
		dm := parts[2] // partial of the matrix, accumulated as Σ g α αᵀ (cov) or Σ g α zᵀ (chol)
		gsum := 0.0
		for e := 0; e < it.n; e++ {
			gi := g.d[0]
			if op.elem {
				gi = g.d[e]
			}
			mvResidual(&it, x, mu, r)
			if lp := f.logp(r, alpha); math.IsInf(lp, -1) || math.IsNaN(lp) {
				it.next()
				continue
			}
			gsum += gi
			for i, a := range alpha {
				if parts[0] != nil {
					parts[0][it.off[0]+i*sx] -= gi * a
				}
				if parts[1] != nil {
					parts[1][it.off[1]+i*sm] += gi * a
				}
			}
			if dm != nil {
				if op.chol {
					f.zOf(alpha, z)
					for i := 0; i < n; i++ {
						for j := 0; j <= i; j++ {
							dm[i*n+j] += gi * alpha[i] * z[j]
						}
					}
				} else {
					for i := 0; i < n; i++ {
						for j := 0; j < n; j++ {
							dm[i*n+j] += 0.5 * gi * alpha[i] * alpha[j]
						}
					}
				}
			}
			it.next()
		}
		if dm != nil {
			if op.chol {
				for i := 0; i < n; i++ {
					dm[i*n+i] -= gsum / f.l[i*n+i]
				}
			} else {
				inv, err := f.inverse()
				if err != nil {
					return nil, err
				}
				for i := range dm {
					dm[i] -= 0.5 * gsum * inv[i]
				}
			}
		}
		return out, nil
	})
}

func (op *mvnormalGradOp) WriteHash(h hash.Hash) {
	op.writeBaseHash(h)
	fmt.Fprintf(h, "chol=%t elem=%t ", op.chol, op.elem)
	op.parts.writeHash(h)
}

func (op *mvnormalGradOp) Hashcode() uint32     { return hashOf(op) }
func (op *mvnormalGradOp) DiffWRT(n int) []bool { return make([]bool, n) }
func (op *mvnormalGradOp) SymDiff(G.Nodes, *G.Node, *G.Node) (G.Nodes, error) {
	return nil, errGradOfGrad
}

// newMvNormalLogPOp returns the op for a value of batch shape batch.
func newMvNormalLogPOp(inputs []*G.Node, batch tensor.Shape, chol, elem, observed bool) *mvnormalLogPOp {
	out := tensor.Shape{}
	if elem {
		out = batch
	}
	return &mvnormalLogPOp{
		opBase: newOpBase("MvNormalLogP", inputs, out),
		chol:   chol,
		elem:   elem,
		diff:   []bool{!observed, true, true},
	}
}
