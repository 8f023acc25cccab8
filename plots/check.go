package plots

import (
	"fmt"
	"math"
)

// checkFinite returns an error naming what and the index of the first NaN or ±Inf in x.
// Non-finite values are never skipped: every function reports them the same way.
func checkFinite(x []float64, what string) error {
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("plots: %s has a non-finite value %v at index %d; remove or fix non-finite values before plotting", what, v, i)
		}
	}
	return nil
}
