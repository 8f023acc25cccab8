package plots

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"
)

// Density is a kernel density estimate evaluated on an evenly spaced grid.
type Density struct {
	// X is the grid, increasing and evenly spaced, from Lo to Hi.
	X []float64
	// Y is the estimated density at each point of X.
	Y []float64
	// Bandwidth is the standard deviation of the Gaussian kernel.
	Bandwidth float64
	// Lo and Hi are the ends of the grid. Where ReflectLo (ReflectHi) is true the estimate
	// is reflected there and is zero beyond it.
	Lo, Hi               float64
	ReflectLo, ReflectHi bool
}

// At returns the density at x by linear interpolation on the grid, 0 outside [Lo, Hi].
func (d *Density) At(x float64) float64 {
	n := len(d.X)
	if n == 0 || !(x >= d.X[0] && x <= d.X[n-1]) {
		return 0
	}
	if n == 1 {
		return d.Y[0]
	}
	step := (d.X[n-1] - d.X[0]) / float64(n-1)
	i := min(int((x-d.X[0])/step), n-2)
	f := (x - d.X[i]) / step
	return d.Y[i] + f*(d.Y[i+1]-d.Y[i])
}

// Integral returns the trapezoidal integral of the density over its grid: 1 up to the
// mass the kernel puts beyond a grid end that is not reflected.
func (d *Density) Integral() float64 {
	var s float64
	for i := 1; i < len(d.X); i++ {
		s += (d.X[i] - d.X[i-1]) * (d.Y[i] + d.Y[i-1]) / 2
	}
	return s
}

// kernelCut is where the Gaussian kernel is truncated, in bandwidths: φ(6)/φ(0) ≈ 1.5e-8.
const kernelCut = 6

// tailCut is how far past the data an unreflected grid extends, in bandwidths (seaborn's
// cut=3).
const tailCut = 3

// KDE returns a Gaussian kernel density estimate of the draws x on an evenly spaced grid
// (GridSize points, default 512).
//
// The bandwidth follows KDERule (default Silverman's robust rule of thumb,
// h = 0.9·min(sd, IQR/1.34)·n^(-1/5), which stays narrow enough to separate the modes of
// a multimodal sample because the interquartile range shrinks when the mass sits in
// separated modes; Scott's rule h = sd·n^(-1/5) is SciPy's and seaborn's default),
// times KDEAdjust; KDEBandwidth sets it directly. When the IQR is zero, the sd is used.
//
// Boundaries: an open end of the grid runs 3 bandwidths past the extreme draw (seaborn's
// cut=3), so the curve tapers to zero. Without KDEBounds, 0 is taken as a lower bound of
// a sample with no negative draw, and 1 as an upper bound of a sample within [0, 1] (a
// probability, an accuracy): the grid never crosses such a bound, and when the nearest
// draw is within one bandwidth of it the estimate is reflected there, so a scale
// parameter or a sample piled against 0 has neither a spurious dip at the bound nor mass
// leaking past it. KDEBounds(lo, hi) declares the support instead: a finite end is
// reflected and the grid ends there, an infinite end is open. ArviZ's choice,
// reflection at the sample's extremes, is KDEBounds(min(x), max(x)).
//
// It returns an error if x has fewer than 2 draws, holds a NaN or ±Inf (naming the
// first index), is constant, or has draws outside KDEBounds.
//
// References: Silverman, B. W. (1986), Density Estimation for Statistics and Data
// Analysis, Chapman & Hall, eq. (3.31); Scott, D. W. (1992), Multivariate Density
// Estimation, Wiley, chapter 6; Schuster, E. F. (1985), Incorporating support constraints
// into nonparametric estimators of densities, Communications in Statistics - Theory and
// Methods 14(5), 1123-1136 (reflection).
func KDE(x []float64, opts ...Option) (*Density, error) {
	c, err := newConfig("KDE", kForKDE, opts)
	if err != nil {
		return nil, err
	}
	return kdeOf(x, "the sample", c)
}

