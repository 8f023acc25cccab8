package data

import (
	"fmt"
	"math"

	"github.com/gopymc/gopymc/graph"
	"gorgonia.org/tensor"
)

// toDense converts data to a tensor: a []float64 or []int becomes a vector, a [][]float64 or
// [][]int a matrix (rows of equal length). Integer data given as []int, [][]int or a
// tensor.Int tensor stays int (tensor.Int, the dtype of indices: group labels, row indices);
// a *tensor.Dense of another real or integer dtype is converted to float64 (a float64 tensor
// is used as it is, not copied). Every float element must be finite, and the data must have
// at least one dimension and no empty axis. owned reports whether t is a fresh conversion
// that nothing else refers to (so it may be kept without a copy), rather than a view of the
// caller's storage.
func toDense(data any) (t *tensor.Dense, owned bool, err error) {
	t, owned, err = convert(data)
	if err != nil {
		return nil, false, err
	}
	shape := t.Shape()
	if shape.Dims() == 0 {
		return nil, false, fmt.Errorf("data is a scalar; a minibatch needs at least one axis")
	}
	for i, d := range shape {
		if d < 1 {
			return nil, false, fmt.Errorf("axis %d of the data is empty (shape %v)", i, shape)
		}
	}
	if t.Dtype() == tensor.Float64 {
		if err := checkFinite(t.Float64s(), shape); err != nil {
			return nil, false, err
		}
	}
	return t, owned, nil
}

// asDtype returns t as data of dtype dt, for SetValues: int data given for a float64 array
// is converted; float data given for an int array is an error.
func asDtype(t *tensor.Dense, owned bool, dt tensor.Dtype) (*tensor.Dense, bool, error) {
	switch {
	case t.Dtype() == dt:
		return t, owned, nil
	case dt == tensor.Float64:
		return tensor.New(tensor.WithShape(t.Shape().Clone()...), tensor.WithBacking(convertSlice(t.Ints()))), true, nil
	}
	return nil, false, fmt.Errorf("the array holds int data (indices) and the new data has dtype %v; give []int, [][]int or a tensor.Int tensor", t.Dtype())
}

// convert is toDense without the checks of shape and values.
func convert(data any) (t *tensor.Dense, owned bool, err error) {
	switch x := data.(type) {
	case nil:
		return nil, false, fmt.Errorf("nil data")
	case []float64:
		if len(x) == 0 {
			return nil, false, fmt.Errorf("empty data")
		}
		return tensor.New(tensor.WithShape(len(x)), tensor.WithBacking(x)), false, nil
	case []int:
		if len(x) == 0 {
			return nil, false, fmt.Errorf("empty data")
		}
		return tensor.New(tensor.WithShape(len(x)), tensor.WithBacking(x)), false, nil
	case [][]float64:
		f, cols, err := flatten(x)
		if err != nil {
			return nil, false, err
		}
		return tensor.New(tensor.WithShape(len(x), cols), tensor.WithBacking(f)), true, nil
	case [][]int:
		f, cols, err := flatten(x)
		if err != nil {
			return nil, false, err
		}
		return tensor.New(tensor.WithShape(len(x), cols), tensor.WithBacking(f)), true, nil
	case *tensor.Dense:
		if x == nil {
			return nil, false, fmt.Errorf("nil data")
		}
		if err := graph.CheckDense(x); err != nil {
			return nil, false, err
		}
		t, err := denseToFloat64(x)
		if err != nil {
			return nil, false, err
		}
		return t, t != x, nil
	}
	return nil, false, fmt.Errorf("cannot use %T as data (want []float64, [][]float64, []int, [][]int or *tensor.Dense)", data)
}

// flatten copies the rows of a matrix given as a slice of rows into one row-major slice.
func flatten[T any](rows [][]T) ([]T, int, error) {
	if len(rows) == 0 || len(rows[0]) == 0 {
		return nil, 0, fmt.Errorf("empty data")
	}
	cols := len(rows[0])
	f := make([]T, 0, len(rows)*cols)
	for i, row := range rows {
		if len(row) != cols {
			return nil, 0, fmt.Errorf("row %d has %d columns, row 0 has %d", i, len(row), cols)
		}
		f = append(f, row...)
	}
	return f, cols, nil
}

