package trace

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// TestDiagnosticsSlowReference compares the diagnostics on random chains of many shapes with
// a slow reference written here, step by step: pairwise ranks, the direct autocovariance
// and Geyer's initial monotone sequence as the Stan reference manual states it.
func TestDiagnosticsSlowReference(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(7, 11))
	type shape struct {
		m, n int
		phi  float64
	}
	var shapes []shape
	for _, m := range []int{1, 2, 3, 4} {
		for _, n := range []int{4, 5, 6, 7, 9, 16, 33, 101, 250} {
			shapes = append(shapes, shape{m, n, 0.7})
		}
	}
	// Sticky chains run Geyer's sequence past the direct lags into the FFT.
	shapes = append(shapes, shape{2, 2000, 0.99}, shape{3, 1001, 0.995})
	for _, sh := range shapes {
		m, n := sh.m, sh.n
		{
			chains := make([][]float64, m)
			for c := range chains {
				chains[c] = make([]float64, n)
				x := 0.0
				for i := range chains[c] {
					// AR(1) with chain-specific offsets; rounded to create ties.
					x = sh.phi*x + rng.NormFloat64() + 0.2*float64(c)
					chains[c][i] = math.Round(x*100) / 100
				}
			}
			refRHat := math.NaN()
			if m >= 2 {
				refRHat = slowRHat(chains)
			}
			for _, d := range []struct {
				name      string
				got, want float64
			}{
				{"RHat", diag(RHat(chains)), refRHat},
				{"ESSBulk", diag(ESSBulk(chains)), slowESS(slowZ(slowSplit(chains)))},
				{"ESSTail", diag(ESSTail(chains)), slowESSTail(chains)},
				{"ESSMean", diag(ESSMean(chains)), slowESS(slowSplit(chains))},
			} {
				if !approx(d.got, d.want, diagTol) {
					t.Errorf("m=%d n=%d: %s = %.17g, want %.17g", m, n, d.name, d.got, d.want)
				}
			}
		}
	}
}

// The slow reference, step by step.

func slowSplit(chains [][]float64) [][]float64 {
	half := len(chains[0]) / 2
	var out [][]float64
	for _, c := range chains {
		out = append(out, c[:half], c[len(c)-half:])
	}
	return out
}

// slowZ rank-normalises by counting, for each value, the values below and equal to it.
func slowZ(chains [][]float64) [][]float64 {
	var all []float64
	for _, c := range chains {
		all = append(all, c...)
	}
	s := float64(len(all))
	out := make([][]float64, len(chains))
	for j, c := range chains {
		for _, v := range c {
			less, equal := 0, 0
			for _, u := range all {
				if u < v {
					less++
				} else if u == v {
					equal++
				}
			}
			r := float64(less) + float64(equal+1)/2
			out[j] = append(out[j], distuv.UnitNormal.Quantile((r-0.375)/(s+0.25)))
		}
	}
	return out
}

func slowRHatCore(chains [][]float64) float64 {
	m, n := float64(len(chains)), float64(len(chains[0]))
	var grand, w float64
	means := make([]float64, len(chains))
	for j, c := range chains {
		for _, v := range c {
			means[j] += v / n
		}
		grand += means[j] / m
	}
	var b float64
	for j, c := range chains {
		b += (means[j] - grand) * (means[j] - grand) * n / (m - 1)
		var s2 float64
		for _, v := range c {
			s2 += (v - means[j]) * (v - means[j]) / (n - 1)
		}
		w += s2 / m
	}
	varPlus := (n-1)/n*w + b/n
	return math.Sqrt(varPlus / w)
}

func slowRHat(chains [][]float64) float64 {
	split := slowSplit(chains)
	bulk := slowRHatCore(slowZ(split))
	var all []float64
	for _, c := range split {
		all = append(all, c...)
	}
	med := diag(QuantileOf(all, 0.5))
	folded := make([][]float64, len(split))
	for j, c := range split {
		for _, v := range c {
			folded[j] = append(folded[j], math.Abs(v-med))
		}
	}
	return math.Max(bulk, slowRHatCore(slowZ(folded)))
}

// slowESS follows the Stan reference manual's ESS with direct autocovariances:
// ρ̂_t = 1 - (W - mean_m acov_{t,m})/var⁺; pairs P_k = ρ̂_{2k} + ρ̂_{2k+1} are evaluated for
// k = 1, 2, … while the previously evaluated pair is positive and lag 2k-1 < n-3 (Geyer's
// initial positive sequence; a negative pair is not kept); the kept pairs before the last
// evaluated one are made monotone (Geyer's initial monotone sequence); then
// τ̂ = -1 + 2 Σ_{k<J} P_k + ρ̂_{2J} (the last evaluated even lag, counted once when positive
// or kept) and ESS = mn / max(τ̂, 1/log₁₀(mn)).
func slowESS(chains [][]float64) float64 {
	m, n := len(chains), len(chains[0])
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, c := range chains {
		for _, v := range c {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if hi-lo < 1e-15 {
		return float64(m * n)
	}
	means := make([]float64, m)
	for j, c := range chains {
		for _, v := range c {
			means[j] += v / float64(n)
		}
	}
	acov := func(t int) float64 { // the lag-t autocovariance (divisor n), averaged over chains
		var s float64
		for j, c := range chains {
			var a float64
			for i := 0; i+t < n; i++ {
				a += (c[i] - means[j]) * (c[i+t] - means[j])
			}
			s += a / float64(n) / float64(m)
		}
		return s
	}
	w := acov(0) * float64(n) / float64(n-1)
	varPlus := w * float64(n-1) / float64(n)
	if m > 1 {
		varPlus += variance(means, 1)
	}
	rhoAt := func(t int) float64 { return 1 - (w-acov(t))/varPlus }
	rho := make([]float64, n)
	rho[0], rho[1] = 1, rhoAt(1)
	j := 0
	lastEven, lastSum, kept := 1.0, rho[0]+rho[1], false
	for k := 1; 2*k-1 < n-3 && lastSum > 0; k++ {
		even, odd := rhoAt(2*k), rhoAt(2*k+1)
		j, lastEven, lastSum = k, even, even+odd
		if kept = lastSum >= 0; kept {
			rho[2*k], rho[2*k+1] = even, odd
		}
	}
	for k := 1; k <= j-1; k++ {
		if prev := rho[2*k-2] + rho[2*k-1]; rho[2*k]+rho[2*k+1] > prev {
			rho[2*k], rho[2*k+1] = prev/2, prev/2
		}
	}
	var sum float64
	for _, r := range rho[:2*j] {
		sum += r
	}
	extra := 0.0
	if lastEven > 0 || kept {
		extra = lastEven
	}
	total := float64(m * n)
	return total / math.Max(-1+2*sum+extra, 1/math.Log10(total))
}

func slowESSTail(chains [][]float64) float64 {
	var all []float64
	for _, c := range chains {
		all = append(all, c...)
	}
	s := append([]float64{}, all...)
	sortFloats(s)
	out := math.Inf(1)
	for _, p := range []float64{0.05, 0.95} {
		q := mquantile(s, p)
		ind := make([][]float64, len(chains))
		for j, c := range chains {
			for _, v := range c {
				ind[j] = append(ind[j], indicator(v <= q))
			}
		}
		out = math.Min(out, slowESS(slowSplit(ind)))
	}
	return out
}

// sortFloats is an insertion sort: the reference avoids the code under test's sorting.
func sortFloats(s []float64) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}
