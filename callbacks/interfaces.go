package callbacks

// FlatParamser is what a callback may read of the approximation being fitted: its parameters,
// flat. Every approximation of package approximations is one.
type FlatParamser interface {
	// FlatParams returns the current values of the approximation's parameters concatenated
	// in PyMC's order (params sorted by name: mu then rho for MeanField; L_tril then mu for
	// FullRank; histogram for Empirical). The slice is only valid during the call: a
	// callback that keeps the values copies them.
	FlatParams() []float64
}

// Callback is called by the fit loop after every step with the approximation, the losses so
// far (nil when the method reports no loss, as SVGD) and the 1-based global iteration, which
// keeps counting across a fit and its refinements.
//
// Returning nil continues; returning an error made by [Stop] (possibly wrapped) ends the fit
// cleanly with its message logged; any other error aborts the fit and is returned by Fit.
// The losses slice is only valid during the call.
type Callback interface {
	Call(approx FlatParamser, losses []float64, i int) error
}

var (
	_ Callback = (*CheckParametersConvergence)(nil)
	_ Callback = (*Tracker)(nil)
	_ Callback = funcCallback(nil)
)
