package graph

import (
	"math"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

const (
	// fdStep is the central-difference step, relative to max(1, |x|).
	fdStep = 1e-6
	// fdTol bounds |analytic - finite difference| / max(1, |analytic|) at that step: the
	// truncation error is O(h²) ≈ 1e-12 times the third derivative, the rounding error about
	// 1e-16·|f|/h ≈ 1e-10·|f|.
	fdTol = 1e-5
)

// checkFD compares the gradients of f (compiled with the cost as output 0 and Grad(cost,
// inputs...) after it, one gradient per input in input order) with central finite
// differences of the cost at the given inputs (float64 scalars or float64 tensors).
func checkFD(t *testing.T, f *Function, inputs ...any) {
	t.Helper()
	out, err := f.Run(inputs...)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	nOut := len(out) - len(inputs)
	cost := func(in []any) float64 {
		t.Helper()
		o, err := f.Run(in...)
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
		return floatsOf(t, o[0])[0]
	}
	for i := range inputs {
		grad := floatsOf(t, out[nOut+i])
		in := make([]any, len(inputs))
		copy(in, inputs)
		switch x := inputs[i].(type) {
		case float64:
			h := fdStep * math.Max(1, math.Abs(x))
			in[i] = x + h
			fp := cost(in)
			in[i] = x - h
			fm := cost(in)
			checkOne(t, i, 0, grad[0], (fp-fm)/(2*h))
		case *tensor.Dense:
			data := x.Float64s()
			for k := range data {
				p := x.Clone().(*tensor.Dense)
				pd := p.Float64s()
				h := fdStep * math.Max(1, math.Abs(data[k]))
				in[i] = p
				pd[k] = data[k] + h
				fp := cost(in)
				pd[k] = data[k] - h
				fm := cost(in)
				checkOne(t, i, k, grad[k], (fp-fm)/(2*h))
			}
		default:
			t.Fatalf("checkFD: input %d is a %T", i, inputs[i])
		}
	}
	if _, err := f.Run(inputs...); err != nil { // leave f at the given point
		t.Fatal(err)
	}
}

func checkOne(t *testing.T, input, k int, analytic, fd float64) {
	t.Helper()
	if e := math.Abs(analytic-fd) / math.Max(1, math.Abs(analytic)); !(e <= fdTol) {
		t.Fatalf("input %d, element %d: gradient %v, finite difference %v (rel. error %.2g)", input, k, analytic, fd, e)
	}
}

// dense returns a float64 tensor of the given shape holding data (copied).
func dense(shape tensor.Shape, data ...float64) *tensor.Dense {
	return tensor.New(tensor.WithShape(shape.Clone()...), tensor.WithBacking(append([]float64(nil), data...)))
}

// ramp returns n values spread over [lo, hi], shuffled deterministically so that no axis is
// monotone.
func ramp(n int, lo, hi float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		j := (i*7 + 3) % n
		if n > 1 {
			out[i] = lo + (hi-lo)*float64(j)/float64(n-1)
		} else {
			out[i] = lo
		}
	}
	return out
}

var _ = G.Float64
