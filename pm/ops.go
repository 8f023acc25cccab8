package pm

import (
	"github.com/gopymc/gopymc/graph"
	G "gorgonia.org/gorgonia"
)

// Argmax returns the index of the largest element of x along axis as a float64 node (NumPy's
// argmax; negative axes count from the end), for accuracies such as
// Mean(Eq(Argmax(probs, -1), labels)).
func Argmax(x *G.Node, axis int) (*G.Node, error) { return graph.Argmax(x, axis) }
