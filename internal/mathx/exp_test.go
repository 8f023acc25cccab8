package mathx

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/gopymc/gopymc/internal/benchcpu"
)

// The accuracy of Exp and Tanh is measured in units in the last place (ulp) against a
// 300-bit reference computed with math/big (bigExp: a Taylor series after halving the
// argument 16 times, then squaring back), at random points over each function's range and
// at the points where the algorithms switch branches.

const refPrec = 300

// bigExp is e^x to refPrec bits.
func bigExp(x float64) *big.Float {
	y := new(big.Float).SetPrec(refPrec).SetFloat64(x)
	y.SetMantExp(y, -16) // x / 2^16
	sum := new(big.Float).SetPrec(refPrec).SetInt64(1)
	term := new(big.Float).SetPrec(refPrec).SetInt64(1)
	for n := int64(1); n < 60; n++ {
		term.Mul(term, y)
		term.Quo(term, new(big.Float).SetPrec(refPrec).SetInt64(n))
		sum.Add(sum, term)
	}
	for range 16 {
		sum.Mul(sum, sum)
	}
	return sum
}

// bigTanh is tanh(x) = (e^{2x} - 1)/(e^{2x} + 1) to about refPrec - 70 bits (the
// subtraction loses at most 2·log2(1/|x|) bits for the |x| >= 1e-10 tested).
func bigTanh(x float64) *big.Float {
	e := bigExp(2 * x)
	one := new(big.Float).SetPrec(refPrec).SetInt64(1)
	num := new(big.Float).SetPrec(refPrec).Sub(e, one)
	den := new(big.Float).SetPrec(refPrec).Add(e, one)
	return num.Quo(num, den)
}

// ulpErr is |got - want| in units of the last place of want rounded to float64.
func ulpErr(got float64, want *big.Float) float64 {
	w, _ := want.Float64()
	ulp := math.Nextafter(math.Abs(w), math.Inf(1)) - math.Abs(w)
	d := new(big.Float).SetPrec(refPrec).SetFloat64(got)
	d.Sub(d, want)
	df, _ := d.Float64()
	return math.Abs(df) / ulp
}

// testPoints are n random points in [lo, hi] and the given extra points.
func testPoints(n int, lo, hi float64, extra ...float64) []float64 {
	rng := rand.New(rand.NewPCG(1, 2))
	xs := append([]float64(nil), extra...)
	for range n {
		xs = append(xs, lo+(hi-lo)*rng.Float64())
	}
	return xs
}

func TestExpAccuracy(t *testing.T) {
	t.Parallel()
	n := 4000
	if testing.Short() {
		n = 400
	}
	const maxULP = 1.0 // the documented bound
	worst, at := 0.0, 0.0
	extra := []float64{0, 1e-300, -1e-300, 1e-10, -1e-10, math.Ln2 / 128, -math.Ln2 / 128, 1, -1, 700, -700, 708, -708, 707.9, -707.9}
	for _, x := range append(testPoints(n, -708, 708, extra...), testPoints(n, -2, 2)...) {
		if e := ulpErr(Exp(x), bigExp(x)); e > worst {
			worst, at = e, x
		}
	}
	t.Logf("Exp: max error %.3f ulp at x = %v", worst, at)
	if worst > maxULP {
		t.Errorf("Exp: max error %.3f ulp at x = %v, want <= %v", worst, at, maxULP)
	}
}

func TestExpSpecialValues(t *testing.T) {
	t.Parallel()
	for _, x := range []float64{math.Inf(1), math.Inf(-1), math.NaN(), 709, 709.8, 710, -709, -745, -746, -800, 800} {
		got, want := Exp(x), math.Exp(x)
		if !(got == want || math.IsNaN(got) && math.IsNaN(want)) {
			t.Errorf("Exp(%v) = %v, want %v", x, got, want)
		}
	}
	if got := Exp(0); got != 1 {
		t.Errorf("Exp(0) = %v, want 1", got)
	}
}

