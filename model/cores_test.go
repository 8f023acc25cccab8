package model_test

import (
	"math"
	"runtime"
	"testing"

	"github.com/gopymc/gopymc/internal/parallel"
	"github.com/gopymc/gopymc/pm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// The reproducibility promise on large data (DESIGN.md, "Many cores on big data"): a log
// density and gradient over data large enough to run in chunks on every core (the normal
// model on 2000×100 data, a free vector of 150,000 elements, and a dense layer whose
// products run in parallel parts) are the same to the bit with GOMAXPROCS 1 and 2 and with
// 1, 2, 3 and 8 workers.
func TestLogPGradSameBitsOnAnyCores(t *testing.T) {
	defer parallel.SetWorkers(parallel.SetWorkers(0))
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))

	const rows, cols = 2000, 100
	data := tutorialData(rows, cols)
	normal := normalModel(t, data, rows, cols, 0)

	vec := pm.NewModel()
	pm.Normal(vec, "x", 0.0, 1.0, pm.Shape(150000))

	layer := pm.NewModel()
	xs := make([]float64, 3000*20)
	for i := range xs {
		xs[i] = math.Sin(0.37 * float64(i))
	}
	X, err := layer.Constant("X", tensor.New(tensor.WithShape(3000, 20), tensor.WithBacking(xs)))
	if err != nil {
		t.Fatal(err)
	}
	w := pm.Normal(layer, "w", 0.0, 1.0, pm.Shape(20, 30))
	h := G.Must(G.Tanh(G.Must(G.Mul(X, w))))
	pm.Normal(layer, "y", G.Must(G.Sum(h, 1)), 1.0, pm.Observed(make([]float64, 3000)))

	for _, c := range []struct {
		name string
		m    *pm.Model
	}{{"normal 2000×100", normal}, {"vector of 150000", vec}, {"dense layer 3000×20·20×30", layer}} {
		ld, err := c.m.LogDensity()
		if err != nil {
			t.Fatal(err)
		}
		x := make([]float64, ld.Dim())
		for i := range x {
			x[i] = 0.3 * math.Cos(0.11*float64(i))
		}
		var want []float64
		var wantLp float64
		for _, procs := range []int{1, 2} {
			runtime.GOMAXPROCS(procs)
			for _, workers := range []int{0, 1, 2, 3, 8} {
				parallel.SetWorkers(workers)
				grad := make([]float64, ld.Dim())
				lp, err := ld.LogPGrad(grad, x)
				if err != nil {
					t.Fatal(err)
				}
				if want == nil {
					want, wantLp = grad, lp
					continue
				}
				if math.Float64bits(lp) != math.Float64bits(wantLp) {
					t.Fatalf("%s: GOMAXPROCS %d, %d workers: log density %v, first %v", c.name, procs, workers, lp, wantLp)
				}
				for i := range grad {
					if math.Float64bits(grad[i]) != math.Float64bits(want[i]) {
						t.Fatalf("%s: GOMAXPROCS %d, %d workers: grad[%d] %v, first %v", c.name, procs, workers, i, grad[i], want[i])
					}
				}
			}
		}
	}
}
