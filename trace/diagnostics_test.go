package trace

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// diagTol bounds the disagreement between the FFT-based diagnostics and the direct
// references (rounding of the FFT and of the summation order only).
const diagTol = 1e-9

// TestDiagnosticsReference compares every diagnostic with testdata/reference.json, values
// computed by testdata/reference.py: a plain-Python transcription of ArviZ's formulas with
// a direct O(n²) autocovariance, pairwise ranks and statistics.NormalDist for Φ⁻¹. The cases
// cover ties, odd chain lengths (the middle draw dropped), one chain and chains too short
// for Geyer's sequence (ESS = mn·log₁₀(mn)).
func TestDiagnosticsReference(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("testdata/reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		Name     string
		Chains   [][]float64
		RHat     *float64 `json:"rhat"`
		ESSBulk  float64  `json:"ess_bulk"`
		ESSTail  float64  `json:"ess_tail"`
		ESSMean  float64  `json:"ess_mean"`
		MCSEMean float64  `json:"mcse_mean"`
	}
	if err := json.Unmarshal(raw, &cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) < 5 {
		t.Fatalf("reference.json holds %d cases, want 5", len(cases))
	}
	for _, c := range cases {
		wantRHat := math.NaN()
		if c.RHat != nil {
			wantRHat = *c.RHat
		}
		for _, d := range []struct {
			name      string
			got, want float64
		}{
			{"RHat", diag(RHat(c.Chains)), wantRHat},
			{"ESSBulk", diag(ESSBulk(c.Chains)), c.ESSBulk},
			{"ESSTail", diag(ESSTail(c.Chains)), c.ESSTail},
			{"ESSMean", diag(ESSMean(c.Chains)), c.ESSMean},
			{"MCSEMean", diag(MCSEMean(c.Chains)), c.MCSEMean},
		} {
			if !approx(d.got, d.want, diagTol) {
				t.Errorf("case %s: %s = %.17g, want %.17g", c.Name, d.name, d.got, d.want)
			}
		}
	}
}

// TestSplitRHatByHand checks the R-hat kernel on two chains worked by hand: [1 3] and
// [2 4] have means 2 and 3, so B = 2·Var(2, 3) = 1; both variances are 2, so W = 2, and
// R̂ = √((B/W + n - 1)/n) = √((0.5 + 1)/2) = √0.75.
func TestSplitRHatByHand(t *testing.T) {
	t.Parallel()
	if got, want := splitRHat([]float64{1, 3, 2, 4}, 2, 2), math.Sqrt(0.75); !approx(got, want, 1e-15) {
		t.Errorf("splitRHat = %v, want %v", got, want)
	}
}

// TestZScaleByHand checks rank normalisation with a tie: values [3 1 3 2] have ranks
// [3.5 1 3.5 2] (average for ties), mapped by Φ⁻¹((r - 3/8)/(4 + 1/4)).
func TestZScaleByHand(t *testing.T) {
	t.Parallel()
	var w diagWork
	got := w.zScale(nil, []float64{3, 1, 3, 2})
	for i, r := range []float64{3.5, 1, 3.5, 2} {
		want := distuv.UnitNormal.Quantile((r - 0.375) / 4.25)
		if !approx(got[i], want, 1e-15) {
			t.Errorf("z[%d] = %v, want %v", i, got[i], want)
		}
	}
}

// TestDiagnosticsKnownCases checks the diagnostics' behaviour on chains whose answer is
// known: iid draws give R-hat ≈ 1 and ESS ≈ the number of draws; chains with different
// means, or only different scales (seen by the folded R-hat), give R-hat > 1; an AR(1)
// chain has ESS ≈ n(1-φ)/(1+φ) (Geyer 1992; the integrated autocorrelation time of AR(1)
// is (1+φ)/(1-φ)).
func TestDiagnosticsKnownCases(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 5))
	gen := func(m, n int, f func(c, i int, prev float64) float64) [][]float64 {
		out := make([][]float64, m)
		for c := range out {
			out[c] = make([]float64, n)
			prev := 0.0
			for i := range out[c] {
				prev = f(c, i, prev)
				out[c][i] = prev
			}
		}
		return out
	}
	const m, n = 4, 2000
	iid := gen(m, n, func(int, int, float64) float64 { return rng.NormFloat64() })
	if r := diag(RHat(iid)); math.Abs(r-1) > 0.01 {
		t.Errorf("diag(RHat(iid)) = %v, want 1 within 0.01", r)
	}
	for name, f := range map[string]func([][]float64) (float64, error){"ESSBulk": ESSBulk, "ESSTail": ESSTail, "ESSMean": ESSMean} {
		// The ESS of iid draws fluctuates around m·n; tail-ESS more (indicators).
		if e := diag(f(iid)); math.Abs(e/(m*n)-1) > 0.15 {
			t.Errorf("%s(iid) = %v, want %d within 15%%", name, e, m*n)
		}
	}
	shifted := gen(m, n, func(c, _ int, _ float64) float64 { return rng.NormFloat64() + 0.5*float64(c) })
	if r := diag(RHat(shifted)); r < 1.1 {
		t.Errorf("RHat(chains with means 0, 0.5, 1, 1.5) = %v, want > 1.1", r)
	}
	scaled := gen(m, n, func(c, _ int, _ float64) float64 { return rng.NormFloat64() * (1 + 2*float64(c%2)) })
	if r := diag(RHat(scaled)); r < 1.05 {
		t.Errorf("RHat(chains with sd 1 and 3) = %v, want > 1.05 (folded R-hat)", r)
	}
	const phi, long = 0.9, 20_000
	ar := gen(m, long, func(_, _ int, prev float64) float64 { return phi*prev + rng.NormFloat64() })
	want := float64(m*long) * (1 - phi) / (1 + phi)
	for name, f := range map[string]func([][]float64) (float64, error){"ESSBulk": ESSBulk, "ESSMean": ESSMean} {
		if e := diag(f(ar)); math.Abs(e/want-1) > 0.15 {
			t.Errorf("%s(AR(1), φ=%v) = %v, want %v within 15%%", name, phi, e, want)
		}
	}
	if r := diag(RHat(ar)); math.Abs(r-1) > 0.01 {
		t.Errorf("RHat(AR(1)) = %v, want 1 within 0.01", r)
	}
}

