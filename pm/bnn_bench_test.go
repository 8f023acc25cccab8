package pm_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gopymc/gopymc/pm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// bnnBench is the BNN of TestBNNMoons fitted briefly (the cost of prediction does not depend
// on the fit's quality), with 500 draws of its approximation and the test data set.
type bnnBench struct {
	*bnn
	approx pm.Approximation
	tr     *pm.Trace
}

func newBNNBench(b *testing.B) *bnnBench {
	b.Helper()
	n := newBNN(b)
	approx, err := pm.Fit(n.m, pm.N(2000), pm.Seed(5), pm.Output(nil))
	if err != nil {
		b.Fatal(err)
	}
	tr, err := approx.Sample(500)
	if err != nil {
		b.Fatal(err)
	}
	if err := pm.SetData(n.m, map[string]any{"ann_input": n.xTest, "ann_output": make([]float64, len(n.yTest))}); err != nil {
		b.Fatal(err)
	}
	return &bnnBench{bnn: n, approx: approx, tr: tr}
}

// BenchmarkBNNPosteriorPredictive: the posterior predictive of the BNN's 500 test rows at
// 500 draws of a trace, with SamplePosteriorPredictive on 1 core and on the default cores,
// against the workaround: pm.Eval of the output probabilities with the weights
// given at each draw, then a Bernoulli draw per row by hand.
func BenchmarkBNNPosteriorPredictive(b *testing.B) {
	bb := newBNNBench(b)
	b.Run("SamplePosteriorPredictive/cores=1", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := pm.SamplePosteriorPredictive(bb.m, bb.tr, pm.Seed(1), pm.Cores(1)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("SamplePosteriorPredictive/cores=default", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := pm.SamplePosteriorPredictive(bb.m, bb.tr, pm.Seed(1)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("EvalPerDraw", func(b *testing.B) {
		var nodes []*G.Node
		for _, name := range []string{"w_in_1", "w_1_2", "w_2_out"} {
			v, _ := bb.m.FreeVar(name)
			nodes = append(nodes, v.Value)
		}
		vals := [][]float64{bb.tr.Values("w_in_1"), bb.tr.Values("w_1_2"), bb.tr.Values("w_2_out")}
		shapes := []tensor.Shape{{2, 5}, {5, 5}, {5}}
		rng := rand.New(rand.NewPCG(1, 2))
		out := make([]float64, 500*500)
		b.ReportAllocs()
		for b.Loop() {
			for k := range 500 {
				opts := make([]pm.Option, 3)
				for i := range nodes {
					size := shapes[i].TotalSize()
					w := tensor.New(tensor.WithShape(shapes[i]...), tensor.WithBacking(vals[i][k*size:(k+1)*size]))
					opts[i] = pm.Givens(nodes[i], w)
				}
				p, err := pm.Eval(bb.act, opts...)
				if err != nil {
					b.Fatal(err)
				}
				for i, pi := range p.Float64s() {
					out[k*500+i] = 0
					if rng.Float64() < pi {
						out[k*500+i] = 1
					}
				}
			}
		}
	})
}

// BenchmarkBNNFunction: the compiled posterior function of the BNN's probabilities on the
// 500 test rows at 500 draws from the approximation, on 1 core and on the default cores,
// against a hand-written Go forward pass drawing the same weights from the mean-field
// approximation on one goroutine.
func BenchmarkBNNFunction(b *testing.B) {
	bb := newBNNBench(b)
	x := pm.Placeholder(bb.m, "X", 1, 2)
	n := pm.IntScalar(bb.m, "n")
	for _, c := range []struct {
		name string
		opts []pm.Option
	}{{"Function/cores=1", []pm.Option{pm.Cores(1)}}, {"Function/cores=default", nil}} {
		f, err := pm.Function(bb.approx, []*G.Node{x, n}, []*G.Node{bb.act}, append(c.opts, pm.MoreReplacements(pm.Replace(bb.input.Node(), x)))...)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := f(bb.xTest, 500); err != nil { // compile for the shape before timing
			b.Fatal(err)
		}
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := f(bb.xTest, 500); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("HandWritten", func(b *testing.B) {
		mu, sd := bb.approx.MeanValues(), bb.approx.StdValues()
		rng := rand.New(rand.NewPCG(1, 2))
		w := make([]float64, len(mu))
		rows := len(bb.xTest)
		out := make([]float64, 500*rows)
		var h1, h2 [5]float64
		b.ReportAllocs()
		for b.Loop() {
			for r := range 500 {
				for i := range w {
					w[i] = mu[i] + sd[i]*rng.NormFloat64()
				}
				w1, w2, w3 := w[:10], w[10:35], w[35:40]
				for i, xr := range bb.xTest {
					for j := range 5 {
						h1[j] = math.Tanh(xr[0]*w1[j] + xr[1]*w1[5+j])
					}
					for j := range 5 {
						s := 0.0
						for k := range 5 {
							s += h1[k] * w2[k*5+j]
						}
						h2[j] = math.Tanh(s)
					}
					s := 0.0
					for k := range 5 {
						s += h2[k] * w3[k]
					}
					out[r*rows+i] = 1 / (1 + math.Exp(-s))
				}
			}
		}
	})
}
