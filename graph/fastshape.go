package graph

import (
	"fmt"
	"hash"
	"math"
	"reflect"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// fastShapeOp stands in the plan for Gorgonia's SizeOf, Reshape, Repeat and full reductions
// of vectors (Sum, Max): the ops BroadcastAdd and friends and the gradients of reductions
// insert, which allocate several objects per run. Each computes the same value into the
// executor's buffer for float64 operands and defers to the original op otherwise.
type fastShapeOp struct {
	wrappedOp
	kind shapeKind
	n    int          // the axis of SizeOf and Repeat
	to   tensor.Shape // the target of Reshape
}

type shapeKind int

const (
	kindSize shapeKind = iota
	kindReshape
	kindRepeat
	kindSumVector
	kindMaxVector
)

var _ G.UsePreallocDoer = fastShapeOp{}

// fastShaping returns the fast version of a Gorgonia shape or reduction op on float64.
func fastShaping(op G.Op, kids []*G.Node) (G.Op, bool) {
	if len(kids) == 0 || kids[0].Dtype() != tensor.Float64 {
		return nil, false
	}
	v := reflect.ValueOf(op)
	if v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return nil, false
	}
	intField := func(name string) (int, bool) {
		f := v.FieldByName(name)
		if !f.IsValid() || f.Kind() != reflect.Int {
			return 0, false
		}
		return int(f.Int()), true
	}
	vectorFull := func() bool { // along [0] of a vector: a full reduction to a scalar
		f := v.FieldByName("along")
		return f.IsValid() && f.Kind() == reflect.Slice && f.Len() == 1 && f.Index(0).Int() == 0 && kids[0].Dims() == 1
	}
	switch opTypeName(op) {
	case "gorgonia.sizeOp":
		if axis, ok := intField("axis"); ok {
			return fastShapeOp{wrappedOp: wrappedOp{op}, kind: kindSize, n: axis}, true
		}
	case "gorgonia.reshapeOp":
		if f := v.FieldByName("to"); f.IsValid() && f.Kind() == reflect.Slice {
			to := make(tensor.Shape, f.Len()) // an unexported field: read element by element
			for i := range to {
				to[i] = int(f.Index(i).Int())
			}
			return fastShapeOp{wrappedOp: wrappedOp{op}, kind: kindReshape, to: to}, true
		}
	case "gorgonia.repeatOp", "*gorgonia.repeatOp":
		if along, ok := intField("along"); ok && len(kids) == 2 {
			return fastShapeOp{wrappedOp: wrappedOp{op}, kind: kindRepeat, n: along}, true
		}
	case "gorgonia.sumOp":
		if vectorFull() {
			return fastShapeOp{wrappedOp: wrappedOp{op}, kind: kindSumVector}, true
		}
	case "gorgonia.maxOp":
		if vectorFull() {
			return fastShapeOp{wrappedOp: wrappedOp{op}, kind: kindMaxVector}, true
		}
	}
	return nil, false
}

func (op fastShapeOp) WriteHash(h hash.Hash)             { fmt.Fprint(h, "fast "); op.orig.WriteHash(h) }
func (op fastShapeOp) Hashcode() uint32                  { return hashOf(op) }
func (op fastShapeOp) Do(in ...G.Value) (G.Value, error) { return op.UsePreallocDo(nil, in...) }

func (op fastShapeOp) UsePreallocDo(prealloc G.Value, in ...G.Value) (G.Value, error) {
	if v, ok := op.fast(prealloc, in); ok {
		return v, nil
	}
	return op.orig.Do(in...)
}

func (op fastShapeOp) fast(prealloc G.Value, in []G.Value) (G.Value, bool) {
	t, isTensor := in[0].(*tensor.Dense)
	var xs []float64
	var shape tensor.Shape
	if isTensor {
		var ok bool
		if xs, shape, ok = plainFloats(t); !ok {
			return nil, false
		}
	} else if s, ok := in[0].(*G.F64); ok {
		xs, shape = []float64{float64(*s)}, nil
	} else {
		return nil, false
	}
	switch op.kind {
	case kindSize:
		if !isTensor { // Gorgonia: the size of a scalar is one
			return scalarInto(prealloc, 1), true
		}
		if op.n >= len(shape) {
			return nil, false
		}
		return scalarInto(prealloc, float64(shape[op.n])), true
	case kindReshape:
		if len(xs) != op.to.TotalSize() || len(op.to) == 0 {
			return nil, false
		}
		out := outputBuffer(prealloc, op.to)
		copy(out.Float64s(), xs)
		return out, true
	case kindRepeat:
		return op.repeat(prealloc, xs, shape, in[1])
	case kindSumVector, kindMaxVector:
		if len(shape) != 1 {
			return nil, false
		}
		acc := 0.0
		if op.kind == kindMaxVector {
			acc = math.Inf(-1)
		}
		for _, x := range xs {
			if op.kind == kindSumVector {
				acc += x
			} else if x > acc || x != x {
				acc = x
			}
		}
		return scalarInto(prealloc, acc), true
	}
	return nil, false
}

// repeat is NumPy's repeat along an axis: every slice along it repeated rep times in place
// (Gorgonia's tensor.Repeat; a scalar becomes a vector of rep copies).
func (op fastShapeOp) repeat(prealloc G.Value, xs []float64, shape tensor.Shape, repeats G.Value) (G.Value, bool) {
	r, ok := repeats.(*G.F64)
	if !ok || float64(*r) != math.Trunc(float64(*r)) || *r < 1 {
		return nil, false
	}
	rep := int(*r)
	if shape == nil {
		shape = tensor.Shape{1}
	}
	if op.n >= len(shape) {
		return nil, false
	}
	outShape := shape.Clone()
	outShape[op.n] *= rep
	out := outputBuffer(prealloc, outShape)
	dst := out.Float64s()
	inner := 1
	for _, d := range shape[op.n+1:] {
		inner *= d
	}
	k := 0
	for start := 0; start < len(xs); start += inner {
		block := xs[start : start+inner]
		for j := 0; j < rep; j++ {
			k += copy(dst[k:], block)
		}
	}
	return out, true
}
