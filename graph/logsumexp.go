package graph

import (
	"fmt"
	"hash"
	"math"

	"github.com/chewxy/hm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// LogSumExp returns a node computing log Σ exp(x) along one axis of x (negative axes count
// from the end), or over all of x when no axis is given (a scalar), as NumPy's
// scipy.special.logsumexp and PyMC's pm.math.logsumexp with keepdims=False. It is computed
// stably, m + log Σ exp(x - m) with m the maximum of each slice, so large inputs do not
// overflow; a slice of -Inf gives -Inf, a +Inf gives +Inf. The gradient is the softmax of
// each slice times the upstream gradient.
//
// Gorgonia's own G.LogSumExp computes log(Σ exp(x - m) + m), a wrong value (1.505 instead
// of 3.408 for [1 2 3]), and builds only for vectors; Compile substitutes this op for it in
// every graph it copies, as it does for the softmax.
func LogSumExp(x *G.Node, axes ...int) (n *G.Node, err error) {
	defer recoverTo(&err)
	if x == nil {
		return nil, fmt.Errorf("graph: LogSumExp of a nil node")
	}
	if x.Graph() == nil {
		return nil, fmt.Errorf("graph: LogSumExp of a node in no graph")
	}
	if x.Dtype() != tensor.Float64 {
		return nil, fmt.Errorf("graph: LogSumExp of %s: want float64, got %v", nodeName(x), x.Dtype())
	}
	if len(axes) > 1 {
		return nil, fmt.Errorf("graph: LogSumExp of %s: one axis or none, got %v", nodeName(x), axes)
	}
	dims := x.Dims()
	axis := -1 // all axes
	if len(axes) == 1 && dims > 0 {
		axis = axes[0]
		if axis < 0 {
			axis += dims
		}
		if axis < 0 || axis >= dims {
			return nil, fmt.Errorf("graph: LogSumExp of %s: axis %d out of range for %d dimensions", nodeName(x), axes[0], dims)
		}
		if dims == 1 {
			axis = -1
		}
	} else if len(axes) == 1 && axes[0] != 0 && axes[0] != -1 {
		return nil, fmt.Errorf("graph: LogSumExp of the scalar %s: axis %d out of range", nodeName(x), axes[0])
	}
	return G.ApplyOp(lseOp{axis: axis, dims: dims}, x)
}

// lseOp is log Σ exp along one axis of a float64 tensor, or over all of it (axis -1).
type lseOp struct{ axis, dims int }

var (
	_ G.SDOp            = lseOp{}
	_ G.UsePreallocDoer = lseOp{}
)

func (op lseOp) outDims() int {
	if op.axis < 0 {
		return 0
	}
	return op.dims - 1
}

func (op lseOp) Arity() int { return 1 }
func (op lseOp) Type() hm.Type {
	return hm.NewFnType(floatType(op.dims), floatType(op.outDims()))
}

// floatType is the Gorgonia type of a float64 value of the given number of dimensions.
func floatType(dims int) hm.Type {
	if dims == 0 {
		return G.Float64
	}
	return G.TensorType{Dims: dims, Of: G.Float64}
}

func (op lseOp) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	s, ok := in[0].(tensor.Shape)
	if !ok {
		return nil, fmt.Errorf("graph: LogSumExp: want a shape, got %T", in[0])
	}
	if op.axis < 0 {
		return tensor.ScalarShape(), nil
	}
	return argmaxShape(s, op.axis), nil
}
func (op lseOp) ReturnsPtr() bool      { return false }
func (op lseOp) CallsExtern() bool     { return false }
func (op lseOp) OverwritesInput() int  { return -1 }
func (op lseOp) WriteHash(h hash.Hash) { fmt.Fprintf(h, "graph.logsumexp(%d,%d)", op.axis, op.dims) }
func (op lseOp) Hashcode() uint32      { return hashOf(op) }
func (op lseOp) String() string {
	if op.axis < 0 {
		return "LogSumExp"
	}
	return fmt.Sprintf("LogSumExp(axis %d)", op.axis)
}
func (op lseOp) DiffWRT(int) []bool { return []bool{true} }

// SymDiff: ∂/∂x_k log Σ_j exp(x_j) = exp(x_k - y), the softmax of the slice.
func (op lseOp) SymDiff(inputs G.Nodes, output, grad *G.Node) (G.Nodes, error) {
	dx, err := G.ApplyOp(lseGradOp{op}, inputs[0], output, grad)
	if err != nil {
		return nil, err
	}
	return G.Nodes{dx}, nil
}

