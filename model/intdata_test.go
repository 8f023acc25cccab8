package model_test

import (
	"math"
	"testing"

	"github.com/gopymc/gopymc/model"
	"github.com/gopymc/gopymc/pm"
)

// Observed int data (an int Shared value, which could also index parameters) is read as
// float64, and replacing it by data of another length rescales total_size as for float
// data: y ~ Normal(mu, 1) over counts [1 2 3 4] with total_size 8 is scaled by 2, over the
// replacement [1 2] by 4.
func TestObservedIntData(t *testing.T) {
	t.Parallel()
	m := pm.NewModel()
	mu := pm.Normal(m, "mu", 0.0, 1.0)
	counts := pm.NewShared(m, "counts", []int{1, 2, 3, 4})
	pm.Normal(m, "y", mu, 1.0, pm.Observed(counts.Node()), pm.TotalSize(8))
	if err := m.Err(); err != nil {
		t.Fatal(err)
	}
	lpN := func(y, mu float64) float64 { return -0.5*(y-mu)*(y-mu) - 0.5*math.Log(2*math.Pi) }
	for _, c := range []struct {
		opts  []model.LogDensityOption
		data  []float64
		scale float64
	}{
		{nil, []float64{1, 2, 3, 4}, 2},
		{[]model.LogDensityOption{model.Replace(counts.Node(), []int{1, 2})}, []float64{1, 2}, 4},
	} {
		ld, err := m.LogDensity(c.opts...)
		if err != nil {
			t.Fatal(err)
		}
		lp, err := ld.LogP([]float64{0.5})
		if err != nil {
			t.Fatal(err)
		}
		want := lpN(0.5, 0)
		for _, y := range c.data {
			want += c.scale * lpN(y, 0.5)
		}
		if math.Abs(lp-want) > 1e-12 {
			t.Fatalf("data %v: log density %v, want %v", c.data, lp, want)
		}
	}
}
