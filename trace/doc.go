// Package trace stores posterior draws (MCMC chains or variational samples) by variable,
// chain and draw, together with sampler statistics, and computes ArviZ-style summaries:
// means, quantiles, highest-density intervals, rank-normalised split R-hat and bulk/tail
// effective sample sizes. Traces are written to and read from CmdStan's CSV format, so that
// ArviZ (az.from_cmdstan) and cmdstanpy (from_csv) load them.
//
// A trace is filled draw by draw with Append (a sampler) or variable by variable with
// SetChain (a variational approximation's Sample), then read with Values, Shape, Mean,
// HDI or Summary:
//
//	tr, err := trace.New([]trace.Var{{Name: "mu"}, {Name: "beta", Shape: []int{2, 3}}}, 2)
//	...
//	err = tr.Append(0, [][]float64{{0.1}, {1, 2, 3, 4, 5, 6}})
//	...
//	table, err := tr.Summary()
//	fmt.Print(table)
//
// Every draw of a variable is stored row-major (NumPy's order), one draw after another, per
// chain. Free functions (RHat, ESSBulk, ESSTail, ESSMean, MCSEMean, HDIOf, QuantileOf) work on
// plain slices for other packages.
package trace
