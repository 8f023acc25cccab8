// Package callbacks provides PyMC's variational-inference callbacks: functions the fit loop
// calls after every step with the approximation, the losses so far and the iteration, which
// may stop the fit or record values.
//
// A [Callback] returns nil to continue, an error made by [Stop] to end the fit cleanly (the
// analogue of raising StopIteration in PyMC; the fit logs the message) or any other error to
// abort the fit. [CheckParametersConvergence] stops when the approximation's parameters stop
// changing; [CheckLossConvergence] (PyMC's newest callback: a CUSUM on standardised loss
// decrements) stops when the loss stops improving faster than its noise, and says so when
// the loss is rising instead; [CheckRelativeELBO] is Stan's rule (relative ELBO change
// below tol_rel_obj, averaged over a circular buffer); [Tracker] records values, such as
// the approximation's mean, at every iteration:
//
//	conv := callbacks.NewCheckParametersConvergence(callbacks.Diff("absolute"))
//	tracker := callbacks.NewTracker(map[string]func() (any, error){
//		"mean": func() (any, error) { return pm.Eval(advi.Approx().Mean()) },
//	})
//	approx, err := advi.Fit(20000, pm.Callbacks(conv, tracker))
//	means, err := tracker.Floats("mean") // one []float64 per iteration, for plotting
//
// The behaviour follows pymc/variational/callbacks.py.
package callbacks
