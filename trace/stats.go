package trace

import (
	"fmt"
	"math"
	"slices"
)

// element copies element e of variable v, over every draw of every chain, into dst
// (resized as needed) and returns it.
func (t *Trace) element(dst []float64, v, e int) []float64 {
	dst = dst[:0]
	size := t.sizes[v]
	for _, cd := range t.chains {
		vals := cd.values[v]
		for i := e; i < len(vals); i += size {
			dst = append(dst, vals[i])
		}
	}
	return dst
}

// perElement applies f to each element's draws (all chains) of the variable name and
// returns the results, or nil if the variable is unknown.
func (t *Trace) perElement(name string, f func(x []float64) float64) []float64 {
	v, ok := t.index[name]
	if !ok {
		return nil
	}
	out := make([]float64, t.sizes[v])
	var buf []float64
	for e := range out {
		buf = t.element(buf, v, e)
		out[e] = f(buf)
	}
	return out
}

// Mean returns the mean of each element of the variable over all draws of all chains
// (row-major, one value per element), NaN for an element without draws, or nil if the
// variable is unknown.
func (t *Trace) Mean(name string) []float64 {
	return t.perElement(name, mean)
}

// Var returns the variance of each element over all draws of all chains, with divisor n
// (NumPy's default ddof=0), or nil if the variable is unknown.
func (t *Trace) Var(name string) []float64 {
	return t.perElement(name, func(x []float64) float64 { return variance(x, 0) })
}

// Std returns the standard deviation of each element (the square root of Var), or nil if
// the variable is unknown.
func (t *Trace) Std(name string) []float64 {
	return t.perElement(name, func(x []float64) float64 { return math.Sqrt(variance(x, 0)) })
}

// Quantile returns the q-quantile of each element over all draws of all chains, by
// QuantileOf's rule; NaN for an element without draws or holding a NaN draw (a
// deterministic's log of 0, say). It returns an error if the variable is unknown or q is
// outside [0, 1].
func (t *Trace) Quantile(name string, q float64) ([]float64, error) {
	if !(q >= 0 && q <= 1) {
		return nil, fmt.Errorf("trace: Quantile of %q: q must lie in [0, 1], got %v", name, q)
	}
	if _, ok := t.index[name]; !ok {
		return nil, fmt.Errorf("trace: Quantile: the trace has no variable %q", name)
	}
	return t.perElement(name, func(x []float64) float64 {
		if len(x) == 0 || hasNaN(x) {
			return math.NaN()
		}
		slices.Sort(x)
		return sortedQuantile(x, q)
	}), nil
}

// HDI returns the highest-density interval of probability prob of each element over all
// draws of all chains, by HDIOf's rule; NaN, NaN for an element without draws or holding a
// NaN draw. It returns an error if the variable is unknown or prob is outside (0, 1].
func (t *Trace) HDI(name string, prob float64) (lo, hi []float64, err error) {
	v, ok := t.index[name]
	if !ok {
		return nil, nil, fmt.Errorf("trace: HDI: the trace has no variable %q", name)
	}
	if !(prob > 0 && prob <= 1) {
		return nil, nil, fmt.Errorf("trace: HDI of %q: prob must lie in (0, 1], got %v", name, prob)
	}
	lo = make([]float64, t.sizes[v])
	hi = make([]float64, t.sizes[v])
	var buf []float64
	for e := range lo {
		buf = t.element(buf, v, e)
		if len(buf) == 0 || hasNaN(buf) {
			lo[e], hi[e] = math.NaN(), math.NaN()
			continue
		}
		slices.Sort(buf)
		lo[e], hi[e] = sortedHDI(buf, prob)
	}
	return lo, hi, nil
}

