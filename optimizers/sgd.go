package optimizers

var sgdRule = ruleSpec{
	name:     "sgd",
	defaults: config{learningRate: 1e-3},
	newState: func(c *config, n int) State { return &sgdState{lr: c.learningRate, n: n} },
}

// SGD returns PyMC's sgd: plain stochastic gradient descent, p <- p - lr*g. A learningRate of
// 0 selects PyMC's default 0.001. It takes no options.
//
// References: Robbins, H. and Monro, S. (1951). A stochastic approximation method. The
// Annals of Mathematical Statistics 22(3), 400-407.
func SGD(learningRate float64, opts ...Option) Optimizer {
	return newOptimizer(&sgdRule, learningRate, opts)
}

// sgdState is SGD's state: no accumulators, only the settings.
type sgdState struct {
	lr float64
	n  int
}

var _ State = (*sgdState)(nil)

// Update implements State.
func (s *sgdState) Update(params, grads []float64) error {
	if len(params) != s.n || len(grads) != s.n {
		return errBadLength
	}
	grads = grads[:len(params)]
	for i, g := range grads {
		params[i] -= s.lr * g
	}
	return nil
}
