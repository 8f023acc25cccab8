package distributions

import (
	"fmt"
	"hash"
	"math"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// transformKind is one of the element-wise transforms.
type transformKind int

const (
	kindLog      transformKind = iota // y = log x
	kindLogOdds                       // y = logit x
	kindInterval                      // y = log(x-a) - log(b-x), bounds a, b as inputs
)

func (k transformKind) String() string {
	return [...]string{"Log", "LogOdds", "Interval"}[k]
}

// transformFn is the function of a transform an op computes.
type transformFn int

const (
	fnForward  transformFn = iota // constrained -> unconstrained, element-wise
	fnBackward                    // unconstrained -> constrained, element-wise
	fnLogJac                      // log |d backward / dy| summed to a scalar
)

func (f transformFn) String() string {
	return [...]string{"Forward", "Backward", "LogJacDet"}[f]
}

// transformValue is function f of transform k at v (bounds a, b for the interval).
func transformValue(k transformKind, f transformFn, v, a, b float64) float64 {
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
			return sigmoid(v)
		default:
			return logSigmoidBoth(v)
		}
	default:
		switch f {
		case fnForward:
			return math.Log(v-a) - math.Log(b-v)
		case fnBackward:
			return a + (b-a)*sigmoid(v)
		default:
			if !(b > a) {
				return math.Inf(-1)
			}
			return math.Log(b-a) + logSigmoidBoth(v)
		}
	}
}

// transformPartials returns the partials of transformValue with respect to v, a and b.
func transformPartials(k transformKind, f transformFn, v, a, b float64) (dv, da, db float64) {
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
			s := sigmoid(v)
			return s * sigmoid(-v), 0, 0
		default:
			return 1 - 2*sigmoid(v), 0, 0
		}
	default:
		switch f {
		case fnForward:
			return 1/(v-a) + 1/(b-v), -1 / (v - a), -1 / (b - v)
		case fnBackward:
			s, t := sigmoid(v), sigmoid(-v)
			return (b - a) * s * t, t, s
		default:
			if !(b > a) {
				return 0, 0, 0
			}
			return 1 - 2*sigmoid(v), -1 / (b - a), 1 / (b - a)
		}
	}
}

// elemTransform applies one function of an element-wise transform as a fused op: inputs
// (v) or, for the interval, (v, a, b) with the bounds broadcasting to v's shape. Forward
// and Backward keep v's shape; LogJacDet sums to a scalar. The op is differentiable with
// respect to every input, the bounds included.
type elemTransform struct {
	kind transformKind
	fn   transformFn
}

// applyElemTransform builds the op of function f of transform k on v (and bounds).
func applyElemTransform(k transformKind, f transformFn, v *G.Node, bounds ...*G.Node) (*G.Node, error) {
	fam := k.String() + "Transform"
	if err := checkNode(fam, "value", v); err != nil {
		return nil, err
	}
	inputs := append([]*G.Node{v}, bounds...)
	if len(bounds) > 0 {
		s, err := broadcastShapes(nil, v.Shape(), bounds[0].Shape(), bounds[1].Shape())
		if err != nil || !(s.Eq(v.Shape()) || len(s) == 0 && v.Dims() == 0) {
			return nil, fmt.Errorf("distributions: interval transform: bounds of shapes %v and %v do not broadcast to the value's shape %v",
				bounds[0].Shape(), bounds[1].Shape(), v.Shape())
		}
	}
	out := v.Shape()
	if f == fnLogJac {
		out = tensor.Shape{}
	}
	diff := make([]bool, len(inputs))
	for i := range diff {
		diff[i] = true
	}
	return applyFused(fam, k.String()+f.String(), &elemTransform{kind: k, fn: f}, inputs, out, diff)
}

func (t *elemTransform) writeConfig(h hash.Hash) { fmt.Fprintf(h, "kind=%d fn=%d", t.kind, t.fn) }

// eachBounded calls visit(i, ia, ib) for every element i of v in row-major order, with ia
// and ib the elements of the bounds a and b that broadcast to it.
func eachBounded(v, a, b floatView, visit func(i, ia, ib int)) error {
	bc, err := newBcast(v.s, v.s, a.s, b.s)
	if err != nil {
		return err
	}
	n, sa, sb := bc.rowLen(), bc.inner(1), bc.inner(2)
	it := rowIter{b: &bc}
	for it.next() {
		for j := 0; j < n; j++ {
			visit(it.start+j, it.off[1]+j*sa, it.off[2]+j*sb)
		}
	}
	return nil
}

func (t *elemTransform) value(out []float64, in []G.Value) error {
	var args [3]floatView
	if err := viewsOf(args[:len(in)], in); err != nil {
		return err
	}
	v := args[0]
	sum := 0.0
	if len(in) == 1 {
		for i, x := range v.d {
			if t.fn == fnLogJac {
				sum += transformValue(t.kind, t.fn, x, 0, 0)
			} else {
				out[i] = transformValue(t.kind, t.fn, x, 0, 0)
			}
		}
	} else {
		a, b := args[1], args[2]
		err := eachBounded(v, a, b, func(i, ia, ib int) {
			y := transformValue(t.kind, t.fn, v.d[i], a.d[ia], b.d[ib])
			if t.fn == fnLogJac {
				sum += y
			} else {
				out[i] = y
			}
		})
		if err != nil {
			return err
		}
	}
	if t.fn == fnLogJac {
		out[0] = sum
	}
	return nil
}

func (t *elemTransform) grad(layout *partialLayout, out []float64, in []G.Value) error {
	parts := layout.slices(out)
	var args [4]floatView
	if err := viewsOf(args[:len(in)], in); err != nil {
		return err
	}
	g, v := args[0], args[1]
	scalarG := t.fn == fnLogJac
	if err := checkUpstream(g, upstreamLen(!scalarG, len(v.d))); err != nil {
		return err
	}
	if len(in) == 2 {
		for i, x := range v.d {
			dv, _, _ := transformPartials(t.kind, t.fn, x, 0, 0)
			parts[0][i] += upstreamAt(g.d, i, !scalarG) * dv
		}
		return nil
	}
	a, b := args[2], args[3]
	return eachBounded(v, a, b, func(i, ia, ib int) {
		gi := upstreamAt(g.d, i, !scalarG)
		dv, da, db := transformPartials(t.kind, t.fn, v.d[i], a.d[ia], b.d[ib])
		if parts[0] != nil {
			parts[0][i] += gi * dv
		}
		if parts[1] != nil {
			parts[1][ia] += gi * da
		}
		if parts[2] != nil {
			parts[2][ib] += gi * db
		}
	})
}
