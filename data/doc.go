// Package data provides PyMC's Minibatch as a Gorgonia node and the datasets gopymc ships.
//
// A Minibatch holds a full data array and is a node whose every run yields a fresh random
// set of its rows, drawn uniformly with replacement from its own seeded stream (PyMC v5's
// pm.Minibatch), or, with NewMinibatchND, random indices along several axes combined as an
// outer product (PyMC3's multi-dimensional batch sizes). Several arrays can share one row
// index so that their rows stay aligned (the Aligned option, PyMC v5's
// Minibatch(x, y, batch_size=...)).
//
// As in the tutorial, a minibatch is created before the model that uses it:
//
//	X, err := data.NewMinibatch(rows, 500)
//	...
//	x, err := X.NodeIn(modelGraph) // the model layer imports it into the model's graph
//
// Node returns the minibatch in a private graph of the Minibatch (where Shared, Clone and
// Eval work as on any node); NodeIn returns a node running the same op in another graph,
// created once per graph. Nothing runs the description graphs directly: graph.Compile forks
// the op into every compiled copy, each with its own derived index stream, all reading the
// same full data, which SetValue swaps for the next run of every copy.
//
// The package also embeds Fisher's iris data (LoadIris), makes scikit-learn's two moons
// (NewMoons, the data of PyMC's Bayesian neural network tutorial), standardises columns
// (Scale), splits row indices into training and test sets (TrainTestSplit) and embeds the
// Minnesota radon data of the hierarchical regression tutorials (LoadRadon).
package data