func TestDiagnosticsEdgeCases(t *testing.T) {
	t.Parallel()
	nan := math.NaN()
	constant := [][]float64{{2, 2, 2, 2}, {2, 2, 2, 2}}
	short := [][]float64{{1, 2, 3}, {4, 5, 6}}
	withNaN := [][]float64{{1, 2, nan, 4}, {1, 2, 3, 4}}
	one := [][]float64{{1, 3, 2, 5, 4, 6}}
	tests := []struct {
		name      string
		got, want float64
	}{
		{"diag(RHat(constant))", diag(RHat(constant)), nan}, // W = 0
		{"diag(ESSBulk(constant))", diag(ESSBulk(constant)), 8},
		{"diag(ESSMean(constant))", diag(ESSMean(constant)), 8},
		{"diag(RHat(short))", diag(RHat(short)), nan},
		{"diag(ESSBulk(short))", diag(ESSBulk(short)), nan},
		{"diag(ESSTail(short))", diag(ESSTail(short)), nan},
		{"diag(MCSEMean(short))", diag(MCSEMean(short)), nan},
		{"RHat(NaN)", diag(RHat(withNaN)), nan},
		{"ESSBulk(NaN)", diag(ESSBulk(withNaN)), nan},
		{"RHat(one chain)", diag(RHat(one)), nan},
		{"RHat(none)", diag(RHat(nil)), nan},
		{"ESSBulk(none)", diag(ESSBulk(nil)), nan},
	}
	for _, tt := range tests {
		if !approx(tt.got, tt.want, 0) {
			t.Errorf("%s = %v, want %v", tt.name, tt.got, tt.want)
		}
	}
	if e := diag(ESSBulk(one)); math.IsNaN(e) {
		t.Error("ESSBulk(one chain) = NaN, want a number")
	}
}

// Chains of unequal lengths are an error naming the chain, from every diagnostic (issue 17:
// they panicked).
func TestIssue17DiagnosticsUnequalChains(t *testing.T) {
	t.Parallel()
	unequal := [][]float64{{1, 2, 3, 4}, {1, 2, 3, 4}, {1, 2, 3}}
	for name, f := range map[string]func([][]float64) (float64, error){"RHat": RHat, "ESSBulk": ESSBulk, "ESSTail": ESSTail, "ESSMean": ESSMean, "MCSEMean": MCSEMean} {
		v, err := f(unequal)
		if err == nil || !strings.Contains(err.Error(), "chain 2 has 3 draws, chain 0 has 4") || !math.IsNaN(v) {
			t.Errorf("%s(unequal chains) = %v, %v; want NaN and an error naming chain 2", name, v, err)
		}
	}
}

// diag is a diagnostic's value; its error fails the test by panicking (chains of these
// tests have equal lengths).
func diag(v float64, err error) float64 {
	if err != nil {
		panic(err)
	}
	return v
}

func TestFastLen(t *testing.T) {
	t.Parallel()
	for n, want := range map[int]int{0: 1, 1: 1, 7: 8, 11: 12, 14: 15, 17: 18, 49: 50, 97: 100, 100_000: 100_000, 100_001: 101_250} {
		if got := fastLen(n); got != want {
			t.Errorf("fastLen(%d) = %d, want %d", n, got, want)
		}
	}
}

// TestAutocovPaths checks that the lag-by-lag and the FFT autocovariances agree, and that
// ESS uses the direct sums for well-mixed chains and the FFT for sticky ones.
func TestAutocovPaths(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(9, 9))
	ar := func(m, n int, phi float64) [][]float64 {
		out := make([][]float64, m)
		for c := range out {
			x := 0.0
			for range n {
				x = phi*x + rng.NormFloat64()
				out[c] = append(out[c], x)
			}
		}
		return out
	}
	sticky := ar(3, 1000, 0.99)
	var flat []float64
	for _, c := range sticky {
		flat = append(flat, c...)
	}
	var w diagWork
	w.startAutocov(flat, 3, 1000)
	w.acLimit = 1000 // all lags directly
	direct := make([]float64, 1000)
	for lag := range direct {
		direct[lag] = w.autocov(lag)
	}
	w.startAutocov(flat, 3, 1000)
	w.fftAutocov()
	for lag := range direct {
		if math.Abs(w.acov[lag]-direct[lag]) > 1e-12*math.Abs(direct[0]) {
			t.Fatalf("lag %d: FFT %v, direct %v", lag, w.acov[lag], direct[lag])
		}
	}
	w.essMean(sticky)
	if w.acDone != w.acN {
		t.Errorf("sticky chains: %d of %d lags known, want all (FFT)", w.acDone, w.acN)
	}
	w.essMean(ar(3, 1000, 0))
	if w.acDone >= w.acLimit {
		t.Errorf("iid chains: %d lags known, want fewer than %d (direct)", w.acDone, w.acLimit)
	}
}
