package mcmc

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// Known-answer targets, written by hand with analytic gradients. Each is a LogDensity with
// its exact posterior mean and standard deviation per coordinate where known.

var _ LogDensity = (*stdNormal)(nil)

// stdNormal is N(0, I_d): mean 0, sd 1.
type stdNormal struct{ d int }

func (t *stdNormal) Dim() int { return t.d }

func (t *stdNormal) LogPGrad(grad, x []float64) (float64, error) {
	var lp float64
	for i, v := range x {
		lp -= 0.5 * v * v
		grad[i] = -v
	}
	return lp, nil
}

// corrGauss is a 2-D Gaussian with mean 0, sds (1, 3) and correlation 0.9.
type corrGauss struct{}

const (
	cgS1, cgS2, cgRho = 1.0, 3.0, 0.9
)

func (corrGauss) Dim() int { return 2 }

func (corrGauss) LogPGrad(grad, x []float64) (float64, error) {
	// Precision = inverse of [[s1², r s1 s2], [r s1 s2, s2²]].
	det := cgS1 * cgS1 * cgS2 * cgS2 * (1 - cgRho*cgRho)
	p11, p22, p12 := cgS2*cgS2/det, cgS1*cgS1/det, -cgRho*cgS1*cgS2/det
	g0 := p11*x[0] + p12*x[1]
	g1 := p12*x[0] + p22*x[1]
	grad[0], grad[1] = -g0, -g1
	return -0.5 * (x[0]*g0 + x[1]*g1), nil
}

// conjugateNormal is the posterior of mu with y_i ~ N(mu, sigma=3), i = 1..1000, and the
// prior mu ~ N(4, 2): the acceptance model of PyMC's VI tests (spec §10). The likelihood
// loops over the data, as a model would.
type conjugateNormal struct{ y []float64 }

const (
	conjN, conjSigma, conjMu0, conjSigma0 = 1000, 3.0, 4.0, 2.0
)

func newConjugateNormal() *conjugateNormal {
	r := rand.New(rand.NewPCG(2024, 0))
	y := make([]float64, conjN)
	for i := range y {
		y[i] = 2 + conjSigma*r.NormFloat64()
	}
	return &conjugateNormal{y: y}
}

func (t *conjugateNormal) Dim() int { return 1 }

func (t *conjugateNormal) LogPGrad(grad, x []float64) (float64, error) {
	mu := x[0]
	lp := -0.5 * (mu - conjMu0) * (mu - conjMu0) / (conjSigma0 * conjSigma0)
	g := -(mu - conjMu0) / (conjSigma0 * conjSigma0)
	const iv = 1 / (conjSigma * conjSigma)
	for _, y := range t.y {
		r := y - mu
		lp -= 0.5 * r * r * iv
		g += r * iv
	}
	grad[0] = g
	return lp, nil
}

// posterior is the closed form: precision 1/sigma0² + n/sigma², mean
// (mu0/sigma0² + sum y/sigma²)/precision. With n = 1000 the sd is sqrt(1/111.361) = 0.09476.
func (t *conjugateNormal) posterior() (mean, sd float64) {
	var sum float64
	for _, y := range t.y {
		sum += y
	}
	prec := 1/(conjSigma0*conjSigma0) + conjN/(conjSigma*conjSigma)
	return (conjMu0/(conjSigma0*conjSigma0) + sum/(conjSigma*conjSigma)) / prec, math.Sqrt(1 / prec)
}

// eightSchools is the non-centred eight schools model (Rubin 1981; Gelman et al., BDA3 §5.5):
// x = (mu, log tau, theta_tilde[8]), mu ~ N(0, 5), tau ~ HalfCauchy(5) sampled as log tau
// with the Jacobian log tau, theta_tilde ~ N(0, 1), y_j ~ N(mu + tau theta_tilde_j, sigma_j).
type eightSchools struct{}

var (
	schoolsY     = [8]float64{28, 8, -3, 7, -1, 1, 18, 12}
	schoolsSigma = [8]float64{15, 10, 16, 11, 9, 11, 10, 18}
)

func (eightSchools) Dim() int { return 10 }

func (eightSchools) LogPGrad(grad, x []float64) (float64, error) {
	mu, lt := x[0], x[1]
	tau := math.Exp(lt)
	u := tau / 5
	lp := -0.5*mu*mu/25 - math.Log1p(u*u) + lt // N(0,5), HalfCauchy(5), Jacobian (constants dropped)
	gMu := -mu / 25
	gLt := -2*u*u/(1+u*u) + 1
	for j := range 8 {
		tt := x[2+j]
		theta := mu + tau*tt
		r := (schoolsY[j] - theta) / (schoolsSigma[j] * schoolsSigma[j])
		lp += -0.5*tt*tt - 0.5*(schoolsY[j]-theta)*r
		gMu += r
		gLt += r * tau * tt
		grad[2+j] = -tt + r*tau
	}
	grad[0], grad[1] = gMu, gLt
	return lp, nil
}

// mixture is 0.2 N(-0.3, 0.1) + 0.8 N(0.5, 0.1) on the real line: mean
// 0.2·(-0.3) + 0.8·0.5 = 0.34, variance 0.01 + 0.2·0.8·0.8² = 0.1124.
type mixture struct{}

