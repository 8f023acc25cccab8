package plots

import (
	"strings"
	"testing"
)

func TestNiceTicks(t *testing.T) {
	t.Parallel()
	// Expected labels, worked by hand from the rule: the multiples of 1, 2, 2.5 or 5 × 10^k
	// whose count in the range is closest to 6 (2.5 penalised by half a tick, ties to the
	// larger step), all printed with the step's decimals as matplotlib's ScalarFormatter.
	cases := []struct {
		lo, hi float64
		want   string
	}{
		{0, 19999, "0 5000 10000 15000"},
		{-0.62, 0.91, "-0.50 -0.25 0.00 0.25 0.50 0.75"},
		{0.08, 0.69, "0.1 0.2 0.3 0.4 0.5 0.6"},
		{-3.1, 0.2, "-3.0 -2.5 -2.0 -1.5 -1.0 -0.5 0.0"},
		{0, 1, "0.0 0.2 0.4 0.6 0.8 1.0"},
		{0, 0.1, "0.00 0.02 0.04 0.06 0.08 0.10"},
		{1.5e8, 4.7e8, "1.5e+08 2.0e+08 2.5e+08 3.0e+08 3.5e+08 4.0e+08 4.5e+08"},
		{2e-5, 9e-5, "2e-05 4e-05 6e-05 8e-05"},
		{3, 3, "3"},
		{-1800, -100, "-1750 -1500 -1250 -1000 -750 -500 -250"}, // a whole 2.5 step has no decimals
	}
	for _, tc := range cases {
		var labels []string
		for _, tk := range (niceTicks{n: 5}).Ticks(tc.lo, tc.hi) {
			labels = append(labels, tk.Label)
		}
		if got := strings.Join(labels, " "); got != tc.want {
			t.Errorf("Ticks(%g, %g) = %q, want %q", tc.lo, tc.hi, got, tc.want)
		}
	}
}
