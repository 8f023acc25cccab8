package model

import (
	"fmt"

	"github.com/gopymc/gopymc/graph"
	"github.com/gopymc/gopymc/internal/mathx"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// InitialPoint returns the model's initial point in unconstrained space as a flat vector in
// Ordering's layout: each free variable at its initval or, without one, at its family's
// support point (PyMC's default initval), mapped forward by its transform. Parameters that
// depend on earlier variables are evaluated at those variables' initial values.
func (m *Model) InitialPoint() ([]float64, error) {
	return m.InitialPointWith(nil)
}

// InitialPointWith is InitialPoint with some variables' initial values overridden, as
// PyMC's start argument: a key is a free variable's name, with a value in constrained space
// (mapped forward by its transform), or its value variable's name, with a value in
// unconstrained space. Values are anything Param accepts, broadcast to the variable's shape.
// A key that names no free variable is an error.
func (m *Model) InitialPointWith(overrides map[string]any) ([]float64, error) {
	if err := m.Err(); err != nil {
		return nil, err
	}
	for name := range overrides {
		if _, ok := m.FreeVar(name); !ok {
			return nil, fmt.Errorf("model: start: %q is not a free variable of the model", name)
		}
	}
	x := make([]float64, m.Dim())
	order := m.Ordering()
	var givens []graph.Given
	for i, v := range m.free {
		u, err := m.overriddenValue(v, overrides, givens)
		if err != nil {
			return nil, err
		}
		info := order[i]
		if len(u) != info.Size {
			return nil, fmt.Errorf("model: %q: initial value has %d elements, want %d", v.Name, len(u), info.Size)
		}
		copy(x[info.Offset:], u)
		givens = append(givens, graph.Given{Node: v.Value, Value: denseOf(u, v.ValueShape)})
	}
	return x, nil
}

// overriddenValue returns v's unconstrained initial value, flat, from overrides when they
// name it.
func (m *Model) overriddenValue(v *FreeVar, overrides map[string]any, givens []graph.Given) ([]float64, error) {
	if val, ok := overrides[v.ValueName]; ok && v.ValueName != v.Name {
		u, err := initValue(val, v.ValueShape)
		if err != nil {
			return nil, fmt.Errorf("model: start %q: %w", v.ValueName, err)
		}
		return flat(u), nil
	}
	if val, ok := overrides[v.Name]; ok {
		init, err := initValue(val, v.Shape)
		if err != nil {
			return nil, fmt.Errorf("model: start %q: %w", v.Name, err)
		}
		return m.initialValue(v, init, givens)
	}
	return m.initialValue(v, v.InitVal, givens)
}

// initialValue returns v's unconstrained initial value, flat, from init (in constrained
// space) or, when init is nil, from its family's support point. It adds nothing to the
// model's graph: the transform's forward map was built once, by AddFree, on an input node.
func (m *Model) initialValue(v *FreeVar, init *tensor.Dense, givens []graph.Given) ([]float64, error) {
	if init == nil {
		params := v.Dist.Params()
		vals := make([]*tensor.Dense, len(params))
		for i, p := range params {
			val, err := graph.Eval(p, givens...)
			if err != nil {
				return nil, fmt.Errorf("model: %q: evaluating parameter %s for the initial point: %w", v.Name, v.Dist.ParamNames()[i], err)
			}
			vals[i] = toDense(val)
		}
		var err error
		if init, err = v.Dist.SupportPoint(vals, v.Shape); err != nil {
			return nil, fmt.Errorf("model: %s %q: support point: %w", v.Dist.Name(), v.Name, err)
		}
	}
	if v.Transform == nil {
		out := flat(init)
		if !mathx.AllFinite(out) {
			return nil, fmt.Errorf("model: %s %q: the initial value %v is not finite", v.Dist.Name(), v.Name, out)
		}
		return out, nil
	}
	in := append(givens[:len(givens):len(givens)], graph.Given{Node: v.initIn, Value: denseOf(flat(init), v.Shape)})
	u, err := graph.Eval(v.initFwd, in...)
	if err != nil {
		return nil, fmt.Errorf("model: %q: %s transform of the initial value: %w", v.Name, v.Transform.Name(), err)
	}
	out := flat(toDense(u))
	if !mathx.AllFinite(out) {
		return nil, fmt.Errorf("model: %s %q: the initial value %v is outside the support: its %s transform gives %v", v.Dist.Name(), v.Name, flat(init), v.Transform.Name(), out)
	}
	return out, nil
}

// toDense converts a Gorgonia value to a *tensor.Dense, scalars to 0-d tensors.
func toDense(v G.Value) *tensor.Dense {
	switch x := v.(type) {
	case *tensor.Dense:
		return x
	case *G.F64:
		return tensor.New(tensor.FromScalar(float64(*x)))
	}
	return tensor.New(tensor.FromScalar(0.0))
}

// flat returns the float64 elements of t.
func flat(t *tensor.Dense) []float64 {
	switch d := t.Data().(type) {
	case []float64:
		return append([]float64(nil), d...)
	case float64:
		return []float64{d}
	}
	return nil
}

// denseOf wraps data as a value of the given shape: a scalar for the empty shape.
func denseOf(data []float64, shape tensor.Shape) G.Value {
	if len(shape) == 0 {
		return G.NewF64(data[0])
	}
	return tensor.New(tensor.WithShape(shape.Clone()...), tensor.WithBacking(append([]float64(nil), data...)))
}