func (op lseOp) Do(in ...G.Value) (G.Value, error) { return op.UsePreallocDo(nil, in...) }

func (op lseOp) UsePreallocDo(prealloc G.Value, in ...G.Value) (v G.Value, err error) {
	defer recoverTo(&err)
	x, shape, err := anyFloats(in[0])
	if err != nil {
		return nil, fmt.Errorf("graph: %v: %w", op, err)
	}
	if op.axis < 0 {
		return scalarInto(prealloc, logSumExp(x, 0, len(x), 1)), nil
	}
	out := outputBuffer(prealloc, argmaxShape(shape, op.axis))
	dst := out.Float64s()
	outer, n, inner := splitAt(shape, op.axis)
	for o := 0; o < outer; o++ {
		for i := 0; i < inner; i++ {
			dst[o*inner+i] = logSumExp(x, o*n*inner+i, n, inner)
		}
	}
	return out, nil
}

// logSumExp is log Σ_k exp(x[off + k·stride]), k < n, with the maximum shifted out.
func logSumExp(x []float64, off, n, stride int) float64 {
	m := math.Inf(-1)
	for k := 0; k < n; k++ {
		v := x[off+k*stride]
		if v > m || v != v {
			m = v
		}
	}
	if math.IsInf(m, 0) || m != m {
		return m // all -Inf, some +Inf, or a NaN
	}
	s := 0.0
	for k := 0; k < n; k++ {
		s += math.Exp(x[off+k*stride] - m)
	}
	return m + math.Log(s)
}

// splitAt returns the sizes before, at and after axis of a row-major shape.
func splitAt(shape tensor.Shape, axis int) (outer, n, inner int) {
	outer, inner = 1, 1
	for _, d := range shape[:axis] {
		outer *= d
	}
	for _, d := range shape[axis+1:] {
		inner *= d
	}
	return outer, shape[axis], inner
}

// anyFloats returns the float64 data of a scalar or dense tensor value and its shape (empty
// for a scalar).
func anyFloats(v G.Value) ([]float64, tensor.Shape, error) {
	switch s := v.(type) {
	case *G.F64:
		return []float64{float64(*s)}, tensor.Shape{}, nil
	case *tensor.Dense:
		if s.Dims() == 0 && s.Dtype() == tensor.Float64 {
			return []float64{s.ScalarValue().(float64)}, tensor.Shape{}, nil
		}
	}
	return floats64(v)
}

// lseGradOp is the backward pass of lseOp from x, the output y and the upstream gradient dy:
// dx = dy · exp(x - y), broadcast along the reduced axis.
type lseGradOp struct{ fwd lseOp }

var _ G.UsePreallocDoer = lseGradOp{}

func (op lseGradOp) Arity() int { return 3 }
func (op lseGradOp) Type() hm.Type {
	x, y := floatType(op.fwd.dims), floatType(op.fwd.outDims())
	return hm.NewFnType(x, y, y, x)
}
func (op lseGradOp) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	s, ok := in[0].(tensor.Shape)
	if !ok {
		return nil, fmt.Errorf("graph: LogSumExpGrad: want a shape, got %T", in[0])
	}
	return s.Clone(), nil
}
func (op lseGradOp) ReturnsPtr() bool     { return false }
func (op lseGradOp) CallsExtern() bool    { return false }
func (op lseGradOp) OverwritesInput() int { return -1 }
func (op lseGradOp) WriteHash(h hash.Hash) {
	fmt.Fprint(h, "graph.logsumexpGrad")
	op.fwd.WriteHash(h)
}
func (op lseGradOp) Hashcode() uint32     { return hashOf(op) }
func (op lseGradOp) String() string       { return op.fwd.String() + "Grad" }
func (op lseGradOp) DiffWRT(n int) []bool { return make([]bool, n) }
func (op lseGradOp) SymDiff(G.Nodes, *G.Node, *G.Node) (G.Nodes, error) {
	return nil, fmt.Errorf("graph: the log-sum-exp's gradient is not differentiable")
}

func (op lseGradOp) Do(in ...G.Value) (G.Value, error) { return op.UsePreallocDo(nil, in...) }

