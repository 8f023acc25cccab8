package data

import (
	"math"
	"slices"
	"testing"
)

// TestMoons: without noise, class 0 lies on the unit upper half circle and class 1 on the
// half circle of centre (1, 1/2) below it, n/2 and n - n/2 points; the noise has the given
// sd; a seed reproduces the data; Scale standardises columns.
func TestMoons(t *testing.T) {
	t.Parallel()
	m, err := NewMoons(1001, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	count := [2]int{}
	for i, row := range m.X {
		c := m.Y[i]
		count[c]++
		var r float64
		if c == 0 {
			r = math.Hypot(row[0], row[1])
			if row[1] < -1e-12 {
				t.Fatalf("class 0 point %v below the axis", row)
			}
		} else {
			r = math.Hypot(row[0]-1, row[1]-0.5)
			if row[1] > 0.5+1e-12 {
				t.Fatalf("class 1 point %v above its centre", row)
			}
		}
		if math.Abs(r-1) > 1e-12 {
			t.Fatalf("point %v of class %d at radius %v", row, c, r)
		}
	}
	if count != [2]int{500, 501} {
		t.Errorf("class counts %v, want [500 501]", count)
	}
	noisy, _ := NewMoons(20000, 0.2, 2)
	clean, _ := NewMoons(20000, 0, 2)
	var s2 float64
	for i := range noisy.X {
		for j := range 2 {
			d := noisy.X[i][j] - clean.X[i][j]
			s2 += d * d
		}
	}
	if sd := math.Sqrt(s2 / 40000); math.Abs(sd-0.2) > 4.5*0.2/math.Sqrt(2*40000) {
		t.Errorf("noise sd %v, want 0.2", sd)
	}
	again, _ := NewMoons(20000, 0.2, 2)
	for i := range again.X {
		if !slices.Equal(again.X[i], noisy.X[i]) || again.Y[i] != noisy.Y[i] {
			t.Fatal("the same seed gives other data")
		}
	}
	sc, err := Scale(noisy.X)
	if err != nil {
		t.Fatal(err)
	}
	for j := range 2 {
		var s, ss float64
		for _, row := range sc {
			s += row[j]
			ss += row[j] * row[j]
		}
		if mu, v := s/20000, ss/20000; math.Abs(mu) > 1e-12 || math.Abs(v-1) > 1e-12 {
			t.Errorf("column %d after Scale: mean %v, variance %v", j, mu, v)
		}
	}
	for _, c := range []struct {
		n     int
		noise float64
	}{{1, 0}, {10, -1}, {10, math.NaN()}} {
		if _, err := NewMoons(c.n, c.noise, 0); err == nil {
			t.Errorf("NewMoons(%d, %v): no error", c.n, c.noise)
		}
	}
	if _, err := Scale([][]float64{{1, 2}, {3}}); err == nil {
		t.Error("Scale of ragged rows: no error")
	}
}
