//go:build !unix

package tutorial

import "time"

// ProcessCPU is not measured outside Unix: it returns false.
func ProcessCPU() (time.Duration, bool) { return 0, false }
