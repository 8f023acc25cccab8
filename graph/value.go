package graph

import (
	"fmt"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// ToValue converts v to a Gorgonia value: a float64 or int becomes a scalar, a []float64 or
// []int a vector, a [][]float64 or [][]int a matrix (rows of equal length); integers stay
// integers (tensor.Int, the dtype of indices). A *tensor.Dense and any G.Value are returned
// as they are (not copied).
func ToValue(v any) (G.Value, error) {
	switch x := v.(type) {
	case nil:
		return nil, fmt.Errorf("graph: nil value")
	case G.Value:
		return x, nil
	case float64:
		return G.NewF64(x), nil
	case int:
		return G.NewI(x), nil
	case []float64:
		return tensor.New(tensor.WithShape(len(x)), tensor.WithBacking(append([]float64(nil), x...))), nil
	case []int:
		return tensor.New(tensor.WithShape(len(x)), tensor.WithBacking(append([]int(nil), x...))), nil
	case [][]float64:
		return matrixValue(x)
	case [][]int:
		return matrixValue(x)
	default:
		return nil, fmt.Errorf("graph: cannot use %T as a value (want float64, int, []float64, []int, [][]float64, [][]int, *tensor.Dense or a gorgonia Value)", v)
	}
}

// matrixValue copies rows of equal length into a row-major matrix.
func matrixValue[T float64 | int](rows [][]T) (G.Value, error) {
	if len(rows) == 0 {
		return nil, fmt.Errorf("graph: empty matrix")
	}
	cols := len(rows[0])
	data := make([]T, 0, len(rows)*cols)
	for i, row := range rows {
		if len(row) != cols {
			return nil, fmt.Errorf("graph: matrix row %d has %d columns, row 0 has %d", i, len(row), cols)
		}
		data = append(data, row...)
	}
	return tensor.New(tensor.WithShape(len(rows), cols), tensor.WithBacking(data)), nil
}

// checkValueFor reports whether v can stand for node n: same dtype and the same number of
// dimensions, and, when sameShape is set, the same shape.
func checkValueFor(n *G.Node, v G.Value, sameShape bool) error {
	if v.Dtype() != n.Dtype() {
		return fmt.Errorf("dtype %v does not match the node's %v", v.Dtype(), n.Dtype())
	}
	vs, ns := valueShape(v), n.Shape()
	if vs.Dims() != ns.Dims() {
		return fmt.Errorf("shape %v has %d dimensions, the node's %v has %d", vs, vs.Dims(), ns, ns.Dims())
	}
	if sameShape && !vs.Eq(ns) {
		return fmt.Errorf("shape %v does not match the node's %v", vs, ns)
	}
	return nil
}

// valueShape is v's shape, with scalars of every kind reported as the empty shape.
func valueShape(v G.Value) tensor.Shape {
	if _, ok := v.(G.Scalar); ok {
		return tensor.Shape{}
	}
	return v.Shape()
}

// cloneValue returns a deep copy of v.
func cloneValue(v G.Value) (G.Value, error) {
	return G.CloneValue(v)
}

// privateHeader returns a tensor with its own header over v's storage, so that a Function
// can let an op transpose it in place (Gorgonia's matrix products transpose their operands'
// headers for the duration of a call) without racing with another Function reading the same
// data: gorgonia-notes trap 21. Scalars and views that need an iterator are cloned instead.
func privateHeader(v G.Value) G.Value {
	t, ok := v.(*tensor.Dense)
	if !ok {
		return v
	}
	if t.RequiresIterator() || t.IsMasked() {
		return t.Clone().(*tensor.Dense)
	}
	return tensor.New(tensor.Of(t.Dtype()), tensor.WithShape(t.Shape().Clone()...), tensor.WithBacking(t.Data()))
}
