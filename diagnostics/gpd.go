package diagnostics

import (
	"errors"
	"fmt"
	"math"
)

// gpdMinGridPoints is the number of grid points of the Zhang–Stephens fit before
// floor(sqrt(n)) are added: loo's and posterior's min_grid_pts = 30.
const gpdMinGridPoints = 30

// Weakly informative prior on k (Vehtari et al. 2024, App. G): a Gaussian centred on 0.5
// worth gpdPriorWeight observations, applied as k <- (n·k + 10·0.5)/(n + 10).
const (
	gpdPriorMean   = 0.5
	gpdPriorWeight = 10
)

// errGPDFlat is returned when a quarter or more of the sample sits at its minimum, so the
// sample is far from a generalised Pareto one and no fit is made (posterior's gpdfit returns
// NA then).
var errGPDFlat = errors.New("diagnostics: GPDFit: the first quartile of the sample equals its minimum; it is not a generalised Pareto sample")

// GPDFit estimates the shape k and the scale sigma of a generalised Pareto distribution with
// location 0 from the sample x (x >= 0, not necessarily sorted; x is not changed), by the
// empirical Bayes method of Zhang and Stephens (2009), with k shrunk towards 0.5 by the
// weakly informative prior of Vehtari et al. (2024, App. G). Here k is the shape of the
// tail: 0 for exponential tails, k > 0 for tails with only 1/k moments, k < 0 for a bounded
// support (the sign is the opposite of Zhang and Stephens').
//
// It returns an error if x has fewer than 2 values, holds a negative or non-finite value,
// or has a first quartile equal to its minimum. A non-finite k from the fit is returned as
// +Inf with sigma NaN, as loo does.
//
// References:
//   - Zhang, Stephens: A New and Efficient Estimation Method for the Generalized Pareto
//     Distribution. Technometrics 51(3), 316-325, 2009, Section 4.
//   - Vehtari, Simpson, Gelman, Yao, Gabry: Pareto Smoothed Importance Sampling. JMLR
//     25(72), 2024, Appendix G (the prior); R packages loo (gpdfit) and posterior (gpdfit).
func GPDFit(x []float64) (k, sigma float64, err error) {
	if len(x) < 2 {
		return math.NaN(), math.NaN(), fmt.Errorf("diagnostics: GPDFit: need at least 2 values, got %d", len(x))
	}
	for i, v := range x {
		if !(v >= 0) || math.IsInf(v, 1) {
			return math.NaN(), math.NaN(), fmt.Errorf("diagnostics: GPDFit: x[%d] = %v; values must be finite and >= 0", i, v)
		}
	}
	return gpdFitSorted(sortedCopy(x), true)
}

// gpdFitSorted is GPDFit on an ascending sample, with the prior when wip.
func gpdFitSorted(x []float64, wip bool) (k, sigma float64, err error) {
	n := len(x)
	xstar := x[int(math.Floor(float64(n)/4+0.5))-1] // the first quartile, R's x[floor(n/4 + 0.5)]
	if !(xstar > x[0]) {
		return math.NaN(), math.NaN(), errGPDFlat
	}
	m := gpdMinGridPoints + int(math.Floor(math.Sqrt(float64(n))))
	const prior = 3 // Zhang and Stephens' p = 3
	// theta_j = 1/x_(n) + (1 - sqrt(m/(j - 1/2)))/(prior·xstar), j = 1..m (ibid., eq. 4.2 ff.),
	// weighted by the profile likelihood l(theta) = n(log(-theta/k) - k - 1) with
	// k(theta) = mean(log1p(-theta·x)).
	theta := make([]float64, m)
	logLik := make([]float64, m)
	for j := range theta {
		t := 1/x[n-1] + (1-math.Sqrt(float64(m)/(float64(j+1)-0.5)))/prior/xstar
		theta[j] = t
		kt := meanLog1pScaled(x, -t)
		logLik[j] = float64(n) * (math.Log(-t/kt) - kt - 1)
	}
	lse := logSumExp(logLik)
	thetaHat := 0.0
	for j, t := range theta {
		thetaHat += t * math.Exp(logLik[j]-lse)
	}
	k = meanLog1pScaled(x, -thetaHat)
	sigma = -k / thetaHat
	if wip {
		k = (k*float64(n) + gpdPriorMean*gpdPriorWeight) / float64(n+gpdPriorWeight)
	}
	if math.IsNaN(k) || math.IsInf(k, 0) {
		return math.Inf(1), math.NaN(), nil
	}
	return k, sigma, nil
}

// meanLog1pScaled is mean(log1p(a·x)).
func meanLog1pScaled(x []float64, a float64) float64 {
	s := 0.0
	for _, v := range x {
		s += math.Log1p(a * v)
	}
	return s / float64(len(x))
}

// logSumExp is log Σ exp(v), stable for large and -Inf entries.
func logSumExp(v []float64) float64 {
	mx := math.Inf(-1)
	for _, x := range v {
		if x > mx {
			mx = x
		}
	}
	if math.IsInf(mx, -1) || math.IsNaN(mx) {
		return mx
	}
	s := 0.0
	for _, x := range v {
		s += math.Exp(x - mx)
	}
	return mx + math.Log(s)
}

// gpdQuantile is the generalised Pareto quantile function at p with location mu, scale
// sigma and shape k (posterior's qgeneralized_pareto).
func gpdQuantile(p, mu, sigma, k float64) float64 {
	if k == 0 {
		return mu - sigma*math.Log1p(-p)
	}
	return mu + sigma*math.Expm1(-k*math.Log1p(-p))/k
}
