package opvi

import (
	"fmt"
	"strings"
)

// NaNError reports that the fit produced NaN: the parameters that went NaN (described as
// "mu of \"x\"[0]") or, when every parameter stayed finite, the NaN loss. The approximation
// keeps its last finite parameters and the history keeps the losses so far.
type NaNError struct {
	Iteration int      // the 1-based global iteration at which NaN appeared
	Params    []string // the parameters that went NaN, if any
}

func (e *NaNError) Error() string {
	var b strings.Builder
	b.WriteString("NaN occurred in optimization.")
	if len(e.Params) == 0 {
		fmt.Fprintf(&b, "\nThe loss is NaN at iteration %d while every parameter is finite: the model's log density is NaN at a draw of the approximation.", e.Iteration)
	}
	for _, p := range e.Params {
		fmt.Fprintf(&b, "\nThe current approximation's %s is NaN.", p)
	}
	b.WriteString("\nThe approximation keeps its parameters from before this iteration. Try a smaller learning rate, TotalGradNormConstraint, more ObjNMC samples, or tracking the parameters with callbacks.Tracker.")
	return b.String()
}
