package graph

import (
	"sync"
	"testing"

	G "gorgonia.org/gorgonia"
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
