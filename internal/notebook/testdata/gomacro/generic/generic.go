// Package generic exports a generic function, which gomacro skips.
package generic

// Map applies f to every element of xs, in place.
func Map[T any](xs []T, f func(T) T) []T {
	for i := range xs {
		xs[i] = f(xs[i])
	}
	return xs
}

// Double doubles x.
func Double(x int) int { return 2 * x }
