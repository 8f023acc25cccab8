package trace

import "math"

// essResolution is NumPy's float64 resolution (np.finfo(float).resolution): draws whose
// range is below it count as constant, and their ESS is the number of draws, as in ArviZ.
const essResolution = 1e-15

// Tail-ESS quantiles: the 5% and 95% quantiles, as ArviZ and Stan.
const (
	tailLow  = 0.05
	tailHigh = 0.95
)

// ESSBulk returns the bulk effective sample size of the chains (one slice per chain, equal
// lengths): the ESS of the rank-normalised split chains, which measures how well the centre
// of the distribution (mean, median) is estimated, and is defined even without finite
// moments. It equals ArviZ's arviz.ess(method="bulk").
//
// It returns NaN if there are fewer than 4 draws per chain or a draw is NaN. It returns an
// error if the chains differ in length.
//
// References: Vehtari, A., Gelman, A., Simpson, D., Carpenter, B. and Bürkner, P.-C.
// (2021), Rank-normalization, folding, and localization: an improved R-hat for assessing
// convergence of MCMC, Bayesian Analysis 16(2), 667-718 (bulk-ESS).
func ESSBulk(chains [][]float64) (float64, error) {
	if err := equalLengths(chains); err != nil {
		return math.NaN(), err
	}
	var w diagWork
	return w.essBulk(chains), nil
}

// ESSTail returns the tail effective sample size of the chains: the smaller of the ESS of
// the indicators I(θ ≤ q₀.₀₅) and I(θ ≤ q₀.₉₅) over the split chains, with the quantiles
// taken over all draws (type 7, as ArviZ's quantile). It equals ArviZ's
// arviz.ess(method="tail").
//
// It returns NaN if there are fewer than 4 draws per chain or a draw is NaN. It returns an
// error if the chains differ in length.
//
// References: Vehtari et al. (2021), Bayesian Analysis 16(2), 667-718 (tail-ESS, ESS of
// quantiles by indicator functions).
func ESSTail(chains [][]float64) (float64, error) {
	if err := equalLengths(chains); err != nil {
		return math.NaN(), err
	}
	var w diagWork
	return w.essTail(chains), nil
}

// ESSMean returns the effective sample size of the mean of the chains: the ESS of the raw
// (not rank-normalised) split chains, ArviZ's arviz.ess(method="mean").
//
// It returns NaN if there are fewer than 4 draws per chain or a draw is NaN (and, through
// the autocovariance, if a draw is infinite). It returns an error if the chains differ in
// length.
//
// References: Vehtari et al. (2021), Bayesian Analysis 16(2), 667-718; Geyer, C. J.
// (1992), Practical Markov chain Monte Carlo, Statistical Science 7(4), 473-483.
func ESSMean(chains [][]float64) (float64, error) {
	if err := equalLengths(chains); err != nil {
		return math.NaN(), err
	}
	var w diagWork
	return w.essMean(chains), nil
}

// MCSEMean returns the Monte Carlo standard error of the mean of the chains, sd/√ESSMean
// with sd the standard deviation of all draws (divisor n-1), as ArviZ's
// arviz.mcse(method="mean").
//
// It returns NaN where ESSMean does. It returns an error if the chains differ in length.
func MCSEMean(chains [][]float64) (float64, error) {
	if err := equalLengths(chains); err != nil {
		return math.NaN(), err
	}
	var w diagWork
	return w.mcseMean(chains), nil
}

func (w *diagWork) essBulk(chains [][]float64) float64 {
	if _, _, ok := checkChains(chains, 1); !ok {
		return math.NaN()
	}
	var half int
	w.split, half = splitInto(w.split, chains)
	w.z = w.zScale(w.z, w.split)
	return w.ess(w.z, 2*len(chains), half)
}

func (w *diagWork) essMean(chains [][]float64) float64 {
	if _, _, ok := checkChains(chains, 1); !ok {
		return math.NaN()
	}
	var half int
	w.split, half = splitInto(w.split, chains)
	return w.ess(w.split, 2*len(chains), half)
}

func (w *diagWork) essTail(chains [][]float64) float64 {
	if _, _, ok := checkChains(chains, 1); !ok {
		return math.NaN()
	}
	w.tmp = w.tmp[:0]
	for _, c := range chains {
		w.tmp = append(w.tmp, c...)
	}
	w.all = w.ranks.sortInto(w.all, w.tmp)
	return w.essTailSorted(chains, w.all)
}

// essTailSorted is essTail given every draw, sorted.
func (w *diagWork) essTailSorted(chains [][]float64, sorted []float64) float64 {
	lo := w.essQuantile(chains, mquantile(sorted, tailLow))
	hi := w.essQuantile(chains, mquantile(sorted, tailHigh))
	if math.IsNaN(lo) || math.IsNaN(hi) {
		return math.NaN()
	}
	return min(lo, hi)
}

// essQuantile returns the ESS of the indicator I(θ ≤ q) over the split chains.
func (w *diagWork) essQuantile(chains [][]float64, q float64) float64 {
	half := len(chains[0]) / 2
	w.tmp = resize(w.tmp, 2*len(chains)*half)
	// Split as splitInto does, writing indicators instead of values.
	for c, x := range chains {
		first := w.tmp[2*c*half : (2*c+1)*half]
		last := w.tmp[(2*c+1)*half : (2*c+2)*half]
		for i := range half {
			first[i] = indicator(x[i] <= q)
			last[i] = indicator(x[len(x)-half+i] <= q)
		}
	}
	return w.ess(w.tmp, 2*len(chains), half)
}

