package badinput_test

import (
	"errors"
	"math"

	"github.com/gopymc/gopymc/callbacks"
	"github.com/gopymc/gopymc/optimizers"
	"github.com/gopymc/gopymc/pm"
)

// Callbacks and optimizers: their options, a callback's failures inside a fit, the rules'
// settings and states, the norm constraints, schedules and averages.

// validator is a callback whose settings can be checked.
type validator interface{ Validate() error }

func callbackCases() []badCase {
	v := func(name string, cb validator, want ...string) badCase {
		return badCase{name: name, call: cb.Validate, want: want}
	}
	inFit := func(name string, cb callbacks.Callback, want ...string) badCase {
		return badCase{name: name, call: func() error { return fitErr(pm.Callbacks(cb)) }, want: want}
	}
	return []badCase{
		v("CheckParametersConvergence with Every 0", callbacks.NewCheckParametersConvergence(callbacks.Every(0)), "Every", "0"),
		v("CheckParametersConvergence with a negative tolerance", callbacks.NewCheckParametersConvergence(callbacks.Tolerance(-1)), "Tolerance", "-1"),
		v("CheckParametersConvergence with a NaN tolerance", callbacks.NewCheckParametersConvergence(callbacks.Tolerance(math.NaN())), "Tolerance", "NaN"),
		v("CheckParametersConvergence with an unknown diff", callbacks.NewCheckParametersConvergence(callbacks.Diff("rel")), "diff", `"rel"`),
		v("CheckParametersConvergence with norm order 0", callbacks.NewCheckParametersConvergence(callbacks.Ord(0)), "ord", "0"),
		v("CheckParametersConvergence with an option of another callback", callbacks.NewCheckParametersConvergence(callbacks.Kappa(2)), "Kappa"),
		v("CheckLossConvergence with Kappa 0", callbacks.NewCheckLossConvergence(callbacks.Kappa(0)), "Kappa"),
		v("CheckLossConvergence with ZClip below Kappa", callbacks.NewCheckLossConvergence(callbacks.Kappa(3), callbacks.ZClip(2)), "ZClip"),
		v("CheckLossConvergence with a NaN half-life", callbacks.NewCheckLossConvergence(callbacks.HalfLife(math.NaN())), "HalfLife"),
		v("CheckLossConvergence with MinSteps -1", callbacks.NewCheckLossConvergence(callbacks.MinSteps(-1)), "MinSteps"),
		v("CheckLossConvergence with SigmaFloor 0", callbacks.NewCheckLossConvergence(callbacks.SigmaFloor(0)), "SigmaFloor"),
		v("CheckLossConvergence with H infinite", callbacks.NewCheckLossConvergence(callbacks.H(math.Inf(1))), "H"),
		v("CheckRelativeELBO with BufferSize 0", callbacks.NewCheckRelativeELBO(callbacks.BufferSize(0)), "BufferSize"),
		v("CheckRelativeELBO with an unknown average", callbacks.NewCheckRelativeELBO(callbacks.Average("mode")), "Average", `"mode"`),
		v("CheckRelativeELBO with TolRelObj 0", callbacks.NewCheckRelativeELBO(callbacks.TolRelObj(0)), "TolRelObj"),
		v("CheckRelativeELBO with Every -1", callbacks.NewCheckRelativeELBO(callbacks.Every(-1)), "Every"),
		inFit("a fit with an invalid convergence callback", callbacks.NewCheckParametersConvergence(callbacks.Every(0)), "callback at iteration 1", "Every"),
		badCase{name: "a loss callback on SVGD, which has no loss", call: func() error {
			return fitErr(pm.Method("svgd"), pm.Callbacks(callbacks.NewCheckLossConvergence()))
		}, want: []string{"callback", "loss"}},
		inFit("a tracker of a nil function", callbacks.NewTracker(map[string]func() (any, error){"mean": nil}), `"mean" is nil`),
		inFit("a tracker whose function fails", callbacks.NewTracker(map[string]func() (any, error){
			"mean": func() (any, error) { return nil, errors.New("no mean yet") },
		}), `"mean" at iteration 1`, "no mean yet"),
		inFit("a tracker whose function panics", callbacks.NewTracker(map[string]func() (any, error){
			"sd": func() (any, error) { panic("index out of range") },
		}), `"sd" at iteration 1`, "panicked: index out of range"),
		badCase{name: "Tracker Floats of an untracked name", call: func() error {
			_, err := callbacks.NewTracker(map[string]func() (any, error){"a": func() (any, error) { return 1.0, nil }}).Floats("b")
			return err
		}, want: []string{`"b"`}},
		badCase{name: "Tracker Floats of a string value", call: func() error {
			tr := callbacks.NewTracker(map[string]func() (any, error){"a": func() (any, error) { return "x", nil }})
			if err := tr.Call(nil, nil, 1); err != nil {
				return err
			}
			_, err := tr.Floats("a")
			return err
		}, want: []string{`"a"`, "string"}},
	}
}

