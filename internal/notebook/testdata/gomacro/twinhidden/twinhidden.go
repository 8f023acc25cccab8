// Package twinhidden exports an interface named Handle whose method takes an unexported
// type, for which gomacro writes no proxy: it does not collide with twina's Handle.
package twinhidden

// Handle takes a value of an unexported type.
type Handle interface {
	Take(hidden) int
}

type hidden int

type handle struct{}

func (handle) Take(h hidden) int { return int(h) + 1 }

// New returns a Handle.
func New() Handle { return handle{} }
