package approximations

import (
	"math"

	"github.com/gopymc/gopymc/internal/mathx"
)

// softplus is log(1 + e^x) without overflow: the sd of rho.
func softplus(x float64) float64 { return mathx.Softplus(x) }

// sigmoid is 1 / (1 + e^-x), the derivative of softplus.
func sigmoid(x float64) float64 { return mathx.Sigmoid(x) }

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
