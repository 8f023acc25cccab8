package opvi_test

import (
	"syscall"
	"time"
)

// threadCPU is the CPU time of the calling OS thread (Linux's RUSAGE_THREAD), so that a
// benchmark locked to its thread can report iterations per CPU second, which other load on
// a shared machine does not change as it changes wall time.
func threadCPU() (time.Duration, bool) {
	const rusageThread = 1
	var ru syscall.Rusage
	if err := syscall.Getrusage(rusageThread, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
