package plots

import "testing"

func TestEnvelope(t *testing.T) {
	t.Parallel()
	// A long line keeps its first and last points and every bucket's extremes.
	n := 10000
	y := make([]float64, n)
	for i := range y {
		y[i] = float64(i % 7)
	}
	y[4321] = 100
	y[777] = -50
	pts := envelope(y, 0, 1, 100)
	if len(pts) > 2*100+2 {
		t.Errorf("%d points, want at most 202", len(pts))
	}
	if pts[0].X != 0 || pts[len(pts)-1].X != float64(n-1) {
		t.Errorf("ends at %g and %g, want 0 and %d", pts[0].X, pts[len(pts)-1].X, n-1)
	}
	var hasMax, hasMin bool
	for i, p := range pts {
		hasMax = hasMax || (p.X == 4321 && p.Y == 100)
		hasMin = hasMin || (p.X == 777 && p.Y == -50)
		if i > 0 && p.X <= pts[i-1].X {
			t.Fatalf("points out of order at %d", i)
		}
	}
	if !hasMax || !hasMin {
		t.Error("the spike or the dip was lost")
	}
	// A short line is returned whole.
	if got := envelope([]float64{1, 2, 3}, 10, 0.5, 100); len(got) != 3 || got[2].X != 11 {
		t.Errorf("short line: %v", got)
	}
}
