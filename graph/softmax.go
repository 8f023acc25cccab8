package graph

import (
	"fmt"
	"hash"
	"math"
	"reflect"

	"github.com/chewxy/hm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// SoftMax returns a node computing the softmax of x along axis (the last by default,
// negative axes counting from the end): exp(x - max) / Σ exp(x - max).
//
// It is gopymc's own op, not Gorgonia's, for three reasons: Gorgonia's softmax subtracts the
// first element of the whole array instead of each row's maximum (a row [800, 0, 0] gives
// NaN), it starts a goroutine per row (75% of the Iris model's time), and its SoftMax and
// LogSoftMax of one input hash alike and merge into one node (gorgonia-notes trap 4).
// Compile also substitutes this op for Gorgonia's softmax in every graph it copies, so
// G.SoftMax in user code gets the same treatment.
func SoftMax(x *G.Node, axes ...int) (*G.Node, error) { return newSoftmax(x, false, axes) }

// LogSoftMax returns a node computing the log of the softmax of x along axis: x - max -
// log Σ exp(x - max). See SoftMax.
func LogSoftMax(x *G.Node, axes ...int) (*G.Node, error) { return newSoftmax(x, true, axes) }

func newSoftmax(x *G.Node, log bool, axes []int) (n *G.Node, err error) {
	defer recoverTo(&err)
	if x == nil {
		return nil, fmt.Errorf("graph: softmax of a nil node")
	}
	if x.Graph() == nil {
		return nil, fmt.Errorf("graph: softmax of a node in no graph")
	}
	if x.Dtype() != tensor.Float64 || x.IsScalar() {
		return nil, fmt.Errorf("graph: softmax of %s: want a float64 tensor, got %v", nodeName(x), x.Type())
	}
	axis := -1
	if len(axes) > 0 {
		axis = axes[0]
	}
	op, err := newSoftmaxOp(x.Dims(), axis, log)
	if err != nil {
		return nil, fmt.Errorf("graph: softmax of %s: %w", nodeName(x), err)
	}
	return G.ApplyOp(op, x)
}

// softmaxOp is the softmax (or log-softmax) along one axis of a float64 tensor, computed
// serially with each slice's own maximum.
type softmaxOp struct {
	axis, dims int
	log        bool
}

var (
	_ G.SDOp            = softmaxOp{}
	_ G.UsePreallocDoer = softmaxOp{}
)

func newSoftmaxOp(dims, axis int, log bool) (softmaxOp, error) {
	if axis < 0 {
		axis += dims
	}
	if axis < 0 || axis >= dims {
		return softmaxOp{}, fmt.Errorf("axis out of range for %d dimensions", dims)
	}
	return softmaxOp{axis: axis, dims: dims, log: log}, nil
}

// fromGorgonia converts Gorgonia's softmax op, read by reflection, into gopymc's.
func fromGorgonia(op G.Op, dims int) (softmaxOp, bool) {
	v := reflect.ValueOf(op)
	if v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct || v.Type().Name() != "softmaxOp" || v.Type().PkgPath() != "gorgonia.org/gorgonia" {
		return softmaxOp{}, false
	}
	axis, isLog := v.FieldByName("axis"), v.FieldByName("isLog")
	if !axis.IsValid() || !isLog.IsValid() {
		return softmaxOp{}, false
	}
	s, err := newSoftmaxOp(dims, int(axis.Int()), isLog.Bool())
	return s, err == nil
}

func (op softmaxOp) Arity() int { return 1 }
func (op softmaxOp) Type() hm.Type {
	t := G.TensorType{Dims: op.dims, Of: G.Float64}
	return hm.NewFnType(t, t)
}
func (op softmaxOp) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	s, ok := in[0].(tensor.Shape)
	if !ok {
		return nil, fmt.Errorf("graph: softmax: want a shape, got %T", in[0])
	}
	return s.Clone(), nil
}
func (op softmaxOp) ReturnsPtr() bool     { return false }
func (op softmaxOp) CallsExtern() bool    { return false }
func (op softmaxOp) OverwritesInput() int { return -1 }
func (op softmaxOp) WriteHash(h hash.Hash) {
	fmt.Fprintf(h, "graph.softmax(%d,%d,%v)", op.axis, op.dims, op.log)
}
func (op softmaxOp) Hashcode() uint32 { return hashOf(op) }
func (op softmaxOp) String() string {
	if op.log {
		return fmt.Sprintf("LogSoftMax(axis %d)", op.axis)
	}
	return fmt.Sprintf("SoftMax(axis %d)", op.axis)
}
func (op softmaxOp) DiffWRT(int) []bool { return []bool{true} }

// SymDiff applies the backward op to the output y and the upstream gradient dy:
// softmax: dx = y ⊙ (dy - Σ dy⊙y); log-softmax: dx = dy - exp(y)·Σ dy, sums along the axis.
func (op softmaxOp) SymDiff(inputs G.Nodes, output, grad *G.Node) (G.Nodes, error) {
	dx, err := G.ApplyOp(softmaxGradOp{op}, output, grad)
	if err != nil {
		return nil, err
	}
	return G.Nodes{dx}, nil
}

func (op softmaxOp) Do(in ...G.Value) (G.Value, error) { return op.UsePreallocDo(nil, in...) }

