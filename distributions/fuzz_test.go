package distributions_test

import (
	"encoding/binary"
	"fmt"
	"math"
	"testing"

	"github.com/gopymc/gopymc/distributions"
	"github.com/gopymc/gopymc/graph"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// FuzzTransforms checks every transform and its inverse on fuzzed points (issue 17): for an
// unconstrained point y, Backward(y) is never NaN, lies in the transform's support (closed:
// rounding may reach a bound), is finite unless some |y| exceeds 700 (exp overflows), and
// LogJacDet(y) is never NaN or +Inf; for |y| <= 5 everywhere, Forward(Backward(y)) gives y
// back to 1e-6 (for an interval wide enough to hold that precision). The input bytes choose
// the transform (first byte), the length (second), the point (8 bytes per value, as
// float64 bits) and, for the interval transform, the bounds.
//
//	go test -run '^$' -fuzz '^FuzzTransforms$' -fuzztime 15s ./distributions
func FuzzTransforms(f *testing.F) {
	seed := func(kind, n byte, vals ...float64) []byte {
		b := []byte{kind, n}
		for _, v := range vals {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
		}
		return b
	}
	f.Add(seed(0, 3, 0.5, -2, 800))           // log, with an overflow
	f.Add(seed(1, 2, 40, -40))                // logodds near the bounds
	f.Add(seed(2, 2, 0.3, -1, -2, 5))         // interval (-2, 5)
	f.Add(seed(3, 4, 1, -30, 2, 0))           // ordered, a tiny gap
	f.Add(seed(4, 3, -3, 0.5, 0.1))           // positive ordered
	f.Add(seed(5, 3, 1, -1, 0.5))             // stickbreaking of 4 entries
	f.Add(seed(5, 2, 1e300, -1e300))          // stickbreaking at extremes
	f.Add(seed(2, 1, 0, math.Inf(-1), 1e308)) // interval with an infinite bound
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 2 {
			return
		}
		kind, n := int(data[0])%6, 1+int(data[1])%4
		vals := floatsFrom(data[2:])
		if len(vals) < n {
			return
		}
		y := vals[:n]
		for _, v := range y {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return // an unconstrained point is finite
			}
		}
		g := G.NewGraph()
		tr, support, err := fuzzTransform(g, kind, vals[n:])
		if err != nil || tr == nil {
			return // bounds the constructor refuses, with an error
		}
		shape := tensor.Shape{n}
		xShape, err := tr.UnconstrainedShape(tensor.Shape{n + 1})
		if kind == 5 { // stickbreaking: y has one entry fewer than x
			if err != nil {
				t.Fatal(err)
			}
			shape = xShape
		}
		in := G.NewTensor(g, G.Float64, 1, G.WithShape(shape...), G.WithName("y"))
		yv := tensor.New(tensor.WithShape(shape...), tensor.WithBacking(append([]float64(nil), y[:shape[0]]...)))
		x := evalNode(t, "Backward", tr.Backward, in, yv)
		big := false
		for _, v := range y[:shape[0]] {
			big = big || math.Abs(v) > 700
		}
		for i, v := range x {
			if math.IsNaN(v) || (math.IsInf(v, 0) && !big) {
				t.Fatalf("%s: Backward(%v)[%d] = %v", tr.Name(), y[:shape[0]], i, v)
			}
		}
		if err := support(x); err != nil {
			t.Fatalf("%s: Backward(%v) = %v: %v", tr.Name(), y[:shape[0]], x, err)
		}
		lj := evalNode(t, "LogJacDet", tr.LogJacDet, in, yv)
		if math.IsNaN(lj[0]) || math.IsInf(lj[0], 1) {
			t.Fatalf("%s: LogJacDet(%v) = %v", tr.Name(), y[:shape[0]], lj[0])
		}
		for _, v := range y[:shape[0]] {
			if math.Abs(v) > 5 {
				return
			}
		}
		if kind == 2 {
			lo, hi := vals[n], vals[n+1]
			if !(hi-lo > 1e-6*max(math.Abs(lo), math.Abs(hi))) || !(hi-lo > 1e-290) {
				return // an interval a few ulps wide, or of subnormal numbers: x cannot hold y's precision
			}
		}
		xin := G.NewTensor(g, G.Float64, 1, G.WithShape(len(x)), G.WithName("x"))
		back := evalNode(t, "Forward", tr.Forward, xin, tensor.New(tensor.WithShape(len(x)), tensor.WithBacking(x)))
		for i, v := range back {
			if d := math.Abs(v - y[i]); !(d <= 1e-6*(1+math.Abs(y[i]))) {
				t.Fatalf("%s: Forward(Backward(%v)) = %v", tr.Name(), y[:shape[0]], back)
			}
		}
	})
}

