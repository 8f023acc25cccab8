package pm

import (
	"github.com/gopymc/gopymc/graph"
	G "gorgonia.org/gorgonia"
)

// Cholesky returns the lower Cholesky factor of a symmetric positive definite matrix node
// (PyMC3's pm.math.cholesky, Theano's slinalg.cholesky), differentiable: e.g. a Gaussian
// process's covariance built from parameters, factored for pm.MvNormalChol. Only the lower
// triangle is read; a matrix that is not positive definite makes the run fail with an
// error naming the pivot. See graph.Cholesky.
func Cholesky(a *G.Node) (*G.Node, error) { return graph.Cholesky(a) }
