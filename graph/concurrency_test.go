package graph

import (
	"sync"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Function copies run concurrently, one per goroutine, with results identical to a
// sequential run (trap 21: never two runs on one graph at once). Run it with -race.
func TestCopiesRunConcurrently(t *testing.T) {
	t.Parallel()
	_, x, w, cost := sinModel()
	f, err := Compile([]*G.Node{cost}, Inputs(x, w), Grad(cost, x, w))
	if err != nil {
		t.Fatal(err)
	}
	const workers, runs = 4, 200
	want := make([][]float64, runs)
	for i := range want {
		out, err := f.Run(vec(float64(i), 1, 2), vec(1, 2, 3))
		if err != nil {
			t.Fatal(err)
		}
		want[i] = floatsOf(t, out[1])
	}
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for k := 0; k < workers; k++ {
		c, err := f.Copy()
		if err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < runs; i++ {
				out, err := c.Run(vec(float64(i), 1, 2), vec(1, 2, 3))
				if err != nil {
					errs <- err
					return
				}
				got := out[1].Data().([]float64)
				for j := range got {
					if got[j] != want[i][j] {
						t.Errorf("worker run %d: %v, want %v", i, got, want[i])
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

// Regression: Gorgonia's matrix product transposes its operands' headers in place for the
// duration of a call (the gradient of X·B with respect to B is Xᵀ·G), so two Functions
// reading the same Shared or constant matrix must each have a header of their own.
func TestSharedMatrixInConcurrentGradients(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	X, err := NewShared(g, "X", [][]float64{{1, 2}, {3, 4}, {5, 6}})
	if err != nil {
		t.Fatal(err)
	}
	C := G.NewConstant(tensor.New(tensor.WithShape(3, 2), tensor.WithBacking([]float64{1, 0, 0, 1, 1, 1})), G.WithName("C"))
	B := G.NewMatrix(g, G.Float64, G.WithShape(2, 2), G.WithName("B"))
	cost := G.Must(G.Sum(G.Must(G.Add(G.Must(G.Mul(X.Node(), B)), G.Must(G.Mul(C, B))))))
	f, err := Compile([]*G.Node{cost}, Inputs(B), Grad(cost, B))
	if err != nil {
		t.Fatal(err)
	}
	b := tensor.New(tensor.WithShape(2, 2), tensor.WithBacking([]float64{1, 2, 3, 4}))
	want, err := f.Run(b)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for k := 0; k < 4; k++ {
		c, err := f.Copy()
		if err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 500; i++ {
				out, err := c.Run(tensor.New(tensor.WithShape(2, 2), tensor.WithBacking([]float64{1, 2, 3, 4})))
				if err != nil {
					t.Error(err)
					return
				}
				if !equalFloats(floatsOf(t, out[1]), floatsOf(t, want[1])) {
					t.Errorf("gradient %v, want %v", out[1], want[1])
					return
				}
			}
		}()
	}
	wg.Wait()
}
