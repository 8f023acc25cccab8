package distributions

import (
	"fmt"
	"hash"
	"math"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// elemKind is one of the element-wise transforms.
type elemKind int

const (
	kindLog      elemKind = iota // y = log x
	kindLogOdds                  // y = logit x
	kindInterval                 // y = log(x-a) - log(b-x), bounds a, b as inputs
)

func (k elemKind) String() string {
	return [...]string{"Log", "LogOdds", "Interval"}[k]
}

// elemFn is the function of a transform an op computes.
type elemFn int

const (
	fnForward  elemFn = iota // constrained -> unconstrained, element-wise
	fnBackward               // unconstrained -> constrained, element-wise
	fnLogJac                 // log |d backward / dy| summed to a scalar
)

func (f elemFn) String() string {
	return [...]string{"Forward", "Backward", "LogJacDet"}[f]
}

// nwSigmoid is the logistic function 1/(1+exp(-x)), computed without overflow.
func nwSigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

// nwSoftplus is log(1+exp(x)), computed without overflow.
func nwSoftplus(x float64) float64 {
	return math.Max(x, 0) + math.Log1p(math.Exp(-math.Abs(x)))
}

// nwLogSigmoidBoth is log σ(y) + log σ(-y) = -|y| - 2 log(1+exp(-|y|)), stable for any y.
func nwLogSigmoidBoth(y float64) float64 {
	a := math.Abs(y)
	return -a - 2*math.Log1p(math.Exp(-a))
}

// elemValue is the transform's function at v (bounds a, b for the interval).
func elemValue(k elemKind, f elemFn, v, a, b float64) float64 {
	switch k {
	case kindLog:
		switch f {
		case fnForward:
			return math.Log(v)
		case fnBackward:
			return math.Exp(v)
		default:
			return v
		}
	case kindLogOdds:
		switch f {
		case fnForward:
			return math.Log(v) - math.Log1p(-v)
		case fnBackward:
			return nwSigmoid(v)
		default:
			return nwLogSigmoidBoth(v)
		}
	default:
		switch f {
		case fnForward:
			return math.Log(v-a) - math.Log(b-v)
		case fnBackward:
			return a + (b-a)*nwSigmoid(v)
		default:
			if !(b > a) {
				return math.Inf(-1)
			}
			return math.Log(b-a) + nwLogSigmoidBoth(v)
		}
	}
}

// elemPartials returns the partials of elemValue with respect to v, a and b.
func elemPartials(k elemKind, f elemFn, v, a, b float64) (dv, da, db float64) {
	switch k {
	case kindLog:
		switch f {
		case fnForward:
			return 1 / v, 0, 0
		case fnBackward:
			return math.Exp(v), 0, 0
		default:
			return 1, 0, 0
		}
	case kindLogOdds:
		switch f {
		case fnForward:
			return 1/v + 1/(1-v), 0, 0
		case fnBackward:
			s := nwSigmoid(v)
			return s * nwSigmoid(-v), 0, 0
		default:
			return 1 - 2*nwSigmoid(v), 0, 0
		}
	default:
		switch f {
		case fnForward:
			return 1/(v-a) + 1/(b-v), -1 / (v - a), -1 / (b - v)
		case fnBackward:
			s, t := nwSigmoid(v), nwSigmoid(-v)
			return (b - a) * s * t, t, s
		default:
			if !(b > a) {
				return 0, 0, 0
			}
			return 1 - 2*nwSigmoid(v), -1 / (b - a), 1 / (b - a)
		}
	}
}

// elemOp applies one function of an element-wise transform: inputs (v) or, for the
// interval, (v, a, b) with the bounds broadcasting to v's shape. Forward and Backward keep
// v's shape; LogJacDet sums to a scalar.
type elemOp struct {
	opBase
	kind elemKind
	fn   elemFn
}

var (
	_ G.SDOp            = (*elemOp)(nil)
	_ G.UsePreallocDoer = (*elemOp)(nil)
	_ G.SDOp            = (*elemGradOp)(nil)
	_ G.UsePreallocDoer = (*elemGradOp)(nil)
)

// applyElemTransform builds the op of function f of transform k on v (and bounds).
func applyElemTransform(k elemKind, f elemFn, v *G.Node, bounds ...*G.Node) (*G.Node, error) {
	if err := nwCheckNode(k.String()+"Transform", "value", v); err != nil {
		return nil, err
	}
	inputs := append([]*G.Node{v}, bounds...)
	if len(bounds) > 0 {
		shapes := []tensor.Shape{v.Shape()}
		for _, b := range bounds {
			shapes = append(shapes, b.Shape())
		}
		s, err := nwBroadcastShapes(shapes...)
		if err != nil || !(s.Eq(v.Shape()) || len(s) == 0 && v.Dims() == 0) {
			return nil, fmt.Errorf("distributions: interval transform: bounds of shapes %v and %v do not broadcast to the value's shape %v",
				bounds[0].Shape(), bounds[1].Shape(), v.Shape())
		}
	}
	out := v.Shape()
	if f == fnLogJac {
		out = tensor.Shape{}
	}
	op := &elemOp{opBase: newOpBase(k.String()+f.String(), inputs, out), kind: k, fn: f}
	return nwApply(op, inputs...)
}

func (op *elemOp) Do(in ...G.Value) (G.Value, error) { return op.UsePreallocDo(nil, in...) }

func (op *elemOp) UsePreallocDo(prealloc G.Value, in ...G.Value) (G.Value, error) {
	return doSafely(op.name, func() (G.Value, error) {
		var args [3]nwArg
		if err := nwArgsOf(args[:len(in)], in); err != nil {
			return nil, err
		}
		out, d := nwNewOut(prealloc, op.outShape)
		v := args[0]
		if len(in) == 1 {
			if op.fn == fnLogJac {
				sum := 0.0
				for _, x := range v.d {
					sum += elemValue(op.kind, op.fn, x, 0, 0)
				}
				d[0] = sum
				return out, nil
			}
			for i, x := range v.d {
				d[i] = elemValue(op.kind, op.fn, x, 0, 0)
			}
			return out, nil
		}
		var it nwIter
		if err := it.init(v.s, 0, v.s, args[1].s, args[2].s); err != nil {
			return nil, err
		}
		sum := 0.0
		for i := 0; i < it.n; i++ {
			f := elemValue(op.kind, op.fn, v.d[i], args[1].d[it.off[1]], args[2].d[it.off[2]])
			if op.fn == fnLogJac {
				sum += f
			} else {
				d[i] = f
			}
			it.next()
		}
		if op.fn == fnLogJac {
			d[0] = sum
		}
		return out, nil
	})
}

func (op *elemOp) WriteHash(h hash.Hash) {
	op.writeBaseHash(h)
	fmt.Fprintf(h, "kind=%d fn=%d", op.kind, op.fn)
}

func (op *elemOp) Hashcode() uint32 { return hashOf(op) }

func (op *elemOp) DiffWRT(n int) []bool {
	d := make([]bool, n)
	for i := range d {
		d[i] = true
	}
	return d
}

func (op *elemOp) SymDiff(inputs G.Nodes, _, grad *G.Node) (G.Nodes, error) {
	return nwSymDiff(inputs, grad, op.DiffWRT(len(inputs)), func(p nwPartials, args G.Nodes) G.Op {
		return &elemGradOp{
			opBase: newOpBase(op.name+"Grad", args, p.outShape()),
			kind:   op.kind,
			fn:     op.fn,
			parts:  p,
		}
	})
}

// elemGradOp computes the partials of an elemOp's output, weighted by the upstream gradient
// (its first input), with respect to v and the bounds in one pass.
type elemGradOp struct {
	opBase
	kind  elemKind
	fn    elemFn
	parts nwPartials
}

func (op *elemGradOp) Do(in ...G.Value) (G.Value, error) { return op.UsePreallocDo(nil, in...) }

func (op *elemGradOp) UsePreallocDo(prealloc G.Value, in ...G.Value) (G.Value, error) {
	return doSafely(op.name, func() (G.Value, error) {
		var args [4]nwArg
		if err := nwArgsOf(args[:len(in)], in); err != nil {
			return nil, err
		}
		out, d := nwNewOut(prealloc, op.outShape)
		nwZero(d)
		var parts [3][]float64
		op.parts.views(d, parts[:len(in)-1])
		g, v := args[0], args[1]
		scalarG := op.fn == fnLogJac
		if want := len(v.d); !scalarG && len(g.d) != want || scalarG && len(g.d) != 1 {
			return nil, fmt.Errorf("distributions: %s: upstream gradient has %d values", op.name, len(g.d))
		}
		if len(in) == 2 {
			for i, x := range v.d {
				gi := g.d[0]
				if !scalarG {
					gi = g.d[i]
				}
				dv, _, _ := elemPartials(op.kind, op.fn, x, 0, 0)
				parts[0][i] += gi * dv
			}
			return out, nil
		}
		var it nwIter
		if err := it.init(v.s, 0, v.s, args[2].s, args[3].s); err != nil {
			return nil, err
		}
		for i := 0; i < it.n; i++ {
			gi := g.d[0]
			if !scalarG {
				gi = g.d[i]
			}
			dv, da, db := elemPartials(op.kind, op.fn, v.d[i], args[2].d[it.off[1]], args[3].d[it.off[2]])
			if parts[0] != nil {
				parts[0][i] += gi * dv
			}
			if parts[1] != nil {
				parts[1][it.off[1]] += gi * da
			}
			if parts[2] != nil {
				parts[2][it.off[2]] += gi * db
			}
			it.next()
		}
		return out, nil
	})
}

func (op *elemGradOp) WriteHash(h hash.Hash) {
	op.writeBaseHash(h)
	fmt.Fprintf(h, "kind=%d fn=%d ", op.kind, op.fn)
	op.parts.writeHash(h)
}

func (op *elemGradOp) Hashcode() uint32                                   { return hashOf(op) }
func (op *elemGradOp) DiffWRT(n int) []bool                               { return make([]bool, n) }
func (op *elemGradOp) SymDiff(G.Nodes, *G.Node, *G.Node) (G.Nodes, error) { return nil, errGradOfGrad }
