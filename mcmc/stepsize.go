package mcmc

import "math"

// dualAveraging adapts the step size so that the mean acceptance statistic approaches
// target, as PyMC's DualAverageAdaptation (pymc/step_methods/step_sizes.py) does: during
// tuning the step is exp(logStep), afterwards it is fixed at exp(logBar).
//
// With m the update count (from 1), delta the target and a the acceptance statistic
// (Hoffman & Gelman 2014, Algorithm 5 / eq. (6)):
//
//	hBar    = (1 - 1/(m+t0)) hBar + (delta - a)/(m+t0)
//	logStep = mu - sqrt(m)/gamma hBar,   mu = log(10 eps0)
//	logBar  = m^-k logStep + (1 - m^-k) logBar
//
// References: Y. Nesterov, "Primal-dual subgradient methods for convex problems",
// Mathematical Programming 120(1), 2009; M. D. Hoffman and A. Gelman, "The No-U-Turn
// Sampler", JMLR 15, 2014, §3.2.
type dualAveraging struct {
	logStep, logBar, hBar, mu float64
	count                     float64
	target                    float64
}

func newDualAveraging(initial, target float64) dualAveraging {
	return dualAveraging{
		logStep: math.Log(initial),
		logBar:  math.Log(initial),
		mu:      math.Log(10 * initial),
		count:   1,
		target:  target,
	}
}

// current is the step size to use now.
func (a *dualAveraging) current(tune bool) float64 {
	if tune {
		return math.Exp(a.logStep)
	}
	return math.Exp(a.logBar)
}

// update feeds one acceptance statistic; it adapts only when tune is true.
func (a *dualAveraging) update(accept float64, tune bool) {
	if !tune {
		return
	}
	w := 1 / (a.count + dualT0)
	a.hBar = (1-w)*a.hBar + w*(a.target-accept)
	a.logStep = a.mu - a.hBar*math.Sqrt(a.count)/dualGamma
	mk := math.Pow(a.count, -dualK)
	a.logBar = mk*a.logStep + (1-mk)*a.logBar
	a.count++
}

// restart starts the dual averaging afresh from step size eps, as Stan does after each
// metric update: mu = log(10 eps) and no history.
func (a *dualAveraging) restart(eps float64) {
	*a = newDualAveraging(eps, a.target)
}