// denseToFloat64 returns t itself when it is a contiguous float64 or int tensor, else a
// float64 copy of it. Other integer and float32 data is converted, as PyMC casts data to
// floatX; int data stays int (indices); any other dtype is an error naming it.
func denseToFloat64(t *tensor.Dense) (*tensor.Dense, error) {
	if t.Shape().Dims() == 0 || t.IsScalar() {
		return nil, fmt.Errorf("data is a scalar; a minibatch needs at least one axis")
	}
	if t.RequiresIterator() {
		m, ok := t.Materialize().(*tensor.Dense)
		if !ok {
			return nil, fmt.Errorf("cannot materialize the %v view", t.Shape())
		}
		t = m
	}
	shape := t.Shape().Clone()
	var f []float64
	switch d := t.Data().(type) {
	case []float64, []int:
		return t, nil
	case []float32:
		f = convertSlice(d)
	case []int64:
		f = convertSlice(d)
	case []int32:
		f = convertSlice(d)
	case []int16:
		f = convertSlice(d)
	case []int8:
		f = convertSlice(d)
	case []uint:
		f = convertSlice(d)
	case []uint64:
		f = convertSlice(d)
	case []uint32:
		f = convertSlice(d)
	case []uint16:
		f = convertSlice(d)
	case []uint8:
		f = convertSlice(d)
	default:
		return nil, fmt.Errorf("dtype %v cannot be used as float64 data (want a real or integer dtype)", t.Dtype())
	}
	return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(f)), nil
}

type number interface {
	~float32 | ~float64 | ~int | ~int8 | ~int16 | ~int32 | ~int64 |
		~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64
}

func convertSlice[T number](x []T) []float64 {
	f := make([]float64, len(x))
	for i, v := range x {
		f[i] = float64(v)
	}
	return f
}

// checkFinite returns an error naming the first element of x (row-major, of the given
// shape) that is NaN or infinite.
func checkFinite(x []float64, shape tensor.Shape) error {
	for i, v := range x {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			continue
		}
		return fmt.Errorf("element %v of the data is %v; minibatch data must be finite", unravel(i, shape), v)
	}
	return nil
}

// unravel turns a row-major flat index into a multi-index of shape.
func unravel(flat int, shape tensor.Shape) []int {
	idx := make([]int, len(shape))
	for a := len(shape) - 1; a >= 0; a-- {
		idx[a] = flat % shape[a]
		flat /= shape[a]
	}
	return idx
}

// leadingBlock copies data[:n0, :n1, ...] (PyMC3's in_memory_size). Axes without an entry
// are kept whole.
func leadingBlock(t *tensor.Dense, sizes []int) (*tensor.Dense, error) {
	shape := t.Shape()
	if len(sizes) > shape.Dims() {
		return nil, fmt.Errorf("InMemorySize: %d sizes for data of %d dimensions (shape %v)", len(sizes), shape.Dims(), shape)
	}
	out := shape.Clone()
	for a, n := range sizes {
		if n > shape[a] {
			return nil, fmt.Errorf("InMemorySize: size %d of axis %d exceeds its length %d (shape %v)", n, a, shape[a], shape)
		}
		out[a] = n
	}
	if out.Eq(shape) {
		return t, nil
	}
	if t.Dtype() == tensor.Int {
		return tensor.New(tensor.WithShape(out...), tensor.WithBacking(copyBlock(t.Ints(), shape, out))), nil
	}
	return tensor.New(tensor.WithShape(out...), tensor.WithBacking(copyBlock(t.Float64s(), shape, out))), nil
}

// copyBlock copies the leading block of shape out from src, a row-major array of shape.
func copyBlock[T any](src []T, shape, out tensor.Shape) []T {
	dst := make([]T, out.TotalSize())
	strides := rowMajorStrides(shape)
	// Walk the output's multi-index; copy the innermost axis in one block.
	last := len(out) - 1
	ctr := make([]int, len(out))
	for pos := 0; pos < len(dst); pos += out[last] {
		off := 0
		for a, i := range ctr {
			off += i * strides[a]
		}
		copy(dst[pos:pos+out[last]], src[off:off+out[last]])
		for a := last - 1; a >= 0; a-- {
			if ctr[a]++; ctr[a] < out[a] {
				break
			}
			ctr[a] = 0
		}
	}
	return dst
}

// rowMajorStrides returns the element strides of a contiguous row-major array of shape.
func rowMajorStrides(shape []int) []int {
	s := make([]int, len(shape))
	acc := 1
	for a := len(shape) - 1; a >= 0; a-- {
		s[a] = acc
		acc *= shape[a]
	}
	return s
}
