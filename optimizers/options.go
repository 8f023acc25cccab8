package optimizers

import (
	"fmt"
	"strconv"
)

// Option is a keyword argument of a rule: PyMC's momentum=, epsilon=, n_win=, rho=, beta1=
// and beta2=. A rule that does not take an option reports it as an error from NewState; it
// is never ignored. When an option is given twice, the last one wins.
type Option interface {
	// String shows the option as written in Go, e.g. "NWin(5)".
	String() string

	apply(c *config) error
}

// param is one hyperparameter of a rule, as a bit so that a rule's set of options is a mask.
type param uint8

const (
	paramMomentum param = 1 << iota
	paramEpsilon
	paramNWin
	paramRho
	paramBeta1
	paramBeta2
	paramAlpha // DoG and DoWG's initial distance guess (issue 19)
	paramD0    // Prodigy's initial distance estimate (issue 19)
)

// pyName is PyMC's keyword for the parameter.
func (p param) pyName() string {
	switch p {
	case paramMomentum:
		return "momentum"
	case paramEpsilon:
		return "epsilon"
	case paramNWin:
		return "n_win"
	case paramRho:
		return "rho"
	case paramBeta1:
		return "beta1"
	case paramBeta2:
		return "beta2"
	case paramAlpha:
		return "alpha"
	case paramD0:
		return "d0"
	}
	return "unknown"
}

// goName is the name of the Option constructor for the parameter.
func (p param) goName() string {
	switch p {
	case paramMomentum:
		return "Mu"
	case paramEpsilon:
		return "Epsilon"
	case paramNWin:
		return "NWin"
	case paramRho:
		return "Rho"
	case paramBeta1:
		return "Beta1"
	case paramBeta2:
		return "Beta2"
	case paramAlpha:
		return "Alpha"
	case paramD0:
		return "D0"
	}
	return "unknown"
}

// config is a rule's resolved settings: defaults, then the learning rate, then the options.
type config struct {
	rule         *ruleSpec
	learningRate float64
	momentum     float64
	epsilon      float64
	rho          float64
	beta1        float64
	beta2        float64
	nWin         int
	alpha        float64
	d0           float64
}

// floatOption sets one float hyperparameter.
type floatOption struct {
	p param
	v float64
}

func (o floatOption) String() string {
	return o.p.goName() + "(" + strconv.FormatFloat(o.v, 'g', -1, 64) + ")"
}

func (o floatOption) apply(c *config) error {
	if err := c.takes(o, o.p); err != nil {
		return err
	}
	switch o.p {
	case paramMomentum:
		c.momentum = o.v
	case paramEpsilon:
		c.epsilon = o.v
	case paramRho:
		c.rho = o.v
	case paramBeta1:
		c.beta1 = o.v
	case paramBeta2:
		c.beta2 = o.v
	case paramAlpha:
		c.alpha = o.v
	case paramD0:
		c.d0 = o.v
	}
	return nil
}

// nWinOption sets adagrad_window's window length.
type nWinOption int

func (o nWinOption) String() string { return "NWin(" + strconv.Itoa(int(o)) + ")" }

func (o nWinOption) apply(c *config) error {
	if err := c.takes(o, paramNWin); err != nil {
		return err
	}
	c.nWin = int(o)
	return nil
}

// takes returns an error naming the option and the rule if the rule has no parameter p.
func (c *config) takes(o Option, p param) error {
	if c.rule.takes()&p != 0 {
		return nil
	}
	return fmt.Errorf("optimizers: option %v does not apply to %s, which takes %s",
		o, c.rule.name, c.rule.optionList())
}

// Mu sets the momentum coefficient mu of Momentum and NesterovMomentum, in [0, 1) (PyMC's
// momentum=, default 0.9). It is named after the symbol because Momentum is the rule.
func Mu(v float64) Option { return floatOption{paramMomentum, v} }

// Epsilon sets the constant added for numerical stability, finite and >= 0 (PyMC's
// epsilon=; the default depends on the rule).
func Epsilon(v float64) Option { return floatOption{paramEpsilon, v} }

// NWin sets AdagradWindow's window length in steps, >= 1 (PyMC's n_win=, default 10).
func NWin(n int) Option { return nWinOption(n) }

// Rho sets the decay factor of RMSProp and Adadelta, in [0, 1) (PyMC's rho=; defaults 0.9
// and 0.95).
func Rho(v float64) Option { return floatOption{paramRho, v} }

// Beta1 sets the decay rate of the first-moment estimate of Adam and Adamax, in [0, 1)
// (PyMC's beta1=, default 0.9).
func Beta1(v float64) Option { return floatOption{paramBeta1, v} }

// Beta2 sets the decay rate of Adam's second-moment estimate or Adamax's infinity-norm
// estimate, in [0, 1) (PyMC's beta2=, default 0.999).
func Beta2(v float64) Option { return floatOption{paramBeta2, v} }
