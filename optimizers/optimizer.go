package optimizers

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// errBadLength is Update's error when a slice length differs from the state's.
var errBadLength = errors.New("optimizers: Update: params or grads length differs from the state's length (the n given to NewState)")

// ruleSpec describes one rule: its PyMC name, its parameters in PyMC's keyword order, its
// defaults and how to make its state from validated settings.
type ruleSpec struct {
	name     string
	params   []param
	defaults config
	newState func(c *config, n int) State
	// newGroupedState, for rules that adapt per group of parameters (LDoWG), makes a state
	// for parameters in the given groups; nil for the others, which ignore groups.
	newGroupedState func(c *config, groups []int) (State, error)
}

// takes is the set of parameters the rule accepts as options.
func (r *ruleSpec) takes() param {
	var m param
	for _, p := range r.params {
		m |= p
	}
	return m
}

// optionList names the rule's options for error messages.
func (r *ruleSpec) optionList() string {
	if len(r.params) == 0 {
		return "no options"
	}
	names := make([]string, len(r.params))
	for i, p := range r.params {
		names[i] = p.goName()
	}
	return strings.Join(names, ", ")
}

// optimizer is every rule's Optimizer: resolved settings and the first settings error.
type optimizer struct {
	cfg config
	err error
}

var _ Optimizer = (*optimizer)(nil)

// newOptimizer resolves the settings of rule r; a learning rate of 0 selects r's default.
// Errors are kept and returned by NewState, as the constructors return no error.
func newOptimizer(r *ruleSpec, learningRate float64, opts []Option) *optimizer {
	o := &optimizer{cfg: r.defaults}
	o.cfg.rule = r
	if learningRate != 0 {
		o.cfg.learningRate = learningRate
	}
	for _, opt := range opts {
		if opt == nil {
			o.err = fmt.Errorf("optimizers: nil option given to %s", r.name)
			return o
		}
		if err := opt.apply(&o.cfg); err != nil {
			o.err = err
			return o
		}
	}
	o.err = o.cfg.validate()
	return o
}

// validate checks the settings the rule uses.
func (c *config) validate() error {
	r := c.rule
	if lr := c.learningRate; math.IsNaN(lr) || math.IsInf(lr, 0) || lr <= 0 {
		return fmt.Errorf("optimizers: %s: learning rate must be finite and > 0 (0 selects the default %v), got %v",
			r.name, pyFloat(r.defaults.learningRate), lr)
	}
	for _, p := range r.params {
		switch p {
		case paramEpsilon:
			if e := c.epsilon; math.IsNaN(e) || math.IsInf(e, 0) || e < 0 {
				return fmt.Errorf("optimizers: %s: epsilon must be finite and >= 0, got %v", r.name, e)
			}
		case paramNWin:
			if c.nWin < 1 {
				return fmt.Errorf("optimizers: %s: n_win must be >= 1, got %d", r.name, c.nWin)
			}
		case paramAlpha, paramD0:
			if a := c.value(p); !(a > 0) || math.IsInf(a, 1) {
				return fmt.Errorf("optimizers: %s: %s must be finite and > 0, got %v", r.name, p.pyName(), a)
			}
		default:
			if v := c.value(p); !(v >= 0 && v < 1) {
				return fmt.Errorf("optimizers: %s: %s must be in [0, 1), got %v", r.name, p.pyName(), v)
			}
		}
	}
	return nil
}

// value returns the float setting of parameter p (n_win as a float).
func (c *config) value(p param) float64 {
	switch p {
	case paramMomentum:
		return c.momentum
	case paramEpsilon:
		return c.epsilon
	case paramNWin:
		return float64(c.nWin)
	case paramRho:
		return c.rho
	case paramBeta1:
		return c.beta1
	case paramBeta2:
		return c.beta2
	case paramAlpha:
		return c.alpha
	case paramD0:
		return c.d0
	}
	return math.NaN()
}

// NewState implements Optimizer.
func (o *optimizer) NewState(n int) (State, error) {
	if o.err != nil {
		return nil, o.err
	}
	if n < 1 {
		return nil, fmt.Errorf("optimizers: %s: parameter vector length must be >= 1, got %d", o.cfg.rule.name, n)
	}
	return o.cfg.rule.newState(&o.cfg, n), nil
}

// String implements Optimizer: PyMC's name and keywords with Python's float notation.
func (o *optimizer) String() string {
	var b strings.Builder
	b.WriteString(o.cfg.rule.name)
	b.WriteString("(learning_rate=")
	b.WriteString(pyFloat(o.cfg.learningRate))
	for _, p := range o.cfg.rule.params {
		b.WriteString(", ")
		b.WriteString(p.pyName())
		b.WriteByte('=')
		if p == paramNWin {
			b.WriteString(strconv.Itoa(o.cfg.nWin))
		} else {
			b.WriteString(pyFloat(o.cfg.value(p)))
		}
	}
	b.WriteByte(')')
	return b.String()
}

// pyFloat formats v as Python's repr does: "0.001", "1.0", "1e-06", "inf", "nan".
func pyFloat(v float64) string {
	switch {
	case math.IsNaN(v):
		return "nan"
	case math.IsInf(v, 1):
		return "inf"
	case math.IsInf(v, -1):
		return "-inf"
	}
	if a := math.Abs(v); a != 0 && (a < 1e-4 || a >= 1e16) {
		return strconv.FormatFloat(v, 'e', -1, 64)
	}
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return s
}

// Default returns PyMC's default VI optimizer: AdagradWindow with learning rate 0.001,
// epsilon 0.1 and n_win 10.
func Default() Optimizer { return AdagradWindow(0) }
