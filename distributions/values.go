package distributions

import (
	"fmt"
	"reflect"
	"unsafe"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// floatView is a float64 value as the ops read it: its data in row-major order and its
// shape (empty for a scalar). The data aliases the Gorgonia value, so reading an input costs
// no copy; nothing in the package writes through a view of an input.
type floatView struct {
	d []float64
	s tensor.Shape
}

// viewOf reads a Gorgonia value without copying it when it can: a *G.F64 through its
// address, a dense float64 tensor that is not a view through its backing bytes (no
// reflection: this runs once per input per evaluation, on the hot paths too). A
// non-contiguous view is materialised (copied) first.
func viewOf(v G.Value) (floatView, error) {
	switch t := v.(type) {
	case *G.F64:
		return floatView{d: unsafe.Slice((*float64)(t), 1)}, nil
	case *tensor.Dense:
		if isFloat64(t) && !t.IsMaterializable() {
			d := rawFloats(t)
			if s := t.Shape(); len(d) == s.TotalSize() {
				return floatView{d: d, s: s}, nil
			}
		}
	}
	return viewOfSlow(v)
}

// viewOfSlow is viewOf for views, 0-d tensors and errors.
func viewOfSlow(v G.Value) (floatView, error) {
	switch t := v.(type) {
	case *tensor.Dense:
		if t.Dtype() != tensor.Float64 {
			return floatView{}, fmt.Errorf("want float64 data, got %v", t.Dtype())
		}
		if t.RequiresIterator() {
			m, ok := t.Materialize().(*tensor.Dense)
			if !ok {
				return floatView{}, fmt.Errorf("cannot read a non-contiguous %v tensor", t.Shape())
			}
			t = m
		}
		d, s := t.Float64s(), t.Shape()
		if len(s) == 0 && len(d) == 1 {
			return floatView{d: d}, nil
		}
		if len(d) < s.TotalSize() {
			return floatView{}, fmt.Errorf("%d elements for shape %v", len(d), s)
		}
		return floatView{d: d[:s.TotalSize()], s: s}, nil
	case nil:
		return floatView{}, fmt.Errorf("no value")
	default:
		return floatView{}, fmt.Errorf("want float64 values, got %T", v)
	}
}

// rawFloats returns the backing bytes of a float64 tensor as float64s.
func rawFloats(t *tensor.Dense) []float64 {
	raw := t.Raw
	return unsafe.Slice((*float64)(unsafe.Pointer(unsafe.SliceData(raw))), len(raw)/8)
}

// viewsOf reads every input of an op into dst, which has one entry per input.
func viewsOf(dst []floatView, in []G.Value) error {
	if len(in) != len(dst) {
		return fmt.Errorf("%d inputs, want %d", len(in), len(dst))
	}
	for i, v := range in {
		var err error
		if dst[i], err = viewOf(v); err != nil {
			return fmt.Errorf("input %d: %w", i, err)
		}
	}
	return nil
}

// scalarOf returns the value of a float64 scalar (a *G.F64 or a 0-d dense tensor): the
// fast paths' check, cheaper than viewOf.
func scalarOf(v G.Value) (float64, bool) {
	switch t := v.(type) {
	case *G.F64:
		return float64(*t), true
	case *tensor.Dense:
		if t.Dims() == 0 && isFloat64(t) && len(t.Raw) == 8 {
			return *(*float64)(unsafe.Pointer(unsafe.SliceData(t.Raw))), true
		}
	}
	return 0, false
}

// float64Type is the identity of tensor.Float64: the data word of its reflect.Type, a
// *reflect.rtype unique to float64. isFloat64 compares it instead of the Dtype values,
// which costs a call to runtime.ifaceeq on the hot paths.
var float64Type = ifaceData(tensor.Float64.Type)

func ifaceData(t reflect.Type) unsafe.Pointer { return (*[2]unsafe.Pointer)(unsafe.Pointer(&t))[1] }

// isFloat64 reports whether t holds float64 data.
func isFloat64(t *tensor.Dense) bool { return ifaceData(t.Dtype().Type) == float64Type }

// vectorOf returns the data of v when it is a 1-D float64 tensor that is not a view: the
// fast paths' check, cheaper than viewOf.
func vectorOf(v G.Value) ([]float64, bool) {
	t, ok := v.(*tensor.Dense)
	if !ok || t.Dims() != 1 || t.IsMaterializable() || !isFloat64(t) {
		return nil, false
	}
	d := rawFloats(t)
	if len(d) != t.Shape()[0] {
		return nil, false
	}
	return d, true
}

// outputOf returns the value an op writes its output of the given shape into, and that
// value's data: prealloc when given (a *G.F64 for a scalar shape, else a contiguous float64
// tensor of that shape), else a new value. The data of a reused prealloc is not zeroed.
// A prealloc of another kind is an error rather than silently replaced, so that a caller
// that hands the wrong buffer learns it (Gorgonia's TapeMachine then falls back to Do).
func outputOf(prealloc G.Value, shape tensor.Shape) (G.Value, []float64, error) {
	if len(shape) == 0 {
		if prealloc == nil {
			f := new(G.F64)
			return f, unsafe.Slice((*float64)(f), 1), nil
		}
		if f, ok := prealloc.(*G.F64); ok && f != nil {
			return f, unsafe.Slice((*float64)(f), 1), nil
		}
		return nil, nil, fmt.Errorf("preallocated output is %T, want *gorgonia.F64", prealloc)
	}
	if prealloc == nil {
		t := tensor.New(tensor.Of(tensor.Float64), tensor.WithShape(shape.Clone()...))
		return t, t.Float64s(), nil
	}
	t, ok := prealloc.(*tensor.Dense)
	if !ok {
		return nil, nil, fmt.Errorf("preallocated output is %T, want *tensor.Dense", prealloc)
	}
	if !isFloat64(t) || !eqShape(t.Shape(), shape) || t.RequiresIterator() {
		return nil, nil, preallocError(t, shape)
	}
	d := rawFloats(t)
	n := shape.TotalSize()
	if len(d) < n {
		return nil, nil, preallocError(t, shape)
	}
	return t, d[:n:n], nil
}

// eqShape reports whether two shapes are equal axis by axis (tensor.Shape.Eq also equates
// a vector with a row or column matrix).
func eqShape(a, b tensor.Shape) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// preallocError says that the preallocated output t does not fit the shape. It formats a
// copy of the shape, so that a shape on the caller's stack need not escape to the heap.
func preallocError(t *tensor.Dense, shape tensor.Shape) error {
	return fmt.Errorf("preallocated output is %v %v, want contiguous float64 %v", t.Dtype(), t.Shape().Clone(), shape.Clone())
}

// denseOf wraps data of the given shape as a tensor, a 0-d tensor for a scalar: the result
// of SupportPoint and Rand.
func denseOf(d []float64, shape tensor.Shape) *tensor.Dense {
	if len(shape) == 0 {
		return tensor.New(tensor.FromScalar(d[0]))
	}
	return tensor.New(tensor.WithShape(shape.Clone()...), tensor.WithBacking(d))
}

// paramViews reads the parameter values given to SupportPoint or Rand of family fam: one
// float64 tensor per name, in order. Errors name the family and the parameter.
func paramViews(fam string, names []string, params []*tensor.Dense) ([]floatView, error) {
	if len(params) != len(names) {
		return nil, fmt.Errorf("distributions: %s: %d parameter values, want %d %v", fam, len(params), len(names), names)
	}
	out := make([]floatView, len(params))
	for i, p := range params {
		if p == nil {
			return nil, fmt.Errorf("distributions: %s: %s has no value", fam, names[i])
		}
		v, err := viewOf(p)
		if err != nil {
			return nil, fmt.Errorf("distributions: %s: %s: %w", fam, names[i], err)
		}
		out[i] = v
	}
	return out, nil
}
