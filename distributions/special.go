package distributions

import (
	"math"

	"github.com/gopymc/gopymc/internal/mathx"
)

// Special functions and constants shared by the log densities and transforms. There is one
// of each, so that two families computing the same quantity agree to the last bit.

// lnSqrt2Pi is log sqrt(2 pi), correctly rounded.
const lnSqrt2Pi = 0.91893853320467274178032973640562

var (
	lnSqrt2OverPi = 0.5 * math.Log(2/math.Pi) // log sqrt(2/pi)
	lnPi          = math.Log(math.Pi)
	ln2           = math.Ln2
)

// lgamma is log |Gamma(x)|.
func lgamma(x float64) float64 {
	v, _ := math.Lgamma(x)
	return v
}

// digamma returns ψ(x) = d/dx log Γ(x) to about 1e-15 (absolute below 1, relative above).
// It is ours rather than gonum's mathext.Digamma, which errs by up to ~4e-11 relative (at
// 2.5, say): the partials of Gamma, Beta, StudentT and Dirichlet are checked to 1e-14. For
// x < 10 it applies the recurrence ψ(x) = ψ(x+1) - 1/x (DLMF 5.5.2), then the asymptotic
// expansion (DLMF 5.11.2)
//
//	ψ(x) = log x - 1/(2x) - Σ_{n=1..7} B_2n / (2n x^2n),
//
// whose first omitted term is below 1e-18 at x >= 10. Negative non-integers use the
// reflection ψ(x) = ψ(1-x) - π cot(πx) (DLMF 5.5.4); poles give NaN (±Inf at 0).
//
// References:
// NIST Digital Library of Mathematical Functions, §5.5 and §5.11 (https://dlmf.nist.gov/5).
func digamma(x float64) float64 {
	switch {
	case math.IsNaN(x) || math.IsInf(x, -1):
		return math.NaN()
	case math.IsInf(x, 1):
		return x
	case x == 0:
		return math.Copysign(math.Inf(1), -x)
	case x < 0:
		if x == math.Floor(x) {
			return math.NaN()
		}
		return digamma(1-x) - math.Pi/math.Tan(math.Pi*x)
	}
	r := 0.0
	for x < 10 {
		r -= 1 / x
		x++
	}
	inv := 1 / x
	z := inv * inv
	// B2/2 = 1/12, B4/4 = -1/120, B6/6 = 1/252, B8/8 = -1/240, B10/10 = 1/132,
	// B12/12 = -691/32760, B14/14 = 1/12.
	series := z * (1.0/12 - z*(1.0/120-z*(1.0/252-z*(1.0/240-z*(1.0/132-z*(691.0/32760-z/12))))))
	return r + math.Log(x) - 0.5*inv - series
}

// softplus is log(1 + exp(t)) without overflow (mathx.Softplus); -softplus(-t) is log σ(t).
func softplus(t float64) float64 { return mathx.Softplus(t) }

// sigmoid is the logistic function (mathx.Sigmoid).
func sigmoid(t float64) float64 { return mathx.Sigmoid(t) }

// logSigmoidBoth is log σ(y) + log σ(-y) = -|y| - 2 log(1+exp(-|y|)), stable for any y:
// the log-Jacobian of the logistic map that the logodds, interval and stick-breaking
// transforms share.
func logSigmoidBoth(y float64) float64 {
	a := math.Abs(y)
	return -a - 2*math.Log1p(math.Exp(-a))
}

// isCount reports whether x is a finite integer >= 0: a value of a count distribution.
func isCount(x float64) bool { return x >= 0 && x-x == 0 && x == math.Trunc(x) }
