package main

import (
	"testing"

	"github.com/gopymc/gopymc/examples/internal/tutorial"
)

// BenchmarkBNNADVI measures iterations per second of the tutorial's ADVI on its network:
// the full-batch fit (500 training rows) and the minibatch fit (batches of 50), each an
// inference fitted for 10 iterations then 1000 iterations per loop iteration with PyMC's
// default optimizer (tutorial.BenchADVI), beside the full-batch iteration written by hand
// in plain Go (handBNN: testmodels.HandADVI around testmodels.TanhNet, the same draws,
// forward and backward pass, gradients and adagrad_window update) in the same run. PyMC3's tutorial printed ~2,100-3,000 it/s for the full-batch fit. Run with
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
			tutorial.BenchADVI(b, nn.model)
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
		h := newHandBNN(d.xTrain, d.yTrain, layout(b, ld), ld.Dim(), 1)
		tutorial.BenchIterations(b, func(n int) {
			for range n {
				h.step()
			}
		})
	})
}