// floatsFrom reads float64 values, 8 little-endian bytes each.
func floatsFrom(b []byte) []float64 {
	var out []float64
	for len(b) >= 8 {
		out = append(out, math.Float64frombits(binary.LittleEndian.Uint64(b)))
		b = b[8:]
	}
	return out
}

// fuzzTransform returns transform kind (on g) and a check of its closed support; extra
// holds the interval transform's bounds.
func fuzzTransform(g *G.ExprGraph, kind int, extra []float64) (distributions.Transform, func([]float64) error, error) {
	within := func(lo, hi float64) func([]float64) error {
		return func(x []float64) error {
			for i, v := range x {
				if !(v >= lo && v <= hi) {
					return fmt.Errorf("element %d is outside [%v, %v]", i, lo, hi)
				}
			}
			return nil
		}
	}
	increasing := func(lo float64) func([]float64) error {
		return func(x []float64) error {
			for i, v := range x {
				if !(v >= lo) || (i > 0 && !(v >= x[i-1])) {
					return fmt.Errorf("not increasing from %v at element %d", lo, i)
				}
			}
			return nil
		}
	}
	switch kind {
	case 0:
		return distributions.NewLogTransform(), within(0, math.Inf(1)), nil
	case 1:
		return distributions.NewLogOddsTransform(), within(0, 1), nil
	case 2:
		if len(extra) < 2 {
			return nil, nil, nil
		}
		lo, err := graph.NewConstant(g, "lower", extra[0])
		if err != nil {
			return nil, nil, err
		}
		hi, err := graph.NewConstant(g, "upper", extra[1])
		if err != nil {
			return nil, nil, err
		}
		tr, err := distributions.NewIntervalTransform(lo, hi)
		return tr, within(extra[0], extra[1]), err
	case 3:
		return distributions.NewOrderedTransform(), increasing(math.Inf(-1)), nil
	case 4:
		return distributions.NewPositiveOrderedTransform(), increasing(0), nil
	}
	simplex := func(x []float64) error {
		s := 0.0
		for i, v := range x {
			if !(v >= 0 && v <= 1) {
				return fmt.Errorf("element %d is %v, outside [0, 1]", i, v)
			}
			s += v
		}
		if math.Abs(s-1) > 1e-9 {
			return fmt.Errorf("sums to %v", s)
		}
		return nil
	}
	return distributions.NewStickBreakingTransform(), simplex, nil
}

// evalNode applies op to in and evaluates it with in bound to v.
func evalNode(t *testing.T, what string, op func(*G.Node) (*G.Node, error), in *G.Node, v *tensor.Dense) []float64 {
	t.Helper()
	out, err := op(in)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	val, err := graph.Eval(out, graph.Given{Node: in, Value: v})
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	switch x := val.(type) {
	case *G.F64:
		return []float64{float64(*x)}
	case *tensor.Dense:
		if d, ok := x.Data().([]float64); ok {
			return d
		}
		return []float64{x.Data().(float64)}
	}
	t.Fatalf("%s: a %T", what, val)
	return nil
}
