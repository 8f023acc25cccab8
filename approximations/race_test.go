//go:build race

package approximations_test

// raceEnabled reports that the race detector is on: sync.Pool then drops items on purpose,
// so allocation counts mean nothing.
const raceEnabled = true
