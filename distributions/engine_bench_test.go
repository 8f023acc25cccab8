package distributions

import (
	"math"
	"math/rand/v2"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// normalBench is the benchmark problem: Normal(mu[k], sigma[k]) observed on an n x k
// matrix, evaluated the way the lean executor runs a compiled graph: the ops' Do (or
// UsePreallocDo) on values. op is the packed op computing [logp, d/dmu, d/dsigma] in one
// pass; dmu and dsig copy the partials out of it (the gradient nodes); valOp and gop are
// the two-pass alternative (a value op, then a gradient op reading the data again), kept
// to measure what the single pass saves.
type normalBench struct {
	x, mu, sigma []float64
	n, k         int
	op           *fusedOp
	dmu, dsig    *partialOp
	valOp        *fusedOp
	gop          *fusedGradOp
	vals         []G.Value // value, mu, sigma
	gvals        []G.Value // upstream 1, value, mu, sigma
	packed       *tensor.Dense
	pvals        []G.Value // packed, upstream 1, value, mu, sigma
}

func newNormalBench(tb testing.TB, n, k int) *normalBench {
	tb.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	nb := &normalBench{n: n, k: k, x: make([]float64, n*k), mu: make([]float64, k), sigma: make([]float64, k)}
	for j := range nb.mu {
		nb.mu[j] = rng.NormFloat64()
		nb.sigma[j] = 0.5 + rng.Float64()
	}
	for i := range nb.x {
		nb.x[i] = nb.mu[i%k] + nb.sigma[i%k]*rng.NormFloat64()
	}
	g := G.NewGraph()
	xv := tensor.New(tensor.WithShape(n, k), tensor.WithBacking(nb.x))
	muv := tensor.New(tensor.WithShape(k), tensor.WithBacking(nb.mu))
	sv := tensor.New(tensor.WithShape(k), tensor.WithBacking(nb.sigma))
	xn := G.NewMatrix(g, G.Float64, G.WithShape(n, k), G.WithName("x"), G.WithValue(xv))
	mun := G.NewVector(g, G.Float64, G.WithShape(k), G.WithName("mu"), G.WithValue(muv))
	sn := G.NewVector(g, G.Float64, G.WithShape(k), G.WithName("sigma"), G.WithValue(sv))
	d, err := NewNormal(mun, sn)
	if err != nil {
		tb.Fatal(err)
	}
	lp, err := d.LogP(xn, true)
	if err != nil {
		tb.Fatal(err)
	}
	grads, err := G.Grad(lp, mun, sn)
	if err != nil {
		tb.Fatal(err)
	}
	nb.op = children(lp)[0].Op().(*fusedOp)
	nb.dmu, nb.dsig = grads[0].Op().(*partialOp), grads[1].Op().(*partialOp)
	two := *nb.op
	two.packed = false
	two.outDims = 0
	nb.valOp = &two
	nb.gop = newGradOp(&two, G.NewScalar(g, G.Float64, G.WithName("one")), G.Nodes{xn, mun, sn})
	nb.vals = []G.Value{xv, muv, sv}
	nb.gvals = []G.Value{G.NewF64(1), xv, muv, sv}
	nb.packed = tensor.New(tensor.Of(tensor.Float64), tensor.WithShape(1+2*k))
	nb.pvals = []G.Value{nb.packed, G.NewF64(1), xv, muv, sv}
	return nb
}

// run evaluates the log density and its gradient as a compiled graph does: the packed op,
// then the two partials.
func (nb *normalBench) run(dmu, dsig G.Value) (float64, error) {
	if _, err := nb.op.UsePreallocDo(nb.packed, nb.vals...); err != nil {
		return 0, err
	}
	if _, err := nb.dmu.UsePreallocDo(dmu, nb.pvals...); err != nil {
		return 0, err
	}
	if _, err := nb.dsig.UsePreallocDo(dsig, nb.pvals...); err != nil {
		return 0, err
	}
	return nb.packed.Float64s()[0], nil
}

// hand computes the same log density and mu/sigma gradient with one hand-written loop.
func (nb *normalBench) hand(dmu, dsigma, inv, logs []float64) float64 {
	k := nb.k
	for j := 0; j < k; j++ {
		inv[j] = 1 / nb.sigma[j]
		logs[j] = math.Log(nb.sigma[j])
		dmu[j], dsigma[j] = 0, 0
	}
	lp := 0.0
	for r := 0; r < nb.n; r++ {
		row := nb.x[r*k : r*k+k]
		for j, x := range row {
			z := (x - nb.mu[j]) * inv[j]
			lp += -0.5*z*z - logs[j]
			dmu[j] += z * inv[j]
			dsigma[j] += (z*z - 1) * inv[j]
		}
	}
	return lp - float64(nb.n*k)*lnSqrt2Pi
}

func TestNormalBenchAgrees(t *testing.T) {
	t.Parallel()
	// The fused ops against the hand loop: same value and gradient up to rounding, in one
	// pass (packed op) and in two (value op, gradient op).
	const tol = 1e-9
	nb := newNormalBench(t, 500, 100)
	dmu, ds, inv, logs := make([]float64, 100), make([]float64, 100), make([]float64, 100), make([]float64, 100)
	want := nb.hand(dmu, ds, inv, logs)
	gmu, gs := tensor.New(tensor.Of(tensor.Float64), tensor.WithShape(100)), tensor.New(tensor.Of(tensor.Float64), tensor.WithShape(100))
	got, err := nb.run(gmu, gs)
	if err != nil {
		t.Fatal(err)
	}
	if !closeTo(got, want, tol) {
		t.Errorf("logp %v, hand loop %v", got, want)
	}
	for j := 0; j < 100; j++ {
		if !closeTo(gmu.Float64s()[j], dmu[j], tol) || !closeTo(gs.Float64s()[j], ds[j], tol) {
			t.Fatalf("gradient %d: %v %v, hand loop %v %v", j, gmu.Float64s()[j], gs.Float64s()[j], dmu[j], ds[j])
		}
	}
	v, err := nb.valOp.Do(nb.vals...)
	if err != nil {
		t.Fatal(err)
	}
	if got := float64(*v.(*G.F64)); !closeTo(got, want, tol) {
		t.Errorf("two passes: logp %v, hand loop %v", got, want)
	}
	gv, err := nb.gop.Do(nb.gvals...)
	if err != nil {
		t.Fatal(err)
	}
	g := gv.(*tensor.Dense).Float64s()
	for j := 0; j < 100; j++ {
		if !closeTo(g[j], dmu[j], tol) || !closeTo(g[100+j], ds[j], tol) {
			t.Fatalf("two passes: gradient %d: %v %v, hand loop %v %v", j, g[j], g[100+j], dmu[j], ds[j])
		}
	}
}

func TestNormalOpsAllocationFree(t *testing.T) {
	// Not parallel: AllocsPerRun wants a quiet heap.
	if uvRace {
		t.Skip("sync.Pool drops items under the race detector")
	}
	nb := newNormalBench(t, 50, 10)
	gmu, gs := tensor.New(tensor.Of(tensor.Float64), tensor.WithShape(10)), tensor.New(tensor.Of(tensor.Float64), tensor.WithShape(10))
	if _, err := nb.run(gmu, gs); err != nil { // warm the engine scratch pool
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := nb.run(gmu, gs); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations per logp+grad run, want 0", allocs)
	}

	// The element-wise form with scalar parameters and its gradient under an upstream
	// weight tensor.
	g := G.NewGraph()
	x := uvMat(3, 4, uvSeq(12, -1, 0.2)...)
	xn, mun, sn := x.node(g, "x"), uvSc(0.1).node(g, "mu"), uvSc(1.2).node(g, "s")
	op, err := newLogpOp("Normal", normalKernel{}, xn, G.Nodes{mun, sn}, false, true)
	if err != nil {
		t.Fatal(err)
	}
	w := uvMat(3, 4, uvSeq(12, 0.5, 0.1)...)
	gop := newGradOp(op, w.node(g, "w"), G.Nodes{xn, mun, sn})
	vals := []G.Value{x.value(), G.NewF64(0.1), G.NewF64(1.2)}
	gvals := append([]G.Value{w.value()}, vals...)
	eout := tensor.New(tensor.Of(tensor.Float64), tensor.WithShape(3, 4))
	egout := tensor.New(tensor.Of(tensor.Float64), tensor.WithShape(14))
	allocs = testing.AllocsPerRun(100, func() {
		if _, err := op.UsePreallocDo(eout, vals...); err != nil {
			t.Fatal(err)
		}
		if _, err := gop.UsePreallocDo(egout, gvals...); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations per element-wise logp+grad run, want 0", allocs)
	}
}

func benchmarkNormalOps(b *testing.B, n int) {
	nb := newNormalBench(b, n, 100)
	gmu, gs := tensor.New(tensor.Of(tensor.Float64), tensor.WithShape(100)), tensor.New(tensor.Of(tensor.Float64), tensor.WithShape(100))
	b.Run("OnePass", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := nb.run(gmu, gs); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("TwoPasses", func(b *testing.B) {
		out := G.NewF64(0)
		gout := tensor.New(tensor.Of(tensor.Float64), tensor.WithShape(200))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := nb.valOp.UsePreallocDo(out, nb.vals...); err != nil {
				b.Fatal(err)
			}
			if _, err := nb.gop.UsePreallocDo(gout, nb.gvals...); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func benchmarkNormalHand(b *testing.B, n int) {
	nb := newNormalBench(b, n, 100)
	dmu, ds, inv, logs := make([]float64, 100), make([]float64, 100), make([]float64, 100), make([]float64, 100)
	b.ReportAllocs()
	for b.Loop() {
		nb.hand(dmu, ds, inv, logs)
	}
}

// Full data: 40000 x 100.
func BenchmarkNormalObservedOpsLarge(b *testing.B)  { benchmarkNormalOps(b, 40000) }
func BenchmarkNormalObservedHandLarge(b *testing.B) { benchmarkNormalHand(b, 40000) }

// A minibatch: 500 x 100.
func BenchmarkNormalObservedOpsSmall(b *testing.B)  { benchmarkNormalOps(b, 500) }
func BenchmarkNormalObservedHandSmall(b *testing.B) { benchmarkNormalHand(b, 500) }
