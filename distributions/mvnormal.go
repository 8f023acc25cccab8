package distributions

import (
	"fmt"
	"math"
	"math/rand/v2"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// MvNormal is PyMC's multivariate normal distribution with mean Mu and covariance Cov, or a
// lower-triangular Cholesky factor of it (Cov = L Lᵀ, the chol form):
//
//	log p(x) = -1/2 (d log 2π + log |Σ| + (x - mu)ᵀ Σ⁻¹ (x - mu))
//
// computed with gonum's Cholesky factorisation. Values and Mu have shapes (d,) or (N, d)
// (batch axes broadcast); the matrix is (d, d). The log density is one value per batch
// element. At run time a covariance that is not symmetric (within 1e-8, relative) or not
// positive definite, or a factor with a non-positive diagonal, gives -Inf. Entries above the
// diagonal of a Cholesky factor are ignored, as PyMC's triangular solve ignores them.
//
// References:
// PyMC3 3.x, pymc3/distributions/multivariate.py: MvNormal.
// K. B. Petersen and M. S. Pedersen, The Matrix Cookbook (2012), eqs. (57) and (61): the
// derivatives of log |Σ| and of aᵀ Σ⁻¹ a with respect to Σ.
type MvNormal struct {
	Mu, Cov *G.Node // Cov holds the Cholesky factor when the distribution was built with chol

	chol bool
	d    int
	mu   tensor.Shape
}

var _ Distribution = (*MvNormal)(nil)

// NewMvNormal returns PyMC's MvNormal(mu, cov): mu a float64 node of shape (d,) or (..., d),
// cov of shape (d, d). A constant cov that is not symmetric positive definite is an error
// naming cov.
func NewMvNormal(mu, cov *G.Node) (*MvNormal, error) { return newMvNormal(mu, cov, false) }

// NewMvNormalChol returns PyMC's MvNormal(mu, chol=chol): chol is the lower-triangular
// Cholesky factor of the covariance, of shape (d, d). A constant chol with a non-positive
// diagonal entry or a non-zero entry above the diagonal is an error naming chol.
func NewMvNormalChol(mu, chol *G.Node) (*MvNormal, error) { return newMvNormal(mu, chol, true) }

func newMvNormal(mu, m *G.Node, chol bool) (*MvNormal, error) {
	d := &MvNormal{Mu: mu, Cov: m, chol: chol}
	names := d.ParamNames()
	if err := checkNode("MvNormal", "mu", mu); err != nil {
		return nil, err
	}
	if err := checkNode("MvNormal", names[1], m); err != nil {
		return nil, err
	}
	if mu.Dims() == 0 {
		return nil, fmt.Errorf("distributions: MvNormal: mu must have an event axis, got a scalar")
	}
	if c, ok := constantValue(mu); ok {
		for i, v := range c.d {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("distributions: MvNormal: mu must be finite, got %v at index %d", v, i)
			}
		}
	}
	d.mu = mu.Shape()
	d.d = d.mu[len(d.mu)-1]
	if s := m.Shape(); len(s) != 2 || s[0] != d.d || s[1] != d.d {
		return nil, fmt.Errorf("distributions: MvNormal: %s must have shape (%d, %d) to match mu of shape %v, got %v",
			names[1], d.d, d.d, d.mu, s)
	}
	if c, ok := constantValue(m); ok {
		var f mvFactor
		if !f.factorize(c.d, d.d, chol) {
			return nil, mvDomainError(chol)
		}
		for i := 0; chol && i < d.d; i++ {
			for j := i + 1; j < d.d; j++ {
				if c.d[i*d.d+j] != 0 {
					return nil, fmt.Errorf("distributions: MvNormal: chol must be lower triangular, entry (%d, %d) is %v", i, j, c.d[i*d.d+j])
				}
			}
		}
	}
	return d, nil
}

// Name returns "MvNormal".
func (d *MvNormal) Name() string { return "MvNormal" }

// ParamNames returns ["mu", "cov"], or ["mu", "chol"].
func (d *MvNormal) ParamNames() []string {
	if d.chol {
		return []string{"mu", "chol"}
	}
	return []string{"mu", "cov"}
}

// Params returns the nodes of mu and cov (or chol).
func (d *MvNormal) Params() []*G.Node { return []*G.Node{d.Mu, d.Cov} }

// ParamShape returns mu's shape: the batch shape followed by the event axis (d).
func (d *MvNormal) ParamShape() tensor.Shape { return d.mu.Clone() }

