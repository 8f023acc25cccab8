// Package model holds a Bayesian model as a Gorgonia expression graph: its free random
// variables (in unconstrained space, under PyMC's value-variable names such as sigma_log__),
// observed variables with their data and total_size scaling, deterministics and potentials;
// its initial point and flat ordering; and LogDensity, the compiled log density and gradient
// that every inference algorithm runs on.
//
// The graph is a description: it is never run directly. LogDensity, the point function and
// Model.LogP compile copies of it with package graph.
//
// Building never panics: the first error is recorded in the Model (as bufio.Scanner does),
// every later call is safe, and Model.Err, LogDensity and the algorithms return it. A nil
// *Model is safe too: its Err is ErrNilModel.
//
// A model only grows, and each free variable, observed variable or potential added is a new
// version (Model.Version). What was made from an earlier version (an approximation, an
// inference) checks it with Model.CheckVersion, whose error wraps ErrChanged and says what
// the model gained since.
package model
