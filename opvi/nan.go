package opvi

import (
	"fmt"
	"math"
	"strings"

	"github.com/gopymc/gopymc/internal/mathx"
)

// NaNError reports that the fit met a NaN or an infinity: the parameters that went
// non-finite (described as "mu of \"x\"[0] is NaN") or, when every parameter stayed finite, the
// non-finite loss, with the terms of the model's log density that were not finite at the
// draw (the likelihood of "y", a potential). The approximation keeps the parameters of the
// last iteration whose loss and parameters were finite (a loss is computed at the parameters
// the previous update made, so an infinite loss sends them one update further back), and the
// history keeps the losses so far, so that Refine can continue from them.
type NaNError struct {
	Iteration int      // the 1-based global iteration at which the NaN or infinity appeared
	Params    []string // the parameters that went NaN or infinite, with their values
	// Loss is the loss of that iteration when it was not finite (NaN, +Inf or -Inf), else 0.
	Loss float64
	// LogP and LogQ are the model's and the approximation's log densities at the first draw
	// of that iteration whose part of the loss was not finite (NaN when unknown or when the
	// loss was finite).
	LogP, LogQ float64
	// Terms names the model's log-density terms that were not finite at that draw ("the log
	// density of y is -Inf"), or "" when unknown.
	Terms string
}

func (e *NaNError) Error() string {
	var b strings.Builder
	nan := math.IsNaN(e.Loss)
	for _, p := range e.Params {
		nan = nan || strings.HasSuffix(p, " is NaN")
	}
	if nan {
		b.WriteString("NaN occurred in optimization.")
	} else {
		b.WriteString("Inf occurred in optimization.")
	}
	if len(e.Params) == 0 {
		fmt.Fprintf(&b, "\nThe loss is %v at iteration %d while every parameter is finite: ", e.Loss, e.Iteration)
		logp := e.LogP
		if math.IsNaN(logp) && math.IsNaN(e.LogQ) {
			logp = -e.Loss // unknown: the loss is the model's log density, negated
		}
		if mathx.Finite(logp) {
			fmt.Fprintf(&b, "the approximation's log density is %v at its draw, where the model's is %v: its scale has collapsed (a standard deviation of 0) or exploded.", e.LogQ, logp)
		} else {
			fmt.Fprintf(&b, "the model's log density is %v at a draw of the approximation", logp)
			if e.Terms != "" {
				fmt.Fprintf(&b, " (there, %s)", e.Terms)
			}
			b.WriteString(".")
			if !math.IsNaN(logp) {
				b.WriteString(" The draw lies where the model has no density: outside a variable's support, or where the data are impossible under the likelihood.")
			}
		}
	}
	// A deep flow has hundreds of parameters: name the first few, count the rest (Params
	// keeps them all).
	const shown = 8
	for i, p := range e.Params {
		if i == shown {
			fmt.Fprintf(&b, "\n... and %d more parameters.", len(e.Params)-shown)
			break
		}
		fmt.Fprintf(&b, "\nThe current approximation's %s.", p)
	}
	b.WriteString("\nThe approximation keeps the parameters of the last iteration whose loss and parameters were finite (its starting ones if there was none). Try a smaller learning rate, TotalGradNormConstraint, more ObjNMC samples, or tracking the parameters with callbacks.Tracker.")
	return b.String()
}
