package optimizers

import "math"

var adagradRule = ruleSpec{
	name:     "adagrad",
	params:   []param{paramEpsilon},
	defaults: config{learningRate: 1.0, epsilon: 1e-6},
	newState: func(c *config, n int) State {
		return &adagradState{lr: c.learningRate, eps: c.epsilon, a: make([]float64, n)}
	},
}

// Adagrad returns PyMC's adagrad: each element's step is divided by the root of its summed
// squared gradients,
//
//	a <- a + g^2
//	p <- p - lr*g/sqrt(a + eps)
//
// with a starting at zero. A learningRate of 0 selects PyMC's default 1.0; option Epsilon
// sets eps (default 1e-6).
//
// References: Duchi, J., Hazan, E. and Singer, Y. (2011). Adaptive subgradient methods for
// online learning and stochastic optimization. JMLR 12, 2121-2159, eq. (1) with diagonal G.
func Adagrad(learningRate float64, opts ...Option) Optimizer {
	return newOptimizer(&adagradRule, learningRate, opts)
}

// adagradState is Adagrad's state: the summed squared gradients a.
type adagradState struct {
	lr, eps float64
	a       []float64
}

var _ State = (*adagradState)(nil)

// Update implements State.
func (s *adagradState) Update(params, grads []float64) error {
	if len(params) != len(s.a) || len(grads) != len(s.a) {
		return errBadLength
	}
	grads = grads[:len(params)]
	a := s.a[:len(params)]
	for i, g := range grads {
		ai := a[i] + g*g
		a[i] = ai
		params[i] -= s.lr * g / math.Sqrt(ai+s.eps)
	}
	return nil
}
