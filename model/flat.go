package model

import (
	"fmt"

	"github.com/gopymc/gopymc/graph"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// FlatInputs binds the first inputs of a compiled function, the model's value variables in
// Ordering's order, to views of one flat vector, so that a point of the flat unconstrained
// space is given to the function by writing the vector: tensor inputs view slices of it;
// scalar inputs are copied by Set or Sync.
type FlatInputs struct {
	order []VarInfo
	x     []float64
	in    []G.Value
}

// BindFlat binds inputs 0..len(order)-1 of fn to a new flat vector of length dim (at least
// every variable's Offset+Size; order may leave variables out).
func BindFlat(fn *graph.Function, order []VarInfo, dim int) (*FlatInputs, error) {
	for _, o := range order {
		if o.Offset+o.Size > dim {
			return nil, fmt.Errorf("model: BindFlat: %q ends at %d, beyond the dimension %d", o.ValueName, o.Offset+o.Size, dim)
		}
	}
	f := &FlatInputs{order: order, x: make([]float64, dim)}
	var err error
	if f.in, err = bindViews(fn, order, f.x); err != nil {
		return nil, err
	}
	return f, nil
}

// bindViews sets inputs 0..len(order)-1 of fn to values viewing the flat vector x and
// returns them: for each variable o a tensor over x[o.Offset:o.Offset+o.Size], or a *G.F64
// for a scalar, which syncScalars refreshes from x. FlatInputs, PointFunc and LogDensity
// all bind their inputs so.
func bindViews(fn *graph.Function, order []VarInfo, x []float64) ([]G.Value, error) {
	in := make([]G.Value, len(order))
	for i, o := range order {
		if len(o.Shape) == 0 {
			in[i] = G.NewF64(0)
		} else {
			in[i] = tensor.New(tensor.WithShape(o.Shape.Clone()...), tensor.WithBacking(x[o.Offset:o.Offset+o.Size]))
		}
		if err := fn.SetInput(i, in[i]); err != nil {
			return nil, fmt.Errorf("model: %w", err)
		}
	}
	return in, nil
}

// syncScalars copies the scalar variables' entries of the flat vector x into their inputs
// in, made by bindViews over order.
func syncScalars(order []VarInfo, in []G.Value, x []float64) {
	for i, o := range order {
		if s, ok := in[i].(*G.F64); ok {
			*s = G.F64(x[o.Offset])
		}
	}
}

// X is the flat vector the inputs view; after writing it directly, call Sync.
func (f *FlatInputs) X() []float64 { return f.x }

// Set copies the point x (of the flat vector's length) into the inputs.
func (f *FlatInputs) Set(x []float64) {
	copy(f.x, x)
	f.Sync()
}

// Sync copies the scalar variables' entries of the flat vector into their inputs.
func (f *FlatInputs) Sync() { syncScalars(f.order, f.in, f.x) }

// CopyValue copies the elements of a float64 value (a scalar or a dense tensor) into dst,
// which must have as many.
func CopyValue(dst []float64, v G.Value) error {
	switch x := v.(type) {
	case *G.F64:
		if len(dst) != 1 {
			return fmt.Errorf("a scalar for %d elements", len(dst))
		}
		dst[0] = float64(*x)
		return nil
	case *tensor.Dense:
		switch d := x.Data().(type) {
		case []float64:
			if len(d) != len(dst) {
				return fmt.Errorf("%d elements (shape %v), want %d", len(d), x.Shape(), len(dst))
			}
			copy(dst, d)
			return nil
		case float64:
			if len(dst) != 1 {
				return fmt.Errorf("a scalar for %d elements", len(dst))
			}
			dst[0] = d
			return nil
		}
	}
	if v == nil {
		return fmt.Errorf("no value")
	}
	return fmt.Errorf("a %T of dtype %v, want float64", v, v.Dtype())
}
