package mathx

import (
	"math"
	"testing"
)

func TestAllFinite(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		x    []float64
		want bool
	}{
		{nil, true},
		{[]float64{0, -1, math.MaxFloat64, -math.MaxFloat64, math.SmallestNonzeroFloat64}, true},
		{[]float64{1, math.NaN()}, false},
		{[]float64{math.Inf(1), 2}, false},
		{[]float64{3, math.Inf(-1)}, false},
	} {
		if got := AllFinite(tc.x); got != tc.want {
			t.Errorf("AllFinite(%v) = %v, want %v", tc.x, got, tc.want)
		}
	}
}
