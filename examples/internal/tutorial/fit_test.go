package tutorial

import "testing"

// AverageLoss is the mean of the last 1,000 losses, of all of fewer, 0 of none; Pick follows
// the mode.
func TestAverageLossPick(t *testing.T) {
	t.Parallel()
	h := make([]float64, 1500)
	for i := range h {
		h[i] = float64(i)
	}
	for _, c := range []struct {
		h    []float64
		want float64
	}{
		{h, 999.5},   // mean of 500, …, 1499
		{h[:4], 1.5}, // mean of 0, 1, 2, 3
		{nil, 0},     // no history
		{h[1000:1001], 1000},
	} {
		if got := AverageLoss(c.h); got != c.want {
			t.Errorf("AverageLoss of %d losses = %v, want %v", len(c.h), got, c.want)
		}
	}
	if (&Run{Quick: true}).Pick(100, 5) != 5 || (&Run{}).Pick(100, 5) != 100 {
		t.Error("Pick ignores the mode")
	}
}
