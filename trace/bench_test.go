package trace

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkAppend appends one draw of three scalar variables. A fresh trace every 100,000
// draws (a long chain) keeps memory bounded while the cost of slice growth stays in.
func BenchmarkAppend(b *testing.B) {
	vars := []Var{{Name: "a"}, {Name: "b"}, {Name: "c"}}
	tr, err := New(vars, 1)
	if err != nil {
		b.Fatal(err)
	}
	draw := [][]float64{{1}, {2}, {3}}
	n := 0
	b.ReportAllocs()
	for b.Loop() {
		if n++; n == 100_000 {
			tr, _ = New(vars, 1)
			n = 0
		}
		if err := tr.Append(0, draw); err != nil {
			b.Fatal(err)
		}
	}
}

// benchChains returns m chains of n AR(1) draws (φ = 0.5).
func benchChains(m, n int) [][]float64 {
	rng := rand.New(rand.NewPCG(1, 1))
	out := make([][]float64, m)
	for c := range out {
		out[c] = make([]float64, n)
		x := 0.0
		for i := range out[c] {
			x = 0.5*x + rng.NormFloat64()
			out[c][i] = x
		}
	}
	return out
}

func BenchmarkRHat(b *testing.B) {
	chains := benchChains(2, 50_000)
	b.ReportAllocs()
	for b.Loop() {
		RHat(chains)
	}
}

func BenchmarkESSBulk(b *testing.B) {
	chains := benchChains(2, 50_000)
	b.ReportAllocs()
	for b.Loop() {
		ESSBulk(chains)
	}
}

func BenchmarkESSTail(b *testing.B) {
	chains := benchChains(2, 50_000)
	b.ReportAllocs()
	for b.Loop() {
		ESSTail(chains)
	}
}

// BenchmarkSummary summarises 4 chains × 1000 draws of a scalar and a 3×3 matrix
// (10 rows), PyMC's default sample size.
func BenchmarkSummary(b *testing.B) {
	tr, err := New([]Var{{Name: "mu"}, {Name: "m", Shape: []int{3, 3}}}, 4)
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(2, 2))
	for c := range 4 {
		for range 1000 {
			m := make([]float64, 9)
			for i := range m {
				m[i] = rng.NormFloat64()
			}
			if err := tr.Append(c, [][]float64{{rng.NormFloat64()}, m}); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tr.Summary(); err != nil {
			b.Fatal(err)
		}
	}
}
