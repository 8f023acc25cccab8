package graph

import (
	"math"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// floatsOf flattens a float64 value for comparisons.
func floatsOf(t *testing.T, v G.Value) []float64 {
	t.Helper()
	switch x := v.(type) {
	case *G.F64:
		return []float64{float64(*x)}
	case *tensor.Dense:
		switch d := x.Data().(type) {
		case []float64:
			return append([]float64(nil), d...)
		case float64:
			return []float64{d}
		}
	}
	t.Fatalf("not a float64 value: %T %v", v, v)
	return nil
}

// runBoth runs f on the lean executor and on the TapeMachine with the same inputs and
// checks that they agree to within tol (relative). It returns the executor's outputs.
// Every graph these tests compile goes through it.
func runBoth(t *testing.T, f *Function, tol float64, inputs ...any) []G.Value {
	t.Helper()
	lean, err := f.Run(inputs...)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	tape, err := f.RunTape(inputs...)
	if err != nil {
		t.Fatalf("RunTape: %v", err)
	}
	for i := range lean {
		a, b := floatsOf(t, lean[i]), floatsOf(t, tape[i])
		if len(a) != len(b) {
			t.Fatalf("output %d: executor has %d values, tape %d", i, len(a), len(b))
		}
		for j := range a {
			if !closeRel(a[j], b[j], tol) {
				t.Fatalf("output %d[%d]: executor %v, tape %v", i, j, a[j], b[j])
			}
		}
	}
	return lean
}

func closeRel(a, b, tol float64) bool {
	if a == b {
		return true
	}
	return math.Abs(a-b) <= tol*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

func vec(xs ...float64) *tensor.Dense {
	return tensor.New(tensor.WithShape(len(xs)), tensor.WithBacking(append([]float64(nil), xs...)))
}
