package diagnostics

import (
	"fmt"
	"math"
	"slices"
	"sort"
)

// minTailLength is the smallest tail PSIS fits (loo's enough_tail_samples).
const minTailLength = 5

// KHatCeiling is the k-hat above which importance-weighted estimates are unreliable whatever
// the number of draws: bias dominates (Vehtari et al. 2024, Section 3.2.4).
const KHatCeiling = 0.7

// PSISResult is the outcome of Pareto-smoothed importance sampling of one vector of log
// importance ratios.
type PSISResult struct {
	// KHat is the estimated shape of the generalised Pareto tail of the ratios: how heavy
	// the right tail of the importance weights is. +Inf when the tail could not be fitted
	// (too few draws, a constant tail, or a fit that failed).
	KHat float64
	// Sigma is the fitted scale (NaN when KHat is +Inf).
	Sigma float64
	// Threshold is min(1 - 1/log10(Draws), 0.7): below it the smoothed estimates are
	// reliable with this many draws (Vehtari et al. 2024, eq. 13 and Section 3.2.4).
	Threshold float64
	// TailLength is the number of largest ratios fitted and smoothed:
	// ceil(min(0.2·S, 3·sqrt(S))), and 0 when S is too small to fit a tail of 5.
	TailLength int
	// Draws is S, the number of ratios.
	Draws int
	// LogWeights are the smoothed log weights, normalised so that their weights sum to 1.
	LogWeights []float64
}

// PSIS smooths the log importance ratios log p(z_s) - log q(z_s) of S draws z_s from q: the
// TailLength largest ratios are replaced by the expected order statistics of a generalised
// Pareto distribution fitted to them (GPDFit), truncated at the largest raw ratio, and the
// result is normalised. The ratios are not changed. -Inf ratios (draws where p is 0) are
// allowed and get weight 0.
//
// It returns an error if there are fewer than 2 ratios, if a ratio is NaN or +Inf, or if
// every ratio is -Inf. Too few draws to fit a tail (S < 25), a constant tail, or a failed
// fit are not errors: KHat is then +Inf and the weights are only truncated and normalised,
// as loo does.
//
// References:
//   - Vehtari, Simpson, Gelman, Yao, Gabry: Pareto Smoothed Importance Sampling. JMLR
//     25(72), 2024, Section 3 (the algorithm) and eq. 13 (the threshold); the R package
//     loo, psis() (do_psis_i, psis_smooth_tail, n_pareto).
func PSIS(logRatios []float64) (*PSISResult, error) {
	s := len(logRatios)
	if s < 2 {
		return nil, fmt.Errorf("diagnostics: PSIS: need at least 2 log ratios, got %d", s)
	}
	mx := math.Inf(-1)
	for i, r := range logRatios {
		if math.IsNaN(r) || math.IsInf(r, 1) {
			return nil, fmt.Errorf("diagnostics: PSIS: log ratio %d is %v; ratios must be finite or -Inf", i, r)
		}
		mx = max(mx, r)
	}
	if math.IsInf(mx, -1) {
		return nil, fmt.Errorf("diagnostics: PSIS: every log ratio is -Inf (the target density is 0 at every draw)")
	}
	res := &PSISResult{KHat: math.Inf(1), Sigma: math.NaN(), Threshold: KHatThreshold(s), Draws: s}
	lw := make([]float64, s)
	for i, r := range logRatios {
		lw[i] = r - mx // shift for safe exponentiation
	}
	m := TailLength(s)
	if m >= minTailLength {
		res.TailLength = m
		res.KHat, res.Sigma = smoothTail(lw, m)
	}
	for i, v := range lw {
		lw[i] = min(v, 0) // truncate at the largest raw ratio, which is 0 after the shift
	}
	lse := logSumExp(lw)
	for i := range lw {
		lw[i] -= lse
	}
	res.LogWeights = lw
	return res, nil
}

// smoothTail replaces the m largest entries of lw (shifted so that the largest is 0) by the
// quantiles (i - 1/2)/m of the generalised Pareto distribution fitted to their excesses
// over the largest value below them, and returns the fitted k and sigma (k +Inf when the
// tail is constant or the fit fails, and then lw is left as it is).
func smoothTail(lw []float64, m int) (k, sigma float64) {
	s := len(lw)
	order := make([]int, s)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return lw[order[a]] < lw[order[b]] })
	tail := order[s-m:]
	lo, hi := lw[tail[0]], lw[tail[m-1]]
	if math.Abs(hi-lo) < 2.220446049250313e-16/100 { // loo: .Machine$double.eps / 100
		return math.Inf(1), math.NaN()
	}
	cutoff := lw[order[s-m-1]] // the largest value below the tail
	expCutoff := math.Exp(cutoff)
	excess := make([]float64, m)
	for j, i := range tail {
		excess[j] = math.Exp(lw[i]) - expCutoff
	}
	k, sigma, err := gpdFitSorted(excess, true)
	if err != nil || math.IsInf(k, 0) {
		return math.Inf(1), math.NaN()
	}
	for j, i := range tail {
		p := (float64(j+1) - 0.5) / float64(m)
		lw[i] = math.Log(gpdQuantile(p, 0, sigma, k) + expCutoff)
	}
	return k, sigma
}

// TailLength is the number of largest ratios PSIS fits among s draws, ceil(min(0.2·s,
// 3·sqrt(s))) (Vehtari et al. 2024, Section 3.2.1, with relative efficiency 1, as for
// independent draws from an approximation).
func TailLength(s int) int {
	return int(math.Ceil(min(0.2*float64(s), 3*math.Sqrt(float64(s)))))
}

// KHatThreshold is the sample-size-dependent k-hat threshold min(1 - 1/log10(s), 0.7) for s
// draws (Vehtari et al. 2024, Section 3.2.4): with fewer draws, smaller k-hats are needed
// for a reliable estimate. It is -Inf for s <= 1.
func KHatThreshold(s int) float64 {
	if s <= 1 {
		return math.Inf(-1)
	}
	return min(1-1/math.Log10(float64(s)), KHatCeiling)
}

// MinDraws is the number of draws needed for reliable PSIS estimates with this k-hat,
// 10^(1/(1 - max(0, k))), and +Inf for k >= 1 (Vehtari et al. 2024, Section 3.2.4;
// posterior's ps_min_ss).
func (r *PSISResult) MinDraws() float64 {
	if !(r.KHat < 1) {
		return math.Inf(1)
	}
	return math.Pow(10, 1/(1-max(0, r.KHat)))
}

// Weights returns the normalised smoothed weights exp(LogWeights), which sum to 1.
func (r *PSISResult) Weights() []float64 {
	w := make([]float64, len(r.LogWeights))
	for i, lw := range r.LogWeights {
		w[i] = math.Exp(lw)
	}
	return w
}

// ESS is the effective sample size of the smoothed weights, 1/Σ w².
func (r *PSISResult) ESS() float64 {
	s := 0.0
	for _, lw := range r.LogWeights {
		w := math.Exp(lw)
		s += w * w
	}
	return 1 / s
}

// Reliable reports whether KHat is at most Threshold.
func (r *PSISResult) Reliable() bool { return r.KHat <= r.Threshold }

// sortedCopy returns x sorted ascending.
func sortedCopy(x []float64) []float64 {
	c := slices.Clone(x)
	slices.Sort(c)
	return c
}
