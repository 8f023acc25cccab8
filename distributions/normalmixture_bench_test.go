package distributions

import (
	"math"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// mixtureBenchOps returns the tutorial's scalar mixture ops (the packed op computing the
// log density and its partial with respect to x in one pass, and the gradient node's op
// copying that partial out; constant w, mu, sigma) and their input values. The partial's
// inputs start with packed, the packed op's output buffer, which vop must fill first.
func mixtureBenchOps(tb testing.TB) (vop *fusedOp, dop *partialOp, vin, din []G.Value, packed *tensor.Dense) {
	tb.Helper()
	g := G.NewGraph()
	x := G.NewScalar(g, G.Float64, G.WithName("x"))
	wv, muv, sdv := []float64{.2, .8}, []float64{-.3, .5}, []float64{.1, .1}
	d, err := NewNormalMixture(constNode(g, "w", tensor.Shape{2}, wv), constNode(g, "mu", tensor.Shape{2}, muv),
		constNode(g, "sd", tensor.Shape{2}, sdv))
	if err != nil {
		tb.Fatal(err)
	}
	lp, err := d.LogP(x, false)
	if err != nil {
		tb.Fatal(err)
	}
	grads, err := G.Grad(lp, x)
	if err != nil {
		tb.Fatal(err)
	}
	vop = children(lp)[0].Op().(*fusedOp)
	dop, ok := grads[0].Op().(*partialOp)
	if !ok {
		tb.Fatalf("gradient op is %T", grads[0].Op())
	}
	xv := G.NewF64(0.1)
	params := []G.Value{
		tensor.New(tensor.WithShape(2), tensor.WithBacking(wv)),
		tensor.New(tensor.WithShape(2), tensor.WithBacking(muv)),
		tensor.New(tensor.WithShape(2), tensor.WithBacking(sdv)),
	}
	vin = append([]G.Value{xv}, params...)
	packed = tensor.New(tensor.Of(tensor.Float64), tensor.WithShape(2))
	din = append([]G.Value{packed, G.NewF64(1)}, vin...)
	return vop, dop, vin, din, packed
}

// mixtureRun evaluates the mixture's log density and gradient as a compiled graph does:
// the packed op, the pick of the value, the partial; pv and pg receive the value and the
// partial.
func mixtureRun(vop *fusedOp, dop *partialOp, vin, din []G.Value, packed *tensor.Dense, pv, pg *G.F64) error {
	if _, err := vop.UsePreallocDo(packed, vin...); err != nil {
		return err
	}
	if _, err := pickValue.UsePreallocDo(pv, packed); err != nil {
		return err
	}
	_, err := dop.UsePreallocDo(pg, din...)
	return err
}

// handMixture is the tutorial's log density and its derivative with respect to x written
// directly in Go, the lower bound for the fused ops.
func handMixture(x float64, w, mu, sd []float64) (lp, dx float64) {
	var a [2]float64
	m := math.Inf(-1)
	for k := range a {
		z := (x - mu[k]) / sd[k]
		a[k] = math.Log(w[k]/sd[k]) - logSqrt2Pi - 0.5*z*z
		m = math.Max(m, a[k])
	}
	s := 0.0
	for k := range a {
		a[k] = math.Exp(a[k] - m)
		s += a[k]
	}
	lp = m + math.Log(s)
	for k := range a {
		dx -= a[k] / s * (x - mu[k]) / (sd[k] * sd[k])
	}
	return lp, dx
}

func TestMixtureBenchOpsAgree(t *testing.T) {
	t.Parallel()
	vop, dop, vin, din, packed := mixtureBenchOps(t)
	pv, pg := G.NewF64(0), G.NewF64(0)
	if err := mixtureRun(vop, dop, vin, din, packed, pv, pg); err != nil {
		t.Fatal(err)
	}
	lp, dx := handMixture(0.1, []float64{.2, .8}, []float64{-.3, .5}, []float64{.1, .1})
	if got := float64(*pv); !closeTo(got, lp, 1e-14) {
		t.Errorf("op logp %v, hand-written %v", got, lp)
	}
	if got := float64(*pg); !closeTo(got, dx, 1e-12) {
		t.Errorf("op dx %v, hand-written %v", got, dx)
	}
}

// TestMixtureOpsAllocationFree checks that the hot path allocates nothing when its outputs
// are preallocated. Not parallel: testing.AllocsPerRun refuses parallel tests.
func TestMixtureOpsAllocationFree(t *testing.T) {
	vop, dop, vin, din, packed := mixtureBenchOps(t)
	pv, pg := G.NewF64(0), G.NewF64(0)
	allocs := testing.AllocsPerRun(100, func() {
		_ = mixtureRun(vop, dop, vin, din, packed, pv, pg)
	})
	if allocs != 0 {
		t.Errorf("UsePreallocDo of the packed, pick and partial ops allocates %v times, want 0", allocs)
	}
}

// BenchmarkNormalMixtureScalar measures one log density plus gradient evaluation of the
// tutorial's scalar two-component mixture: through the ops' Do (as the lean executor calls
// them on its first run), through UsePreallocDo (its steady state), and written by hand.
func BenchmarkNormalMixtureScalar(b *testing.B) {
	vop, dop, vin, din, packed := mixtureBenchOps(b)
	b.Run("Do", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			pk, err := vop.Do(vin...)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := pickValue.Do(pk); err != nil {
				b.Fatal(err)
			}
			in := append([]G.Value{pk}, din[1:]...)
			if _, err := dop.Do(in...); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("UsePreallocDo", func(b *testing.B) {
		pv, pg := G.NewF64(0), G.NewF64(0)
		b.ReportAllocs()
		for b.Loop() {
			if err := mixtureRun(vop, dop, vin, din, packed, pv, pg); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("HandWritten", func(b *testing.B) {
		w, mu, sd := []float64{.2, .8}, []float64{-.3, .5}, []float64{.1, .1}
		x := 0.1
		b.ReportAllocs()
		var sink float64
		for b.Loop() {
			lp, dx := handMixture(x, w, mu, sd)
			sink += lp + dx
		}
		if math.IsNaN(sink) {
			b.Fatal("NaN")
		}
	})
}
