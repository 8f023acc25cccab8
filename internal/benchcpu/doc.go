// Package benchcpu reports a benchmark's CPU time per operation beside its wall time, so
// that benchmarks run on a shared machine can be compared: other load lengthens wall time
// but not (much) the CPU time of the benchmark's own thread.
package benchcpu
