// Package graph compiles copies of Gorgonia expression graphs and runs them.
//
// A model's *gorgonia.ExprGraph is a description that is never run directly. Whenever
// something must be computed (a log density and its gradient, a deterministic, an expression
// under the posterior), Compile copies the needed subgraph into a fresh graph with
// replacements applied, differentiates it there exactly once, and returns a Function that
// runs it with a lean executor over Gorgonia's public Op.Do. This one mechanism contains
// Gorgonia's traps (spec/gorgonia-notes.md): gradients are never stale because Grad runs once
// per graph; each Function owns its graph, so copies run in parallel; stateful ops (seeded
// random numbers, minibatch indices) are forked with their own stream on every copy; and
// panics become errors naming the node.
//
// The package also provides Shared values (theano.shared: a named value outside any run that
// every compiled Function reads at run time), Clone (theano.clone: copy with replacements
// inside one graph), seeded random ops, and Eval (the .eval() of the tutorial).
package graph