func (op softmaxOp) UsePreallocDo(prealloc G.Value, in ...G.Value) (v G.Value, err error) {
	defer recoverTo(&err)
	x, shape, err := floats64(in[0])
	if err != nil {
		return nil, fmt.Errorf("graph: %v: %w", op, err)
	}
	out := outputBuffer(prealloc, shape)
	dst := out.Float64s()
	eachSlice(shape, op.axis, func(off, n, stride int) {
		mx := math.Inf(-1)
		for k := 0; k < n; k++ {
			mx = max(mx, x[off+k*stride])
		}
		s := 0.0
		for k := 0; k < n; k++ {
			e := math.Exp(x[off+k*stride] - mx)
			dst[off+k*stride] = e
			s += e
		}
		if op.log {
			ls := mx + math.Log(s)
			for k := 0; k < n; k++ {
				dst[off+k*stride] = x[off+k*stride] - ls
			}
			return
		}
		for k := 0; k < n; k++ {
			dst[off+k*stride] /= s
		}
	})
	return out, nil
}

// softmaxGradOp is the backward pass of softmaxOp, from its output and the upstream gradient.
type softmaxGradOp struct{ fwd softmaxOp }

var _ G.UsePreallocDoer = softmaxGradOp{}

func (op softmaxGradOp) Arity() int { return 2 }
func (op softmaxGradOp) Type() hm.Type {
	t := G.TensorType{Dims: op.fwd.dims, Of: G.Float64}
	return hm.NewFnType(t, t, t)
}
func (op softmaxGradOp) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	return op.fwd.InferShape(in[0])
}
func (op softmaxGradOp) ReturnsPtr() bool     { return false }
func (op softmaxGradOp) CallsExtern() bool    { return false }
func (op softmaxGradOp) OverwritesInput() int { return -1 }
func (op softmaxGradOp) WriteHash(h hash.Hash) {
	fmt.Fprintf(h, "graph.softmaxGrad")
	op.fwd.WriteHash(h)
}
func (op softmaxGradOp) Hashcode() uint32     { return hashOf(op) }
func (op softmaxGradOp) String() string       { return op.fwd.String() + "Grad" }
func (op softmaxGradOp) DiffWRT(n int) []bool { return make([]bool, n) }
func (op softmaxGradOp) SymDiff(G.Nodes, *G.Node, *G.Node) (G.Nodes, error) {
	return nil, fmt.Errorf("graph: the softmax's gradient is not differentiable")
}

func (op softmaxGradOp) Do(in ...G.Value) (G.Value, error) { return op.UsePreallocDo(nil, in...) }

func (op softmaxGradOp) UsePreallocDo(prealloc G.Value, in ...G.Value) (v G.Value, err error) {
	defer recoverTo(&err)
	y, shape, err := floats64(in[0])
	if err != nil {
		return nil, fmt.Errorf("graph: %v: %w", op, err)
	}
	dy, dshape, err := floats64(in[1])
	if err != nil || !dshape.Eq(shape) {
		return nil, fmt.Errorf("graph: %v: the upstream gradient has shape %v, want %v", op, dshape, shape)
	}
	out := outputBuffer(prealloc, shape)
	dst := out.Float64s()
	eachSlice(shape, op.fwd.axis, func(off, n, stride int) {
		s := 0.0
		for k := 0; k < n; k++ {
			i := off + k*stride
			if op.fwd.log {
				s += dy[i]
			} else {
				s += dy[i] * y[i]
			}
		}
		for k := 0; k < n; k++ {
			i := off + k*stride
			if op.fwd.log {
				dst[i] = dy[i] - math.Exp(y[i])*s
			} else {
				dst[i] = y[i] * (dy[i] - s)
			}
		}
	})
	return out, nil
}

// eachSlice calls f for every 1-d slice of a row-major tensor of the given shape along
// axis: the slice's elements are at off, off+stride, ..., off+(n-1)·stride.
func eachSlice(shape tensor.Shape, axis int, f func(off, n, stride int)) {
	n := shape[axis]
	inner := 1
	for _, d := range shape[axis+1:] {
		inner *= d
	}
	outer := 1
	for _, d := range shape[:axis] {
		outer *= d
	}
	for o := 0; o < outer; o++ {
		for i := 0; i < inner; i++ {
			f(o*n*inner+i, n, inner)
		}
	}
}

// floats64 returns the float64 data and shape of a dense tensor value (contiguous, row-major).
func floats64(v G.Value) ([]float64, tensor.Shape, error) {
	t, ok := v.(*tensor.Dense)
	if !ok {
		return nil, nil, fmt.Errorf("want a tensor, got %T", v)
	}
	if t.RequiresIterator() {
		t = t.Clone().(*tensor.Dense)
	}
	if t.Dtype() != tensor.Float64 {
		return nil, nil, fmt.Errorf("want float64 data, got %v", t.Dtype())
	}
	return t.Float64s(), t.Shape(), nil // Data() would box the slice: an allocation per call
}

// outputBuffer returns prealloc when it is a float64 tensor of the given shape, else a new one.
func outputBuffer(prealloc G.Value, shape tensor.Shape) *tensor.Dense {
	if t, ok := prealloc.(*tensor.Dense); ok && t.Shape().Eq(shape) && t.Dtype() == tensor.Float64 && !t.RequiresIterator() {
		return t
	}
	return tensor.New(tensor.WithShape(shape.Clone()...), tensor.Of(tensor.Float64))
}
