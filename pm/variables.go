package pm

import (
	"fmt"

	"github.com/gopymc/gopymc/config"
	pkgdata "github.com/gopymc/gopymc/data"
	"github.com/gopymc/gopymc/distributions"
	"github.com/gopymc/gopymc/model"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// varOptions are the options every distribution constructor takes.
var varOptions = []string{"Shape", "Observed", "TotalSize", "InitVal", "NoTransform", "Transform"}

// param converts a parameter for variable name, recording errors in the model.
type params struct {
	m    *Model
	name string
	err  error
}

func (p *params) node(param string, v any) *G.Node {
	if p.err != nil {
		return nil
	}
	n, err := p.m.Param(p.name, param, v)
	if err != nil {
		p.err = err
	}
	return n
}

// addVar adds a random variable of the family made by build, free or observed according to
// the options, and returns its value node (the data node when observed).
func addVar(m *Model, family, name string, opts []Option, build func(p *params) (distributions.Distribution, error)) *G.Node {
	return addVarWith(m, family, name, opts, varOptions, func(p *params, _ *config.Settings) (distributions.Distribution, error) { return build(p) })
}

// addVarWith is addVar for a family taking the options allowed, whose build also reads the
// settings.
func addVarWith(m *Model, family, name string, opts []Option, allowed []string, build func(p *params, s *config.Settings) (distributions.Distribution, error)) *G.Node {
	s, err := config.Collect(fmt.Sprintf("%s %q", family, name), opts, allowed...)
	if err != nil {
		return failVar(m, nil, name, err)
	}
	if m == nil {
		return failVar(m, s, name, fmt.Errorf("pm: %s %q: %w", family, name, model.ErrNilModel))
	}
	if s.Given("Shape") {
		for _, d := range s.Shape {
			if d < 1 {
				err := fmt.Errorf("pm: %s %q: Shape%v: dimensions must be >= 1", family, name, tensor.Shape(s.Shape))
				return failVar(m, nil, name, err)
			}
		}
	}
	p := &params{m: m, name: name}
	d, err := build(p, s)
	if p.err != nil {
		err = p.err
	}
	if err != nil {
		return failVar(m, s, name, fmt.Errorf("pm: %s %q: %w", family, name, err))
	}
	if s.Given("Observed") {
		for _, o := range []string{"InitVal", "NoTransform", "Transform"} {
			if s.Given(o) {
				return failVar(m, s, name, fmt.Errorf("pm: %s %q: %s does not apply to an observed variable", family, name, o))
			}
		}
		data, err := observedData(m, s.Observed)
		if err != nil {
			return failVar(m, s, name, fmt.Errorf("pm: %s %q: %w", family, name, err))
		}
		if s.Given("Shape") {
			// Data whose shape cannot be told are refused by AddObserved with their own error.
			if got, err := model.ValueShape(data); err == nil && !got.Eq(tensor.Shape(s.Shape)) && !(len(got) == 0 && len(s.Shape) == 0) {
				return failVar(m, s, name, fmt.Errorf("pm: %s %q: Shape%v does not match the observed data's shape %v (an observed variable has its data's shape; leave Shape out)", family, name, tensor.Shape(s.Shape), got))
			}
		}
		return m.AddObserved(name, d, data, s.TotalSize)
	}
	if s.Given("TotalSize") && family != "DensityDist" {
		return failVar(m, s, name, fmt.Errorf("pm: %s %q: total_size can only be passed to observed variables", family, name))
	}
	opt := model.FreeOptions{InitVal: s.InitVal, NoTransform: !s.Transform, TotalSize: s.TotalSize}
	if s.Given("Transform") {
		tr, ok := s.CustomTransform.(distributions.Transform)
		if !ok || tr == nil {
			return failVar(m, s, name, fmt.Errorf("pm: %s %q: Transform needs a transform, got %T", family, name, s.CustomTransform))
		}
		opt.Transform = tr
	}
	if s.Given("Shape") {
		opt.Shape = s.Shape
	}
	return m.AddFree(name, d, opt)
}

// failVar records err and returns a stand-in node (see model.AddFree).
func failVar(m *Model, s *config.Settings, name string, err error) *G.Node {
	m.SetErr(err)
	switch {
	case s != nil && s.Given("Shape"):
		return m.AddFree(name, nil, model.FreeOptions{Shape: s.Shape})
	case s != nil && s.Given("Observed"):
		if n, ok := s.Observed.(*G.Node); ok && n != nil && n.Graph() != m.Graph() {
			break // a stand-in of the node's shape follows
		}
		return m.AddObserved(name, nil, s.Observed, nil)
	}
	return m.AddFree(name, nil, model.FreeOptions{})
}

// observedData resolves what pm.Observed was given: a minibatch made outside the model (a
// *Minibatch, a *data.Minibatch, or the node of either in its private graph) is brought into
// the model's graph; a minibatch that could not be made gives its error.
func observedData(m *Model, data any) (any, error) {
	switch x := data.(type) {
	case *Minibatch:
		if x == nil {
			return nil, fmt.Errorf("nil minibatch")
		}
		return x.NodeIn(m.Graph())
	case *pkgdata.Minibatch:
		if x == nil {
			return nil, fmt.Errorf("nil minibatch")
		}
		return x.NodeIn(m.Graph())
	case *G.Node:
		if x != nil && x.Graph() != m.Graph() {
			if mb, ok := lookupMinibatch(x); ok {
				return mb.NodeIn(m.Graph())
			}
		}
	}
	return data, nil
}
