package distributions

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// mvSymTol is the tolerance of the symmetry check of a covariance matrix:
// |c_ij - c_ji| <= mvSymTol * max(1, |c_ij|, |c_ji|).
const mvSymTol = 1e-8

// mvFactor is the Cholesky factorisation of one covariance matrix, with what the log
// density and its gradient need.
type mvFactor struct {
	d    int
	chol mat.Cholesky
	l    []float64 // the lower factor L, row-major d*d (chol form: as given)
}

// factorize sets f from the matrix m (d*d, row-major): a covariance, or with chol its
// lower Cholesky factor. It returns false when m is outside its domain (see mvFactorCov
// and mvFactorChol).
func (f *mvFactor) factorize(m []float64, d int, chol bool) bool {
	if chol {
		return mvFactorChol(f, m, d)
	}
	return mvFactorCov(f, m, d)
}

// mvDomainError is the error for a constant or given matrix outside its domain.
func mvDomainError(chol bool) error {
	if chol {
		return fmt.Errorf("distributions: MvNormal: chol must have a positive diagonal and finite entries")
	}
	return fmt.Errorf("distributions: MvNormal: cov must be symmetric positive definite")
}

// mvFactorCov factorises a covariance matrix given row-major (d*d). It returns false when
// the matrix is not symmetric (within mvSymTol) or not positive definite.
func mvFactorCov(f *mvFactor, cov []float64, d int) bool {
	f.d = d
	for i := 0; i < d; i++ {
		for j := 0; j < i; j++ {
			a, b := cov[i*d+j], cov[j*d+i]
			if !(math.Abs(a-b) <= mvSymTol*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))) {
				return false
			}
		}
	}
	for _, v := range cov {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	if !f.chol.Factorize(mat.NewSymDense(d, cov)) {
		return false
	}
	var lt mat.TriDense
	f.chol.LTo(&lt)
	f.l = make([]float64, d*d)
	for i := 0; i < d; i++ {
		for j := 0; j <= i; j++ {
			f.l[i*d+j] = lt.At(i, j)
		}
	}
	return true
}

// mvFactorChol sets the factorisation from a lower-triangular Cholesky factor given
// row-major (d*d); entries above the diagonal are ignored. It returns false when a diagonal
// entry is not positive or an entry is not finite.
func mvFactorChol(f *mvFactor, l []float64, d int) bool {
	f.d = d
	f.l = make([]float64, d*d)
	u := mat.NewTriDense(d, mat.Upper, nil)
	for i := 0; i < d; i++ {
		if !(l[i*d+i] > 0) {
			return false
		}
		for j := 0; j <= i; j++ {
			v := l[i*d+j]
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return false
			}
			f.l[i*d+j] = v
			u.SetTri(j, i, v)
		}
	}
	f.chol.SetFromU(u)
	return true
}

// logp returns log N(x | mu, Σ) for the residual r = x - mu and stores α = Σ⁻¹ r in alpha.
func (f *mvFactor) logp(r, alpha []float64) float64 {
	av := mat.NewVecDense(f.d, alpha)
	if err := f.chol.SolveVecTo(av, mat.NewVecDense(f.d, r)); err != nil {
		// A singular factor: only reachable through extreme values.
		return math.Inf(-1)
	}
	quad := 0.0
	for i, v := range r {
		quad += v * alpha[i]
	}
	return -0.5*(float64(f.d)*math.Log(2*math.Pi)+f.chol.LogDet()) - 0.5*quad
}

// zOf stores z = Lᵀ α (so that z = L⁻¹ r) in z.
func (f *mvFactor) zOf(alpha, z []float64) {
	d := f.d
	for i := 0; i < d; i++ {
		s := 0.0
		for j := i; j < d; j++ {
			s += f.l[j*d+i] * alpha[j]
		}
		z[i] = s
	}
}

// inverse returns Σ⁻¹ row-major (d*d).
func (f *mvFactor) inverse() ([]float64, error) {
	var s mat.SymDense
	if err := f.chol.InverseTo(&s); err != nil {
		return nil, fmt.Errorf("inverting the covariance: %w", err)
	}
	d := f.d
	out := make([]float64, d*d)
	for i := 0; i < d; i++ {
		for j := 0; j < d; j++ {
			out[i*d+j] = s.At(i, j)
		}
	}
	return out, nil
}
