package approximations

import (
	"fmt"

	"github.com/gopymc/gopymc/graph"
	"gorgonia.org/tensor"
)

// MeanData returns q's mean by value-variable name, each in its value variable's shape
// (PyMC v5's approx.mean_data; PyMC3's approx.bij.rmap(approx.mean.eval())).
func MeanData(q Approximation) (map[string]*tensor.Dense, error) {
	if q == nil {
		return nil, fmt.Errorf("approximations: MeanData: nil approximation")
	}
	if err := q.CheckModel(); err != nil {
		return nil, fmt.Errorf("approximations: MeanData: %w", err)
	}
	return q.Model().RMap(q.MeanValues())
}

// StdData returns q's standard deviations by value-variable name, each in its value
// variable's shape (PyMC v5's approx.std_data).
func StdData(q Approximation) (map[string]*tensor.Dense, error) {
	if q == nil {
		return nil, fmt.Errorf("approximations: StdData: nil approximation")
	}
	if err := q.CheckModel(); err != nil {
		return nil, fmt.Errorf("approximations: StdData: %w", err)
	}
	return q.Model().RMap(q.StdValues())
}

// CovData returns, by value-variable name, the block of q's covariance between that
// variable's coordinates, of shape (shape..., shape...) for a value variable of shape
// shape (a scalar variable's variance as a 0-d tensor). Covariances between different
// variables are in q.Cov().
func CovData(q Approximation) (map[string]*tensor.Dense, error) {
	if q == nil {
		return nil, fmt.Errorf("approximations: CovData: nil approximation")
	}
	if err := q.CheckModel(); err != nil {
		return nil, fmt.Errorf("approximations: CovData: %w", err)
	}
	v, err := graph.Eval(q.Cov())
	if err != nil {
		return nil, fmt.Errorf("approximations: CovData: %w", err)
	}
	t, ok := v.(*tensor.Dense)
	if !ok {
		return nil, fmt.Errorf("approximations: CovData: the covariance is a %T", v)
	}
	cov := t.Float64s()
	d := q.Dim()
	if len(cov) != d*d {
		return nil, fmt.Errorf("approximations: CovData: a covariance of %d entries for dimension %d", len(cov), d)
	}
	out := map[string]*tensor.Dense{}
	for _, o := range q.Model().Ordering() {
		block := make([]float64, 0, o.Size*o.Size)
		for i := o.Offset; i < o.Offset+o.Size; i++ {
			block = append(block, cov[i*d+o.Offset:i*d+o.Offset+o.Size]...)
		}
		if len(o.Shape) == 0 {
			out[o.ValueName] = tensor.New(tensor.FromScalar(block[0]))
			continue
		}
		shape := append(o.Shape.Clone(), o.Shape...)
		out[o.ValueName] = tensor.New(tensor.WithShape(shape...), tensor.WithBacking(block))
	}
	return out, nil
}
