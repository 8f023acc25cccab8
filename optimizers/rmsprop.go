package optimizers

import "math"

var rmspropRule = ruleSpec{
	name:     "rmsprop",
	params:   []param{paramRho, paramEpsilon},
	defaults: config{learningRate: 1.0, rho: 0.9, epsilon: 1e-6},
	newState: func(c *config, n int) State {
		return &rmspropState{lr: c.learningRate, rho: c.rho, eps: c.epsilon, a: make([]float64, n)}
	},
}

// RMSProp returns PyMC's rmsprop: each element's step is divided by the root of a moving
// average of its squared gradients,
//
//	a <- rho*a + (1-rho)*g^2
//	p <- p - lr*g/sqrt(a + eps)
//
// with a starting at zero. A learningRate of 0 selects PyMC's default 1.0; option Rho sets
// rho (default 0.9) and option Epsilon sets eps (default 1e-6).
//
// References: Tieleman, T. and Hinton, G. (2012). Neural Networks for Machine Learning,
// Lecture 6.5, rmsprop. Coursera (formula at 5:20).
func RMSProp(learningRate float64, opts ...Option) Optimizer {
	return newOptimizer(&rmspropRule, learningRate, opts)
}

// rmspropState is RMSProp's state: the moving average a of squared gradients.
type rmspropState struct {
	lr, rho, eps float64
	a            []float64
}

var _ State = (*rmspropState)(nil)

// Update implements State.
func (s *rmspropState) Update(params, grads []float64) error {
	if len(params) != len(s.a) || len(grads) != len(s.a) {
		return errBadLength
	}
	grads = grads[:len(params)]
	a := s.a[:len(params)]
	for i, g := range grads {
		ai := s.rho*a[i] + (1-s.rho)*(g*g)
		a[i] = ai
		params[i] -= s.lr * g / math.Sqrt(ai+s.eps)
	}
	return nil
}
