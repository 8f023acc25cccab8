package pm_test

import (
	"math"
	"testing"

	"github.com/gopymc/gopymc/pm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// TestIssue12SliceGradient is issue 12's repro: a likelihood whose mean is a slice of a free
// variable. The log density's gradient was right on the first call only; every later call
// added the previous gradient. For each slice form the gradient is checked against the exact
// one, θ ~ Normal(0, 3), y_j ~ Normal(slice(θ)_j, 2):
//
//	∂/∂θ_i = -θ_i/9 + Σ_{j: slice picks i} (y_j - θ_i)/4,
//
// over several calls at changing points.
func TestIssue12SliceGradient(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		shape  []int
		slices []tensor.Slice
		picked []int // flat index of θ behind each observation
	}{
		{"scalar index", []int{2}, []tensor.Slice{G.S(0)}, []int{0, 0, 0}},
		{"range", []int{3}, []tensor.Slice{G.S(1, 3)}, []int{1, 2}},
		{"matrix row", []int{2, 3}, []tensor.Slice{G.S(1)}, []int{3, 4, 5}},
		{"matrix column", []int{2, 3}, []tensor.Slice{nil, G.S(2)}, []int{2, 5}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			m := pm.NewModel()
			theta := pm.Normal(m, "theta", 0.0, 3.0, pm.Shape(c.shape...))
			y := []float64{1.5, 2.5, 1.0}[:len(c.picked)]
			if len(c.picked) == 2 {
				y = []float64{1.5, -0.5}
			}
			mu, err := G.Slice(theta, c.slices...)
			if err != nil {
				t.Fatal(err)
			}
			pm.Normal(m, "y", mu, 2.0, pm.Observed(y))
			ld, err := m.LogDensity()
			if err != nil {
				t.Fatal(err)
			}
			dim := ld.Dim()
			grad := make([]float64, dim)
			for call := 0; call < 4; call++ {
				x := make([]float64, dim)
				for i := range x {
					x[i] = 1 + 0.3*float64(call) - 0.2*float64(i)
				}
				if _, err := ld.LogPGrad(grad, x); err != nil {
					t.Fatal(err)
				}
				for i := range x {
					want := -x[i] / 9
					for j, k := range c.picked {
						if k == i {
							want += (y[j] - x[i]) / 4
						}
					}
					if math.Abs(grad[i]-want) > 1e-12 {
						t.Fatalf("call %d: ∂/∂θ[%d] = %v, want %v", call, i, grad[i], want)
					}
				}
			}
		})
	}
}
