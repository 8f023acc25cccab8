package approximations

import (
	"fmt"

	"github.com/gopymc/gopymc/graph"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// LocationScale is a Gaussian family z = mu + L·eps, eps ~ N(0, I), that the KL operator fits
// by reparameterisation gradients. Its log q is written in terms of eps (as PyMC does), so the
// gradient of E[log q] is the analytic entropy gradient. Its methods may cache functions of
// the parameters (softplus, sigmoid and log of MeanField's rho and FullRank's raw diagonal),
// so they must not run concurrently on one approximation; DrawFlat and the statistics may.
type LocationScale interface {
	Approximation
	// Reparam sets z = mu + L·eps.
	Reparam(z, eps []float64)
	// LogQ returns log q(z) for z = Reparam(eps), computed from eps.
	LogQ(eps []float64) float64
	// AddPathGrad adds scale · (∂z/∂params)ᵀ g to dst (flat, PyMC order).
	AddPathGrad(dst, g, eps []float64, scale float64)
	// AddLogQGrad adds scale · ∂ log q / ∂params at fixed eps to dst.
	AddLogQGrad(dst []float64, scale float64)
	// MeanValues and StdValues are the current mean and sds of the flat vector.
	MeanValues() []float64
	StdValues() []float64
}

// recoverTo turns a Gorgonia panic into an error.
func recoverTo(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("approximations: %v", r)
	}
}

// floatsOf flattens a float64, []float64, *tensor.Dense or Gorgonia value.
func floatsOf(v any) ([]float64, error) {
	switch x := v.(type) {
	case float64:
		return []float64{x}, nil
	case int:
		return []float64{float64(x)}, nil
	case []float64:
		return x, nil
	case *tensor.Dense:
		switch d := x.Data().(type) {
		case []float64:
			return d, nil
		case float64:
			return []float64{d}, nil
		}
	case G.Value:
		val, err := graph.ToValue(x)
		if err == nil {
			if f, ok := val.(*G.F64); ok {
				return []float64{float64(*f)}, nil
			}
		}
	}
	return nil, fmt.Errorf("cannot use a %T as float64 values", v)
}
