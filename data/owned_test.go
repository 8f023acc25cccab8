package data

import (
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Data converted from another kind ([][]int, [][]float64, other dtypes) is kept as it was
// converted, with no second copy; data that views the caller's storage ([]float64, []int, a
// float64 or int tensor) is copied, and in both cases the caller's later changes do not reach
// the minibatch.
func TestMinibatchKeepsConversionWithoutSecondCopy(t *testing.T) {
	t.Parallel()
	f64 := denseArange(3, 2)
	f32 := tensor.New(tensor.WithShape(2), tensor.WithBacking([]float32{1, 2}))
	view, err := denseArange(4, 2).Slice(nil, tensor.S(1))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		data  any
		owned bool
	}{
		{"[]float64", []float64{1, 2}, false},
		{"Dense float64", f64, false},
		{"[]int", []int{1, 2}, false},
		{"Dense int", tensor.New(tensor.WithShape(2), tensor.WithBacking([]int{1, 2})), false},
		{"[][]float64", [][]float64{{1, 2}, {3, 4}}, true},
		{"[][]int", [][]int{{1, 2}}, true},
		{"Dense float32", f32, true},
		{"Dense float64 view", view, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			conv, owned, err := toDense(tc.data)
			if err != nil {
				t.Fatal(err)
			}
			if owned != tc.owned {
				t.Fatalf("owned = %v, want %v", owned, tc.owned)
			}
			a := &array{mb: &Minibatch{g: G.NewGraph()}, name: "x"}
			st, err := a.newStore(conv, owned)
			if err != nil {
				t.Fatal(err)
			}
			var shared bool
			if conv.Dtype() == tensor.Int {
				shared = &st.ints[0] == &conv.Ints()[0]
			} else {
				shared = &st.data[0] == &conv.Float64s()[0]
			}
			if shared != owned {
				t.Fatalf("store shares the converted storage: %v, want %v", shared, owned)
			}
		})
	}
}

// The accessors of a nil *Minibatch return zero values and its error-returning methods
// return errors, so that a wrapper holding a Minibatch that could not be made never panics.
func TestNilMinibatch(t *testing.T) {
	t.Parallel()
	var mb *Minibatch
	if mb.Name() != "" || mb.NumArrays() != 0 || mb.Node() != nil || mb.Minibatch() != nil ||
		mb.NodeOf(0) != nil || mb.Nodes() != nil || mb.Shared() != nil || mb.SharedOf(0) != nil ||
		mb.Data() != nil || mb.DataOf(0) != nil || mb.BatchShape() != nil {
		t.Error("an accessor of a nil Minibatch returned a value")
	}
	if _, err := mb.NodeIn(G.NewGraph()); err == nil {
		t.Error("NodeIn: no error")
	}
	if _, err := mb.NodesIn(G.NewGraph()); err == nil {
		t.Error("NodesIn: no error")
	}
	for name, err := range map[string]error{
		"SetValue":     mb.SetValue([]float64{1}),
		"SetValues":    mb.SetValues([]float64{1}),
		"UpdateShared": mb.UpdateShared(),
	} {
		if err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
