package approximations_test

import (
	"slices"
	"sync"
	"testing"

	"github.com/gopymc/gopymc/graph"
	"github.com/gopymc/gopymc/pm"
	G "gorgonia.org/gorgonia"
)

// A sample node compiled twice (a Function and its Copy, and two Eval cache entries, one
// per set of givens) runs on several goroutines at once: every compiled copy holds its own
// fork of the node's op (run with -race). Copies draw from different streams.
func TestSampleNodeConcurrent(t *testing.T) {
	t.Parallel()
	for _, fm := range fitMethods {
		t.Run(fm.method, func(t *testing.T) {
			t.Parallel()
			m, p := binomialModel(t)
			approx, err := pm.Fit(m, append([]pm.Option{pm.Method(fm.method), pm.Seed(1), quiet}, fm.opts...)...)
			if err != nil {
				t.Fatal(err)
			}
			i, j := pm.IntScalar(m, "i"), pm.IntScalar(m, "j")
			sn, err := approx.SampleNode(G.Must(G.Cube(p)), pm.SizeNode(i))
			if err != nil {
				t.Fatal(err)
			}
			f1, err := graph.Compile([]*G.Node{sn}, graph.Inputs(i))
			if err != nil {
				t.Fatal(err)
			}
			f2, err := f1.Copy()
			if err != nil {
				t.Fatal(err)
			}
			const runs = 50
			results := make([][]float64, 4)
			errs := make([]error, 4)
			var wg sync.WaitGroup
			for w := 0; w < 4; w++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for r := 0; r < runs; r++ {
						var v G.Value
						var err error
						switch w {
						case 0, 1:
							var out []G.Value
							if out, err = [...]*graph.Function{f1, f2}[w].Run(20); err == nil {
								v = out[0]
							}
						case 2:
							v, err = graph.Eval(sn, graph.Given{Node: i, Value: 20})
						case 3:
							v, err = pm.Eval(sn, pm.Givens(i, 20), pm.Givens(j, 3)) // j is unused: another cache entry
						}
						if err != nil {
							errs[w] = err
							return
						}
						results[w] = append(results[w], v.Data().([]float64)...)
					}
				}()
			}
			wg.Wait()
			for w, err := range errs {
				if err != nil {
					t.Fatalf("goroutine %d: %v", w, err)
				}
			}
			for w, r := range results {
				if len(r) != runs*20 || allEqual(r) {
					t.Fatalf("goroutine %d: %d values, all equal %v", w, len(r), allEqual(r))
				}
			}
			if slices.Equal(results[0], results[1]) {
				t.Error("a Function and its Copy drew the same values")
			}
		})
	}
}
