package pm_test

import (
	"testing"

	"github.com/gopymc/gopymc/internal/testmodels"
	"github.com/gopymc/gopymc/pm"
	G "gorgonia.org/gorgonia"
)

// sampleMixture is the tutorial's model: x ~ NormalMixture(w = (.2, .8), mu = (-.3, .5),
// sigma = (.1, .1)) with the deterministics x2 = x² and sin_x = sin x.
func sampleMixture() *pm.Model {
	m := pm.NewModel()
	x := pm.NormalMixture(m, "x", []float64{0.2, 0.8}, []float64{-0.3, 0.5}, []float64{0.1, 0.1})
	pm.Deterministic(m, "x2", G.Must(G.Square(x)))
	pm.Deterministic(m, "sin_x", G.Must(G.Sin(x)))
	return m
}

// BenchmarkSample times whole pm.Sample calls with PyMC's defaults (1000 tune + 1000
// draws per chain, as many cores as chains), compiling the model and building the trace
// included. It reports
//
//   - draws/s: iterations per second of wall time, tuning included (what PyMC's progress
//     bar calls draws/s);
//   - grads/s: log-density-and-gradient evaluations per second, counted by the sampler
//     (trace.SamplerInfo.GradEvals of each chain: initialisation, tuning and draws);
//   - ess/s: the bulk ESS of the model's variable (x or mu) per second of wall time, the
//     figure that compares warm-up schemes (Stan's, the default, takes more gradients per
//     draw than PyMC's on the mixture, and gets twice the ESS per gradient).
func BenchmarkSample(b *testing.B) {
	conj := testmodels.NewConjugate(1000, 1)
	benches := []struct {
		name   string
		model  func() *pm.Model
		chains int
	}{
		{"mixture/chains=1", sampleMixture, 1},
		{"mixture/chains=2", sampleMixture, 2},
		{"conjugate/chains=1", func() *pm.Model { return sampleConjugate(conj) }, 1},
		{"conjugate/chains=2", func() *pm.Model { return sampleConjugate(conj) }, 2},
	}
	for _, bc := range benches {
		b.Run(bc.name, func(b *testing.B) {
			m := bc.model()
			b.ReportAllocs()
			var iters, grads int
			var ess float64
			seed := uint64(0)
			for b.Loop() {
				tr, err := pm.Sample(m, pm.Chains(bc.chains), pm.Cores(bc.chains), pm.Seed(seed), pm.Output(nil))
				if err != nil {
					b.Fatal(err)
				}
				seed++
				b.StopTimer()
				ess += minBulkESS(b, tr, m)
				b.StartTimer()
				for c := range tr.Chains() {
					info, _ := tr.SamplerInfo(c)
					iters += info.Tune + tr.Draws(c)
					grads += info.GradEvals
				}
			}
			sec := b.Elapsed().Seconds()
			b.ReportMetric(float64(iters)/sec, "draws/s")
			b.ReportMetric(float64(grads)/sec, "grads/s")
			b.ReportMetric(ess/sec, "ess/s")
		})
	}
}
