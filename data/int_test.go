package data

import (
	"slices"
	"strings"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Integer data stays integer (issue 12): a minibatch of group labels aligned with float rows
// draws the same rows as they do, so the labels can index parameters with graph.Take. Row i
// of the floats holds 10·i and 10·i+1, the label of row i is i: at every run, of a Function
// and of its copy, the float rows drawn are exactly 10·label and 10·label+1.
func TestIntMinibatchAlignedWithFloats(t *testing.T) {
	t.Parallel()
	const n, k = 200, 16
	rows := make([][]float64, n)
	labels := make([]int, n)
	for i := range rows {
		rows[i] = []float64{10 * float64(i), 10*float64(i) + 1}
		labels[i] = i
	}
	mb := mustMinibatch(t, rows, k, Aligned(labels, tensor.New(tensor.WithShape(n), tensor.WithBacking(slices.Clone(labels)))))
	if dt := mb.NodeOf(1).Dtype(); dt != tensor.Int {
		t.Fatalf("the labels' node has dtype %v, want int", dt)
	}
	if dt := mb.NodeOf(2).Dtype(); dt != tensor.Int {
		t.Fatalf("the tensor.Int labels' node has dtype %v, want int", dt)
	}
	f := mustCompile(t, mb.Nodes())
	cp, err := f.Copy()
	if err != nil {
		t.Fatal(err)
	}
	for run := 0; run < 10; run++ {
		for _, fn := range []string{"Function", "Copy"} {
			h := f
			if fn == "Copy" {
				h = cp
			}
			out, err := h.Run()
			if err != nil {
				t.Fatal(err)
			}
			x := out[0].(*tensor.Dense).Float64s()
			l1, l2 := out[1].(*tensor.Dense).Ints(), out[2].(*tensor.Dense).Ints()
			if !slices.Equal(l1, l2) {
				t.Fatalf("%s run %d: the two label arrays drew different rows: %v and %v", fn, run, l1, l2)
			}
			for j, l := range l1 {
				if x[2*j] != 10*float64(l) || x[2*j+1] != 10*float64(l)+1 {
					t.Fatalf("%s run %d: row %d is %v, %v for label %d", fn, run, j, x[2*j], x[2*j+1], l)
				}
			}
		}
	}
}

// An int array takes int data in SetValue and refuses float data; a float array still takes
// int data, converted. InMemorySize and NewMinibatchND work on int data.
func TestIntMinibatchSetValueAndShapes(t *testing.T) {
	t.Parallel()
	mb := mustMinibatch(t, []int{0, 1, 2, 3}, 3, Aligned([]float64{0, 10, 20, 30}))
	if err := mb.SetValues([]int{5, 6}, []int{50, 60}); err != nil {
		t.Fatal(err)
	}
	if got := mb.DataOf(0).Ints(); !slices.Equal(got, []int{5, 6}) {
		t.Fatalf("int data after SetValues: %v", got)
	}
	if got := mb.DataOf(1).Float64s(); !equalFloats(got, []float64{50, 60}) {
		t.Fatalf("float data after SetValues with ints: %v", got)
	}
	err := mb.SetValues([]float64{1, 2}, []float64{1, 2})
	if err == nil || !strings.Contains(err.Error(), "array 0") || !strings.Contains(err.Error(), "holds int data") {
		t.Fatalf("float data for an int array: %v", err)
	}

	head := mustMinibatch(t, [][]int{{1, 2}, {3, 4}, {5, 6}}, 2, InMemorySize(2))
	if got := head.Data(); got.Dtype() != tensor.Int || !slices.Equal(got.Ints(), []int{1, 2, 3, 4}) {
		t.Fatalf("InMemorySize on ints: %v %v", got.Dtype(), got)
	}
	nd, err := NewMinibatchND([][]int{{1, 2, 3}, {4, 5, 6}}, []any{None, 2})
	if err != nil {
		t.Fatal(err)
	}
	out := runFloatsOrInts(t, nd.Node())
	if len(out) != 4 {
		t.Fatalf("ND batch %v, want 2×2", out)
	}
	for r, v := range out {
		if v < 1+3*(r/2) || v > 3+3*(r/2) {
			t.Fatalf("ND batch %v: element %d is not from row %d", out, r, r/2)
		}
	}
}

// runFloatsOrInts runs a node once and returns its int values.
func runFloatsOrInts(t *testing.T, n *G.Node) []int {
	t.Helper()
	out, err := mustCompile(t, []*G.Node{n}).Run()
	if err != nil {
		t.Fatal(err)
	}
	return out[0].(*tensor.Dense).Ints()
}