// kdeOf is KDE with a parsed config; name says which input is at fault in errors.
func kdeOf(x []float64, name string, c *config) (*Density, error) {
	if len(x) < 2 {
		return nil, fmt.Errorf("plots: %s has %d draws; a density needs at least 2", name, len(x))
	}
	if err := checkFinite(x, name); err != nil {
		return nil, err
	}
	s := slices.Clone(x)
	slices.Sort(s)
	n := len(s)
	if s[0] == s[n-1] {
		return nil, fmt.Errorf("plots: %s is constant (every draw is %g); its density cannot be estimated", name, s[0])
	}
	h := c.bandwidth
	if h == 0 {
		h = ruleBandwidth(s, c.rule) * c.adjust
	}

	d := &Density{Bandwidth: h}
	if c.boundsSet {
		if s[0] < c.lo || s[n-1] > c.hi {
			return nil, fmt.Errorf("plots: %s has draws in [%g, %g], outside KDEBounds(%g, %g)", name, s[0], s[n-1], c.lo, c.hi)
		}
		d.Lo, d.Hi = c.lo, c.hi
		d.ReflectLo, d.ReflectHi = !math.IsInf(c.lo, -1), !math.IsInf(c.hi, 1)
	} else {
		d.Lo, d.Hi, d.ReflectLo, d.ReflectHi = naturalBounds(s[0], s[n-1], h)
	}
	if !d.ReflectLo {
		d.Lo = math.Max(d.Lo, s[0]-tailCut*h)
	}
	if !d.ReflectHi {
		d.Hi = math.Min(d.Hi, s[n-1]+tailCut*h)
	}

	// Reflected copies of the draws within kernelCut bandwidths of a reflecting end.
	pts := s
	if d.ReflectLo || d.ReflectHi {
		pts = make([]float64, 0, n+n/4)
		pts = append(pts, s...)
		for _, v := range s {
			if d.ReflectLo && v-d.Lo < kernelCut*h {
				pts = append(pts, 2*d.Lo-v)
			}
			if d.ReflectHi && d.Hi-v < kernelCut*h {
				pts = append(pts, 2*d.Hi-v)
			}
		}
		slices.Sort(pts)
	}

	g := cmp.Or(c.gridSize, defaultGrid) // KDE2D has a default of its own
	d.X = make([]float64, g)
	d.Y = make([]float64, g)
	step := (d.Hi - d.Lo) / float64(g-1)
	norm := 1 / (float64(n) * h * math.Sqrt(2*math.Pi))
	for i := range g {
		xi := d.Lo + float64(i)*step
		if i == g-1 {
			xi = d.Hi
		}
		d.X[i] = xi
		// Sum the kernels of the points within kernelCut bandwidths only.
		a := sort.SearchFloat64s(pts, xi-kernelCut*h)
		var sum float64
		for _, p := range pts[a:] {
			u := (xi - p) / h
			if u < -kernelCut {
				break
			}
			sum += math.Exp(-u * u / 2)
		}
		d.Y[i] = sum * norm
	}
	return d, nil
}

// naturalBounds returns the support assumed for a sample with extremes lo and hi and
// bandwidth h when none is declared: 0 is a lower bound when no draw is negative, and 1
// an upper bound when every draw is in [0, 1] (a probability, an accuracy). A bound
// within one bandwidth of the nearest draw is reflected; a farther one only stops the
// grid's tail from crossing it; otherwise the end is open.
func naturalBounds(lo, hi, h float64) (a, b float64, reflectA, reflectB bool) {
	a, b = math.Inf(-1), math.Inf(1)
	if lo >= 0 {
		a, reflectA = 0, lo <= h
		if hi <= 1 {
			b, reflectB = 1, 1-hi <= h
		}
	}
	return a, b, reflectA, reflectB
}

// ruleBandwidth returns the rule-of-thumb bandwidth of sorted, non-constant s.
func ruleBandwidth(s []float64, rule BandwidthRule) float64 {
	n := float64(len(s))
	sd := math.Sqrt(sampleVariance(s))
	switch rule {
	case Scott:
		return sd * math.Pow(n, -0.2) // Scott (1992), d = 1; scipy.stats.gaussian_kde
	default:
		a := sd
		if iqr := sortedQuantile(s, 0.75) - sortedQuantile(s, 0.25); iqr > 0 {
			a = math.Min(sd, iqr/1.34)
		}
		return 0.9 * a * math.Pow(n, -0.2) // Silverman (1986), eq. (3.31)
	}
}

// sampleVariance returns the variance of x with divisor n-1.
func sampleVariance(x []float64) float64 {
	var m float64
	for _, v := range x {
		m += v
	}
	m /= float64(len(x))
	var ss float64
	for _, v := range x {
		ss += (v - m) * (v - m)
	}
	return ss / float64(len(x)-1)
}

// sortedQuantile returns the q-quantile of sorted, non-empty s by linear interpolation
// (NumPy's default, Hyndman and Fan's type 7).
func sortedQuantile(s []float64, q float64) float64 {
	h := q * float64(len(s)-1)
	lo := int(math.Floor(h))
	hi := min(lo+1, len(s)-1)
	return s[lo] + (h-float64(lo))*(s[hi]-s[lo])
}
