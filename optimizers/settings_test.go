package optimizers_test

import (
	"math"
	"testing"

	"github.com/gopymc/gopymc/optimizers"
)

// TestStringDefaults checks PyMC's defaults (the signatures in pymc/variational/updates.py,
// §4 of the spec) through String, for a learning rate of 0.
func TestStringDefaults(t *testing.T) {
	t.Parallel()
	cases := []struct {
		opt  optimizers.Optimizer
		want string
	}{
		{optimizers.SGD(0), "sgd(learning_rate=0.001)"},
		{optimizers.Momentum(0), "momentum(learning_rate=0.001, momentum=0.9)"},
		{optimizers.NesterovMomentum(0), "nesterov_momentum(learning_rate=0.001, momentum=0.9)"},
		{optimizers.Adagrad(0), "adagrad(learning_rate=1.0, epsilon=1e-06)"},
		{optimizers.AdagradWindow(0), "adagrad_window(learning_rate=0.001, epsilon=0.1, n_win=10)"},
		{optimizers.Default(), "adagrad_window(learning_rate=0.001, epsilon=0.1, n_win=10)"},
		{optimizers.RMSProp(0), "rmsprop(learning_rate=1.0, rho=0.9, epsilon=1e-06)"},
		{optimizers.Adadelta(0), "adadelta(learning_rate=1.0, rho=0.95, epsilon=1e-06)"},
		{optimizers.Adam(0), "adam(learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-08)"},
		{optimizers.Adamax(0), "adamax(learning_rate=0.002, beta1=0.9, beta2=0.999, epsilon=1e-08)"},
		// Options and explicit learning rates show through; Python's float repr.
		{optimizers.SGD(0.01), "sgd(learning_rate=0.01)"},
		{optimizers.Adamax(0.1), "adamax(learning_rate=0.1, beta1=0.9, beta2=0.999, epsilon=1e-08)"},
		{optimizers.AdagradWindow(2, optimizers.NWin(3), optimizers.Epsilon(0)),
			"adagrad_window(learning_rate=2.0, epsilon=0.0, n_win=3)"},
		{optimizers.Momentum(1e-5, optimizers.Mu(0.5), optimizers.Mu(0.25)),
			"momentum(learning_rate=1e-05, momentum=0.25)"}, // the last option wins
	}
	for _, c := range cases {
		if got := c.opt.String(); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
}

// TestZeroLearningRateIsDefault checks that a learning rate of 0 runs exactly as PyMC's
// default given explicitly, step by step.
func TestZeroLearningRateIsDefault(t *testing.T) {
	t.Parallel()
	pairs := []struct {
		zero, explicit optimizers.Optimizer
	}{
		{optimizers.SGD(0), optimizers.SGD(1e-3)},
		{optimizers.Momentum(0), optimizers.Momentum(1e-3, optimizers.Mu(0.9))},
		{optimizers.NesterovMomentum(0), optimizers.NesterovMomentum(1e-3, optimizers.Mu(0.9))},
		{optimizers.Adagrad(0), optimizers.Adagrad(1, optimizers.Epsilon(1e-6))},
		{optimizers.AdagradWindow(0), optimizers.AdagradWindow(1e-3, optimizers.Epsilon(0.1), optimizers.NWin(10))},
		{optimizers.Default(), optimizers.AdagradWindow(1e-3, optimizers.Epsilon(0.1), optimizers.NWin(10))},
		{optimizers.RMSProp(0), optimizers.RMSProp(1, optimizers.Rho(0.9), optimizers.Epsilon(1e-6))},
		{optimizers.Adadelta(0), optimizers.Adadelta(1, optimizers.Rho(0.95), optimizers.Epsilon(1e-6))},
		{optimizers.Adam(0), optimizers.Adam(1e-3, optimizers.Beta1(0.9), optimizers.Beta2(0.999), optimizers.Epsilon(1e-8))},
		{optimizers.Adamax(0), optimizers.Adamax(2e-3, optimizers.Beta1(0.9), optimizers.Beta2(0.999), optimizers.Epsilon(1e-8))},
	}
	for _, p := range pairs {
		a, b := run(t, p.zero, refGrads), run(t, p.explicit, refGrads)
		for s := range a {
			for i := range a[s] {
				if a[s][i] != b[s][i] {
					t.Errorf("%v: step %d element %d: lr 0 gives %v, explicit default %v", p.zero, s+1, i, a[s][i], b[s][i])
				}
			}
		}
	}
}

// TestSettingErrors checks every documented settings error, with its exact message.
func TestSettingErrors(t *testing.T) {
	t.Parallel()
	nan, inf := math.NaN(), math.Inf(1)
	cases := []struct {
		name string
		opt  optimizers.Optimizer
		n    int
		want string
	}{
		{"lr NaN", optimizers.SGD(nan), 3,
			"optimizers: sgd: learning rate must be finite and > 0 (0 selects the default 0.001), got NaN"},
		{"lr +Inf", optimizers.Adam(inf), 3,
			"optimizers: adam: learning rate must be finite and > 0 (0 selects the default 0.001), got +Inf"},
		{"lr -Inf", optimizers.Adagrad(-inf), 3,
			"optimizers: adagrad: learning rate must be finite and > 0 (0 selects the default 1.0), got -Inf"},
		{"lr negative", optimizers.AdagradWindow(-0.01), 3,
			"optimizers: adagrad_window: learning rate must be finite and > 0 (0 selects the default 0.001), got -0.01"},
		{"epsilon negative", optimizers.RMSProp(0, optimizers.Epsilon(-1e-6)), 3,
			"optimizers: rmsprop: epsilon must be finite and >= 0, got -1e-06"},
		{"epsilon NaN", optimizers.Adadelta(0, optimizers.Epsilon(nan)), 3,
			"optimizers: adadelta: epsilon must be finite and >= 0, got NaN"},
		{"epsilon Inf", optimizers.Adamax(0, optimizers.Epsilon(inf)), 3,
			"optimizers: adamax: epsilon must be finite and >= 0, got +Inf"},
		{"momentum 1", optimizers.Momentum(0, optimizers.Mu(1)), 3,
			"optimizers: momentum: momentum must be in [0, 1), got 1"},
		{"momentum negative", optimizers.NesterovMomentum(0, optimizers.Mu(-0.1)), 3,
			"optimizers: nesterov_momentum: momentum must be in [0, 1), got -0.1"},
		{"rho NaN", optimizers.RMSProp(0, optimizers.Rho(nan)), 3,
			"optimizers: rmsprop: rho must be in [0, 1), got NaN"},
		{"rho 1", optimizers.Adadelta(0, optimizers.Rho(1)), 3,
			"optimizers: adadelta: rho must be in [0, 1), got 1"},
		{"beta1 1", optimizers.Adam(0, optimizers.Beta1(1)), 3,
			"optimizers: adam: beta1 must be in [0, 1), got 1"},
		{"beta2 1.5", optimizers.Adamax(0, optimizers.Beta2(1.5)), 3,
			"optimizers: adamax: beta2 must be in [0, 1), got 1.5"},
		{"n_win 0", optimizers.AdagradWindow(0, optimizers.NWin(0)), 3,
			"optimizers: adagrad_window: n_win must be >= 1, got 0"},
		{"option not taken: NWin on adam", optimizers.Adam(0, optimizers.NWin(5)), 3,
			"optimizers: option NWin(5) does not apply to adam, which takes Beta1, Beta2, Epsilon"},
		{"option not taken: Mu on sgd", optimizers.SGD(0.01, optimizers.Mu(0.9)), 3,
			"optimizers: option Mu(0.9) does not apply to sgd, which takes no options"},
		{"option not taken: Epsilon on momentum", optimizers.Momentum(0, optimizers.Epsilon(0.1)), 3,
			"optimizers: option Epsilon(0.1) does not apply to momentum, which takes Mu"},
		{"option not taken: Beta1 on rmsprop", optimizers.RMSProp(0, optimizers.Beta1(0.9)), 3,
			"optimizers: option Beta1(0.9) does not apply to rmsprop, which takes Rho, Epsilon"},
		{"option not taken: Rho on adagrad_window", optimizers.AdagradWindow(0, optimizers.Rho(0.5)), 3,
			"optimizers: option Rho(0.5) does not apply to adagrad_window, which takes Epsilon, NWin"},
		{"nil option", optimizers.Adam(0, nil), 3, "optimizers: nil option given to adam"},
		{"n 0", optimizers.SGD(0), 0, "optimizers: sgd: parameter vector length must be >= 1, got 0"},
		{"n negative", optimizers.Default(), -2,
			"optimizers: adagrad_window: parameter vector length must be >= 1, got -2"},
	}
	for _, c := range cases {
		st, err := c.opt.NewState(c.n)
		if c.want == "" {
			if err != nil {
				t.Errorf("%s: unexpected error %v", c.name, err)
			}
			continue
		}
		if err == nil || err.Error() != c.want {
			t.Errorf("%s: got error %v, want %q", c.name, err, c.want)
		}
		if st != nil {
			t.Errorf("%s: got a state with the error", c.name)
		}
	}
}

// TestEdgeSettingsAccepted checks the closed ends of the documented ranges.
func TestEdgeSettingsAccepted(t *testing.T) {
	t.Parallel()
	for _, opt := range []optimizers.Optimizer{
		optimizers.Momentum(1, optimizers.Mu(0)),
		optimizers.Adagrad(1, optimizers.Epsilon(0)),
		optimizers.AdagradWindow(1, optimizers.NWin(1)),
		optimizers.RMSProp(1, optimizers.Rho(0)),
		optimizers.Adam(1, optimizers.Beta1(0), optimizers.Beta2(0)),
		optimizers.SGD(1e-300),
	} {
		if _, err := opt.NewState(1); err != nil {
			t.Errorf("%v: %v", opt, err)
		}
	}
}

// TestOptionString checks how options print (used in error messages).
func TestOptionString(t *testing.T) {
	t.Parallel()
	cases := []struct {
		opt  optimizers.Option
		want string
	}{
		{optimizers.Mu(0.9), "Mu(0.9)"},
		{optimizers.Epsilon(1e-8), "Epsilon(1e-08)"},
		{optimizers.NWin(10), "NWin(10)"},
		{optimizers.Rho(0.95), "Rho(0.95)"},
		{optimizers.Beta1(0.9), "Beta1(0.9)"},
		{optimizers.Beta2(0.999), "Beta2(0.999)"},
	}
	for _, c := range cases {
		if got := c.opt.String(); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
}
