package graph

import (
	"math"
	"math/rand/v2"
	"testing"

	G "gorgonia.org/gorgonia"
)

// Regression, trap 5: seeded random nodes reproduce their seed, give fresh draws every run,
// are never merged, and forked copies draw from different streams.
func TestRandomNodesAreSeededFreshAndDistinct(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	a, err := RandomNormal(g, 42, 4)
	if err != nil {
		t.Fatal(err)
	}
	b, err := RandomNormal(g, 42, 4)
	if err != nil {
		t.Fatal(err)
	}
	if a == b {
		t.Fatal("two random nodes of one shape were merged")
	}
	f1, err := Compile([]*G.Node{a})
	if err != nil {
		t.Fatal(err)
	}
	f2, err := Compile([]*G.Node{a})
	if err != nil {
		t.Fatal(err)
	}
	r1, _ := f1.Run()
	r2, _ := f2.Run()
	if !equalFloats(floatsOf(t, r1[0]), floatsOf(t, r2[0])) {
		t.Fatal("two compilations with the same stream drew different values")
	}
	// The draws are the PCG stream of the derived seed.
	rng := rand.New(rand.NewPCG(DeriveSeed(42, 0), 0))
	for i, v := range floatsOf(t, r1[0]) {
		if want := rng.NormFloat64(); v != want {
			t.Fatalf("draw %d = %v, want %v", i, v, want)
		}
	}
	next, _ := f1.Run()
	if equalFloats(floatsOf(t, r1[0]), floatsOf(t, next[0])) {
		t.Fatal("a second run gave the same draws")
	}
	cp, err := f1.Copy()
	if err != nil {
		t.Fatal(err)
	}
	rc, _ := cp.Run()
	if equalFloats(floatsOf(t, r1[0]), floatsOf(t, rc[0])) {
		t.Fatal("a copy drew the same stream as its original")
	}
}

func TestRandomDistributions(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	const n = 20000
	u, err := RandomUniform(g, 7, -1, 3, n)
	if err != nil {
		t.Fatal(err)
	}
	z, err := RandomNormal(g, 8, n)
	if err != nil {
		t.Fatal(err)
	}
	idx, err := RandomIndices(g, 9, 5, n)
	if err != nil {
		t.Fatal(err)
	}
	f, err := Compile([]*G.Node{u, z, idx})
	if err != nil {
		t.Fatal(err)
	}
	out, err := f.Run()
	if err != nil {
		t.Fatal(err)
	}
	// Uniform(-1, 3): mean 1, variance 16/12; N(0,1); indices uniform on {0..4}: mean 2.
	// Each mean within 4 standard errors.
	checkMean := func(name string, xs []float64, mean, variance float64) {
		s := 0.0
		for _, x := range xs {
			s += x
		}
		if m := s / float64(len(xs)); math.Abs(m-mean) > 4*math.Sqrt(variance/float64(len(xs))) {
			t.Errorf("%s mean %v, want %v", name, m, mean)
		}
	}
	checkMean("uniform", floatsOf(t, out[0]), 1, 16.0/12)
	checkMean("normal", floatsOf(t, out[1]), 0, 1)
	ints := out[2].Data().([]int)
	fs := make([]float64, len(ints))
	for i, k := range ints {
		if k < 0 || k >= 5 {
			t.Fatalf("index %d out of [0, 5)", k)
		}
		fs[i] = float64(k)
	}
	checkMean("indices", fs, 2, 2)
}

func TestRandomErrors(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	if _, err := RandomUniform(g, 1, 2, 1); err == nil {
		t.Error("lo > hi accepted")
	}
	if _, err := RandomIndices(g, 1, 0, 3); err == nil {
		t.Error("n = 0 accepted")
	}
	if _, err := RandomNormal(g, 1, 3, 0); err == nil {
		t.Error("a zero dimension accepted")
	}
	if _, err := RandomNormal(nil, 1); err == nil {
		t.Error("nil graph accepted")
	}
}

// A reparameterised draw z = mu + softplus(rho)·eps differentiates through the random node.
func TestGradientThroughRandomNode(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	mu := G.NewVector(g, G.Float64, G.WithShape(3), G.WithName("mu"))
	rho := G.NewVector(g, G.Float64, G.WithShape(3), G.WithName("rho"))
	eps, err := RandomNormal(g, 3, 3)
	if err != nil {
		t.Fatal(err)
	}
	z := G.Must(G.Add(mu, G.Must(G.HadamardProd(G.Must(G.Softplus(rho)), eps))))
	cost := G.Must(G.Sum(G.Must(G.Square(z))))
	f, err := Compile([]*G.Node{cost, eps}, Inputs(mu, rho), Grad(cost, mu, rho))
	if err != nil {
		t.Fatal(err)
	}
	out, err := f.Run(vec(0.5, -1, 2), vec(0, 1, -1))
	if err != nil {
		t.Fatal(err)
	}
	e, dmu, drho := floatsOf(t, out[1]), floatsOf(t, out[2]), floatsOf(t, out[3])
	m, r := []float64{0.5, -1, 2}, []float64{0, 1, -1}
	for i := range m {
		sp := math.Log1p(math.Exp(r[i]))
		zi := m[i] + sp*e[i]
		// d/dmu = 2z; d/drho = 2z·eps·sigmoid(rho).
		if !closeRel(dmu[i], 2*zi, 1e-12) || !closeRel(drho[i], 2*zi*e[i]/(1+math.Exp(-r[i])), 1e-12) {
			t.Fatalf("element %d: d/dmu %v d/drho %v", i, dmu[i], drho[i])
		}
	}
}
