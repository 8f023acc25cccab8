package distributions

import (
	"math"

	"gonum.org/v1/gonum/mathext"
)

// Special functions and constants shared by the kernels.

var (
	lnSqrt2Pi     = 0.5 * math.Log(2*math.Pi) // log sqrt(2 pi)
	lnSqrt2OverPi = 0.5 * math.Log(2/math.Pi) // log sqrt(2/pi)
	lnPi          = math.Log(math.Pi)
	ln2           = math.Ln2
)

// lgamma is log |Gamma(x)|.
func lgamma(x float64) float64 {
	v, _ := math.Lgamma(x)
	return v
}

// digamma is the derivative of log Gamma.
func digamma(x float64) float64 { return mathext.Digamma(x) }

// softplus is log(1 + exp(t)), computed without overflow.
func softplus(t float64) float64 {
	if t > 0 {
		return t + math.Log1p(math.Exp(-t))
	}
	return math.Log1p(math.Exp(t))
}

// sigmoid is 1 / (1 + exp(-t)).
func sigmoid(t float64) float64 {
	if t >= 0 {
		return 1 / (1 + math.Exp(-t))
	}
	e := math.Exp(t)
	return e / (1 + e)
}

// isCount reports whether x is a finite integer >= 0.
func isCount(x float64) bool { return x >= 0 && x-x == 0 && x == math.Trunc(x) }

// deriveInvLog fills dst with 1/src (k = 0) or log src (k = 1): the derived operands of
// the scale families.
func deriveInvLog(k int, src, dst []float64) {
	if k == 0 {
		for e, v := range src {
			dst[e] = 1 / v
		}
		return
	}
	for e, v := range src {
		dst[e] = math.Log(v)
	}
}

// Derived-operand sources shared by several kernels.
var (
	fromFirst1  = []int{0}
	fromFirst2  = []int{0, 0}
	fromSecond1 = []int{1}
	fromSecond2 = []int{1, 1}
	fromNone    = []int{}
)
