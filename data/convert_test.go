package data

import (
	"math"
	"slices"
	"strings"
	"testing"

	"gorgonia.org/tensor"
)

// Every accepted kind of data becomes a tensor of the right shape: int data given as []int,
// [][]int or tensor.Int stays int, everything else becomes float64; the values are copied.
func TestMinibatchAcceptedData(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		data  any
		shape []int
		vals  []float64 // expected full data (the inputs' values)
		isInt bool      // whether it stays int
	}{
		{"[]float64", []float64{1, 2, 3}, []int{3}, []float64{1, 2, 3}, false},
		{"[]int", []int{1, 2, 3}, []int{3}, []float64{1, 2, 3}, true},
		{"[][]float64", [][]float64{{1, 2}, {3, 4}, {5, 6}}, []int{3, 2}, []float64{1, 2, 3, 4, 5, 6}, false},
		{"[][]int", [][]int{{1, 2}, {3, 4}}, []int{2, 2}, []float64{1, 2, 3, 4}, true},
		{"Dense float64", denseArange(2, 3), []int{2, 3}, arange(6), false},
		{"Dense int", tensor.New(tensor.WithShape(2, 2), tensor.WithBacking([]int{4, 3, 2, 1})), []int{2, 2}, []float64{4, 3, 2, 1}, true},
		{"Dense int32", tensor.New(tensor.WithShape(2), tensor.WithBacking([]int32{-1, 7})), []int{2}, []float64{-1, 7}, false},
		{"Dense uint8", tensor.New(tensor.WithShape(2), tensor.WithBacking([]uint8{255, 0})), []int{2}, []float64{255, 0}, false},
		{"Dense float32", tensor.New(tensor.WithShape(2), tensor.WithBacking([]float32{0.5, 2})), []int{2}, []float64{0.5, 2}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			mb := mustMinibatch(t, tc.data, 2)
			d := mb.Data()
			if !slices.Equal([]int(d.Shape()), tc.shape) {
				t.Fatalf("data shape %v, want %v", d.Shape(), tc.shape)
			}
			switch got := d.Data().(type) {
			case []int:
				if !tc.isInt || !equalFloats(convertSlice(got), tc.vals) {
					t.Fatalf("int data %v, want %v (int: %v)", got, tc.vals, tc.isInt)
				}
			case []float64:
				if tc.isInt || !equalFloats(got, tc.vals) {
					t.Fatalf("float64 data %v, want %v (int: %v)", got, tc.vals, tc.isInt)
				}
			default:
				t.Fatalf("data of dtype %v", d.Dtype())
			}
			if got := mb.Node().Dtype(); (got == tensor.Int) != tc.isInt {
				t.Fatalf("node dtype %v", got)
			}
		})
	}
	// The data is copied: changing the input afterwards changes nothing.
	in := []float64{1, 2, 3}
	mb := mustMinibatch(t, in, 1)
	in[0] = 99
	if mb.Data().Data().([]float64)[0] != 1 {
		t.Fatal("the minibatch shares the caller's slice")
	}
}

// Unusable data, bad sizes and bad options give clear, package-prefixed errors.
func TestMinibatchBadInput(t *testing.T) {
	t.Parallel()
	nan2 := [][]float64{{1, 2}, {3, math.NaN()}}
	tests := []struct {
		name  string
		data  any
		batch int
		opts  []Option
		want  string
	}{
		{"zero batch", []float64{1, 2}, 0, nil, "batch size is 0"},
		{"negative batch", []float64{1, 2}, -3, nil, "batch size is -3"},
		{"NaN names its index", nan2, 1, nil, "element [1 1] of the data is NaN"},
		{"Inf names its index", []float64{0, math.Inf(-1)}, 1, nil, "element [1] of the data is -Inf"},
		{"bool dtype", tensor.New(tensor.WithShape(2), tensor.WithBacking([]bool{true, false})), 1, nil, "dtype bool"},
		{"string slice", []string{"a"}, 1, nil, "cannot use []string"},
		{"nil data", nil, 1, nil, "nil data"},
		{"empty", []float64{}, 1, nil, "empty data"},
		{"ragged rows", [][]float64{{1, 2}, {3}}, 1, nil, "row 1 has 1 columns"},
		{"scalar tensor", tensor.New(tensor.FromScalar(1.0)), 1, nil, "scalar"},
		{"aligned rows differ", arange(10), 2, []Option{Aligned(arange(9))}, "same number of rows"},
		{"aligned NaN", arange(2), 1, []Option{Aligned([]float64{0, math.NaN()})}, "array 1: element [1]"},
		{"in-memory too long", arange(10), 2, []Option{InMemorySize(11)}, "exceeds its length 10"},
		{"in-memory too many axes", arange(10), 2, []Option{InMemorySize(2, 2)}, "2 sizes for data of 1 dimensions"},
		{"in-memory zero", arange(10), 2, []Option{InMemorySize(0)}, "want a positive size"},
		{"nil option", arange(10), 2, []Option{nil}, "option 0 is nil"},
		{"empty name", arange(10), 2, []Option{Name("")}, "empty name"},
		{"nil update func", arange(10), 2, []Option{UpdateSharedFunc(nil)}, "nil function"},
		{"update func with aligned", arange(10), 2, []Option{Aligned(arange(10)), UpdateSharedFunc(func() (*tensor.Dense, error) { return nil, nil })}, "UpdateSharedFunc does not apply"},
		{"empty aligned", arange(10), 2, []Option{Aligned()}, "no arrays"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := NewMinibatch(tc.data, tc.batch, tc.opts...)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "data: ") {
				t.Fatalf("err = %v, want one containing %q", err, tc.want)
			}
		})
	}
}

// InMemorySize keeps data[:n] or the leading block data[:n0, :n1] (PyMC3's in_memory_size).
func TestInMemorySize(t *testing.T) {
	t.Parallel()
	data := denseArange(4, 5, 2) // element = flat index
	tests := []struct {
		sizes []int
		shape []int
		vals  []float64 // data[:n0, :n1, ...] computed by hand from the arange layout
	}{
		{[]int{2}, []int{2, 5, 2}, arange(20)},
		{[]int{2, 1}, []int{2, 1, 2}, []float64{0, 1, 10, 11}},
		{[]int{1, 2, 1}, []int{1, 2, 1}, []float64{0, 2}},
		{[]int{4, 5, 2}, []int{4, 5, 2}, arange(40)},
	}
	for _, tc := range tests {
		mb := mustMinibatch(t, data, 3, InMemorySize(tc.sizes...))
		d := mb.Data()
		if !slices.Equal([]int(d.Shape()), tc.shape) {
			t.Fatalf("InMemorySize(%v): shape %v, want %v", tc.sizes, d.Shape(), tc.shape)
		}
		if got := d.Data().([]float64); !equalFloats(got, tc.vals) {
			t.Fatalf("InMemorySize(%v): data %v, want %v", tc.sizes, got, tc.vals)
		}
		if got := mb.BatchShape(); got[0] != 3 || !slices.Equal(got[1:], tc.shape[1:]) {
			t.Fatalf("InMemorySize(%v): batch shape %v", tc.sizes, got)
		}
	}
}
