package graph

import (
	"math"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// mixtureLogp builds the tutorial's 2-component normal mixture log density from Gorgonia's
// primitive ops, max-shifted log-sum-exp included (G.LogSumExp is broken, trap 8):
// log Σ_k w_k N(x | mu_k, sd_k) with w = (.2, .8), mu = (-.3, .5), sd = (.1, .1).
func mixtureLogp() (g *G.ExprGraph, x, logp *G.Node) {
	g = G.NewGraph()
	x = G.NewScalar(g, G.Float64, G.WithName("x"))
	c := func(name string, v ...float64) *G.Node {
		return G.NewConstant(tensor.New(tensor.WithShape(len(v)), tensor.WithBacking(v)), G.WithName(name))
	}
	mu, sd := c("mu", -0.3, 0.5), c("sd", 0.1, 0.1)
	// log w_k - log sd_k - log √(2π), a constant per component.
	lc := -0.5*math.Log(2*math.Pi) - math.Log(0.1)
	logc := c("logc", math.Log(0.2)+lc, math.Log(0.8)+lc)
	z := G.Must(G.HadamardDiv(G.Must(G.Sub(x, mu)), sd))
	half := G.NewConstant(-0.5, G.WithName("minus half"))
	lp := G.Must(G.Add(logc, G.Must(G.Mul(half, G.Must(G.Square(z))))))
	m := G.Must(G.Max(lp))
	logp = G.Must(G.Add(m, G.Must(G.Log(G.Must(G.Sum(G.Must(G.Exp(G.Must(G.Sub(lp, m))))))))))
	return g, x, logp
}

func TestMixtureFromPrimitives(t *testing.T) {
	t.Parallel()
	_, x, logp := mixtureLogp()
	f, err := Compile([]*G.Node{logp}, Inputs(x), Grad(logp, x))
	if err != nil {
		t.Fatal(err)
	}
	for _, xv := range []float64{-0.3, 0, 0.34, 0.5, 1.2} {
		out := runBoth(t, f, 1e-12, xv)
		// Closed form and its derivative.
		n := func(m float64) float64 { return math.Exp(-0.5*math.Pow((xv-m)/0.1, 2)) / (0.1 * math.Sqrt(2*math.Pi)) }
		p := 0.2*n(-0.3) + 0.8*n(0.5)
		dp := 0.2*n(-0.3)*(-(xv+0.3)/0.01) + 0.8*n(0.5)*(-(xv-0.5)/0.01)
		if got := floatsOf(t, out[0])[0]; !closeRel(got, math.Log(p), 1e-10) {
			t.Errorf("logp(%v) = %v, want %v", xv, got, math.Log(p))
		}
		if got := floatsOf(t, out[1])[0]; !closeRel(got, dp/p, 1e-9) {
			t.Errorf("dlogp(%v) = %v, want %v", xv, got, dp/p)
		}
	}
}

var sink G.Value

// BenchmarkRun measures one Function run: a one-node graph, and the mixture log density
// plus its gradient from primitive ops, each beside Gorgonia's TapeMachine on the same graph.
func BenchmarkRun(b *testing.B) {
	b.Run("OneNode/lean", func(b *testing.B) {
		g := G.NewGraph()
		x := G.NewScalar(g, G.Float64, G.WithName("x"))
		y := G.Must(G.Add(x, G.NewConstant(1.0, G.WithName("one"))))
		f, err := Compile([]*G.Node{y}, Inputs(x))
		if err != nil {
			b.Fatal(err)
		}
		benchExec(b, f, G.NewF64(2))
	})
	b.Run("OneNode/tape", func(b *testing.B) {
		g := G.NewGraph()
		x := G.NewScalar(g, G.Float64, G.WithName("x"))
		y := G.Must(G.Add(x, G.NewConstant(1.0, G.WithName("one"))))
		benchTape(b, g, x, y, G.NewF64(2))
	})
	b.Run("MixtureLogpGrad/lean", func(b *testing.B) {
		_, x, logp := mixtureLogp()
		f, err := Compile([]*G.Node{logp}, Inputs(x), Grad(logp, x))
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(f.plan.steps)), "steps")
		b.ReportMetric(float64(len(f.plan.vals)), "nodes")
		benchExec(b, f, G.NewF64(0.1))
	})
	b.Run("MixtureLogpGrad/tape", func(b *testing.B) {
		g, x, logp := mixtureLogp()
		grads, err := G.Grad(logp, x)
		if err != nil {
			b.Fatal(err)
		}
		benchTape(b, g, x, grads[0], G.NewF64(0.1))
	})
}

func benchExec(b *testing.B, f *Function, in G.Value) {
	if err := f.SetInput(0, in); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := f.Exec(); err != nil {
			b.Fatal(err)
		}
	}
	sink = f.Output(0)
}

func benchTape(b *testing.B, g *G.ExprGraph, x, out *G.Node, in G.Value) {
	var v G.Value
	G.Read(out, &v)
	m := G.NewTapeMachine(g)
	defer m.Close()
	b.ReportAllocs()
	for b.Loop() {
		if err := G.Let(x, in); err != nil {
			b.Fatal(err)
		}
		if err := m.RunAll(); err != nil {
			b.Fatal(err)
		}
		m.Reset()
	}
	sink = v
}

// BenchmarkEvalCacheHit measures Eval of an already compiled node.
func BenchmarkEvalCacheHit(b *testing.B) {
	_, x, logp := mixtureLogp()
	if _, err := Eval(logp, Given{x, 0.1}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		v, err := Eval(logp, Given{x, 0.1})
		if err != nil {
			b.Fatal(err)
		}
		sink = v
	}
}
