// Package twina exports an interface named Handle, as twinb does.
package twina

// Handle has an ID.
type Handle interface {
	ID() int
}

type handle struct{}

func (handle) ID() int { return 7 }

// New returns a Handle.
func New() Handle { return handle{} }
