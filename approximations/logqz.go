package approximations

// The gradient of log q with respect to the draw z, for the pathwise part of the entropy's
// gradient (the KL operator's cost-part gradient scale, PyMC3's cost_part_grad_scale).
//
// References: G. Roeder, Y. Wu and D. Duvenaud, "Sticking the Landing: Simple,
// Lower-Variance Gradient Estimators for Variational Inference", NeurIPS 2017, eq. (8):
// the total derivative of log q(z(θ, ε), θ) is the path term ∂log q/∂z ∂z/∂θ plus the score
// term ∂log q/∂θ, which has expectation zero.

// LogQZGrad writes ∂ log q(z)/∂z at z = Reparam(eps) into dst: -eps_i/sd_i.
func (q *MeanField) LogQZGrad(dst, eps []float64) {
	sd := q.scales.at(q.rho).sd
	for i, e := range eps {
		dst[i] = -e / sd[i]
	}
}

// LogQZGrad writes ∂ log q(z)/∂z at z = Reparam(eps) into dst: -Σ⁻¹(z - mu) = -L⁻ᵀ eps,
// solving Lᵀ u = eps by back substitution over the packed rows of L.
func (q *FullRank) LogQZGrad(dst, eps []float64) {
	d := q.dim
	sd := q.scales.atIndices(q.lTril, q.diag).sd
	for i := d - 1; i >= 0; i-- {
		s := eps[i]
		for k := i + 1; k < d; k++ {
			s -= q.lTril[k*(k+1)/2+i] * dst[k]
		}
		dst[i] = s / sd[i]
	}
	for i := range dst[:d] {
		dst[i] = -dst[i]
	}
}
