package distributions

import "math"

// dirSimplexTol is how far from 1 the entries of a Dirichlet value may sum.
const dirSimplexTol = 1e-8

// dirLogp returns the Dirichlet log density of one row x (K entries at stride sx) under
// the concentrations a (at stride sa):
//
//	lgamma(Σ a) - Σ lgamma(a_k) + Σ (a_k - 1) log x_k.
//
// It returns -Inf when a concentration is not positive and finite or x is off the simplex
// (a negative or NaN entry, or entries not summing to 1 within dirSimplexTol). On the
// boundary (x_k = 0) the terms take their limits: 0 for a_k = 1, -Inf for a_k > 1 and +Inf
// for a_k < 1.
func dirLogp(x []float64, sx int, a []float64, sa int, k int) float64 {
	sumA, sumX, lp := 0.0, 0.0, 0.0
	for j := 0; j < k; j++ {
		aj, xj := a[j*sa], x[j*sx]
		if !(aj > 0) || math.IsInf(aj, 1) || !(xj >= 0) {
			return math.Inf(-1)
		}
		sumA += aj
		sumX += xj
		lg, _ := math.Lgamma(aj)
		lp -= lg
		if aj != 1 {
			lp += (aj - 1) * math.Log(xj)
		}
	}
	if !(math.Abs(sumX-1) <= dirSimplexTol) {
		return math.Inf(-1)
	}
	lg, _ := math.Lgamma(sumA)
	lp += lg
	if math.IsNaN(lp) {
		return math.Inf(-1)
	}
	return lp
}

// dirGrad adds g times the partials of dirLogp to dx and da (nil when not needed) for a
// row with a finite log density and no zero entry:
//
//	d/dx_k = (a_k - 1) / x_k,  d/da_k = ψ(Σ a) - ψ(a_k) + log x_k.
func dirGrad(g float64, x []float64, sx int, a []float64, sa int, k int, dx, da []float64) {
	sumA := 0.0
	for j := 0; j < k; j++ {
		sumA += a[j*sa]
	}
	psiSum := 0.0
	if da != nil {
		psiSum = nwDigamma(sumA)
	}
	for j := 0; j < k; j++ {
		aj, xj := a[j*sa], x[j*sx]
		if dx != nil {
			dx[j*sx] += g * (aj - 1) / xj
		}
		if da != nil {
			da[j*sa] += g * (psiSum - nwDigamma(aj) + math.Log(xj))
		}
	}
}

// dirHasZero reports whether one of the K entries of x (at stride sx) is zero.
func dirHasZero(x []float64, sx, k int) bool {
	for j := 0; j < k; j++ {
		if x[j*sx] == 0 {
			return true
		}
	}
	return false
}

// nwDigamma returns ψ(x) = d/dx log Γ(x) to about 1e-15 (absolute below 1, relative
// above; gonum's mathext.Digamma errs by up to ~4e-11 relative, e.g. at 2.5). For x < 10 it applies the recurrence
// ψ(x) = ψ(x+1) - 1/x (DLMF 5.5.2), then the asymptotic expansion (DLMF 5.11.2)
//
//	ψ(x) = log x - 1/(2x) - Σ_{n=1..7} B_2n / (2n x^2n),
//
// whose first omitted term is below 1e-18 at x >= 10. Negative non-integers use the
// reflection ψ(x) = ψ(1-x) - π cot(πx) (DLMF 5.5.4); poles give NaN (±Inf at 0).
func nwDigamma(x float64) float64 {
	switch {
	case math.IsNaN(x) || math.IsInf(x, -1):
		return math.NaN()
	case math.IsInf(x, 1):
		return x
	case x == 0:
		return math.Copysign(math.Inf(1), -x)
	case x < 0:
		if x == math.Floor(x) {
			return math.NaN()
		}
		return nwDigamma(1-x) - math.Pi/math.Tan(math.Pi*x)
	}
	r := 0.0
	for x < 10 {
		r -= 1 / x
		x++
	}
	inv := 1 / x
	z := inv * inv
	// B2/2 = 1/12, B4/4 = -1/120, B6/6 = 1/252, B8/8 = -1/240, B10/10 = 1/132,
	// B12/12 = -691/32760, B14/14 = 1/12.
	series := z * (1.0/12 - z*(1.0/120-z*(1.0/252-z*(1.0/240-z*(1.0/132-z*(691.0/32760-z/12))))))
	return r + math.Log(x) - 0.5*inv - series
}
