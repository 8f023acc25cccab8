package distributions

import (
	"fmt"
	"unsafe"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// nwArg is one input of a fused op as the kernels read it: float64 data in row-major order
// and its shape (empty for a scalar). The data aliases the Gorgonia value; kernels never
// write into it.
type nwArg struct {
	d []float64
	s tensor.Shape
}

// nwArgOf reads a Gorgonia value without copying it when it can: a *G.F64 is aliased through
// its address, a dense float64 tensor that is not a view through its backing array; a
// non-contiguous view is materialised first.
func nwArgOf(v G.Value) (nwArg, error) {
	switch t := v.(type) {
	case *G.F64:
		return nwArg{d: unsafe.Slice((*float64)(t), 1)}, nil
	case *tensor.Dense:
		if t.Dtype() == tensor.Float64 && !t.IsMaterializable() {
			// The common case, read without reflection: the backing bytes as float64s.
			raw := t.Raw
			d := unsafe.Slice((*float64)(unsafe.Pointer(unsafe.SliceData(raw))), len(raw)/8)
			if s := t.Shape(); len(d) == s.TotalSize() {
				return nwArg{d: d, s: s}, nil
			}
		}
	}
	return nwArgSlow(v)
}

// nwArgSlow is nwArgOf for views, 0-d tensors and errors.
func nwArgSlow(v G.Value) (nwArg, error) {
	switch t := v.(type) {
	case *G.F64:
		return nwArg{d: unsafe.Slice((*float64)(t), 1)}, nil
	case *tensor.Dense:
		if t.Dtype() != tensor.Float64 {
			return nwArg{}, fmt.Errorf("distributions: want float64 data, got %v", t.Dtype())
		}
		if t.RequiresIterator() {
			m, ok := t.Materialize().(*tensor.Dense)
			if !ok {
				return nwArg{}, fmt.Errorf("distributions: cannot materialise a %v view", t.Shape())
			}
			t = m
		}
		d := t.Float64s()
		s := t.Shape()
		if len(s) == 0 && len(d) == 1 {
			return nwArg{d: d}, nil
		}
		if len(d) != s.TotalSize() {
			return nwArg{}, fmt.Errorf("distributions: tensor of shape %v holds %d values", s, len(d))
		}
		return nwArg{d: d, s: s}, nil
	case nil:
		return nwArg{}, fmt.Errorf("distributions: missing input value")
	default:
		return nwArg{}, fmt.Errorf("distributions: unsupported value type %T", v)
	}
}

// nwArgsOf reads every input of a fused op into dst, which must have one entry per input.
func nwArgsOf(dst []nwArg, in []G.Value) error {
	if len(in) != len(dst) {
		return fmt.Errorf("distributions: want %d inputs, got %d", len(dst), len(in))
	}
	for i, v := range in {
		var err error
		if dst[i], err = nwArgOf(v); err != nil {
			return err
		}
	}
	return nil
}

// nwNewOut returns an output value of the given shape and its data to fill: a *G.F64 for a
// scalar, a dense tensor otherwise. It reuses prealloc when that has the right type and shape.
// The data is not zeroed when prealloc is reused.
func nwNewOut(prealloc G.Value, shape tensor.Shape) (G.Value, []float64) {
	if len(shape) == 0 {
		f, ok := prealloc.(*G.F64)
		if !ok || f == nil {
			f = new(G.F64)
		}
		return f, unsafe.Slice((*float64)(f), 1)
	}
	if t, ok := prealloc.(*tensor.Dense); ok && t != nil && t.Dtype() == tensor.Float64 &&
		t.Shape().Eq(shape) && !t.IsMaterializable() {
		if d := t.Float64s(); len(d) == shape.TotalSize() {
			return t, d
		}
	}
	t := tensor.New(tensor.WithShape(shape...), tensor.Of(tensor.Float64))
	return t, t.Float64s()
}

// nwZero sets every element of d to zero.
func nwZero(d []float64) {
	for i := range d {
		d[i] = 0
	}
}

// nwDenseOf returns the float64 data of a parameter tensor given to SupportPoint or Rand,
// naming the parameter when it is not usable.
func nwDenseOf(family, name string, t *tensor.Dense) (nwArg, error) {
	if t == nil {
		return nwArg{}, fmt.Errorf("distributions: %s: parameter %q is nil", family, name)
	}
	a, err := nwArgOf(t)
	if err != nil {
		return nwArg{}, fmt.Errorf("distributions: %s: parameter %q: %w", family, name, err)
	}
	return a, nil
}

// nwParamValues checks that params holds one tensor per parameter and reads them.
func nwParamValues(family string, names []string, params []*tensor.Dense) ([]nwArg, error) {
	if len(params) != len(names) {
		return nil, fmt.Errorf("distributions: %s: want %d parameter values %v, got %d",
			family, len(names), names, len(params))
	}
	out := make([]nwArg, len(params))
	for i, p := range params {
		a, err := nwDenseOf(family, names[i], p)
		if err != nil {
			return nil, err
		}
		out[i] = a
	}
	return out, nil
}

// nwDenseResult wraps data of the given shape as a tensor, a 0-d tensor for a scalar.
func nwDenseResult(d []float64, shape tensor.Shape) *tensor.Dense {
	if len(shape) == 0 {
		return tensor.New(tensor.FromScalar(d[0]))
	}
	return tensor.New(tensor.WithShape(shape.Clone()...), tensor.WithBacking(d))
}

// nwScalar returns the value of a float64 scalar (a *G.F64 or a 0-d dense tensor).
func nwScalar(v G.Value) (float64, bool) {
	switch t := v.(type) {
	case *G.F64:
		return float64(*t), true
	case *tensor.Dense:
		if t.Dims() == 0 && t.Dtype() == tensor.Float64 && len(t.Raw) == 8 {
			return *(*float64)(unsafe.Pointer(unsafe.SliceData(t.Raw))), true
		}
	}
	return 0, false
}

// nwVec returns the data of v when it is a 1-D float64 tensor that is not a view: the
// fast paths' check, cheaper than nwArgOf.
func nwVec(v G.Value) ([]float64, bool) {
	t, ok := v.(*tensor.Dense)
	if !ok || t.Dims() != 1 || t.IsMaterializable() || t.Dtype() != tensor.Float64 {
		return nil, false
	}
	raw := t.Raw
	d := unsafe.Slice((*float64)(unsafe.Pointer(unsafe.SliceData(raw))), len(raw)/8)
	if len(d) != t.Shape()[0] {
		return nil, false
	}
	return d, true
}