func (op lseGradOp) UsePreallocDo(prealloc G.Value, in ...G.Value) (v G.Value, err error) {
	defer recoverTo(&err)
	x, shape, err := anyFloats(in[0])
	if err != nil {
		return nil, fmt.Errorf("graph: %v: %w", op, err)
	}
	y, _, err := anyFloats(in[1])
	if err != nil {
		return nil, fmt.Errorf("graph: %v: %w", op, err)
	}
	dy, _, err := anyFloats(in[2])
	if err != nil {
		return nil, fmt.Errorf("graph: %v: %w", op, err)
	}
	if len(shape) == 0 { // the log-sum-exp of a scalar is the scalar itself
		return scalarInto(prealloc, lseGrad(x[0], y[0], dy[0])), nil
	}
	out := outputBuffer(prealloc, shape)
	dst := out.Float64s()
	if op.fwd.axis < 0 {
		for k, xk := range x {
			dst[k] = lseGrad(xk, y[0], dy[0])
		}
		return out, nil
	}
	outer, n, inner := splitAt(shape, op.fwd.axis)
	for o := 0; o < outer; o++ {
		for i := 0; i < inner; i++ {
			j := o*inner + i
			for k := 0; k < n; k++ {
				at := o*n*inner + k*inner + i
				dst[at] = lseGrad(x[at], y[j], dy[j])
			}
		}
	}
	return out, nil
}

// lseGrad is dy · exp(x - y); an element at -Inf contributes nothing and has gradient 0.
func lseGrad(x, y, dy float64) float64 {
	if math.IsInf(x, -1) {
		return 0
	}
	return dy * math.Exp(x-y)
}

// gorgoniaLogSumExp recognises the node computing the wrong log-sum-exp in the subgraph
// G.LogSumExp(a, axis) builds, and returns a and the axis (-1 for all of a):
// ln(Σ[k](exp(a - MaxAlong[k](a))) + MaxAlong[k](a)) for a tensor a, and ln(exp(a - a) + a)
// for a scalar (Max and Sum of a scalar are the scalar itself). G.LogSumExp then sums that
// node along the axis once more; the sum is kept, only the log-sum-exp is replaced. The
// subgraph builds only when a - max broadcasts, that is for vectors and for tensors of
// length one along all axes but one.
func gorgoniaLogSumExp(n *G.Node) (a *G.Node, axis int, ok bool) {
	if !isGorgoniaOpNamed(n, "gorgonia.elemUnaryOp", "ln") {
		return nil, 0, false
	}
	add := Children(n)[0]
	if !isGorgoniaOpNamed(add, "gorgonia.elemBinOp", "+ false") {
		return nil, 0, false
	}
	kids := Children(add)
	s, m := kids[0], kids[1]
	axis = -1
	if k, isMax := alongAxis(m, "*gorgonia.maxOp", "MaxAlong"); isMax {
		a = Children(m)[0]
		sk, isSum := alongAxis(s, "gorgonia.sumOp", "Σ")
		if !isSum || sk != k || k >= a.Dims() {
			return nil, 0, false
		}
		s = Children(s)[0]
		if a.Dims() > 1 {
			axis = k
		}
	} else {
		a = m
		if !a.IsScalar() {
			return nil, 0, false
		}
	}
	if !isGorgoniaOpNamed(s, "gorgonia.elemUnaryOp", "exp") {
		return nil, 0, false
	}
	sub := Children(s)[0]
	if !isGorgoniaOpNamed(sub, "gorgonia.elemBinOp", "- false") {
		return nil, 0, false
	}
	if k := Children(sub); k[0] != a || k[1] != m {
		return nil, 0, false
	}
	return a, axis, a.Dtype() == tensor.Float64
}

// alongAxis reports whether n is computed by a Gorgonia reduction of the given type along
// one axis, printed as prefix[k], and returns k.
func alongAxis(n *G.Node, typ, prefix string) (int, bool) {
	op := n.Op()
	if op == nil || opTypeName(op) != typ {
		return 0, false
	}
	var k int
	if _, err := fmt.Sscanf(op.String(), prefix+"[%d]", &k); err != nil || op.String() != fmt.Sprintf("%s[%d]", prefix, k) {
		return 0, false
	}
	return k, true
}

// isGorgoniaOpNamed reports whether n is computed by a Gorgonia op of the given Go type
// and printed name.
func isGorgoniaOpNamed(n *G.Node, typ, name string) bool {
	op := n.Op()
	return op != nil && opTypeName(op) == typ && op.String() == name
}
