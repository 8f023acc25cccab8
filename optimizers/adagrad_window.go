package optimizers

import "math"

var adagradWindowRule = ruleSpec{
	name:     "adagrad_window",
	params:   []param{paramEpsilon, paramNWin},
	defaults: config{learningRate: 1e-3, epsilon: 0.1, nWin: 10},
	newState: func(c *config, n int) State {
		return &adagradWindowState{
			lr:   c.learningRate,
			eps:  c.epsilon,
			nWin: c.nWin,
			win:  make([]float64, n*c.nWin),
		}
	},
}

// AdagradWindow returns PyMC's adagrad_window, the default optimizer of PyMC's variational
// inference: Adagrad whose sum of squared gradients runs over a window of the last n_win
// steps. Each element keeps a ring buffer A of n_win squared gradients (zero at first) and
// all elements share a slot counter k starting at 0; one step is
//
//	A[k] <- g^2
//	k <- k+1, or 0 when k+1 == n_win
//	p <- p - lr*g/sqrt(sum(A) + eps)
//
// The current g^2 is inside its own normaliser, so the first step is lr*g/sqrt(g^2 + eps)
// and no step exceeds lr*|g|/sqrt(g^2 + eps) < lr in size. A learningRate of 0 selects
// PyMC's default 0.001; option Epsilon sets eps (default 0.1) and option NWin sets n_win
// (default 10). Default() is this rule with PyMC's defaults.
//
// PyMC's n_win=10 window with one Monte Carlo sample biases posterior standard deviations
// upward by ~8.5% on a conjugate Gaussian (https://github.com/pymc-devs/pymc/issues/8444);
// this rule keeps PyMC's behaviour.
//
// References: Duchi, J., Hazan, E. and Singer, Y. (2011). Adaptive subgradient methods for
// online learning and stochastic optimization. JMLR 12, 2121-2159; the windowed sum is PyMC's
// (https://github.com/pymc-devs/pymc/pull/2218), akin to Tieleman, T. and Hinton, G. (2012),
// Lecture 6.5, rmsprop, Coursera.
func AdagradWindow(learningRate float64, opts ...Option) Optimizer {
	return newOptimizer(&adagradWindowRule, learningRate, opts)
}

// adagradWindowState is AdagradWindow's state: win holds n_win squared gradients per element,
// element-major (element i's window is win[i*nWin : (i+1)*nWin], as PyMC's A[..., n_win]),
// and k is the slot the next step writes.
type adagradWindowState struct {
	lr, eps float64
	nWin    int
	k       int
	win     []float64
}

var _ State = (*adagradWindowState)(nil)

// Update implements State.
func (s *adagradWindowState) Update(params, grads []float64) error {
	n := len(s.win) / s.nWin
	if len(params) != n || len(grads) != n {
		return errBadLength
	}
	grads = grads[:len(params)]
	k, nWin := s.k, s.nWin
	for i, g := range grads {
		w := s.win[i*nWin : (i+1)*nWin]
		w[k] = g * g
		var sum float64
		for _, a := range w {
			sum += a
		}
		params[i] -= s.lr * g / math.Sqrt(sum+s.eps)
	}
	if k+1 < nWin {
		s.k = k + 1
	} else {
		s.k = 0
	}
	return nil
}
