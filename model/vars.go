package model

import (
	"fmt"

	"github.com/gopymc/gopymc/distributions"
	"github.com/gopymc/gopymc/graph"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// FreeOptions are the settings of a free variable; the zero value means PyMC's defaults.
type FreeOptions struct {
	// Shape is the variable's shape; nil means the shape the parameters broadcast to.
	Shape tensor.Shape
	// InitVal is the initial value in constrained space (a float64, []float64, [][]float64 or
	// *tensor.Dense broadcastable to Shape); nil means the family's support point.
	InitVal any
	// NoTransform keeps the variable in constrained space (PyMC's transform=None).
	NoTransform bool
	// Transform replaces the family's default transform (PyMC's transform=), e.g. an ordered
	// transform; nil keeps the default. It cannot be given with NoTransform.
	Transform distributions.Transform
	// TotalSize scales the variable's log density (prior and Jacobian) as PyMC3 scales a
	// free variable given total_size (see TotalSizeScale); nil for none.
	TotalSize []int
}

// AddFree adds a free random variable with distribution d and returns its constrained value
// node. On error (a duplicate name, a shape that does not match the parameters, ...) the
// model records it and AddFree returns a stand-in node of the requested shape.
func (m *Model) AddFree(name string, d distributions.Distribution, opts FreeOptions) *G.Node {
	if m == nil {
		return orphan(name, opts.Shape)
	}
	v, err := m.addFree(name, d, opts)
	if err != nil {
		m.SetErr(err)
		shape := opts.Shape
		if shape == nil {
			shape = paramShape(d)
		}
		return m.placeholder(name, shape)
	}
	return v.RV
}

// paramShape is d.ParamShape(), or nil when d is nil or cannot say (a typed nil pointer).
func paramShape(d distributions.Distribution) (s tensor.Shape) {
	defer func() {
		if recover() != nil {
			s = nil
		}
	}()
	if d == nil {
		return nil
	}
	return d.ParamShape()
}

func (m *Model) addFree(name string, d distributions.Distribution, opts FreeOptions) (v *FreeVar, err error) {
	defer recoverNamed(&err, "free variable", name)
	if err := m.Err(); err != nil {
		return nil, err
	}
	if d == nil {
		return nil, fmt.Errorf("model: free variable %q has no distribution", name)
	}
	if err := m.claim(name, "free variable"); err != nil {
		return nil, err
	}
	shape := opts.Shape
	if shape == nil {
		shape = d.ParamShape()
	}
	if !broadcastsTo(d.ParamShape(), shape) {
		return nil, fmt.Errorf("model: %s %q: the parameters' shape %v does not broadcast to the variable's shape %v", d.Name(), name, d.ParamShape(), shape)
	}
	v = &FreeVar{Name: name, ValueName: name, Dist: d, Shape: shape.Clone()}
	switch {
	case opts.Transform != nil && opts.NoTransform:
		return nil, fmt.Errorf("model: %s %q: give a transform or NoTransform, not both", d.Name(), name)
	case opts.Transform != nil && d.Discrete():
		return nil, fmt.Errorf("model: %s %q: a discrete variable cannot be transformed", d.Name(), name)
	case opts.Transform != nil:
		v.Transform = opts.Transform
	case !opts.NoTransform && !d.Discrete():
		v.Transform = d.DefaultTransform()
	}
	v.ValueShape = shape.Clone()
	if v.Transform != nil {
		v.ValueName = fmt.Sprintf("%s_%s__", name, v.Transform.Name())
		if v.ValueShape, err = v.Transform.UnconstrainedShape(shape); err != nil {
			return nil, fmt.Errorf("model: %q: %w", name, err)
		}
	}
	if v.ValueName != name {
		if err := m.claim(v.ValueName, "value variable"); err != nil {
			return nil, err
		}
	}
	if v.Value, err = newInput(m.g, v.ValueName, v.ValueShape); err != nil {
		return nil, fmt.Errorf("model: %q: %w", name, err)
	}
	v.RV = v.Value
	terms := make([]*G.Node, 0, 2)
	if v.Transform != nil {
		if v.RV, err = v.Transform.Backward(v.Value); err != nil {
			return nil, fmt.Errorf("model: %q: %s transform: %w", name, v.Transform.Name(), err)
		}
		jac, err := v.Transform.LogJacDet(v.Value)
		if err != nil {
			return nil, fmt.Errorf("model: %q: %s transform: %w", name, v.Transform.Name(), err)
		}
		terms = append(terms, jac)
		if v.initIn, err = newInput(m.g, m.uniqueName(name+".initval"), shape); err != nil {
			return nil, fmt.Errorf("model: %q: %w", name, err)
		}
		if v.initFwd, err = v.Transform.Forward(v.initIn); err != nil {
			return nil, fmt.Errorf("model: %q: %s transform: %w", name, v.Transform.Name(), err)
		}
	}
	lp, err := d.LogP(v.RV, false)
	if err != nil {
		return nil, fmt.Errorf("model: %s %q: %w", d.Name(), name, err)
	}
	terms = append([]*G.Node{lp}, terms...)
	if v.LogP, err = sumNodes(terms); err != nil {
		return nil, fmt.Errorf("model: %q: %w", name, err)
	}
	if opts.TotalSize != nil {
		v.TotalSize = append([]int(nil), opts.TotalSize...)
		scale, err := TotalSizeScale(opts.TotalSize, shape)
		if err != nil {
			return nil, fmt.Errorf("model: free variable %q: %w", name, err)
		}
		if v.LogP, err = weighted([]float64{scale}, v.LogP); err != nil {
			return nil, fmt.Errorf("model: free variable %q: %w", name, err)
		}
	}
	if opts.InitVal != nil {
		if v.InitVal, err = initValue(opts.InitVal, shape); err != nil {
			return nil, fmt.Errorf("model: %s %q: initval: %w", d.Name(), name, err)
		}
	}
	m.free = append(m.free, v)
	m.changed("the free variable %q", name)
	return v, nil
}

// AddObserved adds an observed variable with distribution d over data (a value that
// Param accepts, or a node of the model's graph such as a Shared value's or a minibatch's),
// scaled by total_size ts (nil for none; see TotalSizeScale), and returns the data node.
// On error the model records it and AddObserved returns a stand-in node.
func (m *Model) AddObserved(name string, d distributions.Distribution, data any, ts []int) *G.Node {
	if m == nil {
		return orphan(name, nil)
	}
	v, err := m.addObserved(name, d, data, ts)
	if err != nil {
		m.SetErr(err)
		var shape tensor.Shape
		if n, ok := data.(*G.Node); ok {
			if n != nil {
				shape = shapeOf(n)
			}
		} else if val, err := floatValue(data); err == nil {
			shape = val.Shape()
		}
		return m.placeholder(name, shape)
	}
	return v.Data
}

func (m *Model) addObserved(name string, d distributions.Distribution, data any, ts []int) (v *ObservedVar, err error) {
	defer recoverNamed(&err, "observed variable", name)
	if err := m.Err(); err != nil {
		return nil, err
	}
	if d == nil {
		return nil, fmt.Errorf("model: observed variable %q has no distribution", name)
	}
	if err := m.claim(name, "observed variable"); err != nil {
		return nil, err
	}
	v = &ObservedVar{Name: name, Dist: d, TotalSize: append([]int(nil), ts...)}
	if v.Data, err = m.observedData(name, data); err != nil {
		return nil, err
	}
	if n, ok := data.(*G.Node); ok && n != v.Data {
		v.intData = n
	}
	if v.Scale, err = TotalSizeScale(ts, shapeOf(v.Data)); err != nil {
		return nil, fmt.Errorf("model: observed variable %q: %w", name, err)
	}
	lp, err := d.LogP(v.Data, true)
	if err != nil {
		return nil, fmt.Errorf("model: %s %q: %w", d.Name(), name, err)
	}
	v.rawLogP = lp
	if lp, err = weighted([]float64{v.Scale}, lp); err != nil {
		return nil, fmt.Errorf("model: observed variable %q: %w", name, err)
	}
	v.LogP = lp
	m.observed = append(m.observed, v)
	m.changed("the observed variable %q", name)
	return v, nil
}

// observedData returns the node holding an observed variable's data, checking that it is
// float64 and finite; integers are converted (an int node through graph.ToFloat64, so that
// the same int node, a minibatch of labels say, can also index parameters).
func (m *Model) observedData(name string, data any) (*G.Node, error) {
	if n, ok := data.(*G.Node); ok {
		if n == nil {
			return nil, fmt.Errorf("model: observed variable %q: nil data node", name)
		}
		if n.Graph() != m.g {
			return nil, fmt.Errorf("model: observed variable %q: the data node belongs to another graph than the model's", name)
		}
		if n.Dtype() == tensor.Int {
			// Int data (group labels, counts) may index parameters elsewhere; the
			// distribution reads it as float64.
			f, err := graph.ToFloat64(n)
			if err != nil {
				return nil, fmt.Errorf("model: observed variable %q: %w", name, err)
			}
			return f, nil
		}
		if n.Dtype() != tensor.Float64 {
			return nil, fmt.Errorf("model: observed variable %q: data of dtype %v, want float64 or int", name, n.Dtype())
		}
		if val := n.Value(); val != nil {
			if err := graph.CheckFinite(val); err != nil {
				return nil, fmt.Errorf("model: observed variable %q: data %w", name, err)
			}
		}
		return n, nil
	}
	val, err := floatValue(data)
	if err != nil {
		return nil, fmt.Errorf("model: observed variable %q: data: %w", name, err)
	}
	if err := graph.CheckFinite(val); err != nil {
		return nil, fmt.Errorf("model: observed variable %q: data %w", name, err)
	}
	t, ok := val.(*tensor.Dense)
	if !ok {
		return m.constant(name+".data", val)
	}
	// A tensor is held as a Shared value, not a constant: Gorgonia hashes a constant by
	// printing its value, which takes about a second for 40000×100 data, at every build
	// and every compiled copy; a Shared value is read by reference at run time.
	s, err := graph.NewSharedFrom(m.g, m.uniqueName(name+".data"), t)
	if err != nil {
		return nil, fmt.Errorf("model: observed variable %q: data: %w", name, err)
	}
	return s.Node(), nil
}

// AddDeterministic records node under name so that traces keep its draws, and returns it.
func (m *Model) AddDeterministic(name string, node *G.Node) *G.Node {
	if m == nil {
		return orphan(name, nil)
	}
	if err := m.addNamed(name, "deterministic", node); err != nil {
		m.SetErr(err)
		if node == nil {
			return m.placeholder(name, nil)
		}
		return node
	}
	m.deterministic = append(m.deterministic, &Deterministic{Name: name, Node: node})
	return node
}

// AddPotential adds node (summed when it is not a scalar) to the model's log density, as
// pm.Potential, and returns the scalar term.
func (m *Model) AddPotential(name string, node *G.Node) *G.Node {
	return m.AddPotentialScaled(name, node, nil)
}

// AddPotentialScaled is AddPotential with a total_size ts (nil for none): the term is
// multiplied by TotalSizeScale(ts, node's shape), as an observed variable's log density is,
// so that a potential over a minibatch stands for the full data; its scale counts in the
// normalising constant.
func (m *Model) AddPotentialScaled(name string, node *G.Node, ts []int) *G.Node {
	if m == nil {
		return orphan(name, nil)
	}
	if err := m.addNamed(name, "potential", node); err != nil {
		m.SetErr(err)
		return m.placeholder(name, nil)
	}
	p, err := newPotential(name, node, ts)
	if err != nil {
		m.SetErr(err)
		return m.placeholder(name, nil)
	}
	m.potentials = append(m.potentials, p)
	m.changed("the potential %q", name)
	return p.Node
}

func newPotential(name string, node *G.Node, ts []int) (p *Potential, err error) {
	defer recoverNamed(&err, "potential", name)
	p = &Potential{Name: name, Node: node, TotalSize: append([]int(nil), ts...), Scale: 1}
	if !node.IsScalar() {
		if p.Node, err = G.Sum(node); err != nil {
			return nil, fmt.Errorf("model: potential %q: %w", name, err)
		}
	}
	if ts == nil {
		return p, nil
	}
	if p.Scale, err = TotalSizeScale(ts, shapeOf(node)); err != nil {
		return nil, fmt.Errorf("model: potential %q: %w", name, err)
	}
	if p.Node, err = weighted([]float64{p.Scale}, p.Node); err != nil {
		return nil, fmt.Errorf("model: potential %q: %w", name, err)
	}
	return p, nil
}

func (m *Model) addNamed(name, kind string, node *G.Node) error {
	if err := m.Err(); err != nil {
		return err
	}
	if node == nil {
		return fmt.Errorf("model: %s %q: nil node", kind, name)
	}
	if node.Graph() != m.g {
		return fmt.Errorf("model: %s %q: the node belongs to another graph than the model's", kind, name)
	}
	if node.Dtype() != tensor.Float64 {
		return fmt.Errorf("model: %s %q: dtype %v, want float64", kind, name, node.Dtype())
	}
	return m.claim(name, kind)
}

// broadcastsTo reports whether a value of shape from broadcasts (NumPy rules) to exactly to.
func broadcastsTo(from, to tensor.Shape) bool {
	if len(from) > len(to) {
		return false
	}
	off := len(to) - len(from)
	for i, d := range from {
		if d != 1 && d != to[off+i] {
			return false
		}
	}
	return true
}

// initValue converts a user's initial value to a tensor of the variable's shape.
func initValue(v any, shape tensor.Shape) (*tensor.Dense, error) {
	val, err := floatValue(v)
	if err != nil {
		return nil, err
	}
	if err := graph.CheckFinite(val); err != nil {
		return nil, err
	}
	var data []float64
	var from tensor.Shape
	switch x := val.(type) {
	case *G.F64:
		data, from = []float64{float64(*x)}, tensor.Shape{}
	case *tensor.Dense:
		data, from = x.Data().([]float64), x.Shape()
	}
	if !broadcastsTo(from, shape) && !(len(from) == 1 && from[0] == 1) {
		return nil, fmt.Errorf("shape %v does not broadcast to the variable's shape %v", from, shape)
	}
	return broadcastData(data, from, shape), nil
}

// broadcastData repeats data of shape from to fill shape to (from broadcasts to to).
func broadcastData(data []float64, from, to tensor.Shape) *tensor.Dense {
	n := to.TotalSize()
	if len(to) == 0 {
		n = 1
	}
	out := make([]float64, n)
	if len(data) == 1 {
		for i := range out {
			out[i] = data[0]
		}
	} else {
		// Right-aligned broadcasting: index each output element into data.
		off := len(to) - len(from)
		idx := make([]int, len(to))
		for i := range out {
			k, stride := 0, 1
			for ax := len(to) - 1; ax >= off; ax-- {
				d := from[ax-off]
				if d != 1 {
					k += idx[ax] * stride
				}
				stride *= d
			}
			out[i] = data[k]
			for ax := len(to) - 1; ax >= 0; ax-- {
				idx[ax]++
				if idx[ax] < to[ax] {
					break
				}
				idx[ax] = 0
			}
		}
	}
	if len(to) == 0 {
		return tensor.New(tensor.FromScalar(out[0]))
	}
	return tensor.New(tensor.WithShape(to.Clone()...), tensor.WithBacking(out))
}

// ForwardNodes returns an input node for a constrained value of v and the node of its
// transform's forward map, the unconstrained value (nil, nil without a transform): evaluate
// out with in given (and the model's value variables, when the transform's bounds depend on
// them) to map a draw into unconstrained space. They are built once, by AddFree.
func (v *FreeVar) ForwardNodes() (in, out *G.Node) { return v.initIn, v.initFwd }