func optimizerCases() []badCase {
	state := func(name string, o optimizers.Optimizer, want ...string) badCase {
		return badCase{name: name, call: func() error { _, err := o.NewState(3); return err }, want: want}
	}
	return []badCase{
		state("SGD with an infinite learning rate", optimizers.SGD(math.Inf(1)), "sgd", "learning rate must be finite and > 0"),
		state("Adam with beta1 1", optimizers.Adam(0.01, optimizers.Beta1(1)), "adam", "beta1 must be in [0, 1)"),
		state("Adam with beta2 NaN", optimizers.Adam(0.01, optimizers.Beta2(math.NaN())), "adam", "beta2"),
		state("Adam with a negative epsilon", optimizers.Adam(0.01, optimizers.Epsilon(-1)), "adam", "epsilon must be finite and >= 0"),
		state("AdagradWindow with n_win 0", optimizers.AdagradWindow(0.01, optimizers.NWin(0)), "adagrad_window", "n_win must be >= 1"),
		state("Momentum with mu 1", optimizers.Momentum(0.01, optimizers.Mu(1)), "momentum", "momentum must be in [0, 1)"),
		state("RMSProp with rho -0.1", optimizers.RMSProp(0.01, optimizers.Rho(-0.1)), "rmsprop", "rho must be in [0, 1)"),
		state("Adadelta with rho 1", optimizers.Adadelta(1, optimizers.Rho(1)), "adadelta", "rho"),
		state("SGD with an option it does not take", optimizers.SGD(0.1, optimizers.Beta1(0.9)), "sgd"),
		state("Adam with a nil option", optimizers.Adam(0.1, nil), "nil option", "adam"),
		state("DoG with alpha 0", optimizers.DoG(1, optimizers.Alpha(0)), "alpha must be finite and > 0"),
		state("Prodigy with d0 -1", optimizers.Prodigy(1, optimizers.D0(-1)), "d0"),
		state("a schedule of nil", optimizers.Schedule(optimizers.Adam(0.1), nil), "Schedule"),
		badCase{name: "NewState(0)", call: func() error { _, err := optimizers.Adam(0.1).NewState(0); return err }, want: []string{"adam", "length must be >= 1, got 0"}},
		badCase{name: "Update with grads of another length", call: func() error {
			st, err := optimizers.Adam(0.1).NewState(3)
			if err != nil {
				return err
			}
			return st.Update(make([]float64, 3), make([]float64, 2))
		}, want: []string{"Update", "length"}},
		badCase{name: "a schedule giving a NaN learning rate", call: func() error {
			st, err := optimizers.Schedule(optimizers.SGD(0.1), func(int) float64 { return math.NaN() }).NewState(2)
			if err != nil {
				return err
			}
			return st.Update(make([]float64, 2), []float64{1, 1})
		}, want: []string{"Schedule", "learning rate at step 0 is NaN"}},
		badCase{name: "TotalNormConstraint with a negative norm", call: func() error {
			_, err := optimizers.TotalNormConstraint([]float64{1, 2}, -1)
			return err
		}, want: []string{"maxNorm must be >= 0, got -1"}},
		badCase{name: "NormConstraint with a repeated axis", call: func() error {
			return optimizers.NormConstraint(make([]float64, 6), []int{2, 3}, 1, []int{0, 0})
		}, want: []string{"axis"}},
		badCase{name: "NormConstraint of data that do not fit the shape", call: func() error {
			return optimizers.NormConstraint(make([]float64, 5), []int{2, 3}, 1, nil)
		}, want: []string{"5"}},
		badCase{name: "WithLearningRate NaN", call: func() error {
			_, err := optimizers.WithLearningRate(optimizers.Adam(0.1), math.NaN())
			return err
		}, want: []string{"learning rate"}},
		badCase{name: "FromDescription of an unknown rule", call: func() error {
			_, err := optimizers.FromDescription("adamw", nil)
			return err
		}, want: []string{`"adamw"`}},
		badCase{name: "ImportState of the wrong number of values", call: func() error {
			_, err := optimizers.ImportState(optimizers.Adam(0.1), 3, nil, []float64{1})
			return err
		}, want: []string{"adam"}},
		badCase{name: "NewPolynomialAverage with a NaN eta", call: func() error {
			_, err := optimizers.NewPolynomialAverage(math.NaN(), 3)
			return err
		}, want: []string{"eta must be finite and >= 0, got NaN"}},
		badCase{name: "PolynomialAverage Add of another length", call: func() error {
			a, err := optimizers.NewPolynomialAverage(1, 3)
			if err != nil {
				return err
			}
			return a.Add([]float64{1})
		}, want: []string{"iterate of length 1, the average's is 3"}},
		badCase{name: "RestorePolynomialAverage with a negative count", call: func() error {
			_, err := optimizers.RestorePolynomialAverage(1, -1, []float64{1})
			return err
		}, want: []string{"-1"}},
	}
}
