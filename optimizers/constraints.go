package optimizers

import (
	"fmt"
	"math"
)

// constraintEpsilon is PyMC's epsilon in norm_constraint and total_norm_constraint.
const constraintEpsilon = 1e-7

// TotalNormConstraint rescales grads in place so that their Euclidean norm is at most
// maxNorm, as PyMC's total_norm_constraint: with N = sqrt(sum grads[i]^2), every element is
// multiplied by min(N, maxNorm)/(1e-7 + N), and N (before scaling) is returned. PyMC takes
// a list of tensors and uses the norm of all of them together; one flat vector of all
// gradients is the same. maxNorm may be +Inf (no clipping beyond the 1e-7 shrink). The norm
// is the plain sum of squares as in PyMC, so it overflows to +Inf (and grads become zero)
// when that sum exceeds the float64 range. It returns an error, changing nothing, if maxNorm
// is negative or NaN.
//
// References: Pascanu, R., Mikolov, T. and Bengio, Y. (2013). On the difficulty of training
// recurrent neural networks. ICML, Algorithm 1.
func TotalNormConstraint(grads []float64, maxNorm float64) (norm float64, err error) {
	if !(maxNorm >= 0) {
		return 0, fmt.Errorf("optimizers: TotalNormConstraint: maxNorm must be >= 0, got %v", maxNorm)
	}
	var ss float64
	for _, g := range grads {
		ss += g * g
	}
	norm = math.Sqrt(ss)
	scale := math.Min(norm, maxNorm) / (constraintEpsilon + norm)
	for i := range grads {
		grads[i] *= scale
	}
	return norm, nil
}

// NormConstraint rescales the tensor x in place so that its norms over normAxes are at most
// maxNorm, as PyMC's norm_constraint (used on weights instead of weight decay, or to clip
// gradients): for each slice of x over normAxes with Euclidean norm N, the slice is
// multiplied by min(N, maxNorm)/(1e-7 + N).
//
// x holds the tensor in row-major (C) order with the given shape. Axes may be negative
// (counted from the end, as NumPy). An empty normAxes selects PyMC's default: axis 0 for a
// 2-D tensor (a dense layer's weights, one norm per column), axes 1.. for a 3-, 4- or 5-D
// tensor (one norm per leading index); other ranks must give normAxes.
//
// It returns an error, changing nothing, if maxNorm is negative or NaN, if a dimension is
// negative, if len(x) is not the product of shape, if an axis is out of range or repeated,
// or, without normAxes, if the rank is not 2 to 5:
// "optimizers: unsupported tensor dimensionality %d, must specify norm axes". It allocates
// a buffer of one norm per slice.
//
// References: Srivastava, N. et al. (2014). Dropout: a simple way to prevent neural networks
// from overfitting. JMLR 15, 1929-1958, section 5.1 (max-norm regularization).
func NormConstraint(x []float64, shape []int, maxNorm float64, normAxes []int) error {
	if !(maxNorm >= 0) {
		return fmt.Errorf("optimizers: NormConstraint maxNorm must be >= 0, got %v", maxNorm)
	}
	ndim := len(shape)
	size := 1
	for d, s := range shape {
		if s < 0 {
			return fmt.Errorf("optimizers: NormConstraint shape %v has negative dimension %d at axis %d", shape, s, d)
		}
		size *= s
	}
	if size != len(x) {
		return fmt.Errorf("optimizers: NormConstraint shape %v holds %d elements, but len(x) is %d", shape, size, len(x))
	}

	reduce := make([]bool, ndim)
	if len(normAxes) == 0 {
		switch {
		case ndim == 2:
			reduce[0] = true
		case ndim >= 3 && ndim <= 5:
			for d := 1; d < ndim; d++ {
				reduce[d] = true
			}
		default:
			return fmt.Errorf("optimizers: unsupported tensor dimensionality %d, must specify norm axes", ndim)
		}
	}
	for _, a := range normAxes {
		d := a
		if d < 0 {
			d += ndim
		}
		if d < 0 || d >= ndim {
			return fmt.Errorf("optimizers: NormConstraint norm axis %d out of range for a %d-D tensor", a, ndim)
		}
		if reduce[d] {
			return fmt.Errorf("optimizers: NormConstraint norm axis %d repeated in %v", a, normAxes)
		}
		reduce[d] = true
	}

	// Each element belongs to the slice indexed by its coordinates on the kept axes,
	// flattened row-major: groupStride[d] is axis d's stride in that index (0 if reduced).
	groupStride := make([]int, ndim)
	groups := 1
	for d := ndim - 1; d >= 0; d-- {
		if !reduce[d] {
			groupStride[d] = groups
			groups *= shape[d]
		}
	}
	if len(x) == 0 {
		return nil
	}
	norms := make([]float64, groups)
	groupOf := func(flat int) int {
		g := 0
		for d := ndim - 1; d >= 0; d-- {
			g += (flat % shape[d]) * groupStride[d]
			flat /= shape[d]
		}
		return g
	}
	for i, v := range x {
		norms[groupOf(i)] += v * v
	}
	for g, ss := range norms {
		n := math.Sqrt(ss)
		norms[g] = math.Min(n, maxNorm) / (constraintEpsilon + n)
	}
	for i := range x {
		x[i] *= norms[groupOf(i)]
	}
	return nil
}
