package distributions

import (
	"fmt"
	"hash"
	"math"

	G "gorgonia.org/gorgonia"
)

// mvnormalLogP is the fused log density of MvNormal over inputs (x, mu, cov) or
// (x, mu, chol): x and mu of shapes (..., d) broadcasting on their batch axes, the matrix
// (d, d). The output is the sum, or with elem one value per batch element.
//
// Its gradient fills the partials with respect to x, mu and the matrix in one pass:
//
//	d/dx = -α,  d/dmu = α,  with α = Σ⁻¹ (x - mu)
//	d/dΣ = -1/2 (Σ⁻¹ - α αᵀ)              (symmetric)
//	d/dL = tril(α zᵀ) - diag(1/L_ii),      z = L⁻¹ (x - mu)
//
// each summed over the batch elements with their upstream gradients.
type mvnormalLogP struct {
	chol bool // the third input is the lower Cholesky factor
	elem bool
}

func (f *mvnormalLogP) writeConfig(h hash.Hash) {
	fmt.Fprintf(h, "chol=%t elem=%t", f.chol, f.elem)
}

// mvSetup factorises the matrix input and prepares the walk over the batch elements of x
// and mu (each row is the event axis). ok is false when the matrix is outside its domain
// (the log density is then -Inf).
func mvSetup(x, mu, m floatView, chol bool) (f *mvFactor, b bcast, ok bool, err error) {
	if len(m.s) != 2 || m.s[0] != m.s[1] || len(x.s) == 0 || len(mu.s) == 0 {
		return nil, b, false, fmt.Errorf("shapes x %v, mu %v, matrix %v", x.s, mu.s, m.s)
	}
	d := m.s[0]
	b, k, err := batchBcast(nil, x.s, mu.s)
	if err != nil || k != d {
		return nil, b, false, fmt.Errorf("shapes x %v, mu %v, matrix %v", x.s, mu.s, m.s)
	}
	f = new(mvFactor)
	return f, b, f.factorize(m.d, d, chol), nil
}

// mvResidual stores x - mu of the batch element at it in r.
func mvResidual(b *bcast, it *rowIter, x, mu floatView, r []float64) {
	sx, sm := b.inner(0), b.inner(1)
	for i := range r {
		r[i] = x.d[it.off[0]+i*sx] - mu.d[it.off[1]+i*sm]
	}
}

func (f *mvnormalLogP) value(out []float64, in []G.Value) error {
	var args [3]floatView
	if err := viewsOf(args[:], in); err != nil {
		return err
	}
	fac, b, ok, err := mvSetup(args[0], args[1], args[2], f.chol)
	if err != nil {
		return err
	}
	if !ok {
		for i := range out {
			out[i] = math.Inf(-1)
		}
		return nil
	}
	buf := make([]float64, 2*fac.d)
	r, alpha := buf[:fac.d], buf[fac.d:]
	sink := logpSink{out: out, elem: f.elem}
	it := rowIter{b: &b}
	for e := 0; it.next(); e++ {
		mvResidual(&b, &it, args[0], args[1], r)
		sink.add(e, fac.logp(r, alpha))
	}
	sink.done()
	return nil
}

func (f *mvnormalLogP) grad(layout *partialLayout, out []float64, in []G.Value) error {
	parts := layout.slices(out)
	var args [4]floatView
	if err := viewsOf(args[:], in); err != nil {
		return err
	}
	g, x, mu := args[0], args[1], args[2]
	fac, b, ok, err := mvSetup(x, mu, args[3], f.chol)
	if err != nil {
		return err
	}
	if err := checkUpstream(g, upstreamLen(f.elem, b.rows)); err != nil {
		return err
	}
	if !ok {
		return nil // -Inf log density: zero partials
	}
	n := fac.d
	buf := make([]float64, 3*n)
	r, alpha, z := buf[:n], buf[n:2*n], buf[2*n:]
	sx, sm := b.inner(0), b.inner(1)
	dm := parts[2] // partial of the matrix, accumulated as Σ g α αᵀ (cov) or Σ g α zᵀ (chol)
	gsum := 0.0
	it := rowIter{b: &b}
	for e := 0; it.next(); e++ {
		gi := upstreamAt(g.d, e, f.elem)
		mvResidual(&b, &it, x, mu, r)
		if lp := fac.logp(r, alpha); math.IsInf(lp, -1) || math.IsNaN(lp) {
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
			mvAddOuter(dm, gi, fac, alpha, z, f.chol)
		}
	}
	if dm == nil {
		return nil
	}
	if f.chol {
		for i := 0; i < n; i++ {
			dm[i*n+i] -= gsum / fac.l[i*n+i]
		}
		return nil
	}
	inv, err := fac.inverse()
	if err != nil {
		return err
	}
	for i := range dm {
		dm[i] -= 0.5 * gsum * inv[i]
	}
	return nil
}

// mvAddOuter adds one batch element's data term of the matrix partial: g α zᵀ on and below
// the diagonal for the Cholesky factor (z = Lᵀ α is computed into z), g α αᵀ / 2 for the
// covariance.
func mvAddOuter(dm []float64, g float64, fac *mvFactor, alpha, z []float64, chol bool) {
	n := fac.d
	if chol {
		fac.zOf(alpha, z)
		for i := 0; i < n; i++ {
			for j := 0; j <= i; j++ {
				dm[i*n+j] += g * alpha[i] * z[j]
			}
		}
		return
	}
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			dm[i*n+j] += 0.5 * g * alpha[i] * alpha[j]
		}
	}
}
