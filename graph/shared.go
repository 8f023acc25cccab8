package graph

import (
	"fmt"
	"sync"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Shared is a named value that lives outside any run, as theano.shared: a node of a model
// graph whose value every compiled Function reads when it runs, with no recompilation when
// the value changes.
//
// The value has a fixed dtype and shape (Gorgonia's shapes are static). SetValue copies the
// new value into the existing storage, so a Function compiled earlier sees it at its next run.
// SetValue must not run while a Function that reads the value is running in another
// goroutine.
type Shared struct {
	node *G.Node
	mu   sync.Mutex // serialises SetValue
	val  G.Value    // *G.F64 for a float scalar, else a *tensor.Dense; updated in place
}

// sharedByNode finds the Shared behind a node, for Compile.
var sharedByNode sync.Map // *G.Node -> *Shared

// NewShared adds to g an input node named name holding a copy of value (see ToValue for the
// accepted kinds; a NaN or infinite element is an error). The name must be new in g: Gorgonia merges input nodes of equal name,
// dtype and shape (gorgonia-notes trap 2).
func NewShared(g *G.ExprGraph, name string, value any) (s *Shared, err error) {
	defer recoverTo(&err)
	if err := checkSharedName(g, name); err != nil {
		return nil, err
	}
	v, err := ToValue(value)
	if err != nil {
		return nil, fmt.Errorf("graph: shared %q: %w", name, err)
	}
	if err := CheckFinite(v); err != nil {
		return nil, fmt.Errorf("graph: shared %q: %w", name, err)
	}
	if v, err = cloneValue(v); err != nil {
		return nil, fmt.Errorf("graph: shared %q: %w", name, err)
	}
	return newShared(g, name, v)
}

// NewSharedFrom is NewShared without the copy: the Shared value's storage is t itself, so
// its owner can update t in place (as an optimizer updates an approximation's parameters)
// and every compiled Function sees the new values at its next run.
func NewSharedFrom(g *G.ExprGraph, name string, t *tensor.Dense) (s *Shared, err error) {
	defer recoverTo(&err)
	if err := checkSharedName(g, name); err != nil {
		return nil, err
	}
	if t == nil {
		return nil, fmt.Errorf("graph: shared %q: nil tensor", name)
	}
	return newShared(g, name, t)
}

// checkSharedName checks that a shared value named name can be added to g.
func checkSharedName(g *G.ExprGraph, name string) error {
	if g == nil {
		return fmt.Errorf("graph: shared %q: nil graph", name)
	}
	if name == "" {
		return fmt.Errorf("graph: shared value needs a name")
	}
	if len(g.ByName(name)) > 0 {
		return fmt.Errorf("graph: shared %q: the graph already has a node of that name", name)
	}
	return nil
}

func newShared(g *G.ExprGraph, name string, v G.Value) (*Shared, error) {
	var n *G.Node
	if _, ok := v.(G.Scalar); ok {
		n = G.NewScalar(g, v.Dtype(), G.WithName(name), G.WithValue(v))
	} else {
		shape := v.Shape()
		n = G.NewTensor(g, v.Dtype(), shape.Dims(), G.WithShape(shape...), G.WithName(name), G.WithValue(v))
	}
	s := &Shared{node: n, val: v}
	sharedByNode.Store(n, s)
	return s, nil
}

// LookupShared returns the Shared value whose node is n, if there is one.
func LookupShared(n *G.Node) (*Shared, bool) {
	s, ok := sharedByNode.Load(n)
	if !ok {
		return nil, false
	}
	return s.(*Shared), true
}

// Node returns the shared value's node in its graph.
func (s *Shared) Node() *G.Node { return s.node }

// Name returns the shared value's name.
func (s *Shared) Name() string { return s.node.Name() }

// Value returns the live value. It changes in place when SetValue is called; clone it to
// keep the current contents.
func (s *Shared) Value() G.Value { return s.val }

// Data returns the live float64 storage of a float64 tensor value (nil otherwise), for its
// owner to update in place, as an optimizer updates parameters.
func (s *Shared) Data() []float64 {
	if t, ok := s.val.(*tensor.Dense); ok {
		if d, ok := t.Data().([]float64); ok {
			return d
		}
	}
	return nil
}

// SetValue copies v into the shared value. v must have the shared value's dtype and shape
// (see ToValue for the accepted kinds) and finite elements.
func (s *Shared) SetValue(v any) error {
	nv, err := ToValue(v)
	if err != nil {
		return fmt.Errorf("graph: shared %q: %w", s.Name(), err)
	}
	if err := CheckFinite(nv); err != nil {
		return fmt.Errorf("graph: shared %q: SetValue: %w", s.Name(), err)
	}
	if err := checkValueFor(s.node, nv, true); err != nil {
		return fmt.Errorf("graph: shared %q: SetValue: %w", s.Name(), err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := G.Copy(s.val, nv); err != nil {
		return fmt.Errorf("graph: shared %q: SetValue: %w", s.Name(), err)
	}
	return nil
}