// QuantileOf returns the q-quantile of x by linear interpolation between order statistics,
// NumPy's default method (Hyndman and Fan's type 7): with x sorted and h = q(n-1), the value
// x[⌊h⌋] + (h-⌊h⌋)(x[⌊h⌋+1]-x[⌊h⌋]). x is not modified. It returns an error if x is empty,
// holds a NaN, or q is outside [0, 1] (NumPy's "Quantiles must be in the range [0, 1]").
//
// References: Hyndman, R. J. and Fan, Y. (1996), Sample quantiles in statistical packages,
// The American Statistician 50(4), 361-365.
func QuantileOf(x []float64, q float64) (float64, error) {
	if err := checkDraws("QuantileOf", x); err != nil {
		return math.NaN(), err
	}
	if !(q >= 0 && q <= 1) {
		return math.NaN(), fmt.Errorf("trace: QuantileOf: q must lie in [0, 1], got %v", q)
	}
	s := slices.Clone(x)
	slices.Sort(s)
	return sortedQuantile(s, q), nil
}

// checkDraws returns an error for draws a statistic cannot use: none, or a NaN.
func checkDraws(caller string, x []float64) error {
	if len(x) == 0 {
		return fmt.Errorf("trace: %s: no draws", caller)
	}
	for i, v := range x {
		if v != v {
			return fmt.Errorf("trace: %s: draw %d is NaN", caller, i)
		}
	}
	return nil
}

// sortedQuantile is QuantileOf on sorted, NaN-free, non-empty s. It interpolates as NumPy's
// _lerp does (from the upper point when the fraction is at least 1/2), so results agree
// with numpy.quantile to the last bit.
func sortedQuantile(s []float64, q float64) float64 {
	h := q * float64(len(s)-1)
	i := math.Floor(h)
	lo := int(i)
	hi := min(lo+1, len(s)-1)
	g := h - i
	a, b := s[lo], s[hi]
	if g == 0 {
		return a // exact order statistic (NumPy gives NaN here when b is infinite)
	}
	d := b - a
	if g >= 0.5 {
		return b - d*(1-g)
	}
	return a + d*g
}

// HDIOf returns the highest-density interval of probability prob of the draws x, for a
// unimodal distribution, by ArviZ's rule (arviz.hdi, _hdi): with x sorted and
// k = ⌊prob·n⌋, the narrowest interval [x[i], x[i+k]] over i = 0 … n-k-1, the first on
// ties. For prob = 1, where ArviZ fails, it returns [min, max]. x is not modified. It returns
// an error if x is empty, holds a NaN, or prob is outside (0, 1].
func HDIOf(x []float64, prob float64) (lo, hi float64, err error) {
	if err := checkDraws("HDIOf", x); err != nil {
		return math.NaN(), math.NaN(), err
	}
	if !(prob > 0 && prob <= 1) {
		return math.NaN(), math.NaN(), fmt.Errorf("trace: HDIOf: prob must lie in (0, 1], got %v", prob)
	}
	s := slices.Clone(x)
	slices.Sort(s)
	lo, hi = sortedHDI(s, prob)
	return lo, hi, nil
}

// sortedHDI is HDIOf on sorted, NaN-free, non-empty s.
func sortedHDI(s []float64, prob float64) (lo, hi float64) {
	n := len(s)
	k := min(int(math.Floor(prob*float64(n))), n-1)
	best := 0
	width := math.Inf(1)
	for i := 0; i+k < n; i++ {
		if w := s[i+k] - s[i]; w < width {
			best, width = i, w
		}
	}
	return s[best], s[best+k]
}

// mean returns the arithmetic mean of x, NaN if x is empty.
func mean(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	var s float64
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

// variance returns Σ(x-mean)²/(n-ddof), NaN if n-ddof < 1.
func variance(x []float64, ddof int) float64 {
	if len(x)-ddof < 1 {
		return math.NaN()
	}
	m := mean(x)
	var s float64
	for _, v := range x {
		d := v - m
		s += d * d
	}
	return s / float64(len(x)-ddof)
}

// hasNaN reports whether x holds a NaN.
func hasNaN(x []float64) bool {
	for _, v := range x {
		if v != v {
			return true
		}
	}
	return false
}
