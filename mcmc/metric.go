package mcmc

import (
	"math"
	"math/rand/v2"
)

// Window scheme of PyMC's QuadPotentialDiagAdapt (pymc/step_methods/hmc/quadpotential.py,
// v4/v5, defaults adaptation_window=101, adaptation_window_multiplier=1, discard_window=50,
// early_update=False), followed here exactly:
//
//   - The inverse mass matrix (the posterior variance estimate) starts at ones. Two running
//     variance estimates exist: the foreground starts from the initial mean and variance
//     ones with weight 10 (init "adapt_diag": QuadPotentialDiagAdapt(n, mean, ones, 10)),
//     the background starts empty.
//   - Tuning draw n (0-based) is added to both estimates when n > 50: the first 51 draws are
//     discarded.
//   - When n > 101 the inverse mass matrix is set to the foreground variance (the biased,
//     divide-by-N estimate), clipped to [1e-12, 1e12]; before that it stays at ones.
//   - When n > 0 and n is a multiple of 101, the background becomes the foreground and a new
//     empty background starts: windows switch at draws 101, 202, 303, ..., so the variance in
//     use always comes from the last 101 to 202 tuning draws.
//   - After tuning the inverse mass matrix is fixed.
const (
	adaptWindow     = 101
	adaptDiscard    = 50
	adaptInitWeight = 10
	minVariance     = 1e-12
	maxVariance     = 1e12
)

// metric is a Euclidean metric of HMC: the inverse mass matrix M^-1 (PyMC's potential, the
// posterior covariance estimate), how momenta are drawn from N(0, M), and its adaptation.
type metric interface {
	// velocity sets v = M^-1 p and returns the kinetic term p·v.
	velocity(v, p []float64) float64
	// drift moves q by eps M^-1 p, the position update of a leapfrog step.
	drift(q, p []float64, eps float64)
	// drawMomentum draws p ~ N(0, M) from rng.
	drawMomentum(p []float64, rng *rand.Rand)
	// update tells the metric about a new draw q; it adapts only when tune is true. It
	// reports whether the metric changed so that the step size should be found anew
	// (Stan's windows); PyMC's metrics change gradually and report false.
	update(q []float64, tune bool) bool
	// diagonal is the diagonal of M^-1.
	diagonal() []float64
}

var (
	_ metric = (*diagMetric)(nil)
	_ metric = (*denseMetric)(nil)
	_ metric = (*stanDiagMetric)(nil)
)

// diagMetric is the diagonal Euclidean metric with PyMC's windowed adaptation (see the
// scheme above): kinetic energy p·(variance∘p)/2, momentum p ~ N(0, diag(1/variance)). A
// fixed one (PyMC's QuadPotentialDiag, used by init="advi" and a diagonal scaling) never
// adapts.
//
// References: PyMC's QuadPotentialDiagAdapt and QuadPotentialDiag; B. P. Welford, "Note on
// a method for calculating corrected sums of squares and products", Technometrics 4(3),
// 1962.
type diagMetric struct {
	diagScale
	fg, bg runningVariance
	n      int // tuning draws seen
	fixed  bool
}

// diagScale is a diagonal inverse mass matrix and what a leapfrog step needs of it; the
// diagonal metrics of both adaptation schemes embed it.
type diagScale struct {
	variance []float64 // inverse mass matrix diagonal
	invStd   []float64 // 1/sqrt(variance): scale of momentum draws
}

// newDiagScale is a diagonal of d entries: variance, or ones when it is nil.
func newDiagScale(d int, variance []float64) diagScale {
	s := diagScale{variance: make([]float64, d), invStd: make([]float64, d)}
	for i := range d {
		v := 1.0
		if variance != nil {
			v = variance[i]
		}
		s.set(i, v)
	}
	return s
}

// set makes entry i of the diagonal v.
func (s *diagScale) set(i int, v float64) {
	s.variance[i], s.invStd[i] = v, 1/math.Sqrt(v)
}

func (s *diagScale) velocity(v, p []float64) float64 {
	var kin float64
	for i, pi := range p {
		vi := s.variance[i] * pi
		v[i] = vi
		kin += pi * vi
	}
	return kin
}

func (s *diagScale) drift(q, p []float64, eps float64) {
	for i, pi := range p {
		q[i] += eps * s.variance[i] * pi
	}
}

func (s *diagScale) drawMomentum(p []float64, rng *rand.Rand) {
	for i := range p {
		p[i] = rng.NormFloat64() * s.invStd[i]
	}
}

func (s *diagScale) diagonal() []float64 { return s.variance }

// runningVariance is PyMC's _WeightedVariance: Welford's mean and sum of squares, with an
// optional prior mean and variance counted as weight pseudo-draws.
type runningVariance struct {
	weight float64
	mean   []float64
	rawVar []float64 // sum of squared deviations
}

// newDiagMetric is PyMC's QuadPotentialDiagAdapt(n, mean, ones, 10), the metric of the
// "adapt_diag" inits.
func newDiagMetric(mean []float64) *diagMetric {
	return newDiagMetricFrom(mean, nil, adaptInitWeight)
}

// newDiagMetricFrom is PyMC's QuadPotentialDiagAdapt(n, mean, variance, weight): the
// variance in use starts at variance (ones when nil), and the foreground estimate starts
// from mean and variance counted as weight draws (init "advi+adapt_diag" passes the
// approximation's mean and sd², weight 50).
func newDiagMetricFrom(mean, variance []float64, weight float64) *diagMetric {
	d := len(mean)
	m := &diagMetric{
		diagScale: newDiagScale(d, variance),
		fg:        runningVariance{mean: make([]float64, d), rawVar: make([]float64, d)},
		bg:        runningVariance{mean: make([]float64, d), rawVar: make([]float64, d)},
	}
	for i := range d {
		m.fg.mean[i] = mean[i]
		m.fg.rawVar[i] = m.variance[i] * weight
	}
	m.fg.weight = weight
	return m
}

// newFixedDiagMetric is PyMC's QuadPotentialDiag(variance): no adaptation.
func newFixedDiagMetric(variance []float64) *diagMetric {
	m := newDiagMetricFrom(make([]float64, len(variance)), variance, 0)
	m.fixed = true
	return m
}

// add adds one sample.
func (w *runningVariance) add(x []float64) {
	w.weight++
	for i, xi := range x {
		old := xi - w.mean[i]
		w.mean[i] += old / w.weight
		w.rawVar[i] += old * (xi - w.mean[i])
	}
}

// reset empties w.
func (w *runningVariance) reset() {
	w.weight = 0
	clear(w.mean)
	clear(w.rawVar)
}

// update tells the metric about a new draw q; it adapts only when tune is true.
func (m *diagMetric) update(q []float64, tune bool) bool {
	if !tune || m.fixed {
		return false
	}
	if m.n > adaptDiscard {
		m.fg.add(q)
		m.bg.add(q)
	}
	if m.n > adaptWindow {
		for i, r := range m.fg.rawVar {
			m.set(i, min(max(r/m.fg.weight, minVariance), maxVariance))
		}
	}
	if m.n > 0 && m.n%adaptWindow == 0 {
		m.fg, m.bg = m.bg, m.fg
		m.bg.reset()
	}
	m.n++
	return false
}