// Support returns the real line (every coordinate).
func (d *MvNormal) Support() Support { return Support{Kind: Real} }

// DefaultTransform returns nil: the support is unconstrained.
func (d *MvNormal) DefaultTransform() Transform { return nil }

// Discrete returns false.
func (d *MvNormal) Discrete() bool { return false }

// LogP returns the summed log density of value as one fused op.
func (d *MvNormal) LogP(value *G.Node, observed bool) (*G.Node, error) {
	return d.logp(value, observed, false)
}

// LogPElem returns the log density of each batch element (value's shape without the event
// axis, broadcast with mu's) as one fused op. Its gradient op fills the partials with
// respect to value (unless observed), mu and cov (the symmetric gradient) or chol (lower
// triangular) in one pass.
func (d *MvNormal) LogPElem(value *G.Node, observed bool) (*G.Node, error) {
	return d.logp(value, observed, true)
}

func (d *MvNormal) logp(value *G.Node, observed, elem bool) (*G.Node, error) {
	if err := checkNode("MvNormal", "value", value); err != nil {
		return nil, err
	}
	vs := value.Shape()
	if _, err := broadcastShapes(nil, vs, d.mu); err != nil || len(vs) == 0 || vs[len(vs)-1] != d.d {
		return nil, fmt.Errorf("distributions: MvNormal: value of shape %v does not match mu of shape %v (event axis %d)", vs, d.mu, d.d)
	}
	inputs := []*G.Node{value, d.Mu, d.Cov}
	name := "MvNormalLogP"
	if elem {
		name = "MvNormalLogPElem"
	}
	return applyFused("MvNormal", name, &mvnormalLogP{chol: d.chol, elem: elem}, inputs, []bool{!observed, true, true})
}

// meanRows reads the parameter values, factorises the matrix and returns mu broadcast to
// a variable of the given shape (nil means mu's shape; the last axis must be d): the
// starting point of SupportPoint and Rand.
func (d *MvNormal) meanRows(params []*tensor.Dense, shape tensor.Shape) ([]float64, tensor.Shape, *mvFactor, error) {
	p, err := paramViews("MvNormal", d.ParamNames(), params)
	if err != nil {
		return nil, nil, nil, err
	}
	mu, m := p[0], p[1]
	if len(mu.s) == 0 || len(m.s) != 2 || m.s[0] != mu.s[len(mu.s)-1] || m.s[1] != m.s[0] {
		return nil, nil, nil, fmt.Errorf("distributions: MvNormal: parameter values of shapes %v and %v do not match", mu.s, m.s)
	}
	f := new(mvFactor)
	if !f.factorize(m.d, m.s[0], d.chol) {
		return nil, nil, nil, mvDomainError(d.chol)
	}
	out, err := variableShape("MvNormal", shape, mu.s)
	if err != nil {
		return nil, nil, nil, err
	}
	data, err := broadcastTo(mu.d, mu.s, out)
	if err != nil {
		return nil, nil, nil, err
	}
	return data, out, f, nil
}

// SupportPoint returns PyMC's support point, mu, broadcast to shape (nil means mu's shape;
// the last axis must be d).
func (d *MvNormal) SupportPoint(params []*tensor.Dense, shape tensor.Shape) (*tensor.Dense, error) {
	data, out, _, err := d.meanRows(params, shape)
	if err != nil {
		return nil, err
	}
	return denseOf(data, out), nil
}

// Rand draws one value of the given shape (nil means mu's shape; the last axis must be d):
// mu + L ε for each batch element, ε standard normal.
func (d *MvNormal) Rand(rng *rand.Rand, params []*tensor.Dense, shape tensor.Shape) (*tensor.Dense, error) {
	if rng == nil {
		return nil, fmt.Errorf("distributions: MvNormal: nil random source")
	}
	data, out, f, err := d.meanRows(params, shape)
	if err != nil {
		return nil, err
	}
	n := f.d
	eps := make([]float64, n)
	for r := 0; r+n <= len(data); r += n {
		for i := range eps {
			eps[i] = rng.NormFloat64()
		}
		for i := 0; i < n; i++ {
			s := 0.0
			for j := 0; j <= i; j++ {
				s += f.l[i*n+j] * eps[j]
			}
			data[r+i] += s
		}
	}
	for _, v := range data {
		if math.IsNaN(v) {
			return nil, fmt.Errorf("distributions: MvNormal: NaN draw (mu holds NaN?)")
		}
	}
	return denseOf(data, out), nil
}
