package tutorial

import (
	"math"
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

// CheckLogPGrad fails tb unless a hand-written baseline's log density and gradient, hand,
// equal ld's at each point: the log density to a relative 1e-9, each partial to 1e-8 of
// max(1, |partial|). It checks that a benchmark's baseline computes what the model does.
func CheckLogPGrad(tb testing.TB, ld *model.LogDensity, hand func(grad, z []float64) float64, points ...[]float64) {
	tb.Helper()
	grad, want := make([]float64, ld.Dim()), make([]float64, ld.Dim())
	for k, z := range points {
		lp, err := ld.LogPGrad(grad, z)
		if err != nil {
			tb.Fatalf("point %d: %v", k, err)
		}
		wantLP := hand(want, z)
		if math.Abs(lp-wantLP) > 1e-9*math.Abs(wantLP) {
			tb.Errorf("point %d: logp %v, hand %v", k, lp, wantLP)
		}
		for i := range grad {
			if math.Abs(grad[i]-want[i]) > 1e-8*math.Max(1, math.Abs(want[i])) {
				tb.Errorf("point %d: grad[%d] %v, hand %v", k, i, grad[i], want[i])
				break // the first partial that differs says enough
			}
		}
	}
}
