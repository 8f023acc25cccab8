package main

import (
	"github.com/gopymc/gopymc/optimizers"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gopymc/gopymc/data"
	"github.com/gopymc/gopymc/model"
)

// handRadon is one minibatch ADVI iteration of the tutorial's model written by hand in
// plain Go, the baseline of BenchmarkRadonADVI: batchSize house indices drawn uniformly
// with replacement, a standard normal draw per parameter, z = mu + softplus(rho)·eps, the
// model's log density on the batch (the likelihood scaled by houses / batch size) and its
// gradient, the reparameterisation and entropy gradients, the loss and gradient divided by
// the same factor (PyMC's normalising constant), and one update of the library's
// adagrad_window(0.001), PyMC's default. The flat layout is the model's, so that logPGrad
// can be checked against the compiled log density.
type handRadon struct {
	r       *data.Radon
	at      radonLayout
	dim     int
	rng     *rand.Rand
	rows    []int
	params  []float64 // mu then rho
	eps, z  []float64
	sig     []float64
	g, grad []float64
	opt     optimizers.State // adagrad_window(0.001), PyMC's default
	loss    float64
}

// radonLayout gives the offsets of the model's variables in a flat point.
type radonLayout struct{ muA, sigmaA, muB, sigmaB, alpha, beta, eps int }

func layoutOf(tb testing.TB, ld *model.LogDensity) radonLayout {
	tb.Helper()
	off := map[string]int{}
	for _, v := range ld.Ordering() {
		off[v.Name] = v.Offset
	}
	for _, name := range []string{"mu_alpha", "sigma_alpha", "mu_beta", "sigma_beta", "alpha", "beta", "eps"} {
		if _, ok := off[name]; !ok {
			tb.Fatalf("no %s in the model's ordering", name)
		}
	}
	return radonLayout{off["mu_alpha"], off["sigma_alpha"], off["mu_beta"], off["sigma_beta"], off["alpha"], off["beta"], off["eps"]}
}

func newHandRadon(r *data.Radon, at radonLayout, dim int, seed uint64) *handRadon {
	s := &handRadon{r: r, at: at, dim: dim, rng: rand.New(rand.NewPCG(seed, 11)), rows: make([]int, batchSize),
		params: make([]float64, 2*dim), eps: make([]float64, dim), z: make([]float64, dim),
		sig: make([]float64, dim), g: make([]float64, dim), grad: make([]float64, 2*dim)}
	opt, err := optimizers.AdagradWindow(0.001).NewState(2 * dim)
	if err != nil {
		panic(err) // 2·dim > 0 and PyMC's settings are valid
	}
	s.opt = opt
	return s
}

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

// step is one ADVI iteration on a fresh batch.
func (s *handRadon) step() {
	n := len(s.r.LogRadon)
	for i := range s.rows {
		s.rows[i] = s.rng.IntN(n)
	}
	scale := float64(n) / batchSize
	mu, rho := s.params[:s.dim], s.params[s.dim:]
	logq := 0.0
	for j := range s.eps {
		e := s.rng.NormFloat64()
		sp := softplus(rho[j])
		s.eps[j], s.sig[j] = e, sp
		s.z[j] = mu[j] + sp*e
		logq += -0.5*e*e - math.Log(sp) - lnSqrt2Pi
	}
	s.loss = (logq - s.logPGrad(s.g, s.z, s.rows, scale)) / scale
	for j := range s.dim {
		dsp := 1 / (1 + math.Exp(-rho[j]))
		s.grad[j] = -s.g[j] / scale
		s.grad[s.dim+j] = (-s.g[j]*s.eps[j]*dsp - dsp/s.sig[j]) / scale
	}
	s.opt.Update(s.params, s.grad)
}

const lnSqrt2Pi = 0.91893853320467274178 // log √(2π)

// The hand-written log density and gradient equal the compiled full-data model's at several
// points (every house, unscaled), so the benchmark's baseline computes the same thing.
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
	grad, hand := make([]float64, ld.Dim()), make([]float64, ld.Dim())
	for _, shift := range []float64{0, 0.4, -0.7} {
		z := make([]float64, ld.Dim())
		for i := range z {
			z[i] = 0.8*math.Sin(1.3*float64(i)+shift) + shift
		}
		z[h.at.sigmaA], z[h.at.sigmaB], z[h.at.eps] = -5+shift, -5.5, -4.9+0.1*shift
		lp, err := ld.LogPGrad(grad, z)
		if err != nil {
			t.Fatal(err)
		}
		want := h.logPGrad(hand, z, all, 1)
		if math.Abs(lp-want) > 1e-9*math.Abs(want) {
			t.Fatalf("shift %v: logp %v, hand %v", shift, lp, want)
		}
		for i := range grad {
			if math.Abs(grad[i]-hand[i]) > 1e-8*math.Max(1, math.Abs(hand[i])) {
				t.Fatalf("shift %v: grad[%d] %v, hand %v", shift, i, grad[i], hand[i])
			}
		}
	}
}
