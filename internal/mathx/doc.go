// Package mathx holds the small numerically careful functions that several layers share
// (softplus, the logistic function, the check that a vector is finite), so that each is
// written once, and the exponential, hyperbolic tangent and logistic function over slices
// that the executor's element-wise kernels use (faster than the math package's, to within
// two units in the last place).
package mathx
