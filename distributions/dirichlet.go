package distributions

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Dirichlet is PyMC's Dirichlet distribution on the simplex with concentrations A:
//
//	log p(x) = lgamma(Σ a) - Σ lgamma(a_k) + Σ (a_k - 1) log x_k
//
// on the last axis. Values and A have shapes (K,) or (N, K), batch axes broadcasting; the
// log density is one value per batch element. Values off the simplex (a negative entry, or
// entries not summing to 1 within 1e-8) and non-positive concentrations at run time give
// -Inf. The default transform is stick-breaking.
//
// References:
// PyMC3 3.x, pymc3/distributions/multivariate.py: Dirichlet.
type Dirichlet struct {
	A *G.Node

	shape tensor.Shape
}

var _ Distribution = (*Dirichlet)(nil)

// NewDirichlet returns PyMC's Dirichlet(a): a is a float64 node of shape (K,) or (..., K)
// with K >= 2. A constant a must be positive and finite; otherwise it returns an error
// naming a.
func NewDirichlet(a *G.Node) (*Dirichlet, error) {
	if err := checkNode("Dirichlet", "a", a); err != nil {
		return nil, err
	}
	s := a.Shape()
	if len(s) == 0 || s[len(s)-1] < 2 {
		return nil, fmt.Errorf("distributions: Dirichlet: a must have a last axis of at least 2 entries, got shape %v", s)
	}
	if c, ok := constantValue(a); ok {
		for _, v := range c.d {
			if !(v > 0) || math.IsInf(v, 1) {
				return nil, fmt.Errorf("distributions: Dirichlet: a must be positive and finite, got %v", v)
			}
		}
	}
	return &Dirichlet{A: a, shape: s}, nil
}

// Name returns "Dirichlet".
func (d *Dirichlet) Name() string { return "Dirichlet" }

// ParamNames returns ["a"].
func (d *Dirichlet) ParamNames() []string { return []string{"a"} }

// Params returns the node of a.
func (d *Dirichlet) Params() []*G.Node { return []*G.Node{d.A} }

// ParamShape returns a's shape: the batch shape followed by the event axis (K).
func (d *Dirichlet) ParamShape() tensor.Shape { return d.shape.Clone() }

// Support returns the simplex.
func (d *Dirichlet) Support() Support { return Support{Kind: Simplex} }

// DefaultTransform returns the stick-breaking transform, as PyMC3 does.
func (d *Dirichlet) DefaultTransform() Transform { return NewStickBreakingTransform() }

// Discrete returns false.
func (d *Dirichlet) Discrete() bool { return false }

// LogP returns the summed log density of value as one fused op.
func (d *Dirichlet) LogP(value *G.Node, observed bool) (*G.Node, error) {
	return d.logp(value, observed, false)
}

// LogPElem returns the log density of each batch element as one fused op. Its gradient op
// fills the partials with respect to value (unless observed) and a in one pass, with
// d/da_k = ψ(Σ a) - ψ(a_k) + log x_k (ψ the digamma function).
func (d *Dirichlet) LogPElem(value *G.Node, observed bool) (*G.Node, error) {
	return d.logp(value, observed, true)
}

func (d *Dirichlet) logp(value *G.Node, observed, elem bool) (*G.Node, error) {
	if err := checkNode("Dirichlet", "value", value); err != nil {
		return nil, err
	}
	vs := value.Shape()
	if _, err := broadcastShapes(nil, vs, d.shape); err != nil || len(vs) == 0 || vs[len(vs)-1] != d.shape[len(d.shape)-1] {
		return nil, fmt.Errorf("distributions: Dirichlet: value of shape %v does not match a of shape %v", vs, d.shape)
	}
	inputs := []*G.Node{value, d.A}
	name := "DirichletLogP"
	if elem {
		name = "DirichletLogPElem"
	}
	return applyFused("Dirichlet", name, &dirichletLogP{elem: elem}, inputs, []bool{!observed, true})
}

// dirRows calls f on each row of a broadcast to a variable of the given shape (nil means
// a's shape) with the output row to fill, and returns the result.
func (d *Dirichlet) dirRows(params []*tensor.Dense, shape tensor.Shape, f func(a, x []float64)) (*tensor.Dense, error) {
	p, err := paramViews("Dirichlet", d.ParamNames(), params)
	if err != nil {
		return nil, err
	}
	a := p[0]
	if len(a.s) == 0 {
		return nil, fmt.Errorf("distributions: Dirichlet: a must have an event axis")
	}
	for _, v := range a.d {
		if !(v > 0) || math.IsInf(v, 1) {
			return nil, fmt.Errorf("distributions: Dirichlet: a must be positive and finite, got %v", v)
		}
	}
	out, err := variableShape("Dirichlet", shape, a.s)
	if err != nil {
		return nil, err
	}
	data, err := broadcastTo(a.d, a.s, out)
	if err != nil {
		return nil, err
	}
	k := out[len(out)-1]
	row := make([]float64, k)
	for r := 0; r+k <= len(data); r += k {
		copy(row, data[r:r+k])
		f(row, data[r:r+k])
	}
	return denseOf(data, out), nil
}

// SupportPoint returns PyMC's support point a / Σ a (the mean) for each row, broadcast to
// shape (nil means a's shape).
func (d *Dirichlet) SupportPoint(params []*tensor.Dense, shape tensor.Shape) (*tensor.Dense, error) {
	return d.dirRows(params, shape, func(a, x []float64) {
		s := 0.0
		for _, v := range a {
			s += v
		}
		for i, v := range a {
			x[i] = v / s
		}
	})
}

// Rand draws one value of the given shape (nil means a's shape): for each row, independent
// Gamma(a_k, 1) draws divided by their sum.
func (d *Dirichlet) Rand(rng *rand.Rand, params []*tensor.Dense, shape tensor.Shape) (*tensor.Dense, error) {
	if rng == nil {
		return nil, fmt.Errorf("distributions: Dirichlet: nil random source")
	}
	return d.dirRows(params, shape, func(a, x []float64) {
		s := 0.0
		for i, v := range a {
			x[i] = distuv.Gamma{Alpha: v, Beta: 1, Src: rng}.Rand()
			s += x[i]
		}
		if s == 0 { // every draw underflowed (tiny a): all mass on the largest concentration
			best := 0
			for i, v := range a {
				if v > a[best] {
					best = i
				}
				x[i] = 0
			}
			x[best] = 1
			return
		}
		for i := range x {
			x[i] /= s
		}
	})
}
