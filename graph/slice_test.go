package graph

import (
	"fmt"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// sliceCase is a slice of a vector or matrix input and the flat positions of the input it
// selects, in row-major order.
type sliceCase struct {
	name   string
	shape  tensor.Shape
	slices []tensor.Slice
	picked []int
}

var sliceCases = []sliceCase{
	{"vector scalar index", tensor.Shape{4}, []tensor.Slice{G.S(1)}, []int{1}},
	{"vector range", tensor.Shape{4}, []tensor.Slice{G.S(1, 3)}, []int{1, 2}},
	{"vector range with step", tensor.Shape{5}, []tensor.Slice{G.S(0, 4, 2)}, []int{0, 2}},
	{"matrix row", tensor.Shape{3, 4}, []tensor.Slice{G.S(1)}, []int{4, 5, 6, 7}},
	{"matrix rows", tensor.Shape{3, 4}, []tensor.Slice{G.S(1, 3)}, []int{4, 5, 6, 7, 8, 9, 10, 11}},
	{"matrix column", tensor.Shape{3, 4}, []tensor.Slice{nil, G.S(2)}, []int{2, 6, 10}},
	{"matrix columns", tensor.Shape{3, 4}, []tensor.Slice{nil, G.S(1, 3)}, []int{1, 2, 5, 6, 9, 10}},
	{"matrix element", tensor.Shape{3, 4}, []tensor.Slice{G.S(2), G.S(3)}, []int{11}},
	{"matrix block", tensor.Shape{3, 4}, []tensor.Slice{G.S(0, 2), G.S(1, 3)}, []int{1, 2, 5, 6}},
}

// TestIssue12SliceGradient is the regression test of issue 12: the gradient of G.Slice came
// from Gorgonia's slice-increment op, which adds into the buffer it is given; the executor
// reused one buffer per step, so every run added the previous run's gradient. For every
// slice form, cost = Σ slice(x)² has the exact gradient 2x on the picked positions and 0
// elsewhere, on every run, with other inputs between the runs.
func TestIssue12SliceGradient(t *testing.T) {
	t.Parallel()
	for _, c := range sliceCases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			g := G.NewGraph()
			x := G.NewTensor(g, G.Float64, c.shape.Dims(), G.WithShape(c.shape...), G.WithName("x"))
			s, err := G.Slice(x, c.slices...)
			if err != nil {
				t.Fatal(err)
			}
			cost := G.Must(G.Sum(G.Must(G.Square(s))))
			f, err := Compile([]*G.Node{cost}, Inputs(x), Grad(cost, x))
			if err != nil {
				t.Fatal(err)
			}
			n := c.shape.TotalSize()
			for run := 0; run < 4; run++ {
				xs := make([]float64, n)
				for i := range xs {
					xs[i] = float64(run+1)*0.5 + 0.25*float64(i)
				}
				in := tensor.New(tensor.WithShape(c.shape.Clone()...), tensor.WithBacking(xs))
				out := runBoth(t, f, 0, in)
				want, wantCost := make([]float64, n), 0.0
				for _, k := range c.picked {
					want[k] = 2 * xs[k]
					wantCost += xs[k] * xs[k]
				}
				if got := floatsOf(t, out[0])[0]; !closeRel(got, wantCost, 1e-14) {
					t.Fatalf("run %d: cost %v, want %v", run, got, wantCost)
				}
				if got := floatsOf(t, out[1]); fmt.Sprint(got) != fmt.Sprint(want) {
					t.Fatalf("run %d: gradient %v, want %v", run, got, want)
				}
			}
		})
	}
}
