//go:build unix

package main

import (
	"syscall"
	"time"
)

// processCPU is the CPU time of the whole process, user and system, every thread included
// (gonum's matrix products may run on several), so that a benchmark can report iterations
// per CPU second, which other load on a shared machine barely changes.
func processCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
