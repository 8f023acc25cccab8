package trace

import "math"

// RHat returns the rank-normalised split R-hat of the chains (one slice per chain, equal
// lengths), the maximum of the bulk and the tail (folded) R-hat, as ArviZ's
// arviz.rhat(method="rank") and Stan. Values near 1 (below 1.01) indicate that the chains
// mix; larger values show chains that disagree in location or scale.
//
// Each chain is split into halves (the middle draw of an odd-length chain is dropped), the
// 2M half-chains of N draws each are rank-normalised together (bulk), or first folded as
// |θ - median(θ)| and then rank-normalised (tail), and for each the split R-hat is
//
//	B = N/(2M-1) Σ_j (z̄_j - z̄)²        between-chain variance
//	W = 1/(2M) Σ_j s_j²                 within-chain variance (s_j² with divisor N-1)
//	var⁺ = (N-1)/N W + B/N
//	R̂ = √(var⁺/W).
//
// It returns NaN if there are fewer than 2 chains or 4 draws per chain, if a draw is NaN,
// or if every draw is equal (W = 0). It returns an error if the chains differ in length.
//
// References: Vehtari, A., Gelman, A., Simpson, D., Carpenter, B. and Bürkner, P.-C.
// (2021), Rank-normalization, folding, and localization: an improved R-hat for assessing
// convergence of MCMC, Bayesian Analysis 16(2), 667-718 (split-R-hat, rank normalisation
// and folding); Gelman, A. and Rubin, D. B. (1992), Statistical Science 7(4), 457-472.
func RHat(chains [][]float64) (float64, error) {
	if err := equalLengths(chains); err != nil {
		return math.NaN(), err
	}
	var w diagWork
	return w.rhat(chains), nil
}

// rhat is RHat with w's buffers.
func (w *diagWork) rhat(chains [][]float64) float64 {
	m, _, ok := checkChains(chains, minRHatChains)
	if !ok {
		return math.NaN()
	}
	var half int
	w.split, half = splitInto(w.split, chains)
	w.z = w.zScale(w.z, w.split)
	return w.rhatFromZ(m, half)
}

// rhatFromZ finishes rhat given the split chains in w.split (2m of half draws) and their
// rank-normalised values in w.z, with w.order their ascending order. It overwrites w.z.
func (w *diagWork) rhatFromZ(m, half int) float64 {
	bulk := splitRHat(w.z, 2*m, half)
	w.tmp = fold(w.tmp, w.split, w.order)
	w.z = w.zScale(w.z, w.tmp)
	tail := splitRHat(w.z, 2*m, half)
	if math.IsNaN(bulk) || math.IsNaN(tail) {
		return math.NaN()
	}
	return max(bulk, tail)
}

// splitRHat returns R̂ of m chains of n draws each, stored back to back in x, computed as
// ArviZ's _rhat: √((B/W + n - 1)/n) with B = n·Var(chain means) (divisor m-1) and W the
// mean of the chains' variances (divisor n-1), which equals √(var⁺/W).
func splitRHat(x []float64, m, n int) float64 {
	var sumVar float64
	means := make([]float64, m)
	for c := range m {
		seg := x[c*n : (c+1)*n]
		means[c] = mean(seg)
		sumVar += variance(seg, 1)
	}
	b := float64(n) * variance(means, 1)
	w := sumVar / float64(m)
	return math.Sqrt((b/w + float64(n) - 1) / float64(n))
}
