package mcmc

import (
	"math"
	"testing"
)

// TestDualAveragingFirstSteps checks the first updates against the formulas of
// Hoffman & Gelman (2014) eq. (6) with PyMC's constants, evaluated by hand.
func TestDualAveragingFirstSteps(t *testing.T) {
	t.Parallel()
	const tol = 1e-12
	a := newDualAveraging(0.25, 0.8)
	if got := a.current(true); math.Abs(got-0.25) > tol {
		t.Fatalf("initial step %g", got)
	}
	// m = 1, accept 1: hBar = (0.8-1)/11; logStep = log 2.5 - hBar·1/0.05; logBar = logStep.
	a.update(1, true)
	hBar := -0.2 / 11
	logStep := math.Log(2.5) - hBar/0.05
	if got := a.current(true); math.Abs(got-math.Exp(logStep)) > tol {
		t.Errorf("step after 1 update %g, want %g", got, math.Exp(logStep))
	}
	if got := a.current(false); math.Abs(got-math.Exp(logStep)) > tol {
		t.Errorf("step bar after 1 update %g, want %g", got, math.Exp(logStep))
	}
	// m = 2, accept 0.5: hBar = (1 - 1/12) hBar + 0.3/12; logBar = 2^-0.75 logStep2 + (1-2^-0.75) logStep.
	a.update(0.5, true)
	hBar = (1-1.0/12)*hBar + 0.3/12
	logStep2 := math.Log(2.5) - hBar*math.Sqrt(2)/0.05
	mk := math.Pow(2, -0.75)
	logBar := mk*logStep2 + (1-mk)*logStep
	if got := a.current(true); math.Abs(got-math.Exp(logStep2)) > tol {
		t.Errorf("step after 2 updates %g, want %g", got, math.Exp(logStep2))
	}
	if got := a.current(false); math.Abs(got-math.Exp(logBar)) > tol {
		t.Errorf("step bar after 2 updates %g, want %g", got, math.Exp(logBar))
	}
	// Outside tuning nothing changes.
	a.update(0, false)
	if got := a.current(false); math.Abs(got-math.Exp(logBar)) > tol {
		t.Errorf("step bar changed outside tuning: %g", got)
	}
}

// TestDualAveragingConverges: with the acceptance exp(-eps) the fixed point of
// exp(-eps) = 0.8 is eps = -log 0.8 = 0.22314.
func TestDualAveragingConverges(t *testing.T) {
	t.Parallel()
	const want, tol = 0.22314355131420976, 0.02 // relative; the averaged iterate still carries the early steps
	a := newDualAveraging(1, 0.8)
	for range 2000 {
		a.update(math.Exp(-a.current(true)), true)
	}
	if got := a.current(false); math.Abs(got-want) > tol*want {
		t.Errorf("adapted step %g, want %g", got, want)
	}
}
