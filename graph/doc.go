// Package graph compiles copies of Gorgonia expression graphs and runs them.
//
// A model's *gorgonia.ExprGraph is a description that is never run directly. Whenever
// something must be computed (a log density and its gradient, a deterministic, an expression
// under the posterior), Compile copies the needed subgraph into a fresh graph with
// replacements applied, differentiates it there exactly once, and returns a Function that
// runs it with a lean executor over Gorgonia's public Op.Do. This one mechanism contains
// Gorgonia v0.9.18's traps: gradients are never stale because Grad runs once
// per graph; each Function owns its graph, so copies run in parallel; stateful ops (seeded
// random numbers, minibatch indices) are forked with their own stream on every copy; and
// panics become errors naming the node.
//
// A compiled Function gives what Gorgonia's TapeMachine gives, on every run. The executor
// runs only the Gorgonia ops on a checked list (opstatus.go), each verified by the
// differential-test wall and the FuzzExecutor fuzz target against the TapeMachine, finite
// differences, repeated runs, poisoned buffers and parallel copies; Compile substitutes
// gopymc's ops for the Gorgonia ops whose value or gradient is wrong (substitute.go), and
// any other op is a compile error naming it, never a wrong number.
//
// The executor runs chains of element-wise ops over one shape (a dense layer's activation
// and its gradient, a hierarchical model's a[group] + b[group]·x with its scatter-adds) as
// fused groups that go over the shape once, in cache-sized chunks, writing out only the
// values other steps read (fuse.go), a[group] + b[group]·x and the two scatter-adds of
// its gradient as one loop each (fusedcombine.go); it runs float64 matrix products with
// serial kernels below 2^17 multiply-adds and on every core above, in parts fixed by the
// shapes (fastmatmul.go), and tanh, exp and the logistic function with internal/mathx's kernels
// (within 1.3 ulp). Fusion changes no bit of a result; a product gives the same bits on
// 1 or N cores.
//
// The package also provides Shared values (theano.shared: a named value outside any run that
// every compiled Function reads at run time), constants that are never merged (NewConstant;
// Gorgonia merges constants whose printed forms agree), Clone (theano.clone: copy with
// replacements inside one graph), seeded random ops, Eval (the .eval() of the tutorial), and
// the ops Gorgonia lacks or gets wrong: Take (a gather by integer indices with a scatter-add
// gradient), LogSumExp, SoftMax and LogSoftMax, Argmax and ToFloat64.
//
// Compiled Functions run concurrently, but building Gorgonia graphs in several goroutines at
// once is safe only for most of Gorgonia's constructors: G.Rectify, G.Conv2d and G.MaxPool2D
// number their node group from an unguarded package-level counter, a data race (harmless to
// the values, but reported by the race detector). Build graphs that use them from one
// goroutine at a time.
package graph
