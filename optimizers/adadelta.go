package optimizers

import "math"

var adadeltaRule = ruleSpec{
	name:     "adadelta",
	params:   []param{paramRho, paramEpsilon},
	defaults: config{learningRate: 1.0, rho: 0.95, epsilon: 1e-6},
	newState: func(c *config, n int) State {
		return &adadeltaState{
			lr: c.learningRate, rho: c.rho, eps: c.epsilon,
			a: make([]float64, n), d: make([]float64, n),
		}
	},
}

// Adadelta returns PyMC's adadelta: the step is the gradient scaled by the ratio of the RMS
// of past updates to the RMS of gradients,
//
//	a <- rho*a + (1-rho)*g^2
//	u  = g*sqrt(d + eps)/sqrt(a + eps)   (old d, new a)
//	p <- p - lr*u
//	d <- rho*d + (1-rho)*u^2
//
// with a and d starting at zero. A learningRate of 0 selects PyMC's default 1.0 (the paper
// has no learning rate); option Rho sets rho (default 0.95) and option Epsilon sets eps
// (default 1e-6).
//
// References: Zeiler, M. D. (2012). ADADELTA: an adaptive learning rate method.
// arXiv:1212.5701, Algorithm 1.
func Adadelta(learningRate float64, opts ...Option) Optimizer {
	return newOptimizer(&adadeltaRule, learningRate, opts)
}

// adadeltaState is Adadelta's state: moving averages of squared gradients (a) and of
// squared updates (d).
type adadeltaState struct {
	lr, rho, eps float64
	a, d         []float64
}

var _ State = (*adadeltaState)(nil)

// Update implements State.
func (s *adadeltaState) Update(params, grads []float64) error {
	if len(params) != len(s.a) || len(grads) != len(s.a) {
		return errBadLength
	}
	grads = grads[:len(params)]
	a := s.a[:len(params)]
	d := s.d[:len(params)]
	for i, g := range grads {
		ai := s.rho*a[i] + (1-s.rho)*(g*g)
		a[i] = ai
		u := g * math.Sqrt(d[i]+s.eps) / math.Sqrt(ai+s.eps)
		params[i] -= s.lr * u
		d[i] = s.rho*d[i] + (1-s.rho)*(u*u)
	}
	return nil
}
