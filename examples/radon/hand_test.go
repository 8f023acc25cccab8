package main

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gopymc/gopymc/data"
	"github.com/gopymc/gopymc/examples/internal/tutorial"
	"github.com/gopymc/gopymc/internal/testmodels"
	"github.com/gopymc/gopymc/model"
)

// handRadon is the baseline of BenchmarkRadonADVI: one minibatch ADVI iteration of the
// tutorial's model written by hand in plain Go, testmodels.HandADVI (the draws, the
// reparameterisation and entropy gradients, the loss and gradient divided by PyMC's
// normalising constant houses / batch size, PyMC's default adagrad_window(0.001)) around
// the model's log density on batchSize house indices drawn uniformly with replacement, the
// likelihood scaled by the same factor. Its log density is this model's (centred, with
// Uniform(0, 100) scales), not testmodels.Hierarchical's; the flat layout is the compiled
// model's, so that logPGrad can be checked against the compiled log density.
type handRadon struct {
	r    *data.Radon
	at   radonLayout
	rng  *rand.Rand
	rows []int
	advi *testmodels.HandADVI
	// batchLogPGrad is logPGrad on a fresh batch, the log density HandADVI steps on.
	batchLogPGrad func(g, z []float64) float64
}

// radonLayout gives the offsets of the model's variables in a flat point.
type radonLayout struct{ muA, sigmaA, muB, sigmaB, alpha, beta, eps int }

func layoutOf(tb testing.TB, ld *model.LogDensity) radonLayout {
	tb.Helper()
	at := tutorial.Offsets(tb, ld, "mu_alpha", "sigma_alpha", "mu_beta", "sigma_beta", "alpha", "beta", "eps")
	return radonLayout{at[0], at[1], at[2], at[3], at[4], at[5], at[6]}
}

func newHandRadon(r *data.Radon, at radonLayout, dim int, seed uint64) *handRadon {
	s := &handRadon{r: r, at: at, rng: rand.New(rand.NewPCG(seed, 11)), rows: make([]int, batchSize),
		advi: testmodels.NewHandADVI(dim, 0.001, seed)}
	n := len(r.LogRadon)
	scale := float64(n) / batchSize
	s.advi.T = scale
	s.batchLogPGrad = func(g, z []float64) float64 {
		for i := range s.rows {
			s.rows[i] = s.rng.IntN(n)
		}
		return s.logPGrad(g, z, s.rows, scale)
	}
	return s
}

// step is one ADVI iteration on a fresh batch.
func (s *handRadon) step() { s.advi.Step(s.batchLogPGrad) }

// softplus is log(1 + e^x), computed stably.
func softplus(x float64) float64 { return math.Max(x, 0) + math.Log1p(math.Exp(-math.Abs(x))) }

// interval returns 100·σ(z) (Uniform(0, 100)'s interval transform), the log density of the
// uniform prior plus the transform's log-Jacobian, -2·softplus(-z) - z, and the derivatives
// of the value and of that log density with respect to z.
func interval(z float64) (v, lp, dv, dlp float64) {
	s := 1 / (1 + math.Exp(-z))
	return 100 * s, -2*softplus(-z) - z, 100 * s * (1 - s), 1 - 2*s
}

// logPGrad returns the model's log density at z on the houses in rows, the likelihood
// scaled by scale, and writes its gradient into g.
func (s *handRadon) logPGrad(g, z []float64, rows []int, scale float64) float64 {
	const muSD = 100 * 100
	for i := range g {
		g[i] = 0
	}
	at, nc := s.at, len(s.r.Counties)
	lp := 0.0
	for _, i := range []int{at.muA, at.muB} { // N(0, 100²)
		lp += -0.5*(z[i]/muSD)*(z[i]/muSD) - math.Log(muSD) - lnSqrt2Pi
		g[i] = -z[i] / (muSD * muSD)
	}
	group := func(mu, sigma, first int) {
		sd, lpJ, dsd, dlpJ := interval(z[sigma])
		lp += lpJ
		g[sigma] += dlpJ
		dSD := 0.0
		for c := range nc {
			d := (z[first+c] - z[mu]) / sd
			lp += -0.5*d*d - math.Log(sd) - lnSqrt2Pi
			g[first+c] -= d / sd
			g[mu] += d / sd
			dSD += d*d/sd - 1/sd
		}
		g[sigma] += dSD * dsd
	}
	group(at.muA, at.sigmaA, at.alpha)
	group(at.muB, at.sigmaB, at.beta)
	eps, lpJ, deps, dlpJ := interval(z[at.eps])
	lp += lpJ
	g[at.eps] += dlpJ
	dEps := 0.0
	for _, i := range rows {
		c, f := s.r.CountyCode[i], s.r.Floor[i]
		res := (s.r.LogRadon[i] - z[at.alpha+c] - z[at.beta+c]*f) / eps
		lp += scale * (-0.5*res*res - math.Log(eps) - lnSqrt2Pi)
		g[at.alpha+c] += scale * res / eps
		g[at.beta+c] += scale * res * f / eps
		dEps += scale * (res*res/eps - 1/eps)
	}
	g[at.eps] += dEps * deps
	return lp
}

const lnSqrt2Pi = 0.91893853320467274178 // log √(2π)

// The hand-written log density and gradient equal the compiled full-data model's at several
// points (every house, unscaled), so the benchmark's baseline computes the same thing; and
// its minibatch ADVI iterations stay finite.
func TestHandLogPGrad(t *testing.T) {
	t.Parallel()
	r, err := data.LoadRadon()
	if err != nil {
		t.Fatal(err)
	}
	m, err := hierarchical(r, 0)
	if err != nil {
		t.Fatal(err)
	}
	ld, err := m.LogDensity()
	if err != nil {
		t.Fatal(err)
	}
	h := newHandRadon(r, layoutOf(t, ld), ld.Dim(), 1)
	all := make([]int, len(r.LogRadon))
	for i := range all {
		all[i] = i
	}
	var points [][]float64
	for _, shift := range []float64{0, 0.4, -0.7} {
		z := make([]float64, ld.Dim())
		for i := range z {
			z[i] = 0.8*math.Sin(1.3*float64(i)+shift) + shift
		}
		z[h.at.sigmaA], z[h.at.sigmaB], z[h.at.eps] = -5+shift, -5.5, -4.9+0.1*shift
		points = append(points, z)
	}
	tutorial.CheckLogPGrad(t, ld, func(g, z []float64) float64 { return h.logPGrad(g, z, all, 1) }, points...)
	for range 20 {
		h.step()
	}
	if math.IsNaN(h.advi.Loss) || math.IsInf(h.advi.Loss, 0) {
		t.Fatalf("the hand loop's loss is %v after 20 iterations", h.advi.Loss)
	}
}
