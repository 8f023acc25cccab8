package testmodels

import (
	"math"
	"math/rand/v2"
)

// HandADVI is one mean-field ADVI iteration written by hand in plain Go, the baseline of
// the ADVI benchmarks: one standard normal draw eps per coordinate, z = mu + softplus(rho)·eps,
// the log density and its gradient at z (given by the caller), the loss
// (-log p(z) + log q(z))/T, its reparameterisation and entropy gradients, and one
// adagrad_window update (PyMC's default optimizer: n_win 10, eps 0.1), as opvi's ADVI step
// does with PyMC's defaults.
type HandADVI struct {
	Params []float64 // mu (d) then rho (d), as approximations.MeanField
	Loss   float64   // of the last Step
	LR     float64   // adagrad_window's learning rate
	T      float64   // the normalising constant dividing the loss (1 without minibatches)

	rng                  *rand.Rand
	eps, z, sigma, g, gr []float64
	win                  [][]float64
	k                    int
}

// NewHandADVI starts at mu = 0 and softplus(rho) = 1 (PyMC's start) in d dimensions.
func NewHandADVI(d int, lr float64, seed uint64) *HandADVI {
	s := &HandADVI{Params: make([]float64, 2*d), LR: lr, T: 1, rng: rand.New(rand.NewPCG(seed, 0)),
		eps: make([]float64, d), z: make([]float64, d), sigma: make([]float64, d), g: make([]float64, d),
		gr: make([]float64, 2*d), win: make([][]float64, 10)}
	for i := d; i < 2*d; i++ {
		s.Params[i] = math.Log(math.E - 1)
	}
	for i := range s.win {
		s.win[i] = make([]float64, 2*d)
	}
	return s
}

// Step runs one iteration; logpGrad sets g to the gradient of the log density at z and
// returns the log density.
func (s *HandADVI) Step(logpGrad func(g, z []float64) float64) {
	const lnSqrt2Pi = 0.91893853320467274178
	d := len(s.z)
	mu, rho := s.Params[:d], s.Params[d:]
	logq := 0.0
	for j := range s.eps {
		e := s.rng.NormFloat64()
		sp := math.Log1p(math.Exp(rho[j]))
		s.eps[j], s.sigma[j] = e, sp
		s.z[j] = mu[j] + sp*e
		logq += -0.5*e*e - math.Log(sp) - lnSqrt2Pi
	}
	logp := logpGrad(s.g, s.z)
	s.Loss = (-logp + logq) / s.T
	for j := range d {
		sig := 1 / (1 + math.Exp(-rho[j])) // d softplus / d rho
		s.gr[j] = -s.g[j] / s.T
		s.gr[d+j] = -s.g[j]*s.eps[j]*sig/s.T - sig/s.sigma[j]/s.T
	}
	w := s.win[s.k]
	for i, gi := range s.gr {
		w[i] = gi * gi
	}
	s.k = (s.k + 1) % len(s.win)
	for i, gi := range s.gr {
		acc := 0.0
		for _, wk := range s.win {
			acc += wk[i]
		}
		s.Params[i] -= s.LR * gi / math.Sqrt(acc+0.1)
	}
}
