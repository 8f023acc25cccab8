package benchcpu

import (
	"runtime"
	"testing"
	"time"
)

// Start locks the benchmark's goroutine to its OS thread and notes the thread's CPU time.
// Call it just before the timed loop and the returned function just after: it reports
// the thread's CPU nanoseconds per iteration as the metric "cpu-ns/op" (on Linux; elsewhere
// it reports nothing). Work the benchmark hands to other goroutines is not counted.
func Start(b *testing.B) (stop func()) {
	b.Helper()
	runtime.LockOSThread()
	cpu0, ok := threadCPU()
	return func() {
		cpu1, ok1 := threadCPU()
		runtime.UnlockOSThread()
		if ok && ok1 && b.N > 0 {
			b.ReportMetric(float64(cpu1-cpu0)/float64(b.N), "cpu-ns/op")
		}
	}
}

// ProcessStart notes the CPU time of the whole process (every thread). The returned
// function reports CPU nanoseconds per iteration as "proc-cpu-ns/op": for benchmarks whose
// work runs on several goroutines, where the sum over cores is the figure to compare.
func ProcessStart(b *testing.B) (stop func()) {
	b.Helper()
	cpu0, ok := processCPU()
	return func() {
		cpu1, ok1 := processCPU()
		if ok && ok1 && b.N > 0 {
			b.ReportMetric(float64(cpu1-cpu0)/float64(b.N), "proc-cpu-ns/op")
		}
	}
}

// ThreadCPU returns the CPU time of the calling OS thread so far and whether it could be
// read (Linux only); lock the goroutine to its thread around the measured work.
func ThreadCPU() (time.Duration, bool) { return threadCPU() }

// ProcessCPU returns the CPU time of the whole process so far and whether it could be read
// (Linux only), for benchmarks that report a rate per CPU second of their own.
func ProcessCPU() (time.Duration, bool) { return processCPU() }
