package mcmc

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// denseMetric is a fixed dense Euclidean metric, PyMC's QuadPotentialFull(cov): the inverse
// mass matrix is a covariance C = L Lᵀ (a full-rank approximation's covariance, a trace's
// covariance), velocities are v = C p and momenta p = L⁻ᵀ z, z ~ N(0, I), so that
// p ~ N(0, C⁻¹). It does not adapt.
//
// References: PyMC's pymc3/step_methods/hmc/quadpotential.py QuadPotentialFull; M.
// Betancourt, "A Conceptual Introduction to Hamiltonian Monte Carlo", arXiv:1701.02434,
// 2017, §4.2 (the Euclidean-Gaussian kinetic energy).
type denseMetric struct {
	d    int
	cov  []float64 // C, row-major
	chol []float64 // L, lower triangle of C = L Lᵀ, row-major
	diag []float64 // diagonal of C
	v    []float64 // drift's velocity
}

// newDenseMetric checks that cov (d×d, row-major) is a symmetric positive-definite matrix
// and returns its metric.
func newDenseMetric(cov []float64, d int) (*denseMetric, error) {
	if len(cov) != d*d {
		return nil, fmt.Errorf("a dense inverse mass matrix of %d entries, want %d×%d = %d", len(cov), d, d, d*d)
	}
	for i := range d {
		for j := range i {
			a, b := cov[i*d+j], cov[j*d+i]
			if math.Abs(a-b) > 1e-10*math.Max(1, math.Max(math.Abs(a), math.Abs(b))) {
				return nil, fmt.Errorf("the dense inverse mass matrix is not symmetric: entry (%d, %d) is %g, entry (%d, %d) is %g", i, j, a, j, i, b)
			}
		}
	}
	chol, err := cholesky(cov, d)
	if err != nil {
		return nil, err
	}
	m := &denseMetric{d: d, cov: append([]float64(nil), cov...), chol: chol, diag: make([]float64, d), v: make([]float64, d)}
	for i := range d {
		m.diag[i] = cov[i*d+i]
	}
	return m, nil
}

// cholesky returns the lower Cholesky factor of the symmetric d×d matrix a (row-major),
// or an error if it is not positive definite.
func cholesky(a []float64, d int) ([]float64, error) {
	var ch mat.Cholesky
	if !ch.Factorize(mat.NewSymDense(d, append([]float64(nil), a...))) {
		return nil, fmt.Errorf("the inverse mass matrix is not positive definite")
	}
	var lt mat.TriDense
	ch.LTo(&lt)
	l := make([]float64, d*d)
	for i := range d {
		for j := 0; j <= i; j++ {
			l[i*d+j] = lt.At(i, j)
		}
	}
	return l, nil
}

func (m *denseMetric) velocity(v, p []float64) float64 {
	d := m.d
	var kin float64
	for i := range d {
		row := m.cov[i*d : (i+1)*d]
		var s float64
		for j, c := range row {
			s += c * p[j]
		}
		v[i] = s
		kin += p[i] * s
	}
	return kin
}

func (m *denseMetric) drift(q, p []float64, eps float64) {
	m.velocity(m.v, p)
	for i, v := range m.v {
		q[i] += eps * v
	}
}

// drawMomentum solves Lᵀ p = z by back substitution.
func (m *denseMetric) drawMomentum(p []float64, rng *rand.Rand) {
	d := m.d
	for i := range p {
		p[i] = rng.NormFloat64()
	}
	for i := d - 1; i >= 0; i-- {
		s := p[i]
		for k := i + 1; k < d; k++ {
			s -= m.chol[k*d+i] * p[k]
		}
		p[i] = s / m.chol[i*d+i]
	}
}

func (m *denseMetric) update([]float64, bool) bool { return false }

func (m *denseMetric) diagonal() []float64 { return m.diag }
