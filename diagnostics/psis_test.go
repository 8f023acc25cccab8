package diagnostics

import (
	"encoding/csv"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readCSV reads a testdata CSV file without its header row.
func readCSV(t *testing.T, name string) [][]string {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	require.NoError(t, err)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	return rows[1:]
}

func parseFloat(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	require.NoError(t, err, s)
	return v
}

// referenceInputs reads testdata/psis_inputs.csv by case, in file order.
func referenceInputs(t *testing.T) (names []string, ratios map[string][]float64) {
	t.Helper()
	ratios = map[string][]float64{}
	for _, r := range readCSV(t, "psis_inputs.csv") {
		if _, ok := ratios[r[0]]; !ok {
			names = append(names, r[0])
		}
		ratios[r[0]] = append(ratios[r[0]], parseFloat(t, r[2]))
	}
	return names, ratios
}

// TestPSISMatchesLoo compares k-hat, the tail length and every smoothed weight with R's
// loo 2.5.1 psis() on the same log ratios (testdata/psis_reference.R computed them).
func TestPSISMatchesLoo(t *testing.T) {
	t.Parallel()
	const tolK = 1e-10  // relative, k-hat
	const tolLW = 1e-10 // absolute, normalised log weights
	names, inputs := referenceInputs(t)
	type ref struct {
		k       float64
		tail    int
		changed map[int]float64
	}
	refs := map[string]*ref{}
	for _, r := range readCSV(t, "psis_loo_reference.csv") {
		c := refs[r[0]]
		if c == nil {
			tail, err := strconv.Atoi(r[2])
			require.NoError(t, err)
			c = &ref{k: parseFloat(t, r[1]), tail: tail, changed: map[int]float64{}}
			refs[r[0]] = c
		}
		idx, err := strconv.Atoi(r[3])
		require.NoError(t, err)
		c.changed[idx-1] = parseFloat(t, r[4])
	}
	require.Len(t, refs, len(names))
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			in, want := inputs[name], refs[name]
			got, err := PSIS(in)
			require.NoError(t, err)
			assert.InEpsilon(t, want.k, got.KHat, tolK, "k-hat")
			assert.Equal(t, want.tail, got.TailLength)
			assert.Equal(t, len(in), got.Draws)
			// loo's weights are unnormalised: normalise them to compare.
			lw := append([]float64(nil), in...)
			for i, v := range want.changed {
				lw[i] = v
			}
			lse := logSumExp(lw)
			for i := range lw {
				require.InDelta(t, lw[i]-lse, got.LogWeights[i], tolLW, "log weight %d", i)
			}
		})
	}
}

// TestGPDFitMatchesLoo compares GPDFit with loo::gpdfit, with and without the weakly
// informative prior, on the tail excesses of the reference cases.
func TestGPDFitMatchesLoo(t *testing.T) {
	t.Parallel()
	const tol = 1e-10 // relative
	_, inputs := referenceInputs(t)
	rows := readCSV(t, "gpdfit_reference.csv")
	require.NotEmpty(t, rows)
	for _, r := range rows {
		in := inputs[r[0]]
		w := make([]float64, len(in))
		mx := math.Inf(-1)
		for _, v := range in {
			mx = max(mx, v)
		}
		for i, v := range in {
			w[i] = math.Exp(v - mx)
		}
		w = sortedCopy(w)
		m := int(math.Ceil(0.2 * float64(len(w))))
		x := make([]float64, m)
		for i := range x {
			x[i] = w[len(w)-m+i] - w[len(w)-m-1]
		}
		wip := r[1] == "TRUE"
		k, sigma, err := gpdFitSorted(x, wip)
		require.NoError(t, err)
		assert.InEpsilon(t, parseFloat(t, r[2]), k, tol, "%s wip=%v: k", r[0], wip)
		assert.InEpsilon(t, parseFloat(t, r[3]), sigma, tol, "%s wip=%v: sigma", r[0], wip)
		if wip {
			// The exported GPDFit sorts a copy and uses the prior.
			shuffled := append([]float64(nil), x...)
			rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
			k2, s2, err := GPDFit(shuffled)
			require.NoError(t, err)
			assert.Equal(t, k, k2)
			assert.Equal(t, sigma, s2)
		}
	}
}

