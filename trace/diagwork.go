package trace

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/dsp/fourier"
	"gonum.org/v1/gonum/mathext"
)

// Minimum sizes for the convergence diagnostics, as ArviZ (arviz.stats.diagnostics,
// _not_valid): every diagnostic needs 4 draws per chain, R-hat also 2 chains.
const (
	minDraws      = 4
	minRHatChains = 2
)

// blomOffset is the fractional offset c = 3/8 of Blom (1958) used by the rank
// normalisation z = Φ⁻¹((r - c)/(S - 2c + 1)).
const blomOffset = 3.0 / 8

// errUnequalChains is the panic message of checkChains for chains of different lengths,
// which the exported diagnostics refuse first with equalLengths's error.
const errUnequalChains = "trace: chains of unequal length"

// equalLengths returns an error naming the first chain whose length differs from chain
// 0's.
func equalLengths(chains [][]float64) error {
	for c, x := range chains {
		if len(x) != len(chains[0]) {
			return fmt.Errorf("trace: chain %d has %d draws, chain 0 has %d: the diagnostics need chains of equal length (cut them to the shortest)", c, len(x), len(chains[0]))
		}
	}
	return nil
}

// diagWork holds the buffers of the convergence diagnostics so that Summary reuses them
// from element to element. The zero value is ready to use.
type diagWork struct {
	split []float64 // 2m split chains of half draws each, back to back
	tmp   []float64 // folded or indicator values, same layout as split
	z     []float64 // rank-normalised values
	ranks rankSorter
	order []int32   // positions of the values last rank-normalised, in ascending order
	all   []float64 // every draw of every chain (sorted for quantiles)
	means []float64 // per-chain means

	// autocovariance, lag by lag or by FFT
	centred []float64 // the chains given to startAutocov, each minus its mean
	acov    []float64 // autocovariance averaged over chains, lags 0 … acDone-1 known
	acM     int       // number of chains
	acN     int       // draws per chain
	acDone  int       // lags known
	acLimit int       // first lag computed by FFT
	fft     *fourier.FFT
	pad     []float64
	coef    []complex128
	rho     []float64
}

// checkChains checks chains for the diagnostics and returns the number of chains and draws per
// chain. ok is false when there are fewer than minChains chains or minDraws draws, or a
// NaN: the diagnostic is then NaN. It panics if the chains differ in length.
func checkChains(chains [][]float64, minChains int) (m, n int, ok bool) {
	m = len(chains)
	if m == 0 {
		return 0, 0, false
	}
	n = len(chains[0])
	for _, c := range chains[1:] {
		if len(c) != n {
			panic(errUnequalChains)
		}
	}
	if m < minChains || n < minDraws {
		return m, n, false
	}
	for _, c := range chains {
		if hasNaN(c) {
			return m, n, false
		}
	}
	return m, n, true
}

// splitInto writes the 2m split chains of src into dst (resized) and returns dst and the
// length of each half, ⌊n/2⌋. For odd n the middle draw is dropped, as ArviZ
// (_split_chains) and Stan do: split chain 2c is chain c's first half, 2c+1 its last half.
func splitInto(dst []float64, chains [][]float64) ([]float64, int) {
	half := len(chains[0]) / 2
	dst = resize(dst, 2*len(chains)*half)
	for c, x := range chains {
		copy(dst[2*c*half:], x[:half])
		copy(dst[(2*c+1)*half:], x[len(x)-half:])
	}
	return dst, half
}

// zScale writes the rank-normalised values of src into dst (resized) and returns it:
// z = Φ⁻¹((r - 3/8)/(S + 1/4)), r the rank of the value among all S values (1-based, ties
// given their average rank, as scipy.stats.rankdata "average"). Afterwards w.order holds
// src's positions in ascending order of value. src must hold no NaN.
//
// References: Vehtari et al. (2021), rank normalisation; Blom, G. (1958), Statistical
// Estimates and Transformed Beta-Variables, Wiley.
func (w *diagWork) zScale(dst, src []float64) []float64 {
	s := len(src)
	dst = resize(dst, s)
	keys, order := w.ranks.sort(src)
	w.order = order
	denom := float64(s) - 2*blomOffset + 1
	for i := 0; i < s; {
		j := i + 1
		for j < s && keys[j] == keys[i] {
			j++
		}
		// Ranks i+1 … j share the value: each gets their average (i+1+j)/2.
		r := float64(i+1+j) / 2
		z := mathext.NormalQuantile((r - blomOffset) / denom)
		for _, k := range order[i:j] {
			dst[k] = z
		}
		i = j
	}
	return dst
}

// fold writes |x - median(x)| into dst (resized) and returns it, given x's positions in
// ascending order of value.
//
// References: Vehtari et al. (2021), folded split-R-hat.
func fold(dst, x []float64, order []int32) []float64 {
	n := len(x)
	med := x[order[n/2]]
	if n%2 == 0 {
		med = (x[order[n/2-1]] + med) / 2 // as numpy.median
	}
	dst = resize(dst, n)
	for i, v := range x {
		dst[i] = math.Abs(v - med)
	}
	return dst
}

// resize returns s with length n, reusing its storage when large enough.
func resize(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n)
	}
	return s[:n]
}

// fastLen returns the smallest 5-smooth number (2^a 3^b 5^c, the lengths the FFT handles
// with its fast radices) not less than n.
func fastLen(n int) int {
	for k := max(n, 1); ; k++ {
		r := k
		for _, p := range []int{2, 3, 5} {
			for r%p == 0 {
				r /= p
			}
		}
		if r == 1 {
			return k
		}
	}
}
