package model_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/gopymc/gopymc/graph"
	"github.com/gopymc/gopymc/pm"
	"gorgonia.org/tensor"
)

// twins returns two float64 slices of length n, equal except in the middle, and their
// tensors of the given shape: Gorgonia prints both alike, which used to merge them.
func twins(shape ...int) (a, b []float64, ta, tb *tensor.Dense) {
	n := tensor.Shape(shape).TotalSize()
	a, b = make([]float64, n), make([]float64, n)
	for i := range a {
		a[i] = 0.1 * float64(i%7)
		b[i] = a[i]
	}
	a[n/2], b[n/2] = 1, 2
	ta = tensor.New(tensor.WithShape(shape...), tensor.WithBacking(append([]float64(nil), a...)))
	tb = tensor.New(tensor.WithShape(shape...), tensor.WithBacking(append([]float64(nil), b...)))
	return a, b, ta, tb
}

// normalLogp is Σ log N(y | mu, 1).
func normalLogp(y, mu []float64) float64 {
	lp := 0.0
	for i := range y {
		d := y[i] - mu[i%len(mu)]
		lp += -0.5*d*d - 0.5*math.Log(2*math.Pi)
	}
	return lp
}

// TestIssue12ConstantsStayApart: two values that differ only in the middle of a long vector
// or a wide matrix stay two nodes on every path that makes constants (Model.Constant,
// parameters given as values, observed data), and the issue's model, x ~ Normal(a, 1),
// z ~ Normal(b, 1), has the right log density: z's prior mean used to be silently a.
func TestIssue12ConstantsStayApart(t *testing.T) {
	t.Parallel()
	for _, shape := range [][]int{{9}, {12}, {1, 10}, {10, 10}} {
		t.Run(fmt.Sprint(shape), func(t *testing.T) {
			t.Parallel()
			a, b, ta, tb := twins(shape...)

			// Model.Constant.
			m := pm.NewModel()
			ca, err := m.Constant("a", ta)
			if err != nil {
				t.Fatal(err)
			}
			cb, err := m.Constant("b", tb)
			if err != nil {
				t.Fatal(err)
			}
			if ca == cb {
				t.Fatal("Model.Constant: one node for a and b")
			}
			if v, _ := graph.ConstantValue(cb); fmt.Sprint(v.Data()) != fmt.Sprint(b) {
				t.Fatalf("Model.Constant b holds %v", v)
			}

			// Parameters given as values: the issue's model.
			m = pm.NewModel()
			pm.Normal(m, "x", ta, 1.0, pm.Shape(shape...))
			pm.Normal(m, "z", tb, 1.0, pm.Shape(shape...))
			ld, err := m.LogDensity()
			if err != nil {
				t.Fatal(err)
			}
			point := make([]float64, ld.Dim()) // x = z = 0
			lp, err := ld.LogP(point)
			if err != nil {
				t.Fatal(err)
			}
			zero := make([]float64, len(a))
			if want := normalLogp(zero, a) + normalLogp(zero, b); math.Abs(lp-want) > 1e-10*math.Abs(want) {
				t.Fatalf("log density %v, want %v (off by %v)", lp, want, lp-want)
			}

			// Observed data, as slices and as tensors, around one free mean.
			for _, kind := range []string{"slices", "tensors"} {
				m = pm.NewModel()
				mu := pm.Normal(m, "mu", 0.0, 1.0)
				da, db := any(a), any(b)
				if kind == "tensors" {
					da, db = ta, tb
				}
				pm.Normal(m, "ya", mu, 1.0, pm.Observed(da))
				pm.Normal(m, "yb", mu, 1.0, pm.Observed(db))
				ld, err := m.LogDensity()
				if err != nil {
					t.Fatal(err)
				}
				lp, err := ld.LogP([]float64{0.5})
				if err != nil {
					t.Fatal(err)
				}
				want := normalLogp([]float64{0.5}, []float64{0}) + normalLogp(a, []float64{0.5}) + normalLogp(b, []float64{0.5})
				if math.Abs(lp-want) > 1e-10*math.Abs(want) {
					t.Fatalf("observed %s: log density %v, want %v", kind, lp, want)
				}
			}
		})
	}
}
