package opvi_test

import (
	"runtime"
	"testing"

	"github.com/gopymc/gopymc/internal/testmodels"
	"github.com/gopymc/gopymc/pm"
)

// BenchmarkNFVI measures iterations per second of NFVI beside mean-field ADVI on the same
// model in the same run (the baseline): 'planar*10' on the tutorial's potential U₄ (a Flat
// 2-vector and a Potential of about 40 Gorgonia ops, z[0] and z[1] taken with G.Slice), and
// 'scale-loc', which is ADVI's family, on the tutorial's mixture and on the conjugate model
// with 1000 observations. Each loop iteration is Refine(1000) of an inference fitted once,
// so the figures are the fit loop's steady state. Run with -cpu 1 for one core.
func BenchmarkNFVI(b *testing.B) {
	pot4 := func() *pm.Model { return potentialModel(4) }
	conj := func() *pm.Model { return testmodels.NewConjugate(1000, 1).Model }
	nfvi := func(formula string) func(*pm.Model, ...pm.Option) (*pm.Inference, error) {
		return func(m *pm.Model, opts ...pm.Option) (*pm.Inference, error) {
			return pm.NewNFVI(m, append(opts, pm.Flow(formula))...)
		}
	}
	for _, c := range []struct {
		name   string
		method func(*pm.Model, ...pm.Option) (*pm.Inference, error)
		model  func() *pm.Model
	}{
		{"Pot4/ADVI", pm.NewADVI, pot4},
		{"Pot4/planar*10", nfvi("planar*10"), pot4},
		{"Mixture/ADVI", pm.NewADVI, testmodels.Mixture},
		{"Mixture/scale-loc", nfvi("scale-loc"), testmodels.Mixture},
		{"Conjugate1000/ADVI", pm.NewADVI, conj},
		{"Conjugate1000/scale-loc", nfvi("scale-loc"), conj},
	} {
		b.Run(c.name, func(b *testing.B) { benchRefine(b, c.method, c.model) })
	}
}

// benchRefine measures the fit loop's steady state: an inference of the model fitted for 10
// iterations, then Refine(1000) per loop iteration, reported as iterations per second of
// wall time (it/s) and, on Linux, of the benchmark thread's CPU time (it/cpu-s: one core's
// rate, unchanged by other load on the machine).
func benchRefine(b *testing.B, method func(*pm.Model, ...pm.Option) (*pm.Inference, error), model func() *pm.Model) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	inf, err := method(model(), pm.Seed(1))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := inf.Fit(10, pm.Progressbar(false), pm.Output(nil)); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	n := 0
	cpu0, ok := threadCPU()
	for b.Loop() {
		if err := inf.Refine(1000); err != nil {
			b.Fatal(err)
		}
		n += 1000
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "it/s")
	if cpu1, _ := threadCPU(); ok && cpu1 > cpu0 {
		b.ReportMetric(float64(n)/(cpu1-cpu0).Seconds(), "it/cpu-s")
	}
}