func TestTanhAccuracy(t *testing.T) {
	t.Parallel()
	n := 4000
	if testing.Short() {
		n = 400
	}
	const maxULP = 2.0 // the documented bound
	worst, at := 0.0, 0.0
	worstStd := 0.0
	extra := []float64{1e-10, -1e-10, 1e-5, 0.6249999, 0.625, 0.6250001, -0.625, 1, -1, 5, 19, 21.9, 22, 22.1, -22.1, 25}
	for _, x := range append(append(testPoints(n, -25, 25, extra...), testPoints(n, -3, 3)...), testPoints(n, -0.7, 0.7)...) {
		want := bigTanh(x)
		if e := ulpErr(Tanh(x), want); e > worst {
			worst, at = e, x
		}
		worstStd = max(worstStd, ulpErr(math.Tanh(x), want))
	}
	t.Logf("Tanh: max error %.3f ulp at x = %v (math.Tanh: %.3f ulp)", worst, at, worstStd)
	if worst > maxULP {
		t.Errorf("Tanh: max error %.3f ulp at x = %v, want <= %v", worst, at, maxULP)
	}
}

func TestTanhSpecialValues(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ x, want float64 }{
		{0, 0}, {math.Copysign(0, -1), math.Copysign(0, -1)}, {math.Inf(1), 1}, {math.Inf(-1), -1},
		{50, 1}, {-50, -1}, {1e300, 1}, {-1e300, -1}, {5e-324, 5e-324},
	} {
		got := Tanh(c.x)
		if got != c.want || math.Signbit(got) != math.Signbit(c.want) {
			t.Errorf("Tanh(%v) = %v, want %v", c.x, got, c.want)
		}
	}
	if !math.IsNaN(Tanh(math.NaN())) {
		t.Errorf("Tanh(NaN) = %v, want NaN", Tanh(math.NaN()))
	}
}

func TestSliceForms(t *testing.T) {
	t.Parallel()
	xs := testPoints(500, -30, 30, math.NaN(), math.Inf(1), math.Inf(-1), 800, -800)
	ex, th, sg := make([]float64, len(xs)), make([]float64, len(xs)), make([]float64, len(xs))
	ExpTo(ex, xs)
	TanhTo(th, xs)
	SigmoidTo(sg, xs)
	for i, x := range xs {
		same := func(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }
		if !same(ex[i], Exp(x)) || !same(th[i], Tanh(x)) || !same(sg[i], 1/(1+Exp(-x))) {
			t.Fatalf("slice forms differ at %v: %v %v %v", x, ex[i], th[i], sg[i])
		}
	}
	defer func() {
		if recover() == nil {
			t.Errorf("ExpTo with slices of different lengths did not panic")
		}
	}()
	ExpTo(make([]float64, 2), xs)
}

var benchXs = testPoints(2500, -3, 3)

// BenchmarkTanh compares Tanh with math.Tanh on 2500 points of [-3, 3] (the hidden units of a
// tanh network), and Exp with math.Exp.
func BenchmarkTanh(b *testing.B) {
	dst := make([]float64, len(benchXs))
	b.Run("mathx.TanhTo", func(b *testing.B) {
		defer benchcpu.Start(b)()
		for b.Loop() {
			TanhTo(dst, benchXs)
		}
	})
	b.Run("math.Tanh", func(b *testing.B) {
		defer benchcpu.Start(b)()
		for b.Loop() {
			for i, x := range benchXs {
				dst[i] = math.Tanh(x)
			}
		}
	})
	b.Run("mathx.ExpTo", func(b *testing.B) {
		defer benchcpu.Start(b)()
		for b.Loop() {
			ExpTo(dst, benchXs)
		}
	})
	b.Run("math.Exp", func(b *testing.B) {
		defer benchcpu.Start(b)()
		for b.Loop() {
			for i, x := range benchXs {
				dst[i] = math.Exp(x)
			}
		}
	})
}
