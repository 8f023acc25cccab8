package mathx

import "math"

// AllFinite reports whether no entry of x is NaN or infinite (true for an empty x).
func AllFinite(x []float64) bool {
	for _, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}
