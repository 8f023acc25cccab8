package optimizers

import "math"

// Stan's adaptive step-size sequence constants (Kucukelbir et al. 2017, eq. 10): tau, and
// the weight of the newest squared gradient in s.
const (
	stanTau   = 1.0
	stanAlpha = 0.1
)

var stanRule = ruleSpec{
	name:     "stan_advi",
	defaults: config{learningRate: 1},
	newState: func(c *config, n int) State {
		return &stanState{eta: c.learningRate, s: make([]float64, n)}
	},
}

// StanADVI returns the step-size sequence of Stan's ADVI, with eta as its learning rate:
// per element,
//
//	s <- g^2 at the first step, then 0.1·g^2 + 0.9·s
//	p <- p - eta/sqrt(k)·g/(1 + sqrt(s))
//
// at step k = 1, 2, ... Stan picks eta by trying 100, 10, 1, 0.1 and 0.01 (the AdaptEta
// option of a fit does that for any rule with a learning rate, and uses this one when no
// ObjOptimizer is given). A learningRate of 0 selects 1, Stan's eta without adaptation.
//
// References:
//   - Kucukelbir, Tran, Ranganath, Gelman, Blei: Automatic Differentiation Variational
//     Inference. JMLR 18(14), 2017, Section 3.3, eqs. (10)-(11).
//   - Stan, src/stan/variational/advi.hpp (stochastic_gradient_ascent: eta/sqrt(iter)).
func StanADVI(learningRate float64, opts ...Option) Optimizer {
	return newOptimizer(&stanRule, learningRate, opts)
}

// stanState is StanADVI's state: the step count and the running squared gradients.
type stanState struct {
	eta float64
	k   int
	s   []float64
}

var _ State = (*stanState)(nil)

// Update implements State.
func (st *stanState) Update(params, grads []float64) error {
	if len(params) != len(st.s) || len(grads) != len(st.s) {
		return errBadLength
	}
	grads = grads[:len(params)]
	st.k++
	step := st.eta / math.Sqrt(float64(st.k))
	for i, g := range grads {
		if st.k == 1 {
			st.s[i] = g * g
		} else {
			st.s[i] = stanAlpha*g*g + (1-stanAlpha)*st.s[i]
		}
		params[i] -= step * g / (stanTau + math.Sqrt(st.s[i]))
	}
	return nil
}
