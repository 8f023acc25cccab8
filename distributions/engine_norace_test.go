//go:build !race

package distributions

// uvRace is true under the race detector, where sync.Pool drops items at random, so
// allocation counts are meaningless.
const uvRace = false
