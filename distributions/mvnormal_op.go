package distributions

import (
	"fmt"
	"hash"
	"math"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
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

// mvNames labels the inputs in errors.
var mvNames = []string{"value", "mu"}

func (f *mvnormalLogP) outShape(in []tensor.Shape) (tensor.Shape, error) {
	if len(in) != 3 {
		return nil, fmt.Errorf("%d inputs, want 3", len(in))
	}
	if err := mvCheckShapes(in[0], in[1], in[2]); err != nil {
		return nil, err
	}
	return batchOutShape(f.elem, mvNames, in[0], in[1])
}

// mvCheckShapes checks that x and mu end in the event axis d and the matrix is (d, d).
func mvCheckShapes(x, mu, m tensor.Shape) error {
	if len(m) != 2 || m[0] != m[1] || len(x) == 0 || len(mu) == 0 || x[len(x)-1] != m[0] || mu[len(mu)-1] != m[0] {
		return fmt.Errorf("shapes x %v, mu %v, matrix %v do not match", x.Clone(), mu.Clone(), m.Clone())
	}
	return nil
}

// mvSetup reads the inputs (x, mu, matrix) into args, factorises the matrix and prepares
// the walk over the batch elements of x and mu (each row is the event axis). ok is false
// when the matrix is outside its domain (the log density is then -Inf).
func (f *mvnormalLogP) mvSetup(args *[3]floatView, r *batchRun, in []G.Value) (fac *mvFactor, ok bool, err error) {
	if err := viewsOf(args[:], in); err != nil {
		return nil, false, err
	}
	x, mu, m := args[0], args[1], args[2]
	if err := mvCheckShapes(x.s, mu.s, m.s); err != nil {
		return nil, false, err
	}
	if err := r.init(mvNames, []tensor.Shape{x.s, mu.s}); err != nil {
		return nil, false, err
	}
	fac = new(mvFactor)
	return fac, fac.factorize(m.d, m.s[0], f.chol), nil
}

// mvResidual stores x - mu of the batch element at it in r.
func mvResidual(b *bcast, it *rowIter, x, mu floatView, r []float64) {
	sx, sm := b.inner(0), b.inner(1)
	for i := range r {
		r[i] = x.d[it.off[0]+i*sx] - mu.d[it.off[1]+i*sm]
	}
}

func (f *mvnormalLogP) value(prealloc G.Value, in []G.Value) (G.Value, error) {
	var args [3]floatView
	var r batchRun
	fac, ok, err := f.mvSetup(&args, &r, in)
	if err != nil {
		return nil, err
	}
	out, d, err := outputOf(prealloc, logpShape(f.elem, r.batch()))
	if err != nil {
		return nil, err
	}
	if !ok {
		for i := range d {
			d[i] = math.Inf(-1)
		}
		return out, nil
	}
	ws := getScratch()
	defer putScratch(ws)
	ws.reserve(2 * fac.d)
	res, alpha := ws.buf[:fac.d], ws.buf[fac.d:2*fac.d]
	sink := logpSink{out: d, elem: f.elem}
	it := rowIter{b: &r.b}
	for e := 0; it.next(); e++ {
		mvResidual(&r.b, &it, args[0], args[1], res)
		sink.add(e, fac.logp(res, alpha))
	}
	sink.done()
	return out, nil
}

func (f *mvnormalLogP) valueGrad(prealloc G.Value, need []bool, in []G.Value) (G.Value, error) {
	var args [3]floatView
	var r batchRun
	fac, ok, err := f.mvSetup(&args, &r, in)
	if err != nil {
		return nil, err
	}
	if len(need) != 3 {
		return nil, fmt.Errorf("%d inputs, want 3", len(need))
	}
	sizes := sizesOf(args[:])
	out, d, parts, err := packedOutput(prealloc, need, &sizes)
	if err != nil {
		return nil, err
	}
	if !ok {
		d[0] = math.Inf(-1) // zero partials
		return out, nil
	}
	d[0], err = f.walk(fac, &r, args[:], nil, &parts, true)
	return out, err
}

func (f *mvnormalLogP) grad(prealloc G.Value, need []bool, in []G.Value) (G.Value, error) {
	if len(in) != 4 || len(need) != 3 {
		return nil, fmt.Errorf("%d inputs, want 4", len(in))
	}
	g, err := viewOf(in[0])
	if err != nil {
		return nil, fmt.Errorf("upstream gradient: %w", err)
	}
	var args [3]floatView
	var r batchRun
	fac, ok, err := f.mvSetup(&args, &r, in[1:])
	if err != nil {
		return nil, err
	}
	if err := checkUpstream(g, upstreamLen(f.elem, r.b.rows)); err != nil {
		return nil, err
	}
	out, parts, err := gradOutput(prealloc, need, args[:])
	if err != nil || !ok { // -Inf log density: zero partials
		return out, err
	}
	_, err = f.walk(fac, &r, args[:], g.d, &parts, false)
	return out, err
}

// walk adds the partials of every batch element's log density, weighted by its upstream
// gradient (up nil: 1), into parts; with lp set it returns the summed log density.
func (f *mvnormalLogP) walk(fac *mvFactor, r *batchRun, args []floatView, up []float64, parts *partialSlices, lp bool) (float64, error) {
	x, mu := args[0], args[1]
	n := fac.d
	ws := getScratch()
	defer putScratch(ws)
	ws.reserve(3 * n)
	res, alpha, z := ws.buf[:n], ws.buf[n:2*n], ws.buf[2*n:3*n]
	b := &r.b
	sx, sm := b.inner(0), b.inner(1)
	dm := parts[2] // partial of the matrix, accumulated as Σ g α αᵀ (cov) or Σ g α zᵀ (chol)
	gsum, total := 0.0, 0.0
	it := rowIter{b: b}
	for e := 0; it.next(); e++ {
		gi := 1.0
		if up != nil {
			gi = upstreamAt(up, e, f.elem)
		}
		mvResidual(b, &it, x, mu, res)
		l := fac.logp(res, alpha)
		total += l
		if math.IsInf(l, -1) || math.IsNaN(l) {
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
	if !lp {
		total = 0
	}
	if dm == nil {
		return total, nil
	}
	if f.chol {
		for i := 0; i < n; i++ {
			dm[i*n+i] -= gsum / fac.l[i*n+i]
		}
		return total, nil
	}
	inv, err := fac.inverse()
	if err != nil {
		return 0, err
	}
	for i := range dm {
		dm[i] -= 0.5 * gsum * inv[i]
	}
	return total, nil
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
