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
		psiSum = digamma(sumA)
	}
	for j := 0; j < k; j++ {
		aj, xj := a[j*sa], x[j*sx]
		if dx != nil {
			dx[j*sx] += g * (aj - 1) / xj
		}
		if da != nil {
			da[j*sa] += g * (psiSum - digamma(aj) + math.Log(xj))
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