func (w *diagWork) mcseMean(chains [][]float64) float64 {
	ess := w.essMean(chains)
	if math.IsNaN(ess) {
		return ess
	}
	w.all = w.all[:0]
	for _, c := range chains {
		w.all = append(w.all, c...)
	}
	return math.Sqrt(variance(w.all, 1)) / math.Sqrt(ess)
}

// diagnostics returns MCSEMean, ESSBulk, ESSTail and RHat of the chains, sharing the split,
// the rank normalisation and the sorting between them. sorted holds every draw, sorted, and
// sd their standard deviation (divisor n-1).
func (w *diagWork) diagnostics(chains [][]float64, sorted []float64, sd float64) (mcse, bulk, tail, rhat float64) {
	nan := math.NaN()
	m, _, ok := checkChains(chains, 1)
	if !ok {
		return nan, nan, nan, nan
	}
	var half int
	w.split, half = splitInto(w.split, chains)
	mcse = sd / math.Sqrt(w.ess(w.split, 2*m, half))
	tail = w.essTailSorted(chains, sorted)
	w.z = w.zScale(w.z, w.split)
	bulk = w.ess(w.z, 2*m, half)
	rhat = nan
	if m >= minRHatChains {
		rhat = w.rhatFromZ(m, half)
	}
	return mcse, bulk, tail, rhat
}

func indicator(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// mquantile returns the p-quantile of sorted, non-empty s as scipy.stats.mstats.mquantiles
// with alphap = betap = 1 (type 7), which ArviZ's quantile uses: with h = p·n + 1 - p
// (1-based), k = ⌊clip(h, 1, n-1)⌋ and g = clip(h-k, 0, 1), the value (1-g)s[k-1] + g·s[k].
func mquantile(s []float64, p float64) float64 {
	n := len(s)
	if n == 1 {
		return s[0]
	}
	h := p*float64(n) + 1 - p
	k := math.Floor(min(max(h, 1), float64(n-1)))
	g := min(max(h-k, 0), 1)
	i := int(k)
	return (1-g)*s[i-1] + g*s[i]
}

// ess returns the effective sample size of m chains of n draws each, stored back to back
// in x, as ArviZ's _ess and Stan's effective sample size: with the chains' autocovariances
// γ̂_{t,j} (divisor n) averaged over chains, W their lag-0 value times n/(n-1) and
// var⁺ = (n-1)/n W + Var(chain means),
//
//	ρ̂_t = 1 - (W - mean_j γ̂_{t,j}) / var⁺
//
// summed by Geyer's initial positive sequence (pairs P̂_k = ρ̂_{2k} + ρ̂_{2k+1} while
// positive), made monotone (each pair no larger than the one before), then
//
//	τ̂ = -1 + 2 Σ_{t ≤ K} ρ̂_t (+ ρ̂_{K+1} once, if positive),  ESS = m n / max(τ̂, 1/log₁₀(m n)).
//
// Draws whose range is below essResolution give m·n.
//
// References: Vehtari et al. (2021), Bayesian Analysis 16(2), 667-718 (multi-chain ESS);
// Geyer, C. J. (1992), Practical Markov chain Monte Carlo, Statistical Science 7(4),
// 473-483 (initial positive and initial monotone sequence estimators); Stan Reference
// Manual, "Effective sample size".
func (w *diagWork) ess(x []float64, m, n int) float64 {
	lo, hi := x[0], x[0]
	for _, v := range x {
		lo, hi = min(lo, v), max(hi, v)
	}
	if hi-lo < essResolution {
		return float64(len(x))
	}
	w.startAutocov(x, m, n)
	meanVar := w.autocov(0) * float64(n) / float64(n-1)
	varPlus := meanVar * float64(n-1) / float64(n)
	if m > 1 {
		varPlus += variance(w.means, 1)
	}
	w.rho = resize(w.rho, n)
	rho := w.rho
	clear(rho)
	rho[0] = 1
	rhoEven := 1.0
	rhoOdd := 1 - (meanVar-w.autocov(1))/varPlus
	rho[1] = rhoOdd
	// Geyer's initial positive sequence: add pairs while their sum is positive.
	t := 1
	for t < n-3 && rhoEven+rhoOdd > 0 {
		rhoEven = 1 - (meanVar-w.autocov(t+1))/varPlus
		rhoOdd = 1 - (meanVar-w.autocov(t+2))/varPlus
		if rhoEven+rhoOdd >= 0 {
			rho[t+1] = rhoEven
			rho[t+2] = rhoOdd
		}
		t += 2
	}
	maxT := t - 2
	if rhoEven > 0 {
		rho[maxT+1] = rhoEven
	}
	// Geyer's initial monotone sequence: no pair may exceed the pair before it.
	for t = 1; t <= maxT-2; t += 2 {
		if rho[t+1]+rho[t+2] > rho[t-1]+rho[t] {
			rho[t+1] = (rho[t-1] + rho[t]) / 2
			rho[t+2] = rho[t+1]
		}
	}
	total := float64(m * n)
	var sum float64
	for _, r := range rho[:maxT+1] {
		sum += r
	}
	tau := -1 + 2*sum + rho[maxT+1]
	tau = max(tau, 1/math.Log10(total))
	if hasNaN(rho) {
		return math.NaN()
	}
	return total / tau
}