// gpdSample draws n values from a generalised Pareto distribution (location 0) by inverting
// its distribution function.
func gpdSample(n int, k, sigma float64, seed uint64) []float64 {
	rng := rand.New(rand.NewPCG(seed, 7))
	x := make([]float64, n)
	for i := range x {
		x[i] = gpdQuantile(rng.Float64(), 0, sigma, k)
	}
	return x
}

// TestGPDFitKnownShapes fits samples of known shape: exponential (k = 0), heavy and bounded
// tails. With n = 20000 the sd of the estimate is about (1 + k)/sqrt(n) < 0.01 (Zhang and
// Stephens 2009, Table 2 scale); the prior moves k by 10(0.5 - k)/(n + 10) < 0.0003.
func TestGPDFitKnownShapes(t *testing.T) {
	t.Parallel()
	const n = 20000
	const tol = 0.04
	for _, k := range []float64{0, 0.3, 0.8, -0.3} {
		x := gpdSample(n, k, 2, uint64(100*(k+1)))
		kh, sigma, err := GPDFit(x)
		require.NoError(t, err)
		assert.InDelta(t, k, kh, tol, "k = %v", k)
		assert.InDelta(t, 2, sigma, 0.1, "sigma for k = %v", k)
	}
	// Exponential excesses (the limit k = 0 of the family, by another generator).
	rng := rand.New(rand.NewPCG(3, 4))
	e := make([]float64, n)
	for i := range e {
		e[i] = rng.ExpFloat64()
	}
	kh, _, err := GPDFit(e)
	require.NoError(t, err)
	assert.InDelta(t, 0, kh, tol, "exponential sample")
}

// TestPSISClosedFormTails weighs draws from N(0, 1) against targets whose weight tails are
// known: N(0, s²) has tail index 1 - 1/s² (negative for s < 1: bounded weights), and a
// Student t has index 1 (the normal's tails are too light for it). The estimates approach
// the index slowly (the tails carry a log factor), so the bounds are one-sided where the
// finite-sample bias is known to be downward.
func TestPSISClosedFormTails(t *testing.T) {
	t.Parallel()
	const s = 20000
	rng := rand.New(rand.NewPCG(11, 12))
	z := make([]float64, s)
	for i := range z {
		z[i] = rng.NormFloat64()
	}
	khat := func(logp func(float64) float64) float64 {
		r := make([]float64, s)
		for i, v := range z {
			r[i] = logp(v) - logNormalPDF(v, 1)
		}
		res, err := PSIS(r)
		require.NoError(t, err)
		return res.KHat
	}
	// A slightly wider target (s = 1.1, index 0.17) stays well below 0.5.
	assert.Less(t, khat(func(v float64) float64 { return logNormalPDF(v, 1.1) }), 0.3)
	assert.Less(t, khat(func(v float64) float64 { return logNormalPDF(v, 0.8) }), 0.0, "bounded weights")
	k2 := khat(func(v float64) float64 { return logNormalPDF(v, 2) }) // index 0.75
	assert.Greater(t, k2, 0.55)
	assert.Less(t, k2, 0.85)
	kt := khat(func(v float64) float64 { return logStudentT(v, 3) }) // index 1
	assert.Greater(t, kt, 0.7)
}

