package optimizers

var momentumRule = ruleSpec{
	name:     "momentum",
	params:   []param{paramMomentum},
	defaults: config{learningRate: 1e-3, momentum: 0.9},
	newState: func(c *config, n int) State {
		return &momentumState{lr: c.learningRate, mu: c.momentum, v: make([]float64, n)}
	},
}

// Momentum returns PyMC's momentum: SGD with classical (heavy-ball) momentum,
//
//	v <- mu*v - lr*g
//	p <- p + v
//
// with v starting at zero. A learningRate of 0 selects PyMC's default 0.001; option Mu sets
// mu (default 0.9).
//
// PyMC (Lasagne's apply_momentum) computes x = mu*v + (p - lr*g), v <- x - p, p <- x, which
// is the same update in exact arithmetic; the form above avoids the cancellation x - p when
// |p| is much larger than the step.
//
// References: Polyak, B. T. (1964). Some methods of speeding up the convergence of iteration
// methods. USSR Computational Mathematics and Mathematical Physics 4(5), 1-17.
func Momentum(learningRate float64, opts ...Option) Optimizer {
	return newOptimizer(&momentumRule, learningRate, opts)
}

// momentumState is Momentum's state: the velocity v.
type momentumState struct {
	lr, mu float64
	v      []float64
}

var _ State = (*momentumState)(nil)

// Update implements State.
func (s *momentumState) Update(params, grads []float64) error {
	if len(params) != len(s.v) || len(grads) != len(s.v) {
		return errBadLength
	}
	grads = grads[:len(params)]
	v := s.v[:len(params)]
	for i, g := range grads {
		vi := s.mu*v[i] - s.lr*g
		v[i] = vi
		params[i] += vi
	}
	return nil
}
