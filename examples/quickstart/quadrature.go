package main

import "gonum.org/v1/gonum/integrate/quad"

// quadrature integrates f over [-2, 2] with 400-point Gauss–Legendre quadrature.
func quadrature(f func(float64) float64) float64 {
	return quad.Fixed(f, -2, 2, 400, quad.Legendre{}, 0)
}
