package optimizers

// Optimizer is a gradient-descent rule with its settings: a value that makes fresh states.
// An Optimizer is immutable and may be shared by goroutines; each State is not.
type Optimizer interface {
	// NewState returns the state of the rule for a flat parameter vector of length n, with
	// all accumulators zero, as PyMC initialises them. It returns an error if the settings
	// are invalid (learning rate not finite or <= 0, epsilon not finite or < 0,
	// momentum/rho/beta1/beta2 outside [0, 1), n_win < 1, an option the rule does not take)
	// or if n < 1.
	NewState(n int) (State, error)

	// String names the rule as PyMC does, with its resolved settings, e.g.
	// "adagrad_window(learning_rate=0.001, epsilon=0.1, n_win=10)".
	String() string
}

// State is one rule's accumulators for one parameter vector.
type State interface {
	// Update moves params one step using grads (the gradient of the loss being minimised),
	// in place, allocating nothing. Non-finite gradients propagate into params and the
	// accumulators; callers check gradients before updating. It returns an error, changing
	// nothing, if len(params) or len(grads) differs from the n given to NewState (and a
	// scheduled learning rate's error, see Schedule).
	Update(params, grads []float64) error
}
