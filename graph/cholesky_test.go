package graph

import (
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"gonum.org/v1/gonum/mat"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// spd returns a seeded n×n symmetric positive definite matrix B Bᵀ + n I.
func spd(n int, seed uint64) *tensor.Dense {
	rng := rand.New(rand.NewPCG(seed, 3))
	b := make([]float64, n*n)
	for i := range b {
		b[i] = rng.NormFloat64()
	}
	a := make([]float64, n*n)
	for i := range n {
		for j := range n {
			for k := range n {
				a[i*n+j] += b[i*n+k] * b[j*n+k]
			}
		}
		a[i*n+i] += float64(n)
	}
	return tensor.New(tensor.WithShape(n, n), tensor.WithBacking(a))
}

// TestCholeskyValue: L is lower triangular with L Lᵀ = A and equals gonum's factor, on the
// lean executor and the TapeMachine alike, for sizes 1 to 7.
func TestCholeskyValue(t *testing.T) {
	t.Parallel()
	for n := 1; n <= 7; n++ {
		g := G.NewGraph()
		a := G.NewMatrix(g, G.Float64, G.WithShape(n, n), G.WithName("a"))
		l, err := Cholesky(a)
		if err != nil {
			t.Fatal(err)
		}
		f, err := Compile([]*G.Node{l}, Inputs(a))
		if err != nil {
			t.Fatal(err)
		}
		av := spd(n, uint64(n))
		got := floatsOf(t, runBoth(t, f, 0, av)[0])
		var ch mat.Cholesky
		if !ch.Factorize(mat.NewSymDense(n, av.Float64s())) {
			t.Fatal("gonum: not positive definite")
		}
		var want mat.TriDense
		ch.LTo(&want)
		for i := range n {
			for j := range n {
				if w := want.At(i, j); math.Abs(got[i*n+j]-w) > 1e-13*math.Max(1, math.Abs(w)) {
					t.Fatalf("n=%d: L[%d, %d] = %v, want %v", n, i, j, got[i*n+j], w)
				}
			}
		}
	}
}

// TestCholeskyGradFD: the gradient of Σ W ⊙ L and of log det A = 2 Σ log L_ii with respect
// to every entry of A (upper ones included, which the factorisation does not read) agrees
// with central finite differences; the log-determinant's gradient is also the closed form
// tril(2 A⁻¹) - diag(A⁻¹) (the lower-triangle convention).
func TestCholeskyGradFD(t *testing.T) {
	t.Parallel()
	for _, n := range []int{1, 2, 4, 6} {
		g := G.NewGraph()
		a := G.NewMatrix(g, G.Float64, G.WithShape(n, n), G.WithName("a"))
		w := G.NewMatrix(g, G.Float64, G.WithShape(n, n), G.WithName("w"))
		l := G.Must(Cholesky(a))
		weighted := G.Must(G.Sum(G.Must(G.HadamardProd(l, w))))
		f, err := Compile([]*G.Node{weighted}, Inputs(a, w), Grad(weighted, a))
		if err != nil {
			t.Fatal(err)
		}
		wv := tensor.New(tensor.WithShape(n, n), tensor.WithBacking(ramp(n*n, -1, 2)))
		av := spd(n, 10+uint64(n))
		runBoth(t, f, 1e-12, av, wv)
		checkFDFirst(t, f, av, wv)

		// log det A = 2 Σ log diag(L): the diagonal through a mask.
		eye := make([]float64, n*n)
		for i := range n {
			eye[i*n+i] = 2
		}
		mask := cnst(g, "twice_eye", tensor.New(tensor.WithShape(n, n), tensor.WithBacking(eye)))
		one := cnst(g, "ones", tensor.New(tensor.WithShape(n, n), tensor.WithBacking(ones(n*n))))
		offDiag := G.Must(G.Sub(one, G.Must(G.HadamardDiv(mask, cnst(g, "two", 2.0)))))
		logdet := G.Must(G.Sum(G.Must(G.HadamardProd(mask, G.Must(G.Log(G.Must(G.Add(G.Must(G.Abs(l)), offDiag))))))))
		fl, err := Compile([]*G.Node{logdet}, Inputs(a), Grad(logdet, a))
		if err != nil {
			t.Fatal(err)
		}
		out := runBoth(t, fl, 1e-12, av)
		var ch mat.Cholesky
		ch.Factorize(mat.NewSymDense(n, av.Float64s()))
		var inv mat.SymDense
		if err := ch.InverseTo(&inv); err != nil {
			t.Fatal(err)
		}
		if want := ch.LogDet(); math.Abs(floatsOf(t, out[0])[0]-want) > 1e-12*math.Abs(want) {
			t.Errorf("n=%d: log det %v, want %v", n, floatsOf(t, out[0])[0], want)
		}
		grad := floatsOf(t, out[1])
		for i := range n {
			for j := range n {
				want := 0.0
				switch {
				case i > j:
					want = 2 * inv.At(i, j)
				case i == j:
					want = inv.At(i, i)
				}
				if math.Abs(grad[i*n+j]-want) > 1e-12 {
					t.Fatalf("n=%d: d log det/dA[%d, %d] = %v, want %v", n, i, j, grad[i*n+j], want)
				}
			}
		}
	}
}

// TestCholeskyGPGradFD: the factor of a Gaussian-process covariance built from parameters,
// K = σ² exp(-d²/(2ℓ²)) + 0.1 I (the posteriordb GP models' form), has gradients in σ and ℓ
// (through Σ W ⊙ chol(K)) that agree with finite differences.
func TestCholeskyGPGradFD(t *testing.T) {
	t.Parallel()
	const n = 5
	g := G.NewGraph()
	sigma := G.NewScalar(g, G.Float64, G.WithName("sigma"))
	ell := G.NewScalar(g, G.Float64, G.WithName("ell"))
	xs := []float64{0, 0.4, 1.1, 1.5, 2.7}
	d2 := make([]float64, n*n)
	jit := make([]float64, n*n)
	for i := range n {
		for j := range n {
			d2[i*n+j] = -(xs[i] - xs[j]) * (xs[i] - xs[j]) / 2
		}
		jit[i*n+i] = 0.1
	}
	D := cnst(g, "negHalfD2", tensor.New(tensor.WithShape(n, n), tensor.WithBacking(d2)))
	J := cnst(g, "jitter", tensor.New(tensor.WithShape(n, n), tensor.WithBacking(jit)))
	inv2 := G.Must(G.Inverse(G.Must(G.Square(ell))))
	k := G.Must(G.Add(G.Must(G.HadamardProd(G.Must(G.Exp(G.Must(G.HadamardProd(D, inv2)))), G.Must(G.Square(sigma)))), J))
	l := G.Must(Cholesky(k))
	w := cnst(g, "w", tensor.New(tensor.WithShape(n, n), tensor.WithBacking(ramp(n*n, 0.5, -1.5))))
	cost := G.Must(G.Sum(G.Must(G.HadamardProd(l, w))))
	f, err := Compile([]*G.Node{cost}, Inputs(sigma, ell), Grad(cost, sigma, ell))
	if err != nil {
		t.Fatal(err)
	}
	runBoth(t, f, 1e-12, 1.3, 0.8)
	checkFD(t, f, 1.3, 0.8)
}

// TestCholeskyNotPositiveDefinite: a matrix that is not positive definite, or holds a NaN,
// gives an error naming the pivot when the graph runs; a non-square or non-matrix input is
// an error when the node is built.
func TestCholeskyNotPositiveDefinite(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	a := G.NewMatrix(g, G.Float64, G.WithShape(2, 2), G.WithName("a"))
	f, err := Compile([]*G.Node{G.Must(Cholesky(a))}, Inputs(a))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		a    []float64
		want string
	}{
		{[]float64{1, 2, 2, 1}, "not positive definite (pivot 1 is -3)"},
		{[]float64{-1, 0, 0, 1}, "pivot 0 is -1"},
		{[]float64{1, 0, math.NaN(), 1}, "pivot 1 is NaN"},
	} {
		_, err := f.Run(tensor.New(tensor.WithShape(2, 2), tensor.WithBacking(c.a)))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Cholesky(%v): error %v, want one containing %q", c.a, err, c.want)
		}
	}
	if _, err := Cholesky(G.NewMatrix(g, G.Float64, G.WithShape(2, 3), G.WithName("r"))); err == nil || !strings.Contains(err.Error(), "not square") {
		t.Errorf("2×3: %v", err)
	}
	if _, err := Cholesky(G.NewVector(g, G.Float64, G.WithShape(3), G.WithName("v"))); err == nil {
		t.Error("vector: no error")
	}
}

