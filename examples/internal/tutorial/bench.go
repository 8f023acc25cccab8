package tutorial

import (
	"testing"
	"time"
)

// ReportRates reports n iterations per second of a benchmark's wall time (it/s) and, where
// the process's CPU time is measured (ProcessCPU), per CPU second since cpu0 (it/cpu-s),
// a rate that other load on a shared machine barely changes.
func ReportRates(b *testing.B, n int, cpu0 time.Duration, ok bool) {
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "it/s")
	if cpu1, _ := ProcessCPU(); ok && cpu1 > cpu0 {
		b.ReportMetric(float64(n)/(cpu1-cpu0).Seconds(), "it/cpu-s")
	}
}
