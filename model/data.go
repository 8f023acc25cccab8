package model

import (
	"fmt"
	"runtime"
	"slices"
	"sort"
	"sync"
	"weak"

	"github.com/gopymc/gopymc/graph"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Data containers (PyMC's pm.Data, theano.shared) and SetData (pm.set_data).
//
// Gorgonia's shapes are static, so a Shared value keeps its shape: SetData with a value of
// the same shape copies it in place, and every compiled function sees it at its next run.
// A value of another shape (predictions on new rows) cannot go into the same node; the model
// then holds it in a new Shared value and records that it replaces the container's node.
// Everything compiled from the model afterwards (LogDensity, PointFunc, LogP, sample nodes,
// predictive sampling, compiled posterior functions, pm.Eval) applies that replacement, so
// the data flow through the graph with their new shape wherever the ops allow it; an op that
// cannot follow (a Reshape to a fixed shape) makes the compilation fail with an error naming
// it. Functions compiled before such a SetData keep reading the old value.

// dataState is the model's data containers and the replacements SetData made.
type dataState struct {
	mu         sync.Mutex
	containers map[string]*graph.Shared // by name, as added
	current    map[*G.Node]*graph.Shared
	versions   int // counts replacements made, to name their Shared values
}

// NewData adds a data container holding a copy of value (anything graph.ToValue accepts;
// integers are kept as they are) under name, which must be new in the model, and returns
// it. On error the model records it.
func (m *Model) NewData(name string, value any) (*graph.Shared, error) {
	if err := m.Err(); err != nil {
		return nil, err
	}
	if err := m.claim(name, "shared value"); err != nil {
		m.SetErr(err)
		return nil, err
	}
	s, err := graph.NewShared(m.g, name, value)
	if err != nil {
		err = fmt.Errorf("model: data %q: %w", name, err)
		m.SetErr(err)
		return nil, err
	}
	m.data.mu.Lock()
	defer m.data.mu.Unlock()
	if m.data.containers == nil {
		m.data.containers = map[string]*graph.Shared{}
	}
	m.data.containers[name] = s
	return s, nil
}

// Data returns the data container called name.
func (m *Model) Data(name string) (*graph.Shared, bool) {
	if m == nil {
		return nil, false
	}
	m.data.mu.Lock()
	defer m.data.mu.Unlock()
	s, ok := m.data.containers[name]
	return s, ok
}

// SetData sets data containers by name (PyMC's pm.set_data): a value of the container's
// shape is copied into it; a value of another shape, with the same dtype and number of
// dimensions, stands for the container in everything compiled from now on (see the comment
// at the top of this file). All values are checked before any is set. It returns an error
// naming the container for an unknown name, a value that is not numeric data, another dtype
// or another number of dimensions.
func (m *Model) SetData(values map[string]any) error {
	if err := m.Err(); err != nil {
		return err
	}
	names := make([]string, 0, len(values))
	for name := range values {
		names = append(names, name)
	}
	sort.Strings(names)
	m.data.mu.Lock()
	defer m.data.mu.Unlock()
	vals := make([]G.Value, len(names))
	for i, name := range names {
		s, ok := m.data.containers[name]
		if !ok {
			return fmt.Errorf("model: SetData: %q is not a data container of the model (have %v)", name, m.containerNames())
		}
		v, err := graph.ToValue(values[name])
		if err != nil {
			return fmt.Errorf("model: SetData %q: %w", name, err)
		}
		if err := graph.CheckFinite(v); err != nil {
			return fmt.Errorf("model: SetData %q: %w", name, err)
		}
		v = graph.ScalarFor(s.Node(), v)
		if v.Dtype() != s.Node().Dtype() {
			return fmt.Errorf("model: SetData %q: dtype %v, the container holds %v", name, v.Dtype(), s.Node().Dtype())
		}
		if got, want := shapeOfValue(v), shapeOf(s.Node()); len(got) != len(want) {
			return fmt.Errorf("model: SetData %q: shape %v has %d dimensions, the container's %v has %d", name, got, len(got), want, len(want))
		}
		vals[i] = v
	}
	for i, name := range names {
		if err := m.setData(m.data.containers[name], vals[i]); err != nil {
			return fmt.Errorf("model: SetData %q: %w", name, err)
		}
	}
	return nil
}

// setData puts v in container s: in place when the shape agrees with the container's or its
// current stand-in's, else in a new stand-in.
func (m *Model) setData(s *graph.Shared, v G.Value) error {
	node := s.Node()
	shape := shapeOfValue(v)
	if shape.Eq(shapeOf(node)) || (len(shape) == 0 && node.IsScalar()) {
		delete(m.data.current, node)
		return s.SetValue(v)
	}
	if cur, ok := m.data.current[node]; ok && shape.Eq(shapeOf(cur.Node())) {
		return cur.SetValue(v)
	}
	m.data.versions++
	name := fmt.Sprintf("%s@%d%v", node.Name(), m.data.versions, []int(shape))
	for len(m.g.ByName(name)) > 0 {
		m.data.versions++
		name = fmt.Sprintf("%s@%d%v", node.Name(), m.data.versions, []int(shape))
	}
	stand, err := graph.NewShared(m.g, name, v)
	if err != nil {
		return err
	}
	if m.data.current == nil {
		m.data.current = map[*G.Node]*graph.Shared{}
		register(m)
	}
	m.data.current[node] = stand
	return nil
}

// models finds the model of a graph for Eval, by weak pointers so that it keeps no model
// alive. Only models whose SetData made a replacement are registered.
var models sync.Map // weak.Pointer[G.ExprGraph] -> weak.Pointer[Model]

func register(m *Model) {
	key := weak.Make(m.g)
	models.Store(key, weak.Make(m))
	runtime.AddCleanup(m, func(k weak.Pointer[G.ExprGraph]) { models.Delete(k) }, key)
}

// modelOf returns the model whose graph is g, if its SetData made a replacement.
func modelOf(g *G.ExprGraph) *Model {
	v, ok := models.Load(weak.Make(g))
	if !ok {
		return nil
	}
	return v.(weak.Pointer[Model]).Value()
}

// containerNames lists the data containers, sorted.
func (m *Model) containerNames() []string {
	names := make([]string, 0, len(m.data.containers))
	for n := range m.data.containers {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// DataReplacement is one replacement SetData made: the container's node Old is replaced by
// New, a Shared value's node holding data of another shape.
type DataReplacement struct {
	Old, New *G.Node
}

// DataReplacements returns the replacements SetData made, in a fixed order (by the
// containers' names); every compilation of the model's graph applies them.
func (m *Model) DataReplacements() []DataReplacement {
	if m == nil {
		return nil
	}
	m.data.mu.Lock()
	defer m.data.mu.Unlock()
	out := make([]DataReplacement, 0, len(m.data.current))
	for node, s := range m.data.current {
		out = append(out, DataReplacement{Old: node, New: s.Node()})
	}
	slices.SortFunc(out, func(a, b DataReplacement) int {
		switch {
		case a.Old.Name() < b.Old.Name():
			return -1
		case a.Old.Name() > b.Old.Name():
			return 1
		}
		return 0
	})
	return out
}

// DataShape is the shape node's data have now: the shape of its SetData stand-in if it has
// one, else its own.
func (m *Model) DataShape(node *G.Node) tensor.Shape {
	m.data.mu.Lock()
	defer m.data.mu.Unlock()
	if s, ok := m.data.current[node]; ok {
		return shapeOf(s.Node())
	}
	return shapeOf(node)
}

// dataOptions are the graph.Replace options of the SetData replacements, and of the
// observed variables' log likelihood terms rescaled for the new rows (see rescale).
func (m *Model) dataOptions() ([]graph.Option, error) {
	var repl []replacement
	for _, r := range m.DataReplacements() {
		repl = append(repl, replacement{r.Old, r.New})
	}
	if len(repl) == 0 {
		return nil, nil
	}
	rescaled, _, err := m.rescale(repl)
	if err != nil {
		return nil, err
	}
	opts := make([]graph.Option, 0, len(repl)+len(rescaled))
	for _, r := range append(repl, rescaled...) {
		opts = append(opts, graph.Replace(r.old, r.with))
	}
	return opts, nil
}

// shapeOfValue is a value's shape, scalars of every kind as the empty shape.
func shapeOfValue(v G.Value) tensor.Shape {
	if _, ok := v.(G.Scalar); ok {
		return tensor.Shape{}
	}
	return v.Shape()
}

// Eval evaluates node with givens as graph.Eval does, applying the SetData replacements of
// the model whose graph holds node (graph.Eval's cached functions cannot hold them, so with
// replacements the node is compiled at each call).
func Eval(node *G.Node, givens ...graph.Given) (G.Value, error) {
	var opts []graph.Option
	if node != nil && node.Graph() != nil {
		if m := modelOf(node.Graph()); m != nil {
			var err error
			if opts, err = m.dataOptions(); err != nil {
				return nil, err
			}
		}
	}
	if len(opts) == 0 {
		return graph.Eval(node, givens...)
	}
	inputs := make([]*G.Node, len(givens))
	vals := make([]any, len(givens))
	for i, g := range givens {
		inputs[i], vals[i] = g.Node, g.Value
	}
	f, err := graph.Compile([]*G.Node{node}, append(opts, graph.Inputs(inputs...))...)
	if err != nil {
		return nil, err
	}
	out, err := f.Run(vals...)
	if err != nil {
		return nil, err
	}
	return out[0], nil
}
