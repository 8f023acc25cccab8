package data

import (
	"math"
	"slices"
	"testing"
)

// The embedded radon data against counts and rows read from radon.csv with Python's csv
// module: 919 houses in 85 counties numbered by first appearance, St Louis the largest
// county (116 houses) and three counties with one house, 153 first-floor measurements, the
// first and last rows, and a mean log radon of 1.26478 over all houses.
func TestLoadRadon(t *testing.T) {
	t.Parallel()
	r, err := LoadRadon()
	if err != nil {
		t.Fatal(err)
	}
	for name, n := range map[string]int{
		"County": len(r.County), "CountyCode": len(r.CountyCode), "Floor": len(r.Floor),
		"LogRadon": len(r.LogRadon), "Activity": len(r.Activity), "Uranium": len(r.Uranium),
	} {
		if n != RadonHouses {
			t.Fatalf("%s has %d entries, want %d", name, n, RadonHouses)
		}
	}
	if len(r.Counties) != RadonCounties {
		t.Fatalf("%d counties, want %d", len(r.Counties), RadonCounties)
	}
	next := 0 // codes appear in order: each new county gets the next code
	sizes := map[string]int{}
	firstFloor := 0
	sum := 0.0
	for i, c := range r.CountyCode {
		if r.Counties[c] != r.County[i] {
			t.Fatalf("house %d: code %d names %q, the house says %q", i, c, r.Counties[c], r.County[i])
		}
		if c > next {
			t.Fatalf("house %d: code %d before code %d", i, c, next)
		}
		if c == next {
			next++
		}
		sizes[r.County[i]]++
		if r.Floor[i] != 0 && r.Floor[i] != 1 {
			t.Fatalf("house %d: floor %v", i, r.Floor[i])
		}
		firstFloor += int(r.Floor[i])
		sum += r.LogRadon[i]
	}
	ones := 0
	for _, n := range sizes {
		if n == 1 {
			ones++
		}
	}
	if sizes["ST LOUIS"] != 116 || sizes["HENNEPIN"] != 105 || ones != 3 || firstFloor != 153 {
		t.Fatalf("St Louis %d, Hennepin %d houses, %d one-house counties, %d first floors; want 116, 105, 3, 153",
			sizes["ST LOUIS"], sizes["HENNEPIN"], ones, firstFloor)
	}
	if mean := sum / RadonHouses; math.Abs(mean-1.2647792371410602) > 1e-12 {
		t.Fatalf("mean log radon %v", mean)
	}
	type row struct {
		county                             string
		code                               int
		floor, logRadon, activity, uranium float64
	}
	for _, c := range []struct {
		i    int
		want row
	}{
		{0, row{"AITKIN", 0, 1, 0.8329091229351041, 2.2, 0.502054}},
		{RadonHouses - 1, row{"YELLOW MEDICINE", 84, 0, 1.0986122886681098, 2.9, 1.42659}},
	} {
		got := row{r.County[c.i], r.CountyCode[c.i], r.Floor[c.i], r.LogRadon[c.i], r.Activity[c.i], r.Uranium[c.i]}
		if got != c.want {
			t.Errorf("house %d: %+v, want %+v", c.i, got, c.want)
		}
	}
	// Each call returns a fresh copy.
	again, err := LoadRadon()
	if err != nil {
		t.Fatal(err)
	}
	r.CountyCode[0], r.LogRadon[0], r.Counties[0] = 7, -1, "X"
	if again.CountyCode[0] != 0 || again.LogRadon[0] == -1 || again.Counties[0] != "AITKIN" {
		t.Fatal("LoadRadon shares slices between calls")
	}
	// The columns minibatch together, the county codes staying int.
	mb := mustMinibatch(t, again.LogRadon, 100, Aligned(again.CountyCode, again.Floor))
	if !slices.Equal(mb.BatchShape(), []int{100}) {
		t.Fatalf("batch shape %v", mb.BatchShape())
	}
}
