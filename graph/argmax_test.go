package graph

import (
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

func TestArgmax(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	// A 2×2×3 tensor; along the last axis the maxima sit at 2, 0, 1 and 1 (ties: first).
	x := G.NewTensor(g, G.Float64, 3, G.WithShape(2, 2, 3), G.WithName("x"))
	data := tensor.New(tensor.WithShape(2, 2, 3), tensor.WithBacking([]float64{
		0, 1, 2, 5, 4, 3,
		1, 9, 2, 7, 7, 0,
	}))
	for _, c := range []struct {
		axis int
		want []float64
	}{
		{-1, []float64{2, 0, 1, 0}},
		{2, []float64{2, 0, 1, 0}},
		{0, []float64{1, 1, 0, 1, 1, 0}},
		{1, []float64{1, 1, 1, 1, 0, 0}},
	} {
		n, err := Argmax(x, c.axis)
		if err != nil {
			t.Fatal(err)
		}
		v, err := Eval(n, Given{x, data})
		if err != nil {
			t.Fatal(err)
		}
		if got := floatsOf(t, v); !equalFloats(got, c.want) {
			t.Errorf("axis %d: %v, want %v", c.axis, got, c.want)
		}
	}
	if _, err := Argmax(x, 3); err == nil {
		t.Error("axis 3 of a 3-d tensor accepted")
	}
	if _, err := Argmax(G.NewScalar(g, G.Float64, G.WithName("s")), 0); err == nil {
		t.Error("argmax of a scalar accepted")
	}
}
