package model

import (
	"fmt"

	"gorgonia.org/tensor"
)

// RMap splits a flat vector of the model's unconstrained coordinates (Ordering's layout)
// into its free variables' values, keyed by value-variable name (sigma_log__, or the
// variable's name without a transform) and shaped as the value variables: PyMC's
// bij.rmap, as in approx.bij.rmap(approx.mean.eval()). The tensors hold copies. It returns
// an error when flat does not have the model's dimension.
func (m *Model) RMap(flat []float64) (map[string]*tensor.Dense, error) {
	if m == nil {
		return nil, ErrNilModel
	}
	if len(flat) != m.Dim() {
		return nil, fmt.Errorf("model: RMap: a vector of %d values, the model has %d unconstrained coordinates", len(flat), m.Dim())
	}
	out := make(map[string]*tensor.Dense, len(m.free))
	for _, o := range m.Ordering() {
		out[o.ValueName] = dense(append([]float64(nil), flat[o.Offset:o.Offset+o.Size]...), o.Shape)
	}
	return out, nil
}

// dense wraps data as a tensor of the given shape, a 0-d tensor for a scalar.
func dense(data []float64, shape tensor.Shape) *tensor.Dense {
	if len(shape) == 0 {
		return tensor.New(tensor.FromScalar(data[0]))
	}
	return tensor.New(tensor.WithShape(shape.Clone()...), tensor.WithBacking(data))
}
