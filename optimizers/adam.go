package optimizers

import "math"

var adamRule = ruleSpec{
	name:     "adam",
	params:   []param{paramBeta1, paramBeta2, paramEpsilon},
	defaults: config{learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8},
	newState: func(c *config, n int) State {
		return &adamState{
			lr: c.learningRate, beta1: c.beta1, beta2: c.beta2, eps: c.epsilon,
			m: make([]float64, n), v: make([]float64, n),
		}
	},
}

// Adam returns PyMC's adam, with the bias corrections folded into the step size and one step
// counter t shared by all elements:
//
//	t <- t+1
//	a_t = lr*sqrt(1-beta2^t)/(1-beta1^t)
//	m <- beta1*m + (1-beta1)*g
//	v <- beta2*v + (1-beta2)*g^2
//	p <- p - a_t*m/(sqrt(v) + eps)
//
// with t, m and v starting at zero. A learningRate of 0 selects PyMC's default 0.001;
// options Beta1, Beta2 and Epsilon set beta1 (default 0.9), beta2 (default 0.999) and eps
// (default 1e-8).
//
// References: Kingma, D. P. and Ba, J. (2015). Adam: a method for stochastic optimization.
// ICLR; arXiv:1412.6980, Algorithm 1 with the step of section 2 ("the last three lines ...
// can be changed to").
func Adam(learningRate float64, opts ...Option) Optimizer {
	return newOptimizer(&adamRule, learningRate, opts)
}

// adamState is Adam's state: the step count t and the moment estimates m and v.
type adamState struct {
	lr, beta1, beta2, eps float64
	t                     float64
	m, v                  []float64
}

var _ State = (*adamState)(nil)

// Update implements State.
func (s *adamState) Update(params, grads []float64) error {
	if len(params) != len(s.m) || len(grads) != len(s.m) {
		return errBadLength
	}
	s.t++
	at := s.lr * math.Sqrt(1-math.Pow(s.beta2, s.t)) / (1 - math.Pow(s.beta1, s.t))
	grads = grads[:len(params)]
	m := s.m[:len(params)]
	v := s.v[:len(params)]
	for i, g := range grads {
		mi := s.beta1*m[i] + (1-s.beta1)*g
		vi := s.beta2*v[i] + (1-s.beta2)*(g*g)
		m[i], v[i] = mi, vi
		params[i] -= at * mi / (math.Sqrt(vi) + s.eps)
	}
	return nil
}
