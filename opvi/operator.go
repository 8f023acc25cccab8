package opvi

import (
	"context"

	"github.com/gopymc/gopymc/approximations"
)

// operator computes, at the approximation's current parameters, the gradient of the
// objective with respect to the flat parameters (PyMC's order), and the loss when the
// operator has one.
type operator interface {
	// step writes the gradient into grad (len = number of parameters) and returns the loss
	// (NaN when the operator reports none). It checks ctx between its parts (draws,
	// particles, kernel tiles) and returns ctx.Err() when it is done, leaving the
	// approximation's parameters as they were.
	step(ctx context.Context, grad []float64) (loss float64, err error)
	// returnsLoss reports whether step's loss is meaningful (KL: yes, KSD: no).
	returnsLoss() bool
	approx() approximations.Approximation
}
