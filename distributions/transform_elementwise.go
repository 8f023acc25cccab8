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
			// A convex combination of the bounds: exact at either end (a + (b-a)·σ(v) loses
			// b when |a| ≫ |b|), within [a, b] (clamped against rounding), and free of the
			// overflow of b - a for bounds of opposite signs near the float64 range.
			x := a*sigmoid(-v) + b*sigmoid(v)
			if a < b {
				x = min(max(x, a), b)
			}
			return x
		default:
			if !(b > a) {
				return math.Inf(-1)
			}
			return halfWidthLog(a, b) + logSigmoidBoth(v)
		}
	}
}

// halfWidthLog is log(b - a), computed as log(b/2 - a/2) + log 2 so that bounds of opposite
// signs near the float64 range do not overflow.
func halfWidthLog(a, b float64) float64 { return math.Log(b/2-a/2) + math.Ln2 }

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
			return 2 * ((b/2 - a/2) * s * t), t, s
		default:
			if !(b > a) {
				return 0, 0, 0
			}
			w := 0.5 / (b/2 - a/2) // 1/(b - a) without its overflow
			return 1 - 2*sigmoid(v), -w, w
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
		if err := boundsFit(v.Shape(), bounds[0].Shape(), bounds[1].Shape()); err != nil {
			return nil, fmt.Errorf("distributions: interval transform: %w", err)
		}
	}
	diff := make([]bool, len(inputs))
	for i := range diff {
		diff[i] = true
	}
	return applyFused(fam, k.String()+f.String(), &elemTransform{kind: k, fn: f}, inputs, diff)
}

// boundsFit checks that the bounds of shapes a and b broadcast to the value's shape v.
func boundsFit(v, a, b tensor.Shape) error {
	var s shapeArr
	if !broadcastInto(&s, []tensor.Shape{v, a, b}) || !eqShape(s.shape(), v) {
		return fmt.Errorf("bounds of shapes %v and %v do not broadcast to the value's shape %v", a.Clone(), b.Clone(), v.Clone())
	}
	return nil
}

func (t *elemTransform) writeConfig(h hash.Hash) { fmt.Fprintf(h, "kind=%d fn=%d", t.kind, t.fn) }

func (t *elemTransform) outShape(in []tensor.Shape) (tensor.Shape, error) {
	want := 1
	if t.kind == kindInterval {
		want = 3
	}
	if len(in) != want {
		return nil, fmt.Errorf("%d inputs, want %d", len(in), want)
	}
	if want == 3 {
		if err := boundsFit(in[0], in[1], in[2]); err != nil {
			return nil, err
		}
	}
	if t.fn == fnLogJac {
		return tensor.Shape{}, nil
	}
	return in[0].Clone(), nil
}

// transformArgs reads the inputs (v) or (v, a, b) into args and checks the bounds' shapes.
func (t *elemTransform) transformArgs(args *[3]floatView, in []G.Value) error {
	want := 1
	if t.kind == kindInterval {
		want = 3
	}
	if len(in) != want {
		return fmt.Errorf("%d inputs, want %d", len(in), want)
	}
	if err := viewsOf(args[:want], in); err != nil {
		return err
	}
	if want == 3 {
		return boundsFit(args[0].s, args[1].s, args[2].s)
	}
	return nil
}

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

func (t *elemTransform) value(prealloc G.Value, in []G.Value) (G.Value, error) {
	var args [3]floatView
	if err := t.transformArgs(&args, in); err != nil {
		return nil, err
	}
	var shape tensor.Shape
	if t.fn != fnLogJac {
		shape = args[0].s
	}
	out, d, err := outputOf(prealloc, shape)
	if err != nil {
		return nil, err
	}
	if t.fn == fnLogJac {
		var none partialSlices
		d[0], err = t.walk(&args, nil, &none, true)
		return out, err
	}
	v := args[0]
	if t.kind != kindInterval {
		for i, x := range v.d {
			d[i] = transformValue(t.kind, t.fn, x, 0, 0)
		}
		return out, nil
	}
	a, b := args[1], args[2]
	err = eachBounded(v, a, b, func(i, ia, ib int) {
		d[i] = transformValue(t.kind, t.fn, v.d[i], a.d[ia], b.d[ib])
	})
	return out, err
}

// valueGrad computes the function's scalar value and its partials in one pass: LogJacDet,
// or Forward or Backward of a scalar.
func (t *elemTransform) valueGrad(prealloc G.Value, need []bool, in []G.Value) (G.Value, error) {
	var args [3]floatView
	if err := t.transformArgs(&args, in); err != nil {
		return nil, err
	}
	sizes := sizesOf(args[:len(in)])
	out, d, parts, err := packedOutput(prealloc, need, &sizes)
	if err != nil {
		return nil, err
	}
	d[0], err = t.walk(&args, nil, &parts, true)
	return out, err
}

func (t *elemTransform) grad(prealloc G.Value, need []bool, in []G.Value) (G.Value, error) {
	if len(in) < 2 {
		return nil, fmt.Errorf("%d inputs, want at least 2", len(in))
	}
	g, err := viewOf(in[0])
	if err != nil {
		return nil, fmt.Errorf("upstream gradient: %w", err)
	}
	var args [3]floatView
	if err := t.transformArgs(&args, in[1:]); err != nil {
		return nil, err
	}
	scalarG := t.fn == fnLogJac
	if err := checkUpstream(g, upstreamLen(!scalarG, len(args[0].d))); err != nil {
		return nil, err
	}
	out, parts, err := gradOutput(prealloc, need, args[:len(in)-1])
	if err != nil {
		return nil, err
	}
	_, err = t.walk(&args, g.d, &parts, false)
	return out, err
}

// walk adds the partials of the function, weighted by the upstream gradient up (nil: 1;
// one value for LogJacDet, one per element otherwise), into parts; with sum set it returns
// the sum of the function's values over the elements (LogJacDet's value, or the value of
// Forward or Backward of a scalar).
func (t *elemTransform) walk(args *[3]floatView, up []float64, parts *partialSlices, sum bool) (float64, error) {
	v := args[0]
	elemG := t.fn != fnLogJac
	total := 0.0
	weight := func(i int) float64 {
		if up == nil {
			return 1
		}
		return upstreamAt(up, i, elemG)
	}
	if t.kind != kindInterval {
		for i, x := range v.d {
			if sum {
				total += transformValue(t.kind, t.fn, x, 0, 0)
			}
			if parts[0] != nil {
				dv, _, _ := transformPartials(t.kind, t.fn, x, 0, 0)
				parts[0][i] += weight(i) * dv
			}
		}
		return total, nil
	}
	a, b := args[1], args[2]
	anyPart := parts[0] != nil || parts[1] != nil || parts[2] != nil
	err := eachBounded(v, a, b, func(i, ia, ib int) {
		if sum {
			total += transformValue(t.kind, t.fn, v.d[i], a.d[ia], b.d[ib])
		}
		if !anyPart {
			return
		}
		gi := weight(i)
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
	return total, err
}
