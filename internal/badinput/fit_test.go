package badinput_test

import (
	"context"
	"errors"
	"math"

	"github.com/gopymc/gopymc/callbacks"
	"github.com/gopymc/gopymc/optimizers"
	"github.com/gopymc/gopymc/pm"
	G "gorgonia.org/gorgonia"
)

// Fits: pm.Fit and the inference constructors with their options, the NFVI formulas, models
// that cannot be fitted, and the defects of issue 17 (data outside the support, huge N, a
// model that changed).

var quiet = pm.Output(nil)

// small is a model with a free variable, a positive one and an observed one.
func small() *pm.Model {
	m := pm.NewModel()
	mu := pm.Normal(m, "mu", 0.0, 1.0)
	s := pm.HalfNormal(m, "s", 1.0)
	pm.Normal(m, "y", mu, s, pm.Observed([]float64{0.5, 1.5, -0.2}))
	return m
}

// fitErr fits small() (or m) with opts and 20 iterations, and returns the error.
func fitErr(opts ...pm.Option) error {
	_, err := pm.Fit(small(), append([]pm.Option{pm.N(20), quiet}, opts...)...)
	return err
}

// finiteFit fits and checks the result: finite parameters and losses.
func finiteFit(m *pm.Model, opts ...pm.Option) error {
	q, err := pm.Fit(m, append([]pm.Option{quiet}, opts...)...)
	if err != nil {
		return err
	}
	if err := allFinite("parameters", q.FlatParams()); err != nil {
		return err
	}
	return allFinite("losses", q.Hist())
}

