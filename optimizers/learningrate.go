package optimizers

import "fmt"

// WithLearningRate returns a copy of o with its learning rate set to lr, for step-size
// searches such as Stan's eta adaptation. It returns an error if o is not one of this
// package's rules, if o's settings are invalid, or if lr is not finite and > 0.
func WithLearningRate(o Optimizer, lr float64) (Optimizer, error) {
	r, ok := o.(*optimizer)
	if !ok {
		return nil, fmt.Errorf("optimizers: WithLearningRate: %v is not a rule of package optimizers; its learning rate cannot be set", o)
	}
	if r.err != nil {
		return nil, r.err
	}
	c := &optimizer{cfg: r.cfg}
	c.cfg.learningRate = lr
	if err := c.cfg.validate(); err != nil {
		return nil, err
	}
	return c, nil
}

// LearningRate returns o's learning rate, and false if o is not one of this package's
// rules.
func LearningRate(o Optimizer) (float64, bool) {
	r, ok := o.(*optimizer)
	if !ok {
		return 0, false
	}
	return r.cfg.learningRate, true
}
