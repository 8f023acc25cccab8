package data_test

import "gorgonia.org/tensor"

// tensorOf wraps x as a tensor of the given shape.
func tensorOf(x []float64, shape ...int) *tensor.Dense {
	return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(x))
}
