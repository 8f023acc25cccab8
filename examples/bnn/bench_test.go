package main

import (
	"github.com/gopymc/gopymc/examples/internal/tutorial"
	"testing"

	"github.com/gopymc/gopymc/pm"
)

// BenchmarkBNNADVI measures iterations per second of the tutorial's ADVI on its network:
// the full-batch fit (500 training rows) and the minibatch fit (batches of 50), each an
// inference fitted for 10 iterations then Refine(1000) per loop iteration with PyMC's
// default optimizer, beside the full-batch iteration written by hand in plain Go (handBNN:
// the same draws, forward and backward pass, gradients and adagrad_window update) in the
// same run. PyMC3's tutorial printed ~2,100-3,000 it/s for the full-batch fit. Run with
//
//	go test -run '^$' -bench BNNADVI ./examples/bnn
func BenchmarkBNNADVI(b *testing.B) {
	d, err := makeMoons(1)
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		batch int
	}{{"FullBatch", 0}, {"Minibatch50", batchSize}} {
		b.Run(c.name, func(b *testing.B) {
			nn, err := constructNN(d.xTrain, d.yTrain, c.batch, 1)
			if err != nil {
				b.Fatal(err)
			}
			inf, err := pm.NewADVI(nn.model, pm.Seed(1))
			if err != nil {
				b.Fatal(err)
			}
			if _, err := inf.Fit(10, pm.Progressbar(false), pm.Output(nil)); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			n := 0
			cpu0, ok := tutorial.ProcessCPU()
			for b.Loop() {
				if err := inf.Refine(1000); err != nil {
					b.Fatal(err)
				}
				n += 1000
			}
			tutorial.ReportRates(b, n, cpu0, ok)
		})
	}
	b.Run("HandFullBatch", func(b *testing.B) {
		nn, err := constructNN(d.xTrain, d.yTrain, 0, 1)
		if err != nil {
			b.Fatal(err)
		}
		ld, err := nn.model.LogDensity()
		if err != nil {
			b.Fatal(err)
		}
		h := newHandBNN(d.xTrain, d.yTrain, layout(b, ld), 1)
		b.ReportAllocs()
		n := 0
		cpu0, ok := tutorial.ProcessCPU()
		for b.Loop() {
			for range 1000 {
				h.step()
			}
			n += 1000
		}
		tutorial.ReportRates(b, n, cpu0, ok)
	})
}
