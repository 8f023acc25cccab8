package badinput_test

import (
	"context"
	"errors"
	"math"

	"github.com/gopymc/gopymc/pm"
	"gorgonia.org/tensor"
)

// NUTS: pm.Sample's options, starts, mass matrices and the models it cannot sample.

// sampleErr samples small() briefly with opts and returns the error.
func sampleErr(opts ...pm.Option) error {
	_, err := pm.Sample(small(), append([]pm.Option{pm.Draws(20), pm.Tune(20), pm.Chains(1), quiet}, opts...)...)
	return err
}

func sampleCases() []badCase {
	s := func(name string, opts []pm.Option, want ...string) badCase {
		return badCase{name: name, call: func() error { return sampleErr(opts...) }, want: want}
	}
	o := func(opts ...pm.Option) []pm.Option { return opts }
	return []badCase{
		s("Sample with Draws -1", o(pm.Draws(-1)), "Draws must be >= 0, got -1"),
		s("Sample with Tune -1", o(pm.Tune(-1)), "Tune must be >= 0, got -1"),
		s("Sample with Chains 0", o(pm.Chains(0)), "Chains must be >= 1, got 0"),
		s("Sample with Cores 0", o(pm.Cores(0)), "Cores must be >= 1, got 0"),
		s("Sample with TargetAccept 1", o(pm.TargetAccept(1)), "TargetAccept must lie in (0, 1), got 1"),
		s("Sample with TargetAccept NaN", o(pm.TargetAccept(math.NaN())), "TargetAccept must lie in (0, 1), got NaN"),
		s("Sample with MaxTreedepth 0", o(pm.MaxTreedepth(0)), "MaxTreedepth must lie in [1, 30], got 0"),
		s("Sample with MaxTreedepth 31", o(pm.MaxTreedepth(31)), "MaxTreedepth must lie in [1, 30], got 31"),
		s("Sample with an unknown Init", o(pm.Init("jitter")), "Init", `"jitter"`),
		s("Sample with NInit without an ADVI init", o(pm.NInit(100)), "NInit applies to the ADVI inits"),
		s("Sample with Draws(math.MaxInt)", o(pm.Draws(math.MaxInt)), "overflow an int"),
		s("Sample with a Fit option", o(pm.N(10)), "N(10) does not apply to Sample"),
		s("Sample with a nil option", o(nil), "Sample", "is nil"),
		s("Sample with Start naming no variable", o(pm.Start(map[string]any{"nu": 0.0})), `"nu"`),
		s("Sample with Start outside the support", o(pm.Start(map[string]any{"s": -2.0})), `"s"`),
		s("Sample with Start NaN", o(pm.Start(map[string]any{"mu": math.NaN()})), `"mu"`, "NaN"),
		s("Sample with Start of another shape", o(pm.Start(map[string]any{"mu": []float64{1, 2}})), `"mu"`, "shape"),
		s("Sample with StartChains of the wrong count", o(pm.Chains(2), pm.StartChains(map[string]any{"mu": 0.0})), "StartChains", "one per chain"),
		s("Sample with Start and StartChains", o(pm.Start(map[string]any{"mu": 0.0}), pm.StartChains(map[string]any{"mu": 0.0})), "Start", "StartChains"),
		s("Sample with Scaling of the wrong size", o(pm.Scaling([]float64{1, 1, 1})), "Scaling", "3"),
		s("Sample with Scaling not positive definite", o(pm.Scaling([][]float64{{1, 2}, {2, 1}})), "Scaling", "positive definite"),
		s("Sample with Scaling NaN", o(pm.Scaling([]float64{1, math.NaN()})), "Scaling", "NaN"),
		s("Sample with Scaling negative", o(pm.Scaling([]float64{1, -1})), "Scaling"),
		s("Sample with Scaling a string", o(pm.Scaling("identity")), "Scaling", "string"),
		s("Sample with Scaling a zero-value tensor", o(pm.Scaling(&tensor.Dense{})), "Scaling", "zero-value *tensor.Dense"),
		s("Sample with IsCov without Scaling", o(pm.IsCov()), "IsCov applies to Scaling"),
		s("Sample with Scaling and an ADVI init", o(pm.Scaling([]float64{1, 1}), pm.Init("advi")), "Scaling and Init", "give one"),
		badCase{name: "Sample of a model without free variables", call: func() error {
			m := pm.NewModel()
			pm.Normal(m, "y", 0.0, 1.0, pm.Observed([]float64{1}))
			_, err := pm.Sample(m, quiet)
			return err
		}, want: []string{"no free variables"}},
		badCase{name: "Sample of a discrete variable", call: func() error {
			m := pm.NewModel()
			pm.Bernoulli(m, "b", 0.5)
			_, err := pm.Sample(m, quiet)
			return err
		}, want: []string{"Discrete", "b (Bernoulli)"}},
		badCase{name: "Sample of non-integer Poisson data", call: func() error {
			m := pm.NewModel()
			mu := pm.Exponential(m, "mu", 1.0)
			pm.Poisson(m, "y", mu, pm.Observed([]float64{1.5}))
			_, err := pm.Sample(m, pm.Chains(1), quiet)
			return err
		}, want: []string{"the log density of y is -Inf"}},
		badCase{name: "Sample of Draws(1<<40) with a cancelled context", call: func() error {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			tr, err := pm.SampleContext(ctx, small(), pm.Draws(1<<40), pm.Chains(1), quiet)
			if tr == nil {
				return errors.New("no trace came back")
			}
			return err
		}, want: []string{"context canceled"}},
		badCase{name: "Scaling by an approximation of another model", call: func() error {
			other := pm.NewModel()
			pm.Normal(other, "a", 0.0, 1.0)
			pm.Normal(other, "b", 0.0, 1.0)
			pm.Normal(other, "c", 0.0, 1.0)
			q, err := pm.Fit(other, pm.N(5), quiet)
			if err != nil {
				return err
			}
			return sampleErr(pm.Scaling(q))
		}, want: []string{"Scaling", "the approximation has 3 unconstrained coordinates, the model 2"}},
		badCase{name: "Point out of range", call: func() error {
			tr, err := pm.Sample(small(), pm.Draws(5), pm.Tune(5), pm.Chains(1), quiet)
			if err != nil {
				return err
			}
			_, err = pm.Point(tr, 0, 5)
			return err
		}, want: []string{"draw 5"}},
		badCase{name: "Point of a nil trace", call: func() error {
			_, err := pm.Point(nil, 0, 0)
			return err
		}, want: []string{"nil trace"}},
		badCase{name: "TraceCov of one draw", call: func() error {
			m := small()
			tr, err := pm.Sample(m, pm.Draws(1), pm.Tune(5), pm.Chains(1), quiet)
			if err != nil {
				return err
			}
			_, err = pm.TraceCov(tr, m)
			return err
		}, want: []string{"TraceCov", "1 draws; a covariance needs at least 2"}},
		badCase{name: "RMap of the wrong length", call: func() error {
			_, err := pm.RMap(small(), []float64{1})
			return err
		}, want: []string{"RMap", "a vector of 1 values, the model has 2 unconstrained coordinates"}},
		fine("Sample with Tune 0 and one draw", func() error {
			tr, err := pm.Sample(small(), pm.Draws(1), pm.Tune(0), pm.Chains(1), quiet)
			if err != nil {
				return err
			}
			return allFinite("mu", tr.Values("mu"))
		}),
		fine("Sample with MaxTreedepth 1", func() error {
			tr, err := pm.Sample(small(), pm.Draws(20), pm.Tune(20), pm.Chains(1), pm.MaxTreedepth(1), quiet)
			if err != nil {
				return err
			}
			return allFinite("mu", tr.Values("mu"))
		}),
	}
}
