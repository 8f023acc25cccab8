package optimizers

import "math"

// defaultAlpha is DoG's and DoWG's default alpha: the first step moves the parameters by
// about alpha·(1 + ||x0||) (AdvancedVI's default; Ivgi et al. show the result is insensitive
// to it over many orders of magnitude).
const defaultAlpha = 1e-6

var dogRule = ruleSpec{
	name:     "dog",
	params:   []param{paramAlpha},
	defaults: config{learningRate: 1, alpha: defaultAlpha},
	newState: func(c *config, n int) State {
		return &distanceState{lr: c.learningRate, alpha: c.alpha, x0: make([]float64, n)}
	},
}

var dowgRule = ruleSpec{
	name:     "dowg",
	params:   []param{paramAlpha},
	defaults: config{learningRate: 1, alpha: defaultAlpha},
	newState: func(c *config, n int) State {
		return &distanceState{lr: c.learningRate, alpha: c.alpha, x0: make([]float64, n), weighted: true}
	},
}

// DoG returns the parameter-free "distance over gradients" rule of Ivgi, Hinder and Carmon
// (2023): with x0 the parameters at the first step,
//
//	r <- max(r, ||x - x0||), starting from r = alpha·(1 + ||x0||)
//	v <- v + ||g||^2
//	x <- x - lr·(r/sqrt(v))·g
//
// The step size starts tiny, grows with the distance travelled while the gradients agree,
// and settles when the iterates stop moving away; no learning rate needs tuning. It is one
// step size for the whole vector, so coordinates of very different scales converge at the
// pace of the worst-conditioned one. learningRate multiplies the step (0 selects 1, the
// rule as published); option Alpha sets alpha (default 1e-6). A zero first gradient leaves
// the parameters unchanged.
//
// References:
//   - Ivgi, Hinder, Carmon: DoG is SGD's Best Friend: A Parameter-Free Dynamic Step Size
//     Schedule. ICML 2023, eqs. (1)-(2).
//   - AdvancedVI.jl, src/optimization/rules.jl (DoG; alpha's default).
func DoG(learningRate float64, opts ...Option) Optimizer {
	return newOptimizer(&dogRule, learningRate, opts)
}

// DoWG returns the parameter-free "distance over weighted gradients" rule of Khaled,
// Mishchenko and Jin (2023), AdvancedVI.jl's default optimizer: as DoG, but each squared
// gradient norm is weighted by the squared distance so far,
//
//	r <- max(r, ||x - x0||), starting from r = alpha·(1 + ||x0||)
//	v <- v + r^2·||g||^2
//	x <- x - lr·(r^2/sqrt(v))·g
//
// which gives steps at least as large as DoG's (it can be more aggressive; try DoG if a
// fit is unstable). Like DoG it has one step size for the whole vector, set by the largest
// coordinates: on a regression with unscaled predictors its means are still 2.6 posterior
// sds off after 10,000 iterations (LDoWG, a step size per coordinate: 0.15-0.19 over ten
// seeds).
// learningRate multiplies the step (0 selects 1); option Alpha sets alpha (default 1e-6).
//
// References:
//   - Khaled, Mishchenko, Jin: DoWG Unleashed: An Efficient Universal Parameter-Free
//     Gradient Descent Method. NeurIPS 2023, Algorithm 1.
//   - AdvancedVI.jl, src/optimization/rules.jl (DoWG).
func DoWG(learningRate float64, opts ...Option) Optimizer {
	return newOptimizer(&dowgRule, learningRate, opts)
}

// distanceState is the state of DoG (weighted false) and DoWG (weighted true): the first
// parameters x0, the largest distance r from them and the sum v of (weighted) squared
// gradient norms.
type distanceState struct {
	lr, alpha float64
	weighted  bool
	started   bool
	x0        []float64
	r, v      float64
}

var _ State = (*distanceState)(nil)

// Update implements State.
func (s *distanceState) Update(params, grads []float64) error {
	n := len(s.x0)
	if len(params) != n || len(grads) != n {
		return errBadLength
	}
	grads = grads[:len(params)]
	if !s.started {
		copy(s.x0, params)
		s.r = s.alpha * (1 + norm2(params))
		s.started = true
	}
	var d2, g2 float64
	for i, x := range params {
		d := x - s.x0[i]
		d2 += d * d
		g2 += grads[i] * grads[i]
	}
	s.r = max(s.r, math.Sqrt(d2))
	var eta float64
	if s.weighted {
		s.v += s.r * s.r * g2
		eta = s.r * s.r / math.Sqrt(s.v)
	} else {
		s.v += g2
		eta = s.r / math.Sqrt(s.v)
	}
	if s.v == 0 {
		return nil // no gradient yet: no direction to move in
	}
	eta *= s.lr
	for i, g := range grads {
		params[i] -= eta * g
	}
	return nil
}

// norm2 is the Euclidean norm of x.
func norm2(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v * v
	}
	return math.Sqrt(s)
}

// Alpha sets DoG's and DoWG's initial distance guess alpha: the first step moves the
// parameters by about alpha·(1 + ||x0||). Finite and > 0; default 1e-6.
func Alpha(v float64) Option { return floatOption{paramAlpha, v} }
