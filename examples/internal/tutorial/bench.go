package tutorial

import (
	"testing"
	"time"

	"github.com/gopymc/gopymc/model"
	"github.com/gopymc/gopymc/pm"
)

// BenchADVI measures the steady state of a tutorial's ADVI fit on model: mean-field ADVI
// with PyMC's defaults and seed 1, fitted for 10 iterations, then Refine(1000) per loop
// iteration, reported by ReportRates.
func BenchADVI(b *testing.B, model *pm.Model) {
	b.Helper()
	inf, err := pm.NewADVI(model, pm.Seed(1))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := inf.Fit(10, pm.Progressbar(false), pm.Output(nil)); err != nil {
		b.Fatal(err)
	}
	BenchIterations(b, func(n int) {
		if err := inf.Refine(n); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchIterations measures iterate, which runs n iterations of a fit, called with n = 1000
// per loop iteration, and reports the rates by ReportRates.
func BenchIterations(b *testing.B, iterate func(n int)) {
	b.Helper()
	b.ReportAllocs()
	n := 0
	cpu0, ok := ProcessCPU()
	for b.Loop() {
		iterate(1000)
		n += 1000
	}
	ReportRates(b, n, cpu0, ok)
}

// ReportRates reports n iterations per second of a benchmark's wall time (it/s) and, where
// the process's CPU time is measured (ProcessCPU), per CPU second since cpu0 (it/cpu-s),
// a rate that other load on a shared machine barely changes.
func ReportRates(b *testing.B, n int, cpu0 time.Duration, ok bool) {
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "it/s")
	if cpu1, _ := ProcessCPU(); ok && cpu1 > cpu0 {
		b.ReportMetric(float64(n)/(cpu1-cpu0).Seconds(), "it/cpu-s")
	}
}

// Offsets returns the offsets in ld's flat vector of the named variables, in the order
// named, for the hand-written baselines that address the compiled model's flat point; it
// fails tb when a name is not in ld's ordering.
func Offsets(tb testing.TB, ld *model.LogDensity, names ...string) []int {
	tb.Helper()
	off := map[string]int{}
	for _, v := range ld.Ordering() {
		off[v.Name] = v.Offset
	}
	at := make([]int, len(names))
	for i, name := range names {
		o, ok := off[name]
		if !ok {
			tb.Fatalf("no %s in the model's ordering %v", name, ld.Ordering())
		}
		at[i] = o
	}
	return at
}
