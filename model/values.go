package model

import (
	"fmt"

	"github.com/gopymc/gopymc/graph"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Param returns a node of the model's graph for parameter param of variable varName, given
// as a float64, an int, a []float64, a [][]float64, a *tensor.Dense or a *gorgonia.Node of
// the model's graph. Values become constants named "<varName>.<param>" (constants need
// unique names: Gorgonia merges constants by name, gorgonia-notes trap 3).
func (m *Model) Param(varName, param string, v any) (*G.Node, error) {
	if n, ok := v.(*G.Node); ok {
		if n == nil {
			return nil, fmt.Errorf("model: %s of %q is a nil node", param, varName)
		}
		if n.Graph() != m.g {
			return nil, fmt.Errorf("model: %s of %q is a node of another graph than the model's", param, varName)
		}
		if n.Dtype() != tensor.Float64 {
			return nil, fmt.Errorf("model: %s of %q has dtype %v, want float64", param, varName, n.Dtype())
		}
		return n, nil
	}
	val, err := floatValue(v)
	if err != nil {
		return nil, fmt.Errorf("model: %s of %q: %w", param, varName, err)
	}
	return m.constant(varName+"."+param, val)
}

// Constant adds a constant holding v (see Param for the accepted kinds) to the model's graph,
// under a name derived from name that no other node has. Its data is float64 (integers are
// converted, for arithmetic with float nodes); integer indices stay int when given to
// pm.Index as a []int, or made with graph.NewConstant.
func (m *Model) Constant(name string, v any) (*G.Node, error) {
	val, err := floatValue(v)
	if err != nil {
		return nil, fmt.Errorf("model: constant %q: %w", name, err)
	}
	return m.constant(name, val)
}

// constant adds a constant holding v. It is graph's constant, never merged with another:
// Gorgonia's constants are merged whenever their printed forms agree, and printing elides
// the middle of long vectors and wide matrices (issue 12).
func (m *Model) constant(name string, v G.Value) (*G.Node, error) {
	n, err := graph.NewConstant(m.g, m.uniqueName(name), v)
	if err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	return n, nil
}

// scalar returns a float64 constant holding v for the model's own expressions (the log
// density's zero terms and Beta), made once per value so that repeated compilations do not
// grow the graph.
func (m *Model) scalar(v float64) (*G.Node, error) {
	m.constMu.Lock()
	defer m.constMu.Unlock()
	if n, ok := m.consts[v]; ok {
		return n, nil
	}
	n, err := m.constant(fmt.Sprintf("model.scalar(%v)", v), G.NewF64(v))
	if err != nil {
		return nil, err
	}
	if m.consts == nil {
		m.consts = map[float64]*G.Node{}
	}
	m.consts[v] = n
	return n, nil
}

// uniqueName returns name, or name#k for the first k from 2 up that no node of the graph
// has (Gorgonia merges constants and inputs by name: gorgonia-notes traps 2 and 3).
func (m *Model) uniqueName(name string) string {
	unique := name
	for k := 2; len(m.g.ByName(unique)) > 0; k++ {
		unique = fmt.Sprintf("%s#%d", name, k)
	}
	return unique
}

// floatValue converts v to a float64 Gorgonia value: a scalar for a float64 or int, else a
// *tensor.Dense. Integer data is converted to float64 (class labels, counts).
func floatValue(v any) (G.Value, error) {
	switch x := v.(type) {
	case nil:
		return nil, fmt.Errorf("no value")
	case float64:
		return G.NewF64(x), nil
	case int:
		return G.NewF64(float64(x)), nil
	case []float64:
		if len(x) == 0 {
			return nil, fmt.Errorf("empty slice")
		}
		return tensor.New(tensor.WithShape(len(x)), tensor.WithBacking(append([]float64(nil), x...))), nil
	case []int:
		if len(x) == 0 {
			return nil, fmt.Errorf("empty slice")
		}
		f := make([]float64, len(x))
		for i, k := range x {
			f[i] = float64(k)
		}
		return tensor.New(tensor.WithShape(len(x)), tensor.WithBacking(f)), nil
	case [][]float64:
		if len(x) == 0 || len(x[0]) == 0 {
			return nil, fmt.Errorf("empty matrix")
		}
		data := make([]float64, 0, len(x)*len(x[0]))
		for i, row := range x {
			if len(row) != len(x[0]) {
				return nil, fmt.Errorf("matrix row %d has %d columns, row 0 has %d", i, len(row), len(x[0]))
			}
			data = append(data, row...)
		}
		return tensor.New(tensor.WithShape(len(x), len(x[0])), tensor.WithBacking(data)), nil
	case *tensor.Dense:
		if x == nil {
			return nil, fmt.Errorf("nil tensor")
		}
		if err := graph.CheckDense(x); err != nil {
			return nil, err
		}
		switch d := x.Data().(type) {
		case []float64:
			return x.Clone().(*tensor.Dense), nil
		case float64:
			return G.NewF64(d), nil
		case []int:
			f := make([]float64, len(d))
			for i, k := range d {
				f[i] = float64(k)
			}
			return tensor.New(tensor.WithShape(x.Shape().Clone()...), tensor.WithBacking(f)), nil
		default:
			return nil, fmt.Errorf("tensor of dtype %v cannot be used as float64 data", x.Dtype())
		}
	default:
		return nil, fmt.Errorf("cannot use a %T (want float64, int, []float64, []int, [][]float64, *tensor.Dense or *gorgonia.Node)", v)
	}
}

// shapeOf returns a node's shape, with scalars as the empty shape.
func shapeOf(n *G.Node) tensor.Shape {
	if n.IsScalar() {
		return tensor.Shape{}
	}
	return n.Shape()
}
