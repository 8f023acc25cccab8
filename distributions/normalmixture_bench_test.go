package distributions

import (
	"math"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// mixtureBenchOps returns the tutorial's scalar mixture ops (value and gradient with respect
// to x; constant w, mu, sigma) and their input values.
func mixtureBenchOps(tb testing.TB) (*fusedOp, *fusedGradOp, []G.Value, []G.Value) {
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
	vop := lp.Op().(*fusedOp)
	gop, ok := grads[0].Op().(*fusedGradOp)
	if !ok {
		tb.Fatalf("gradient op is %T", grads[0].Op())
	}
	xv := G.NewF64(0.1)
	params := []G.Value{
		tensor.New(tensor.WithShape(2), tensor.WithBacking(wv)),
		tensor.New(tensor.WithShape(2), tensor.WithBacking(muv)),
		tensor.New(tensor.WithShape(2), tensor.WithBacking(sdv)),
	}
	vin := append([]G.Value{xv}, params...)
	gin := append([]G.Value{G.NewF64(1)}, vin...)
	return vop, gop, vin, gin
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
	vop, gop, vin, gin := mixtureBenchOps(t)
	v, err := vop.Do(vin...)
	if err != nil {
		t.Fatal(err)
	}
	gv, err := gop.Do(gin...)
	if err != nil {
		t.Fatal(err)
	}
	lp, dx := handMixture(0.1, []float64{.2, .8}, []float64{-.3, .5}, []float64{.1, .1})
	if got := float64(*v.(*G.F64)); !closeTo(got, lp, 1e-14) {
		t.Errorf("op logp %v, hand-written %v", got, lp)
	}
	if got := float64(*gv.(*G.F64)); !closeTo(got, dx, 1e-12) {
		t.Errorf("op dx %v, hand-written %v", got, dx)
	}
}

// TestMixtureOpsAllocationFree checks that the hot path allocates nothing when its outputs
// are preallocated. Not parallel: testing.AllocsPerRun refuses parallel tests.
func TestMixtureOpsAllocationFree(t *testing.T) {
	vop, gop, vin, gin := mixtureBenchOps(t)
	pv, pg := G.NewF64(0), G.NewF64(0)
	allocs := testing.AllocsPerRun(100, func() {
		_, _ = vop.UsePreallocDo(pv, vin...)
		_, _ = gop.UsePreallocDo(pg, gin...)
	})
	if allocs != 0 {
		t.Errorf("UsePreallocDo pair allocates %v times, want 0", allocs)
	}
}

// BenchmarkNormalMixtureScalar measures one log density plus gradient evaluation of the
// tutorial's scalar two-component mixture: through the ops' Do (as the lean executor calls
// them), through UsePreallocDo, and written by hand.
func BenchmarkNormalMixtureScalar(b *testing.B) {
	vop, gop, vin, gin := mixtureBenchOps(b)
	b.Run("Do", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := vop.Do(vin...); err != nil {
				b.Fatal(err)
			}
			if _, err := gop.Do(gin...); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("UsePreallocDo", func(b *testing.B) {
		pv, pg := G.NewF64(0), G.NewF64(0)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := vop.UsePreallocDo(pv, vin...); err != nil {
				b.Fatal(err)
			}
			if _, err := gop.UsePreallocDo(pg, gin...); err != nil {
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
