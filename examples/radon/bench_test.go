package main

import (
	"testing"

	"github.com/gopymc/gopymc/data"
	"github.com/gopymc/gopymc/examples/internal/tutorial"
)

// BenchmarkRadonADVI measures iterations per second of the tutorial's minibatch ADVI
// (batches of 100 of the 919 houses, PyMC's default optimizer): an inference fitted for 10
// iterations then 1000 iterations per loop iteration (tutorial.BenchADVI), beside the same
// iteration written by hand in plain Go (handRadon: testmodels.HandADVI around the model's
// hand-written log density) in the same run. PyMC3's tutorial printed 2,270 it/s
// (100,000 iterations in 44 s). Run with
//
//	go test -run '^$' -bench RadonADVI ./examples/radon
func BenchmarkRadonADVI(b *testing.B) {
	r, err := data.LoadRadon()
	if err != nil {
		b.Fatal(err)
	}
	b.Run("Minibatch100", func(b *testing.B) {
		m, err := hierarchical(r, batchSize)
		if err != nil {
			b.Fatal(err)
		}
		tutorial.BenchADVI(b, m)
	})
	b.Run("HandMinibatch100", func(b *testing.B) {
		m, err := hierarchical(r, 0)
		if err != nil {
			b.Fatal(err)
		}
		ld, err := m.LogDensity()
		if err != nil {
			b.Fatal(err)
		}
		h := newHandRadon(r, layoutOf(b, ld), ld.Dim(), 1)
		tutorial.BenchIterations(b, func(n int) {
			for range n {
				h.step()
			}
		})
	})
}
