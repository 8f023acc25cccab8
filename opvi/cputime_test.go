package opvi_test

import (
	"time"

	"github.com/gopymc/gopymc/internal/benchcpu"
)

// threadCPU is the CPU time of the calling OS thread, so that a benchmark locked to its
// thread can report iterations per CPU second, which other load on a shared machine does
// not change as it changes wall time.
func threadCPU() (time.Duration, bool) { return benchcpu.ThreadCPU() }