var mixLogW1, mixLogW2, mixLogNorm = math.Log(0.2), math.Log(0.8), math.Log(0.1 * math.Sqrt(2*math.Pi))

func (mixture) Dim() int { return 1 }

func (mixture) LogPGrad(grad, x []float64) (float64, error) {
	const s = 0.1
	z1, z2 := (x[0]+0.3)/s, (x[0]-0.5)/s
	a := mixLogW1 - 0.5*z1*z1
	b := mixLogW2 - 0.5*z2*z2
	m := max(a, b)
	wa, wb := math.Exp(a-m), math.Exp(b-m) // one of them is 1
	lse := m + math.Log(wa+wb)
	grad[0] = (wa*(-z1/s) + wb*(-z2/s)) / (wa + wb)
	return lse - mixLogNorm, nil
}

// negInf has log density -Inf everywhere.
type negInf struct{ d int }

func (t negInf) Dim() int { return t.d }

func (t negInf) LogPGrad(grad, x []float64) (float64, error) {
	clear(grad)
	return math.Inf(-1), nil
}

// errTarget is a standard normal whose LogPGrad fails from call failAt on.
type errTarget struct {
	stdNormal
	calls, failAt int
}

var errBoom = errors.New("boom")

func (t *errTarget) LogPGrad(grad, x []float64) (float64, error) {
	t.calls++
	if t.calls >= t.failAt {
		return 0, errBoom
	}
	return t.stdNormal.LogPGrad(grad, x)
}

// replicate returns n copies of a target built by mk.
func replicate(n int, mk func() LogDensity) []LogDensity {
	ts := make([]LogDensity, n)
	for i := range ts {
		ts[i] = mk()
	}
	return ts
}

// TestTargetGradients checks the hand-written gradients against central finite differences
// (step 1e-6, relative tolerance 1e-5 as gonum's optimize/functions validation uses).
func TestTargetGradients(t *testing.T) {
	t.Parallel()
	const step, tol = 1e-6, 1e-5
	tests := []struct {
		name   string
		target LogDensity
		x      []float64
	}{
		{"stdNormal", &stdNormal{3}, []float64{0.3, -1.2, 2}},
		{"corrGauss", corrGauss{}, []float64{0.7, -2.1}},
		{"conjugate", newConjugateNormal(), []float64{1.7}},
		{"eightSchools", eightSchools{}, []float64{4, 1.1, 0.3, -0.2, 1, 0.5, -1.3, 0.1, 0.9, -0.4}},
		{"mixture", mixture{}, []float64{0.17}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d := tc.target.Dim()
			g := make([]float64, d)
			scratch := make([]float64, d)
			if _, err := tc.target.LogPGrad(g, tc.x); err != nil {
				t.Fatal(err)
			}
			x := append([]float64(nil), tc.x...)
			for i := range d {
				x[i] = tc.x[i] + step
				fp, _ := tc.target.LogPGrad(scratch, x)
				x[i] = tc.x[i] - step
				fm, _ := tc.target.LogPGrad(scratch, x)
				x[i] = tc.x[i]
				fd := (fp - fm) / (2 * step)
				if math.Abs(fd-g[i]) > tol*max(1, math.Abs(fd)) {
					t.Errorf("grad[%d] = %g, finite difference %g", i, g[i], fd)
				}
			}
		})
	}
}

// moments returns the mean and sd of coordinate i over all chains' draws, with Monte Carlo
// standard errors from batch means (20 batches per chain; the variance's standard error
// carried to the sd by the delta method).
func moments(t *testing.T, r *Result, i int) (mean, sd, seMean, seSD float64) {
	t.Helper()
	const batches = 20
	var all []float64
	var per [][]float64
	for c := range r.Chains {
		n := r.NumDraws(c)
		xs := make([]float64, n)
		for k := range n {
			xs[k] = r.Chains[c].Draws[k*r.Dim+i]
		}
		per = append(per, xs)
		all = append(all, xs...)
	}
	if len(all) < batches {
		t.Fatalf("only %d draws", len(all))
	}
	mean, variance := meanVar(all)
	sd = math.Sqrt(variance)
	var bm, bv []float64
	for _, xs := range per {
		size := len(xs) / batches
		for b := range batches {
			chunk := xs[b*size : (b+1)*size]
			m, _ := meanVar(chunk)
			bm = append(bm, m)
			var sq float64
			for _, x := range chunk {
				sq += (x - mean) * (x - mean)
			}
			bv = append(bv, sq/float64(len(chunk)))
		}
	}
	_, vm := meanVar(bm)
	_, vv := meanVar(bv)
	nb := float64(len(bm))
	seMean = math.Sqrt(vm / nb)
	seSD = math.Sqrt(vv/nb) / (2 * sd)
	return mean, sd, seMean, seSD
}

func meanVar(xs []float64) (mean, variance float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	for _, x := range xs {
		variance += (x - mean) * (x - mean)
	}
	return mean, variance / float64(len(xs))
}

// statMean is the mean of a statistic over all chains' draws.
func statMean(r *Result, name string) float64 {
	var s float64
	var n int
	for c := range r.Chains {
		for _, v := range r.Chains[c].Stat(name) {
			s += v
			n++
		}
	}
	return s / float64(n)
}
