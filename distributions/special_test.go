package distributions

import (
	"math"
	"testing"
)

func TestDigamma(t *testing.T) {
	t.Parallel()
	const tol = 2e-15
	// Values computed with mpmath 1.3.0 (mp.dps = 25), digamma(x).
	cases := []struct{ x, want float64 }{
		{0.001, -1000.5755719318103005},
		{0.7, -1.2200235536979346147},
		{1, -0.57721566490153286061},
		{1.4616321449683622, 0}, // the positive root (ψ = -9e-17 there)
		{2.5, 0.70315664064524318723},
		{4.5, 1.3888709263595289015},
		{30, 3.3844381326855248766},
		{1e5, 11.512920464961895087},
		{-0.5, 0.036489973978576520559},
		{-2.3, 3.3173231575618201233},
	}
	for _, c := range cases {
		got := digamma(c.x)
		if c.want == 0 {
			if math.Abs(got) > 1e-15 {
				t.Errorf("digamma(%v) = %v, want 0", c.x, got)
			}
			continue
		}
		if math.Abs(got-c.want) > tol*math.Max(1, math.Abs(c.want)) {
			t.Errorf("digamma(%v) = %.17g, want %.17g", c.x, got, c.want)
		}
	}
	if !math.IsNaN(digamma(-2)) || !math.IsInf(digamma(0), -1) {
		t.Error("digamma at its poles: want NaN at -2 and -Inf at +0")
	}
}

func TestLogisticHelpers(t *testing.T) {
	t.Parallel()
	const tol = 1e-15
	// Closed forms: σ(0) = 1/2, softplus(0) = log 2, log σ(0) + log σ(-0) = -2 log 2; far in
	// the tails σ(-800) underflows to 0 without NaN, softplus(800) = 800 without overflow,
	// and log σ(y) + log σ(-y) = -|y| - 2 log1p(exp(-|y|)) ≈ -|y|.
	cases := []struct {
		name      string
		got, want float64
	}{
		{"sigmoid(0)", sigmoid(0), 0.5},
		{"sigmoid(-800)", sigmoid(-800), 0},
		{"sigmoid(800)", sigmoid(800), 1},
		{"softplus(0)", softplus(0), math.Ln2},
		{"softplus(800)", softplus(800), 800},
		{"softplus(-800)", softplus(-800), 0},
		{"logSigmoidBoth(0)", logSigmoidBoth(0), -2 * math.Ln2},
		{"logSigmoidBoth(-50)", logSigmoidBoth(-50), -50},
	}
	for _, c := range cases {
		if !closeTo(c.got, c.want, tol) {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
}