// TestCholeskyCopies: parallel copies of a compiled Cholesky gradient give the same results
// as the original, run after run.
func TestCholeskyCopies(t *testing.T) {
	t.Parallel()
	const n = 4
	g := G.NewGraph()
	a := G.NewMatrix(g, G.Float64, G.WithShape(n, n), G.WithName("a"))
	l := G.Must(Cholesky(a))
	cost := G.Must(G.Sum(G.Must(G.Square(l))))
	f, err := Compile([]*G.Node{cost}, Inputs(a), Grad(cost, a))
	if err != nil {
		t.Fatal(err)
	}
	av := spd(n, 5)
	ref, err := f.Run(av)
	if err != nil {
		t.Fatal(err)
	}
	want := floatsOf(t, ref[1])
	var wg sync.WaitGroup
	for range 3 {
		c, err := f.Copy()
		if err != nil {
			t.Fatal(err)
		}
		wg.Go(func() {
			for range 50 {
				out, err := c.Run(av)
				if err != nil {
					t.Error(err)
					return
				}
				for i, v := range floatsOf(t, out[1]) {
					if v != want[i] {
						t.Errorf("copy: gradient[%d] = %v, want %v", i, v, want[i])
						return
					}
				}
			}
		})
	}
	wg.Wait()
}

// checkFDFirst checks the gradient with respect to the first input only (the second is
// data without a gradient).
func checkFDFirst(t *testing.T, f *Function, a, w *tensor.Dense) {
	t.Helper()
	out, err := f.Run(a, w)
	if err != nil {
		t.Fatal(err)
	}
	grad := floatsOf(t, out[1])
	data := a.Float64s()
	for k := range data {
		p := a.Clone().(*tensor.Dense)
		pd := p.Float64s()
		h := fdStep * math.Max(1, math.Abs(data[k]))
		pd[k] = data[k] + h
		o1, err := f.Run(p, w)
		if err != nil {
			t.Fatal(err)
		}
		pd[k] = data[k] - h
		o2, err := f.Run(p, w)
		if err != nil {
			t.Fatal(err)
		}
		checkOne(t, 0, k, grad[k], (floatsOf(t, o1[0])[0]-floatsOf(t, o2[0])[0])/(2*h))
	}
}

func ones(n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = 1
	}
	return out
}

// cnst adds a constant to g (Gorgonia's NewConstant makes a node in no graph).
func cnst(g *G.ExprGraph, name string, v any) *G.Node {
	return g.AddNode(G.NewConstant(v, G.WithName(name)))
}
