package approximations

import "math"

// softplus is log(1 + e^x), computed without overflow.
func softplus(x float64) float64 {
	if x > 0 {
		return x + math.Log1p(math.Exp(-x))
	}
	return math.Log1p(math.Exp(x))
}

// sigmoid is 1 / (1 + e^-x), the derivative of softplus.
func sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

// invSoftplus is PyMC's sigma2rho: log(e^|s| - 1), so that softplus(invSoftplus(s)) = |s|.
func invSoftplus(s float64) float64 {
	s = math.Abs(s)
	if s > 30 {
		return s + math.Log1p(-math.Exp(-s))
	}
	return math.Log(math.Expm1(s))
}

// logSqrt2Pi is log √(2π).
var logSqrt2Pi = 0.5 * math.Log(2*math.Pi)
