package mcmc

import (
	"context"
	"testing"
)

// BenchmarkSample times whole Sample calls with PyMC's defaults (1000 tune + 1000 draws per
// chain) and reports draws/s (every iteration, tuning included, per second of wall time)
// and grads/s (log-density-and-gradient evaluations per second).
func BenchmarkSample(b *testing.B) {
	conj := newConjugateNormal()
	benches := []struct {
		name   string
		mk     func() LogDensity
		chains int
	}{
		{"mixture/chains=1", func() LogDensity { return mixture{} }, 1},
		{"mixture/chains=4", func() LogDensity { return mixture{} }, 4},
		{"conjugate/chains=1", func() LogDensity { return &conjugateNormal{y: conj.y} }, 1},
		{"conjugate/chains=4", func() LogDensity { return &conjugateNormal{y: conj.y} }, 4},
	}
	for _, bc := range benches {
		b.Run(bc.name, func(b *testing.B) {
			targets := replicate(bc.chains, bc.mk)
			x0 := make([]float64, targets[0].Dim())
			b.ReportAllocs()
			var iters, grads int
			seed := uint64(0)
			for b.Loop() {
				r, err := Sample(context.Background(), targets, x0, Settings{Seed: seed})
				if err != nil {
					b.Fatal(err)
				}
				seed++
				for _, c := range r.Chains {
					iters += c.Tuned + len(c.Draws)/r.Dim
					grads += c.GradEvals
				}
			}
			sec := b.Elapsed().Seconds()
			b.ReportMetric(float64(iters)/sec, "draws/s")
			b.ReportMetric(float64(grads)/sec, "grads/s")
		})
	}
}
