package graph

import (
	"fmt"
	"math"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// ToValue converts v to a Gorgonia value: a float64 or int becomes a scalar, a []float64 or
// []int a vector, a [][]float64 or [][]int a matrix (rows of equal length); integers stay
// integers (tensor.Int, the dtype of indices). A *tensor.Dense and any G.Value are returned
// as they are (not copied). A nil or zero-value *tensor.Dense (one not made by tensor.New) is
// an error.
func ToValue(v any) (G.Value, error) {
	switch x := v.(type) {
	case nil:
		return nil, fmt.Errorf("graph: nil value")
	case *tensor.Dense:
		if err := CheckDense(x); err != nil {
			return nil, err
		}
		return x, nil
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

// ScalarFor turns a one-element tensor into a scalar value when node n is a scalar, because
// Gorgonia's scalar nodes and ops want scalar values, not 0-d or one-element tensors; any
// other value is returned as it is.
func ScalarFor(n *G.Node, v G.Value) G.Value {
	if !n.IsScalar() {
		return v
	}
	if t, ok := v.(*tensor.Dense); ok && t.Shape().TotalSize() == 1 {
		switch d := t.Data().(type) {
		case []float64:
			return G.NewF64(d[0])
		case float64:
			return G.NewF64(d)
		case []int:
			return G.NewI(d[0])
		case int:
			return G.NewI(d)
		}
	}
	return v
}

// CheckDense returns an error for a *tensor.Dense that cannot be used as a value: a nil
// pointer, or the zero value &tensor.Dense{}, which has no engine, dtype or data (its methods
// dereference nil). Make tensors with tensor.New.
func CheckDense(x *tensor.Dense) (err error) {
	if x == nil {
		return fmt.Errorf("graph: nil *tensor.Dense")
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("graph: unusable *tensor.Dense (%v); make tensors with tensor.New", r)
		}
	}()
	if x.Engine() == nil || x.Dtype() == (tensor.Dtype{}) {
		return fmt.Errorf("graph: a zero-value *tensor.Dense holds no data; make tensors with tensor.New")
	}
	return nil
}

// CheckFinite returns an error naming the first NaN or infinite entry of a float value
// ("entry 3 is NaN", "the value is NaN" for a scalar); values of other dtypes are always
// finite.
func CheckFinite(v G.Value) error {
	var data []float64
	switch x := v.(type) {
	case *G.F64:
		data = []float64{float64(*x)}
	case *tensor.Dense:
		switch d := x.Data().(type) {
		case []float64:
			data = d
		case float64:
			data = []float64{d}
		}
	}
	for i, f := range data {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			if len(data) == 1 && valueShape(v).Dims() == 0 {
				return fmt.Errorf("the value is %v", f)
			}
			return fmt.Errorf("entry %d is %v", i, f)
		}
	}
	return nil
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
