// Package twinb exports an interface named Handle, as twina does.
package twinb

// Handle has a name.
type Handle interface {
	Name() string
}

type handle struct{}

func (handle) Name() string { return "b" }

// New returns a Handle.
func New() Handle { return handle{} }
