// Package sealed exports a closed interface (an unexported method), which gets no proxy.
package sealed

// Model is implemented only in this package.
type Model interface {
	M() int
	sealed()
}

type model struct{}

func (model) M() int  { return 2 }
func (model) sealed() {}

// New returns a Model.
func New() Model { return model{} }
