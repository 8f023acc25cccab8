package badinput_test

import (
	"errors"
	"math"

	"github.com/gopymc/gopymc/pm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Approximations and what is compiled from them: Sample, SampleNode, RSlice, SampleDict,
// Function and its calls, PSIS, Eval, MeanData, predictive sampling, NewEmpirical.

// fitted is a fitted approximation of a fresh small model, with the model and its "mu".
func fitted() (pm.Approximation, *pm.Model, *G.Node, error) {
	m := pm.NewModel()
	mu := pm.Normal(m, "mu", 0.0, 1.0)
	s := pm.HalfNormal(m, "s", 1.0)
	pm.Normal(m, "y", mu, s, pm.Observed([]float64{0.5, 1.5, -0.2}))
	q, err := pm.Fit(m, pm.N(30), pm.Seed(1), quiet)
	return q, m, mu, err
}

// withApprox runs f on a fitted approximation.
func withApprox(f func(q pm.Approximation, m *pm.Model, mu *G.Node) error) func() error {
	return func() error {
		q, m, mu, err := fitted()
		if err != nil {
			return err
		}
		return f(q, m, mu)
	}
}

func approxCases() []badCase {
	a := func(name string, f func(q pm.Approximation, m *pm.Model, mu *G.Node) error, want ...string) badCase {
		return badCase{name: name, call: withApprox(f), want: want}
	}
	return []badCase{
		a("Sample(-1)", func(q pm.Approximation, _ *pm.Model, _ *G.Node) error { _, err := q.Sample(-1); return err }, "draws must be >= 0, got -1"),
		a("Sample with MoreReplacements and no PSISResample", func(q pm.Approximation, m *pm.Model, _ *G.Node) error {
			_, err := q.Sample(5, pm.MoreReplacements(pm.Replace(m.ObservedVars()[0].Data, []float64{1, 2, 3})))
			return err
		}, "MoreReplacements applies only with PSISResample"),
		a("Sample with PSISResample(1)", func(q pm.Approximation, _ *pm.Model, _ *G.Node) error {
			_, err := q.Sample(5, pm.PSISResample(1))
			return err
		}, "PSISResample(1)", "at least the number of draws"),
		a("Sample with an option of Fit", func(q pm.Approximation, _ *pm.Model, _ *G.Node) error { _, err := q.Sample(5, pm.N(3)); return err }, "N(3) does not apply"),
		a("SampleNode of nil", func(q pm.Approximation, _ *pm.Model, _ *G.Node) error { _, err := q.SampleNode(nil); return err }, "SampleNode: nil node"),
		a("SampleNode of another model's node", func(q pm.Approximation, _ *pm.Model, _ *G.Node) error {
			_, err := q.SampleNode(pm.Normal(pm.NewModel(), "z", 0.0, 1.0))
			return err
		}, "SampleNode", "another graph"),
		a("SampleNode of an int node", func(q pm.Approximation, m *pm.Model, _ *G.Node) error {
			_, err := q.SampleNode(pm.IntScalar(m, "k"))
			return err
		}, "SampleNode", `"k"`, "dtype int"),
		a("SampleNode with Size -1", func(q pm.Approximation, _ *pm.Model, mu *G.Node) error {
			_, err := q.SampleNode(mu, pm.Size(-1))
			return err
		}, "Size must be >= 0, got -1"),
		a("SampleNode with Size and SizeNode", func(q pm.Approximation, m *pm.Model, mu *G.Node) error {
			_, err := q.SampleNode(mu, pm.Size(2), pm.SizeNode(pm.IntScalar(m, "n")))
			return err
		}, "give Size or SizeNode, not both"),
		a("SampleNode with a float SizeNode", func(q pm.Approximation, m *pm.Model, mu *G.Node) error {
			_, err := q.SampleNode(mu, pm.SizeNode(pm.Placeholder(m, "n")))
			return err
		}, "SizeNode", `"n"`, "int scalar"),
		a("a sample node evaluated with a negative size", func(q pm.Approximation, m *pm.Model, mu *G.Node) error {
			n := pm.IntScalar(m, "n")
			node, err := q.SampleNode(mu, pm.SizeNode(n))
			if err != nil {
				return err
			}
			_, err = pm.Eval(node, pm.Givens(n, -2))
			return err
		}, "the size must be >= 0, got -2"),
		a("RSlice of an unknown variable", func(q pm.Approximation, _ *pm.Model, _ *G.Node) error { _, err := q.RSlice("nu"); return err }, `"nu" is not a free variable`),
		a("SampleDict(0)", func(q pm.Approximation, _ *pm.Model, _ *G.Node) error { _, err := q.SampleDict(0); return err }, "draws must be >= 1, got 0"),
		a("Function with no outputs", func(q pm.Approximation, _ *pm.Model, _ *G.Node) error { _, err := pm.Function(q, nil, nil); return err }, "no outputs"),
		a("Function with a nil output", func(q pm.Approximation, _ *pm.Model, _ *G.Node) error {
			_, err := pm.Function(q, nil, []*G.Node{nil})
			return err
		}, "output 0 is nil"),
		a("Function with an input that is not an input node", func(q pm.Approximation, _ *pm.Model, mu *G.Node) error {
			sq := G.Must(G.Square(mu))
			_, err := pm.Function(q, []*G.Node{sq}, []*G.Node{mu})
			return err
		}, "input 0"),
		a("Function with two int inputs", func(q pm.Approximation, m *pm.Model, mu *G.Node) error {
			_, err := pm.Function(q, []*G.Node{pm.IntScalar(m, "a"), pm.IntScalar(m, "b")}, []*G.Node{mu})
			return err
		}, "int"),
		a("Function with Cores 0", func(q pm.Approximation, _ *pm.Model, mu *G.Node) error {
			_, err := pm.Function(q, nil, []*G.Node{mu}, pm.Cores(0))
			return err
		}, "Cores must be >= 1, got 0"),
		a("a Function call with too many values", func(q pm.Approximation, _ *pm.Model, mu *G.Node) error {
			f, err := pm.Function(q, nil, []*G.Node{mu})
			if err != nil {
				return err
			}
			_, err = f(1.0)
			return err
		}, "got 1 values for 0 inputs"),
		a("a Function call with a draw count of 0", func(q pm.Approximation, m *pm.Model, mu *G.Node) error {
			n := pm.IntScalar(m, "n")
			f, err := pm.Function(q, []*G.Node{n}, []*G.Node{mu})
			if err != nil {
				return err
			}
			_, err = f(0)
			return err
		}, "number of draws must be >= 1, got 0"),
		a("a Function call with a float draw count", func(q pm.Approximation, m *pm.Model, mu *G.Node) error {
			n := pm.IntScalar(m, "n")
			f, err := pm.Function(q, []*G.Node{n}, []*G.Node{mu})
			if err != nil {
				return err
			}
			_, err = f(2.0)
			return err
		}, `input 0 (n) is the number of draws`, "float64"),
		a("a Function call with data of another rank", func(q pm.Approximation, m *pm.Model, mu *G.Node) error {
			x := pm.Placeholder(m, "X", 3)
			f, err := pm.Function(q, []*G.Node{x}, []*G.Node{G.Must(G.Add(x, mu))})
			if err != nil {
				return err
			}
			_, err = f([][]float64{{1}, {2}})
			return err
		}, "input 0 (X)", "2 dimensions, want 1"),
		a("a Function call with NaN data", func(q pm.Approximation, m *pm.Model, mu *G.Node) error {
			x := pm.Placeholder(m, "X", 3)
			f, err := pm.Function(q, []*G.Node{x}, []*G.Node{G.Must(G.Add(x, mu))})
			if err != nil {
				return err
			}
			_, err = f([]float64{1, math.NaN(), 3})
			return err
		}, "input 0 (X)", "entry 1 is NaN"),
		a("a Function call with a zero-value tensor", func(q pm.Approximation, m *pm.Model, mu *G.Node) error {
			x := pm.Placeholder(m, "X", 3)
			f, err := pm.Function(q, []*G.Node{x}, []*G.Node{G.Must(G.Add(x, mu))})
			if err != nil {
				return err
			}
			_, err = f(&tensor.Dense{})
			return err
		}, "input 0 (X)", "zero-value *tensor.Dense"),
		a("PSIS with Draws(1)", func(q pm.Approximation, _ *pm.Model, _ *G.Node) error { _, err := pm.PSIS(q, pm.Draws(1)); return err }, "Draws must be >= 2, got 1"),
		a("PSIS of SVGD's particles", func(_ pm.Approximation, m *pm.Model, _ *G.Node) error {
			q, err := pm.Fit(m, pm.Method("svgd"), pm.N(3), quiet)
			if err != nil {
				return err
			}
			_, err = pm.PSIS(q)
			return err
		}, "PSIS does not apply", "no density"),
		a("PSIS with an option of Sample", func(q pm.Approximation, _ *pm.Model, _ *G.Node) error { _, err := pm.PSIS(q, pm.Chains(2)); return err }, "Chains(2) does not apply to PSIS"),
		badCase{name: "PSIS of nil", call: func() error { _, err := pm.PSIS(nil); return err }, want: []string{"PSIS", "nil"}},
		badCase{name: "MeanData of nil", call: func() error { _, err := pm.MeanData(nil); return err }, want: []string{"MeanData: nil approximation"}},
		badCase{name: "Function of nil", call: func() error { _, err := pm.Function(nil, nil, nil); return err }, want: []string{"Function: nil approximation"}},
		a("Eval of nil", func(pm.Approximation, *pm.Model, *G.Node) error { _, err := pm.Eval(nil); return err }, "Eval: nil node"),
		a("Eval with a Givens of nil", func(_ pm.Approximation, _ *pm.Model, mu *G.Node) error {
			_, err := pm.Eval(mu, pm.Givens(nil, 1.0))
			return err
		}, "given 0 has a nil node"),
		a("Eval with a node given twice", func(_ pm.Approximation, m *pm.Model, _ *G.Node) error {
			v := m.FreeVars()[0].Value
			_, err := pm.Eval(G.Must(G.Square(v)), pm.Givens(v, 1.0), pm.Givens(v, 2.0))
			return err
		}, "given twice"),
		a("Eval with a value of another shape", func(_ pm.Approximation, m *pm.Model, _ *G.Node) error {
			v := m.FreeVars()[0].Value
			_, err := pm.Eval(G.Must(G.Square(v)), pm.Givens(v, []float64{1, 2}))
			return err
		}, "mu"),
		a("Eval without a value for an input", func(_ pm.Approximation, _ *pm.Model, mu *G.Node) error {
			_, err := pm.Eval(G.Must(G.Square(mu)))
			return err
		}, "mu"),
		a("Eval with an option of Fit", func(_ pm.Approximation, _ *pm.Model, mu *G.Node) error {
			_, err := pm.Eval(mu, pm.N(2))
			return err
		}, "N(2) does not apply to Eval"),
		a("SamplePosteriorPredictive of a nil trace", func(_ pm.Approximation, m *pm.Model, _ *G.Node) error {
			var tr *pm.Trace
			_, err := pm.SamplePosteriorPredictive(m, tr)
			return err
		}, "nil trace"),
		a("SamplePosteriorPredictive of a string", func(_ pm.Approximation, m *pm.Model, _ *G.Node) error {
			_, err := pm.SamplePosteriorPredictive(m, "trace.csv")
			return err
		}, "source must be a *pm.Trace or a pm.Approximation, got string"),
		a("SamplePosteriorPredictive of another model's approximation", func(q pm.Approximation, _ *pm.Model, _ *G.Node) error {
			_, err := pm.SamplePosteriorPredictive(small(), q)
			return err
		}, "the approximation is of another model"),
		a("SamplePosteriorPredictive of an unknown variable", func(q pm.Approximation, m *pm.Model, _ *G.Node) error {
			_, err := pm.SamplePosteriorPredictive(m, q, pm.VarNames("nope"))
			return err
		}, `"nope"`),
		a("SamplePosteriorPredictive with Samples 0", func(q pm.Approximation, m *pm.Model, _ *G.Node) error {
			_, err := pm.SamplePosteriorPredictive(m, q, pm.Samples(0))
			return err
		}, "Samples must be >= 1, got 0"),
		a("SamplePosteriorPredictive with Cores 0", func(q pm.Approximation, m *pm.Model, _ *G.Node) error {
			_, err := pm.SamplePosteriorPredictive(m, q, pm.Cores(0))
			return err
		}, "Cores must be >= 1, got 0"),
		a("SamplePosteriorPredictive of a trace of another model", func(q pm.Approximation, _ *pm.Model, _ *G.Node) error {
			tr, err := q.Sample(5)
			if err != nil {
				return err
			}
			other := pm.NewModel()
			pm.Normal(other, "theta", 0.0, 1.0)
			_, err = pm.SamplePosteriorPredictive(other, tr)
			return err
		}, `"theta"`, "another model"),
		badCase{name: "SamplePriorPredictive of a Flat prior", call: func() error {
			m := pm.NewModel()
			pm.Flat(m, "f")
			_, err := pm.SamplePriorPredictive(m)
			return err
		}, want: []string{`"f"`, "Flat"}},
		badCase{name: "SamplePriorPredictive of a DensityDist without Random", call: func() error {
			m := pm.NewModel()
			pm.DensityDist(m, "d", func(v *G.Node) (*G.Node, error) { return G.Neg(G.Must(G.Square(v))) })
			_, err := pm.SamplePriorPredictive(m)
			return err
		}, want: []string{`"d"`, "random"}},
		badCase{name: "SamplePriorPredictive with Samples -1", call: func() error {
			_, err := pm.SamplePriorPredictive(small(), pm.Samples(-1))
			return err
		}, want: []string{"Samples must be >= 1, got -1"}},
		badCase{name: "NewEmpirical of a nil trace", call: func() error { _, err := pm.NewEmpirical(nil, small()); return err }, want: []string{"Empirical: nil trace"}},
		a("NewEmpirical of a trace of another model", func(q pm.Approximation, _ *pm.Model, _ *G.Node) error {
			tr, err := q.Sample(3)
			if err != nil {
				return err
			}
			other := pm.NewModel()
			pm.Normal(other, "theta", 0.0, 1.0)
			_, err = pm.NewEmpirical(tr, other)
			return err
		}, `"theta"`, "is it a trace of this model?"),
		a("NewEmpirical of a trace with NaN", func(q pm.Approximation, m *pm.Model, _ *G.Node) error {
			tr, err := q.Sample(3)
			if err != nil {
				return err
			}
			v := tr.ChainValues("mu", 0)
			v[1] = math.NaN()
			if err := tr.SetChain(0, "mu", v); err != nil {
				return err
			}
			_, err = pm.NewEmpirical(tr, m)
			return err
		}, `"mu" is NaN at chain 0, draw 1`),
		a("Sample after the model gained a variable", func(q pm.Approximation, m *pm.Model, _ *G.Node) error {
			pm.Normal(m, "z", 0.0, 1.0)
			_, err := q.Sample(3)
			return err
		}, `gained the free variable "z"`),
		a("a compiled function called after the model gained a variable", func(q pm.Approximation, m *pm.Model, mu *G.Node) error {
			f, err := pm.Function(q, nil, []*G.Node{mu})
			if err != nil {
				return err
			}
			pm.Potential(m, "pen", G.Must(G.Neg(G.Must(G.Square(mu)))))
			_, err = f()
			return err
		}, `gained the potential "pen"`),
		a("PSIS after the model gained an observed variable", func(q pm.Approximation, m *pm.Model, mu *G.Node) error {
			pm.Normal(m, "y2", mu, 1.0, pm.Observed([]float64{1}))
			_, err := pm.PSIS(q, pm.Draws(10))
			return err
		}, `gained the observed variable "y2"`),
		fine("SampleNode with Size 0", func() error {
			q, _, mu, err := fitted()
			if err != nil {
				return err
			}
			node, err := q.SampleNode(mu, pm.Size(0))
			if err != nil {
				return err
			}
			v, err := pm.Eval(node)
			if err != nil {
				return err
			}
			if v.Shape()[0] != 0 {
				return errors.New("want no draws")
			}
			return nil
		}),
		fine("Sample(0)", func() error {
			q, _, _, err := fitted()
			if err != nil {
				return err
			}
			tr, err := q.Sample(0)
			if err != nil {
				return err
			}
			if tr.Len() != 0 {
				return errors.New("want an empty trace")
			}
			return nil
		}),
	}
}
