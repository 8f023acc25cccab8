package graph

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gopymc/gopymc/internal/parallel"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// The fast products against a plain triple loop, on shapes around the kernels' blocks of
// four and past the size where they use every core; and the same bits on 1, 2 and 5
// workers (the parts depend on the shapes only).
func TestFastProducts(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	randm := func(n int) []float64 {
		x := make([]float64, n)
		for i := range x {
			x[i] = rng.NormFloat64()
		}
		return x
	}
	shapes := [][3]int{{1, 1, 1}, {3, 5, 2}, {4, 4, 4}, {7, 9, 5}, {500, 5, 2}, {2, 5, 500}, {5, 5, 500}, {600, 20, 20}, {20, 20, 700}, {3, 2, 30000}}
	for _, s := range shapes {
		m, n, k := s[0], s[1], s[2]
		a, b, x := randm(m*k), randm(k*n), randm(k)
		at, bt := transpose(a, m, k), transpose(b, k, n)
		want := naiveProduct(a, b, m, n, k)
		wantMV := naiveProduct(a, x, m, 1, k)
		cases := []struct {
			name   string
			kind   mmKind
			ta, tb bool
			in     [2]*tensor.Dense
			want   []float64
		}{
			{"A·B", mmMatMul, false, false, [2]*tensor.Dense{dense(tensor.Shape{m, k}, a...), dense(tensor.Shape{k, n}, b...)}, want},
			{"Aᵀ·B", mmMatMul, true, false, [2]*tensor.Dense{dense(tensor.Shape{k, m}, at...), dense(tensor.Shape{k, n}, b...)}, want},
			{"A·Bᵀ", mmMatMul, false, true, [2]*tensor.Dense{dense(tensor.Shape{m, k}, a...), dense(tensor.Shape{n, k}, bt...)}, want},
			{"A·x", mmMatVec, false, false, [2]*tensor.Dense{dense(tensor.Shape{m, k}, a...), dense(tensor.Shape{k}, x...)}, wantMV},
			{"Aᵀ·x", mmMatVec, true, false, [2]*tensor.Dense{dense(tensor.Shape{k, m}, at...), dense(tensor.Shape{k}, x...)}, wantMV},
			{"a⊗b", mmOuter, false, false, [2]*tensor.Dense{dense(tensor.Shape{m}, a[:m]...), dense(tensor.Shape{n}, b[:n]...)}, naiveProduct(a[:m], b[:n], m, n, 1)},
		}
		for _, c := range cases {
			var first []float64
			for _, w := range []int{1, 2, 5} {
				old := parallel.SetWorkers(w)
				op := &fastMatMul{kind: c.kind, transA: c.ta, transB: c.tb}
				v, ok := op.product(nil, []G.Value{c.in[0], c.in[1]})
				parallel.SetWorkers(old)
				if !ok {
					t.Fatalf("%v %s: not computed", s, c.name)
				}
				got := v.(*tensor.Dense).Float64s()
				for i := range c.want {
					if !closeRel(got[i], c.want[i], 1e-12*math.Sqrt(float64(k))) {
						t.Fatalf("%v %s, %d workers: [%d] = %v, want %v", s, c.name, w, i, got[i], c.want[i])
					}
				}
				if first == nil {
					first = append([]float64(nil), got...)
				} else if !sameBits(first, got) {
					t.Fatalf("%v %s: %d workers give other bits than 1", s, c.name, w)
				}
			}
		}
	}
}

// A product into the executor's buffer allocates nothing, serial or on every core.
func TestFastProductsAllocateNothing(t *testing.T) {
	defer parallel.SetWorkers(parallel.SetWorkers(2))
	for _, s := range [][3]int{{500, 5, 5}, {600, 20, 20}, {20, 20, 700}} {
		m, n, k := s[0], s[1], s[2]
		a, b := dense(tensor.Shape{k, m}, make([]float64, m*k)...), dense(tensor.Shape{k, n}, make([]float64, k*n)...)
		op := &fastMatMul{kind: mmMatMul, transA: true}
		out, _ := op.product(nil, []G.Value{a, b})
		if n := testing.AllocsPerRun(20, func() { op.product(out, []G.Value{a, b}) }); n != 0 {
			t.Errorf("%v: %v allocations per product", s, n)
		}
	}
}

// naiveProduct is A·B for A m×k and B k×n, summed in increasing k.
func naiveProduct(a, b []float64, m, n, k int) []float64 {
	c := make([]float64, m*n)
	for i := range m {
		for j := range n {
			s := 0.0
			for l := range k {
				s += a[i*k+l] * b[l*n+j]
			}
			c[i*n+j] = s
		}
	}
	return c
}

// transpose returns the r×c row-major a as c×r.
func transpose(a []float64, r, c int) []float64 {
	out := make([]float64, len(a))
	for i := range r {
		for j := range c {
			out[j*r+i] = a[i*c+j]
		}
	}
	return out
}

func sameBits(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return false
		}
	}
	return true
}
