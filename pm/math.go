package pm

import (
	"github.com/gopymc/gopymc/graph"
	G "gorgonia.org/gorgonia"
)

// LogSumExp returns log Σ exp(x) along axis (negative axes count from the end), or over all
// of x when no axis is given, computed stably (PyMC's pm.math.logsumexp with keepdims=False):
// the building block of mixtures and hand-written HMM forward passes. Use it, not
// Gorgonia's G.LogSumExp, whose value is wrong (Compile replaces that one by this op).
func LogSumExp(x *G.Node, axis ...int) (*G.Node, error) { return graph.LogSumExp(x, axis...) }
