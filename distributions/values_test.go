package distributions

import (
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

func TestValueReaders(t *testing.T) {
	t.Parallel()
	// isFloat64 compares type identities instead of Dtype values: it must agree with ==.
	for _, dt := range []tensor.Dtype{tensor.Float64, tensor.Float32, tensor.Int64, tensor.Int} {
		d := tensor.New(tensor.Of(dt), tensor.WithShape(2))
		if got, want := isFloat64(d), dt == tensor.Float64; got != want {
			t.Errorf("isFloat64(%v) = %v, want %v", dt, got, want)
		}
	}
	// A scalar reads as one element without a shape; a vector as itself; float32 is refused.
	sc, err := viewOf(G.NewF64(2.5))
	if err != nil || len(sc.d) != 1 || sc.d[0] != 2.5 || len(sc.s) != 0 {
		t.Errorf("viewOf(F64 2.5) = %v, %v", sc, err)
	}
	v := tensor.New(tensor.WithShape(3), tensor.WithBacking([]float64{1, 2, 3}))
	if vv, err := viewOf(v); err != nil || len(vv.d) != 3 || vv.d[2] != 3 || !vv.s.Eq(tensor.Shape{3}) {
		t.Errorf("viewOf(vector) = %v, %v", vv, err)
	}
	if d, ok := vectorOf(v); !ok || len(d) != 3 {
		t.Errorf("vectorOf(vector) = %v, %v", d, ok)
	}
	f32 := tensor.New(tensor.WithShape(2), tensor.WithBacking([]float32{1, 2}))
	if _, err := viewOf(f32); err == nil {
		t.Error("viewOf(float32 tensor): want an error")
	}
	if _, ok := vectorOf(f32); ok {
		t.Error("vectorOf(float32 tensor): want false")
	}
	// outputOf reuses a fitting buffer and refuses one of another kind.
	pre := tensor.New(tensor.Of(tensor.Float64), tensor.WithShape(2, 2))
	if out, d, err := outputOf(pre, tensor.Shape{2, 2}); err != nil || out != G.Value(pre) || len(d) != 4 {
		t.Errorf("outputOf(fitting tensor) = %v, %d values, %v", out, len(d), err)
	}
	if _, _, err := outputOf(pre, tensor.Shape{}); err == nil {
		t.Error("outputOf(tensor) for a scalar output: want an error")
	}
}
