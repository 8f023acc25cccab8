package optimizers

var nesterovRule = ruleSpec{
	name:     "nesterov_momentum",
	params:   []param{paramMomentum},
	defaults: config{learningRate: 1e-3, momentum: 0.9},
	newState: func(c *config, n int) State {
		return &nesterovState{lr: c.learningRate, mu: c.momentum, v: make([]float64, n)}
	},
}

// NesterovMomentum returns PyMC's nesterov_momentum: SGD with Nesterov momentum in the form
// that evaluates the gradient at the current parameters,
//
//	v <- mu*v - lr*g
//	p <- p + mu*v - lr*g   (with the new v)
//
// with v starting at zero. A learningRate of 0 selects PyMC's default 0.001; option Mu sets
// mu (default 0.9). PyMC (Lasagne's apply_nesterov_momentum) writes the same update through
// x = mu*v + (p - lr*g) - p; the form above avoids that cancellation.
//
// References: Nesterov, Y. (1983). A method for solving the convex programming problem with
// convergence rate O(1/k^2). Soviet Mathematics Doklady 27, 372-376. The reformulation is
// Bengio, Y., Boulanger-Lewandowski, N. and Pascanu, R. (2013). Advances in optimizing
// recurrent networks. ICASSP, eq. (7); see also
// https://github.com/lisa-lab/pylearn2/pull/136#issuecomment-10381617.
func NesterovMomentum(learningRate float64, opts ...Option) Optimizer {
	return newOptimizer(&nesterovRule, learningRate, opts)
}

// nesterovState is NesterovMomentum's state: the velocity v.
type nesterovState struct {
	lr, mu float64
	v      []float64
}

var _ State = (*nesterovState)(nil)

// Update implements State.
func (s *nesterovState) Update(params, grads []float64) error {
	if len(params) != len(s.v) || len(grads) != len(s.v) {
		return errBadLength
	}
	grads = grads[:len(params)]
	v := s.v[:len(params)]
	for i, g := range grads {
		step := s.lr * g
		vi := s.mu*v[i] - step
		v[i] = vi
		params[i] += s.mu*vi - step
	}
	return nil
}
