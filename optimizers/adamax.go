package optimizers

import "math"

var adamaxRule = ruleSpec{
	name:     "adamax",
	params:   []param{paramBeta1, paramBeta2, paramEpsilon},
	defaults: config{learningRate: 2e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8},
	newState: func(c *config, n int) State {
		return &adamaxState{
			lr: c.learningRate, beta1: c.beta1, beta2: c.beta2, eps: c.epsilon,
			m: make([]float64, n), u: make([]float64, n),
		}
	},
}

// Adamax returns PyMC's adamax, Adam's variant with an infinity-norm second moment and one
// step counter t shared by all elements:
//
//	t <- t+1
//	a_t = lr/(1-beta1^t)
//	m <- beta1*m + (1-beta1)*g
//	u <- max(beta2*u, |g|)
//	p <- p - a_t*m/(u + eps)
//
// with t, m and u starting at zero. A learningRate of 0 selects PyMC's default 0.002;
// options Beta1, Beta2 and Epsilon set beta1 (default 0.9), beta2 (default 0.999) and eps
// (default 1e-8).
//
// References: Kingma, D. P. and Ba, J. (2015). Adam: a method for stochastic optimization.
// ICLR; arXiv:1412.6980, section 7.1, Algorithm 2.
func Adamax(learningRate float64, opts ...Option) Optimizer {
	return newOptimizer(&adamaxRule, learningRate, opts)
}

// adamaxState is Adamax's state: the step count t, the first moment m and the weighted
// infinity norm u.
type adamaxState struct {
	lr, beta1, beta2, eps float64
	t                     float64
	m, u                  []float64
}

var _ State = (*adamaxState)(nil)

// Update implements State.
func (s *adamaxState) Update(params, grads []float64) error {
	if len(params) != len(s.m) || len(grads) != len(s.m) {
		return errBadLength
	}
	s.t++
	at := s.lr / (1 - math.Pow(s.beta1, s.t))
	grads = grads[:len(params)]
	m := s.m[:len(params)]
	u := s.u[:len(params)]
	for i, g := range grads {
		mi := s.beta1*m[i] + (1-s.beta1)*g
		ui := math.Max(s.beta2*u[i], math.Abs(g))
		m[i], u[i] = mi, ui
		params[i] -= at * mi / (ui + s.eps)
	}
	return nil
}
