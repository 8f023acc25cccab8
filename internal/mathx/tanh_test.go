package mathx

import (
	"math"
	"testing"

	"github.com/gopymc/gopymc/internal/benchcpu"
)

// TanhTo gives Tanh's bits for every element: at every length around the block size of 64,
// on inputs all small (|x| < 0.625), all large and mixed, with the special values among
// them, into another slice and in place.
func TestTanhToSameBitsAsTanh(t *testing.T) {
	t.Parallel()
	special := []float64{0, math.Copysign(0, -1), math.NaN(), math.Inf(1), math.Inf(-1), 5e-324,
		-5e-324, 0.625, -0.625, math.Nextafter(0.625, 0), 22, -22, 800, -800}
	same := func(a, b float64) bool {
		return math.Float64bits(a) == math.Float64bits(b) || math.IsNaN(a) && math.IsNaN(b)
	}
	for _, w := range []float64{0.6, 1.2, 30} {
		for _, n := range []int{0, 1, 2, 63, 64, 65, 127, 128, 129, 1000} {
			xs := testPoints(n, -w, w)
			if n >= len(special) {
				copy(xs[n/3:], special)
			}
			got := TanhTo(make([]float64, n), xs)
			inPlace := TanhTo(append([]float64(nil), xs...), append([]float64(nil), xs...))
			for i, x := range xs {
				if want := Tanh(x); !same(got[i], want) || !same(inPlace[i], want) {
					t.Fatalf("width %v, length %d: TanhTo gives %v (in place %v) at x = %v, Tanh %v", w, n, got[i], inPlace[i], x, want)
				}
			}
		}
	}
}

// tanhToBranching is TanhTo as it was before it sorted each block by branch: e^{2|x|} for
// the whole block, then a branch on each element. The baseline of BenchmarkTanh.
func tanhToBranching(dst, src []float64) []float64 {
	var e [64]float64
	for c := 0; c < len(src); c += len(e) {
		xs := src[c:min(c+len(e), len(src))]
		d := dst[c : c+len(xs)]
		for i, x := range xs {
			e[i] = expCore(2 * min(math.Abs(x), 22))
		}
		for i, x := range xs {
			if math.Abs(x) >= 0.625 {
				d[i] = tanhLarge(x, e[i])
			} else {
				d[i] = tanhSmall(x)
			}
		}
	}
	return dst
}

// BenchmarkTanhInputs compares TanhTo with math.Tanh and with the loop that branches on each
// element (tanhToBranching) on 2500 points of [-w, w]: w = 0.6 all below the switch at
// 0.625, 1.2 about half each side in random order, 3 mostly above.
func BenchmarkTanhInputs(b *testing.B) {
	for _, c := range []struct {
		name string
		w    float64
	}{{"Small", 0.6}, {"Mixed", 1.2}, {"Large", 3}} {
		xs := testPoints(2500, -c.w, c.w)
		dst := make([]float64, len(xs))
		b.Run(c.name+"/mathx.TanhTo", func(b *testing.B) {
			defer benchcpu.Start(b)()
			for b.Loop() {
				TanhTo(dst, xs)
			}
		})
		b.Run(c.name+"/branching", func(b *testing.B) {
			defer benchcpu.Start(b)()
			for b.Loop() {
				tanhToBranching(dst, xs)
			}
		})
		b.Run(c.name+"/math.Tanh", func(b *testing.B) {
			defer benchcpu.Start(b)()
			for b.Loop() {
				for i, x := range xs {
					dst[i] = math.Tanh(x)
				}
			}
		})
	}
}
