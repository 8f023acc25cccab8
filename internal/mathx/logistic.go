package mathx

import "math"

// Softplus is log(1 + exp(t)), computed without overflow: -Softplus(-t) is log σ(t). It is
// the sd of PyMC's mean-field parametrisation, sd = softplus(rho).
func Softplus(t float64) float64 {
	if t > 0 {
		return t + math.Log1p(math.Exp(-t))
	}
	return math.Log1p(math.Exp(t))
}

// Sigmoid is the logistic function σ(t) = 1 / (1 + exp(-t)), computed without overflow: the
// derivative of Softplus.
func Sigmoid(t float64) float64 {
	if t >= 0 {
		return 1 / (1 + math.Exp(-t))
	}
	e := math.Exp(t)
	return e / (1 + e)
}