func fitCases() []badCase {
	f := func(name string, opts []pm.Option, want ...string) badCase {
		return badCase{name: name, call: func() error { return fitErr(opts...) }, want: want}
	}
	o := func(opts ...pm.Option) []pm.Option { return opts }
	return []badCase{
		f("Fit with an unknown method", o(pm.Method("adv")), "method should be one of", `"adv"`),
		f("Fit with a method of another type", o(pm.Method(42)), "method", "int"),
		f("Fit with a negative N", o(pm.N(-1)), "n must be >= 0", "-1"),
		f("Fit with a nil option", o(nil), "nil option"),
		f("Fit with an option of Sample", o(pm.Draws(10)), "Draws(10) does not apply"),
		f("Fit with ObjNMC 0", o(pm.ObjNMC(0)), "ObjNMC must be >= 1"),
		f("Fit with a nil ObjOptimizer", o(pm.ObjOptimizer(nil)), "ObjOptimizer is nil"),
		f("Fit with a NaN learning rate", o(pm.ObjOptimizer(optimizers.Adam(math.NaN()))), "adam", "learning rate must be finite and > 0"),
		f("Fit with a negative learning rate", o(pm.ObjOptimizer(optimizers.SGD(-0.1))), "sgd", "learning rate"),
		f("Fit with TotalGradNormConstraint NaN", o(pm.TotalGradNormConstraint(math.NaN())), "TotalGradNormConstraint must be finite and > 0"),
		f("Fit with TotalGradNormConstraint 0", o(pm.TotalGradNormConstraint(0)), "TotalGradNormConstraint must be finite and > 0"),
		f("Fit with a nil callback", o(pm.Callbacks(nil)), "callback 0 is nil"),
		f("Fit with InfKwargs of a Fit option", o(pm.InfKwargs(pm.N(3))), "N(3) does not apply"),
		f("Fit with StartSigma for SVGD", o(pm.Method("svgd"), pm.StartSigma(map[string]any{"mu": 1.0})), "start_sigma is only available for method advi"),
		f("Fit with Start naming no variable", o(pm.Start(map[string]any{"nu": 1.0})), `"nu"`),
		f("Fit with Start NaN", o(pm.Start(map[string]any{"mu": math.NaN()})), `"mu"`, "NaN"),
		f("Fit with Start outside the support", o(pm.Start(map[string]any{"s": -1.0})), `"s"`),
		f("Fit with StartSigma 0", o(pm.StartSigma(map[string]any{"mu": 0.0})), `"mu"`, "sd must be finite and non-zero, got 0"),
		f("Fit with StartSigma naming no variable", o(pm.StartSigma(map[string]any{"nu": 1.0})), `"nu"`),
		f("SVGD with 0 particles", o(pm.Method("svgd"), pm.InfKwargs(pm.Particles(0))), "Particles must be >= 1"),
		f("SVGD with a negative jitter", o(pm.Method("svgd"), pm.InfKwargs(pm.Jitter(-1))), "Jitter"),
		f("SVGD with a NaN temperature", o(pm.Method("svgd"), pm.InfKwargs(pm.Temperature(math.NaN()))), "Temperature must be finite and > 0"),
		f("SVGD with 0 cores", o(pm.Method("svgd"), pm.InfKwargs(pm.Cores(0))), "Cores must be >= 1"),
		f("ADVI with a negative KLBeta", o(pm.InfKwargs(pm.KLBeta(-1))), "Beta must be finite and >= 0"),
		f("Averaging with a negative eta", o(pm.Averaging(-1)), "Averaging", "eta must be finite and >= 0"),
		f("AdaptEta with negative iterations", o(pm.AdaptEta(-5)), "AdaptEta(-5)"),
		f("ReportPSIS with negative draws", o(pm.ReportPSIS(-3)), "ReportPSIS"),
		f("ReportPSIS for SVGD", o(pm.Method("svgd"), pm.ReportPSIS(100)), "ReportPSIS"),
		f("CostPartGradScale NaN", o(pm.InfKwargs(pm.CostPartGradScale(math.NaN()))), "CostPartGradScale", "must be finite"),
		f("CostPartGradScale a string", o(pm.InfKwargs(pm.CostPartGradScale("1"))), "CostPartGradScale must be a float64 or a Shared value's node", "string"),
		f("CostPartGradScale for SVGD", o(pm.Method("svgd"), pm.InfKwargs(pm.CostPartGradScale(1.0))), "CostPartGradScale"),
		f("NFVI with an unknown layer", o(pm.Method("nfvi=planar-foo")), "foo"),
		f("NFVI with a repeat of 0", o(pm.Method("nfvi=planar*0")), "planar*0"),
		f("NFVI with an empty formula", o(pm.Method("nfvi"), pm.InfKwargs(pm.Flow(""))), `no flows in formula ""`),
		f("NFVI with an iaf of 0 units", o(pm.Method("nfvi=iaf(0)")), "iaf(0)"),
		f("NFVI with a formula given twice", o(pm.Method("nfvi=planar"), pm.InfKwargs(pm.Flow("radial"))), "give it once"),
		f("NFVI with Start", o(pm.Method("nfvi"), pm.Start(map[string]any{"mu": 0.0})), "Start does not apply"),
		f("NFVI with a negative jitter", o(pm.Method("nfvi"), pm.InfKwargs(pm.Jitter(-0.1))), "Jitter"),
		f("a method argument for a method without one", o(pm.Method("advi=3")), "method should be one of", `"advi=3"`),
		f("MoreReplacements of a nil node", o(pm.MoreReplacements(pm.Replace(nil, 1.0))), "replace", "nil"),
		badCase{name: "MoreReplacements with a string", call: func() error {
			m := small()
			_, err := pm.Fit(m, pm.N(5), quiet, pm.MoreReplacements(pm.Replace(m.ObservedVars()[0].Data, "x")))
			return err
		}, want: []string{`replacing the data of "y"`, "cannot use string"}},
		f("MoreReplacements of another model's node", o(pm.MoreReplacements(pm.Replace(small().ObservedVars()[0].Data, []float64{1}))), "replace", "not in the graph being copied"),
		f("ScaleCostToMinibatch for SVGD", o(pm.Method("svgd"), pm.ScaleCostToMinibatch(false)), "ScaleCostToMinibatch(false) does not apply"),
		f("Progressbar given to SVGD's constructor", o(pm.Method("svgd"), pm.InfKwargs(pm.Progressbar(false))), "Progressbar(false) does not apply"),
		badCase{name: "Fit of a model without free variables", call: func() error {
			m := pm.NewModel()
			pm.Normal(m, "y", 0.0, 1.0, pm.Observed([]float64{1}))
			_, err := pm.Fit(m, pm.N(5), quiet)
			return err
		}, want: []string{"does not have any free variables"}},
		badCase{name: "Fit of a model with a discrete free variable", call: func() error {
			m := pm.NewModel()
			pm.Poisson(m, "k", 3.0)
			_, err := pm.Fit(m, pm.N(5), quiet)
			return err
		}, want: []string{"Discrete variables are not supported", "k (Poisson)"}},
		badCase{name: "Fit of Bernoulli data of 2", call: func() error {
			m := pm.NewModel()
			p := pm.Beta(m, "p", 1.0, 1.0)
			pm.Bernoulli(m, "y", p, pm.Observed([]float64{0, 1, 2}))
			_, err := pm.Fit(m, pm.N(300), quiet)
			return err
		}, want: []string{"log density is -Inf where the fit starts", "the log density of y is -Inf"}},
		badCase{name: "SVGD of negative HalfNormal data", call: func() error {
			m := pm.NewModel()
			s := pm.HalfNormal(m, "s", 1.0)
			pm.HalfNormal(m, "y", s, pm.Observed([]float64{1, -1}))
			_, err := pm.Fit(m, pm.Method("svgd"), pm.N(5), quiet)
			return err
		}, want: []string{"log density is -Inf where the fit starts", "y is -Inf"}},
		badCase{name: "ADVI through a region of -Inf density", call: func() error {
			m := pm.NewModel()
			pm.Uniform(m, "x", 0.0, 1.0, pm.NoTransform())
			_, err := pm.Fit(m, pm.N(200), pm.Seed(3), quiet)
			return err
		}, want: []string{"Inf occurred in optimization", "the log density of x is -Inf"}},
		badCase{name: "a fit of N(math.MaxInt) stopped by a callback", call: func() error {
			stop := callbacks.Func(func(_ callbacks.FlatParamser, _ []float64, i int) error {
				if i == 5 {
					return errors.New("callback says stop")
				}
				return nil
			})
			return fitErr(pm.N(math.MaxInt), pm.Callbacks(stop))
		}, want: []string{"callback at iteration 5", "callback says stop"}},
		badCase{name: "a fit of N(1<<40) with a cancelled context", call: func() error {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			q, err := pm.FitContext(ctx, small(), pm.N(1<<40), quiet)
			if q == nil || allFinite("parameters", q.FlatParams()) != nil {
				return errors.New("no usable approximation came back")
			}
			return err
		}, want: []string{"context canceled"}},
		badCase{name: "a callback that panics", call: func() error {
			cb := callbacks.Func(func(callbacks.FlatParamser, []float64, int) error { panic("bad callback") })
			return fitErr(pm.Callbacks(cb))
		}, want: []string{"callback at iteration 1", "panicked: bad callback"}},
		badCase{name: "SGD(10) that diverges", call: func() error {
			return fitErr(pm.N(500), pm.Seed(1), pm.ObjOptimizer(optimizers.SGD(10)))
		}, want: []string{"occurred in optimization", "The approximation keeps the parameters"}},
		badCase{name: "Refine before Fit", call: func() error {
			inf, err := pm.NewADVI(small())
			if err != nil {
				return err
			}
			return inf.Refine(10)
		}, want: []string{"advi", "call Fit before Refine"}},
		badCase{name: "Refine with a negative n", call: func() error {
			inf, err := pm.NewADVI(small())
			if err != nil {
				return err
			}
			if _, err := inf.Fit(2, quiet); err != nil {
				return err
			}
			return inf.Refine(-1)
		}, want: []string{"n must be >= 0"}},
		badCase{name: "Fit with Method an inference of another model", call: func() error {
			inf, err := pm.NewADVI(small())
			if err != nil {
				return err
			}
			_, err = pm.Fit(small(), pm.Method(inf), pm.N(2), quiet)
			return err
		}, want: []string{"the inference", "is of another model"}},
		badCase{name: "Fit with Method an inference and a Seed", call: func() error {
			m := small()
			inf, err := pm.NewADVI(m)
			if err != nil {
				return err
			}
			_, err = pm.Fit(m, pm.Method(inf), pm.Seed(3), pm.N(2), quiet)
			return err
		}, want: []string{"Seed(3)", "does not apply when Method is an inference"}},
		badCase{name: "Refine after the model gained a variable", call: func() error {
			m := small()
			inf, err := pm.NewADVI(m)
			if err != nil {
				return err
			}
			if _, err := inf.Fit(2, quiet); err != nil {
				return err
			}
			pm.Normal(m, "z", 0.0, 1.0)
			return inf.Refine(2)
		}, want: []string{"Refine", `gained the free variable "z"`}},
		badCase{name: "ASVGD with a minibatched model", call: func() error {
			m := pm.NewModel()
			mu := pm.Normal(m, "mu", 0.0, 1.0)
			mb := pm.NewMinibatch([]float64{1, 2, 3, 4}, 2)
			pm.Normal(m, "y", mu, 1.0, pm.Observed(mb), pm.TotalSize(4))
			_, err := pm.NewASVGD(m, quiet)
			return err
		}, want: []string{"ASVGD does not support Minibatch", `"y"`}},
		badCase{name: "ScheduleShared of a vector", call: func() error {
			m := small()
			s := pm.NewShared(m, "lr", []float64{0.1, 0.2})
			_, err := pm.ScheduleShared(optimizers.Adam(0.1), s)
			return err
		}, want: []string{`"lr"`, "float64 scalar"}},
		badCase{name: "ScheduleShared of nil", call: func() error {
			_, err := pm.ScheduleShared(optimizers.Adam(0.1), nil)
			return err
		}, want: []string{"nil"}},
		badCase{name: "a Shared learning rate set to 0 during a fit", call: func() error {
			m := small()
			s := pm.NewShared(m, "lr", 0.01)
			opt, err := pm.ScheduleShared(optimizers.SGD(0.01), s)
			if err != nil {
				return err
			}
			cb := callbacks.Func(func(_ callbacks.FlatParamser, _ []float64, i int) error {
				if i == 3 {
					// A Shared value accepts 0; the schedule refuses it at the next update.
					return s.SetValue(0.0)
				}
				return nil
			})
			_, err = pm.Fit(m, pm.N(10), pm.ObjOptimizer(opt), pm.Callbacks(cb), quiet)
			return err
		}, want: []string{"learning rate", "must be finite and > 0"}},
		fine("ADVI of data near the float64 range", func() error {
			m := pm.NewModel()
			mu := pm.Normal(m, "mu", 1e6, 1e6)
			pm.Normal(m, "y", mu, 1e3, pm.Observed([]float64{1e6, 1e6 + 1}))
			return finiteFit(m, pm.N(200), pm.Seed(1))
		}),
		fine("FullRank ADVI of a 1-dimensional model", func() error {
			m := pm.NewModel()
			pm.Normal(m, "mu", 0.0, 1.0)
			return finiteFit(m, pm.Method("fullrank_advi"), pm.N(50))
		}),
		fine("SVGD of 1 particle", func() error {
			return finiteFit(small(), pm.Method("svgd"), pm.InfKwargs(pm.Particles(1)), pm.N(20))
		}),
		fine("NFVI planar*3 of a small model", func() error {
			return finiteFit(small(), pm.Method("nfvi=planar*3"), pm.N(50), pm.Seed(2))
		}),
		fine("a fit of N(0)", func() error { return finiteFit(small(), pm.N(0)) }),
		fine("a fit whose potential is 0 everywhere", func() error {
			m := pm.NewModel()
			mu := pm.Normal(m, "mu", 0.0, 1.0)
			pm.Potential(m, "zero", G.Must(G.Sub(mu, mu)))
			return finiteFit(m, pm.N(30))
		}),
	}
}
