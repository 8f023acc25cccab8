package graph

import (
	"fmt"
	"hash"
	"math"
	"strings"

	"github.com/gopymc/gopymc/internal/mathx"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Gorgonia's element-wise ops cost ~300 ns and several allocations per run even on scalars
// (type-class checks, reflection, engine dispatch: gorgonia-notes §6), which is most of the
// time of a graph built from primitive ops. The plan runs fastElem in their place for
// float64 operands: a plain loop into the executor's buffer. Anything it does not cover (other
// dtypes, views, shapes Gorgonia would reject) goes to the original op, so the results are
// Gorgonia's; the graph's nodes are unchanged, and RunTape still runs Gorgonia's ops, which
// the tests compare with.

// unaryFuncs are the element-wise unary ops by Gorgonia's names. The exponential, tanh and
// the logistic function are mathx's (within 1.3 ulp, like math's, and faster over slices:
// the fused kernels run them so, fuse.go), so that a fused and an unfused run agree to the
// bit. Softplus is computed exactly, as x + log1p(e^-x) for x > 0: Gorgonia returns x itself
// above 16, off by up to e^-16 ≈ 1.1e-7, which the executor does not copy (the fuzzer's
// TapeMachine comparison allows for it).
var unaryFuncs = map[string]func(float64) float64{
	"abs": math.Abs, "sin": math.Sin, "cos": math.Cos, "exp": mathx.Exp, "ln": math.Log,
	"log2": math.Log2, "sqrt": math.Sqrt, "tanh": mathx.Tanh, "log1p": math.Log1p, "expm1": math.Expm1,
	"neg":     func(x float64) float64 { return -x },
	"square":  func(x float64) float64 { return x * x },
	"cube":    func(x float64) float64 { return x * x * x },
	"inv":     func(x float64) float64 { return 1 / x },
	"invSqrt": func(x float64) float64 { return 1 / math.Sqrt(x) },
	"sigmoid": func(x float64) float64 { return 1 / (1 + mathx.Exp(-x)) },
	"softplus": func(x float64) float64 {
		if x > 0 {
			return x + math.Log1p(math.Exp(-x))
		}
		return math.Log1p(math.Exp(x))
	},
}

// binaryFuncs are the arithmetic element-wise binary ops by Gorgonia's symbols, and the
// comparisons that return float64 1 or 0 (retSame true).
var binaryFuncs = map[string]func(a, b float64) float64{
	"+":       func(a, b float64) float64 { return a + b },
	"-":       func(a, b float64) float64 { return a - b },
	"⊙":       func(a, b float64) float64 { return a * b },
	"÷":       func(a, b float64) float64 { return a / b },
	"^":       math.Pow,
	"== true": func(a, b float64) float64 { return b2f(a == b) },
	"!= true": func(a, b float64) float64 { return b2f(a != b) },
	"< true":  func(a, b float64) float64 { return b2f(a < b) },
	"> true":  func(a, b float64) float64 { return b2f(a > b) },
	"<= true": func(a, b float64) float64 { return b2f(a <= b) },
	">= true": func(a, b float64) float64 { return b2f(a >= b) },
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// fastElementwise returns the fast version of a Gorgonia element-wise op on float64 nodes.
func fastElementwise(op G.Op, kids []*G.Node) (G.Op, bool) {
	for _, k := range kids {
		if k.Dtype() != tensor.Float64 {
			return nil, false
		}
	}
	switch opTypeName(op) {
	case "gorgonia.elemUnaryOp":
		if f, ok := unaryFuncs[op.String()]; ok && len(kids) == 1 {
			return fastElem{wrappedOp: wrappedOp{op}, unary: f, code: unaryCodes[op.String()]}, true
		}
	case "gorgonia.elemBinOp":
		name := op.String()
		if f, ok := binaryFuncs[strings.TrimSuffix(name, " false")]; ok && len(kids) == 2 && !strings.HasSuffix(name, " true") {
			return fastElem{wrappedOp: wrappedOp{op}, binary: f, code: binaryCodes[strings.TrimSuffix(name, " false")]}, true
		}
		if f, ok := binaryFuncs[name]; ok && len(kids) == 2 {
			return fastElem{wrappedOp: wrappedOp{op}, binary: f}, true
		}
	}
	return nil, false
}

// fastElem computes an element-wise unary or binary function on float64 scalars and dense
// tensors, falling back to the Gorgonia op it stands for on anything else.
type fastElem struct {
	wrappedOp
	unary  func(float64) float64
	binary func(a, b float64) float64
	code   elemCode // the fused kernels' loop for it (fusedloops.go); codeFunc: call the func
}

var _ G.UsePreallocDoer = fastElem{}

func (op fastElem) WriteHash(h hash.Hash)             { fmt.Fprint(h, "fast "); op.orig.WriteHash(h) }
func (op fastElem) Hashcode() uint32                  { return hashOf(op) }
func (op fastElem) Do(in ...G.Value) (G.Value, error) { return op.UsePreallocDo(nil, in...) }

func (op fastElem) UsePreallocDo(prealloc G.Value, in ...G.Value) (G.Value, error) {
	if op.unary != nil {
		if v, ok := op.doUnary(prealloc, in[0]); ok {
			return v, nil
		}
	} else if v, ok := op.doBinary(prealloc, in[0], in[1]); ok {
		return v, nil
	}
	return op.orig.Do(in...)
}

func (op fastElem) doUnary(prealloc, x G.Value) (G.Value, bool) {
	switch a := x.(type) {
	case *G.F64:
		return scalarInto(prealloc, op.unary(float64(*a))), true
	case *tensor.Dense:
		xs, shape, ok := plainFloats(a)
		if !ok {
			return nil, false
		}
		out := outputBuffer(prealloc, shape)
		unaryLoop(op.code, op.unary, out.Float64s(), xs)
		return out, true
	}
	return nil, false
}

func (op fastElem) doBinary(prealloc, x, y G.Value) (G.Value, bool) {
	f := op.binary
	as, aScalar := x.(*G.F64)
	bs, bScalar := y.(*G.F64)
	switch {
	case aScalar && bScalar:
		return scalarInto(prealloc, f(float64(*as), float64(*bs))), true
	case aScalar:
		bt, ok := y.(*tensor.Dense)
		if !ok {
			return nil, false
		}
		ys, shape, ok := plainFloats(bt)
		if !ok {
			return nil, false
		}
		out := outputBuffer(prealloc, shape)
		binaryLoopSV(op.code, f, out.Float64s(), float64(*as), ys)
		return out, true
	case bScalar:
		at, ok := x.(*tensor.Dense)
		if !ok {
			return nil, false
		}
		xs, shape, ok := plainFloats(at)
		if !ok {
			return nil, false
		}
		out := outputBuffer(prealloc, shape)
		binaryLoopVS(op.code, f, out.Float64s(), xs, float64(*bs))
		return out, true
	}
	at, ok1 := x.(*tensor.Dense)
	bt, ok2 := y.(*tensor.Dense)
	if !ok1 || !ok2 {
		return nil, false
	}
	xs, sa, ok1 := plainFloats(at)
	ys, sb, ok2 := plainFloats(bt)
	if !ok1 || !ok2 || !sa.Eq(sb) {
		return nil, false
	}
	out := outputBuffer(prealloc, sa)
	binaryLoopVV(op.code, f, out.Float64s(), xs, ys)
	return out, true
}

// plainFloats returns the data of a contiguous float64 tensor of at least one dimension.
func plainFloats(t *tensor.Dense) ([]float64, tensor.Shape, bool) {
	if t.Dtype() != tensor.Float64 || t.RequiresIterator() || t.IsMasked() || t.Shape().Dims() == 0 {
		return nil, nil, false
	}
	return t.Float64s(), t.Shape(), true
}

// scalarInto writes v into prealloc when it is a *G.F64, else into a new one.
func scalarInto(prealloc G.Value, v float64) G.Value {
	out, ok := prealloc.(*G.F64)
	if !ok {
		out = new(G.F64)
	}
	*out = G.F64(v)
	return out
}
