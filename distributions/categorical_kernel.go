package distributions

import "math"

// catIndex returns the class index held by the float64 value x for K classes, or -1 when x
// is not an integer in [0, K-1].
func catIndex(x float64, k int) int {
	if !(x >= 0 && x <= float64(k-1)) || x != math.Trunc(x) {
		return -1
	}
	return int(x)
}

// catLogp returns the log probability of class i under one row of p (K entries at stride
// st), normalised by its sum as PyMC does: log p_i - log Σ p. It returns -Inf for an
// invalid class, a negative or NaN entry, or a row whose sum is not positive and finite.
func catLogp(i int, p []float64, st, k int) float64 {
	if i < 0 {
		return math.Inf(-1)
	}
	sum := 0.0
	for j := 0; j < k; j++ {
		v := p[j*st]
		if !(v >= 0) {
			return math.Inf(-1)
		}
		sum += v
	}
	if !(sum > 0) || math.IsInf(sum, 1) {
		return math.Inf(-1)
	}
	return math.Log(p[i*st]) - math.Log(sum)
}

// catLogpGrad adds g times d logp / dp_j = [j = i]/p_i - 1/Σ p to dp (at stride st) for a
// row whose log probability lp is finite.
func catLogpGrad(g float64, i int, p []float64, st, k int, dp []float64) {
	sum := 0.0
	for j := 0; j < k; j++ {
		sum += p[j*st]
	}
	inv := g / sum
	for j := 0; j < k; j++ {
		dp[j*st] -= inv
	}
	dp[i*st] += g / p[i*st]
}

// catLogitLogp returns l_i - logsumexp(l) for one row of log-odds l (K entries at stride
// st). It returns -Inf for an invalid class or a NaN or +Inf entry (-Inf entries are classes
// of probability zero).
func catLogitLogp(i int, l []float64, st, k int) float64 {
	lse := catLogSumExp(l, st, k)
	if i < 0 || math.IsNaN(lse) || math.IsInf(lse, 0) {
		return math.Inf(-1)
	}
	return l[i*st] - lse
}

// catLogSumExp returns log Σ_j exp(l_j) computed stably; NaN when an entry is NaN or +Inf.
func catLogSumExp(l []float64, st, k int) float64 {
	m := math.Inf(-1)
	for j := 0; j < k; j++ {
		v := l[j*st]
		if math.IsNaN(v) || math.IsInf(v, 1) {
			return math.NaN()
		}
		m = math.Max(m, v)
	}
	if math.IsInf(m, -1) {
		return m
	}
	s := 0.0
	for j := 0; j < k; j++ {
		s += math.Exp(l[j*st] - m)
	}
	return m + math.Log(s)
}

// catLogitGrad adds g times d logp / dl_j = [j = i] - softmax(l)_j to dl (at stride st).
func catLogitGrad(g float64, i int, l []float64, st, k int, dl []float64) {
	lse := catLogSumExp(l, st, k)
	for j := 0; j < k; j++ {
		dl[j*st] -= g * math.Exp(l[j*st]-lse)
	}
	dl[i*st] += g
}