func TestPSISEdgeCases(t *testing.T) {
	t.Parallel()
	// Equal ratios: every weight 1/S, the tail constant so k-hat is +Inf with no error.
	eq := make([]float64, 100)
	res, err := PSIS(eq)
	require.NoError(t, err)
	assert.True(t, math.IsInf(res.KHat, 1))
	for _, lw := range res.LogWeights {
		assert.InDelta(t, -math.Log(100), lw, 1e-12)
	}
	assert.Contains(t, res.Summary(), "fit failed")

	// Too few draws for a tail of 5: weights normalised, k-hat +Inf, tail 0.
	res, err = PSIS([]float64{0, 1, 2, 3})
	require.NoError(t, err)
	assert.Equal(t, 0, res.TailLength)
	assert.True(t, math.IsInf(res.KHat, 1))
	assert.InDelta(t, 1, sum(res.Weights()), 1e-12)
	assert.Contains(t, res.Summary(), "too few")

	// -Inf ratios get weight 0; the others are smoothed as usual.
	r := make([]float64, 200)
	rng := rand.New(rand.NewPCG(5, 6))
	for i := range r {
		r[i] = rng.NormFloat64()
	}
	r[7], r[150] = math.Inf(-1), math.Inf(-1)
	res, err = PSIS(r)
	require.NoError(t, err)
	assert.True(t, math.IsInf(res.LogWeights[7], -1))
	assert.True(t, math.IsInf(res.LogWeights[150], -1))
	assert.InDelta(t, 1, sum(res.Weights()), 1e-12)
	assert.False(t, math.IsNaN(res.KHat))

	for _, bad := range [][]float64{nil, {1}, {0, math.NaN()}, {0, math.Inf(1)}, {math.Inf(-1), math.Inf(-1)}} {
		_, err := PSIS(bad)
		assert.Error(t, err, "%v", bad)
	}
	for _, bad := range [][]float64{nil, {1}, {1, -1}, {1, math.Inf(1)}, {1, math.NaN()}} {
		_, _, err := GPDFit(bad)
		assert.Error(t, err, "%v", bad)
	}
	_, _, err = GPDFit([]float64{0, 0, 0, 0, 1, 2, 3, 4})
	assert.ErrorIs(t, err, errGPDFlat)
}

func TestThresholdsAndMinDraws(t *testing.T) {
	t.Parallel()
	const tol = 1e-12
	// 1 - 1/log10(S), capped at 0.7 from S = 10^(1/0.3) ≈ 2154 on.
	assert.InDelta(t, 1-1/math.Log10(100), KHatThreshold(100), tol)
	assert.InDelta(t, 1-1.0/3, KHatThreshold(1000), tol)
	assert.InDelta(t, 0.7, KHatThreshold(2155), tol)
	assert.InDelta(t, 0.7, KHatThreshold(100000), tol)
	assert.True(t, math.IsInf(KHatThreshold(1), -1))
	// Tail lengths: ceil(min(0.2 S, 3 sqrt(S))); loo's n_pareto.
	for s, want := range map[int]int{25: 5, 100: 20, 225: 45, 1000: 95, 4000: 190, 10000: 300} {
		assert.Equal(t, want, TailLength(s), "S = %d", s)
	}
	// Minimum sample sizes 10^(1/(1-k)) (posterior's ps_min_ss).
	assert.InDelta(t, 10, (&PSISResult{KHat: -0.5}).MinDraws(), tol)
	assert.InDelta(t, 100, (&PSISResult{KHat: 0.5}).MinDraws(), 1e-9)
	assert.True(t, math.IsInf((&PSISResult{KHat: 1.2}).MinDraws(), 1))
}

func TestSummarySentences(t *testing.T) {
	t.Parallel()
	cases := []struct {
		k    float64
		s    int
		want string
	}{
		{-0.4, 1000, "Pareto k-hat -0.40 <= 0 (S = 1000 draws, tail 95): the importance weights are bounded (the approximation's tails are heavier than the posterior's): PSIS-weighted or PSIS-resampled draws are reliable, though the approximation's own draws may be too spread out."},
		{0.3, 1000, "Pareto k-hat 0.30 <= 0.5 (S = 1000 draws, tail 95): the approximation is close to the posterior."},
		{0.6, 1000, "Pareto k-hat 0.60 <= 0.67 (S = 1000 draws, tail 95): the approximation is not exact, but PSIS-weighted or PSIS-resampled draws give reliable estimates."},
		{0.68, 1000, "Pareto k-hat 0.68 > 0.67 (S = 1000 draws, tail 95): too few draws for this k-hat; use more than 1334."},
		{0.9, 4000, "Pareto k-hat 0.90 > 0.7 (S = 4000 draws, tail 190): the approximation is unreliable: it is far from the posterior, and importance weighting cannot repair it."},
		{1.3, 1000, "Pareto k-hat 1.30 > 1 (S = 1000 draws, tail 95): the approximation is unreliable: it misses large parts of the posterior (the importance weights have no finite mean)."},
	}
	for _, c := range cases {
		r := &PSISResult{KHat: c.k, Draws: c.s, TailLength: TailLength(c.s), Threshold: KHatThreshold(c.s)}
		assert.Equal(t, c.want, r.Summary())
		assert.Equal(t, c.k <= r.Threshold, r.Reliable())
	}
}

func sum(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s
}
