package distributions

import (
	"fmt"
	"math"
	"math/rand/v2"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Categorical is PyMC's Categorical distribution over the classes 0 .. K-1, given by
// probabilities P of shape (K,) or (N, K), one row per batch element, or by log-odds
// (logit_p). Values are class indices stored as float64, of shape () or (N,) (any shape
// that broadcasts with the batch shape).
//
// With p, each row is normalised by its sum, as PyMC does (log p_x - log Σ p), so the
// gradient with respect to p is that of the normalised probabilities. With logit_p,
// log p(x) = logit_p[x] - logsumexp(logit_p). A value that is not an integer in [0, K-1], or
// a row of p with a negative entry, gives -Inf.
//
// References:
// PyMC3 3.x, pymc3/distributions/discrete.py: Categorical.logp.
type Categorical struct {
	P *G.Node // probabilities, or log-odds when the distribution was built with logit_p

	logit bool
	k     int
	batch tensor.Shape
}

var _ Distribution = (*Categorical)(nil)

// NewCategorical returns PyMC's Categorical(p): p is a float64 node of shape (K,) or
// (..., K). For a constant p it checks that the entries are non-negative and every row sums
// to 1 within 1e-8, and returns an error naming p otherwise.
func NewCategorical(p *G.Node) (*Categorical, error) { return newCategorical(p, false) }

// NewCategoricalLogit returns PyMC's Categorical(logit_p=logitP): the class probabilities
// are softmax(logitP) on the last axis. A constant logitP must not hold NaN or +Inf.
func NewCategoricalLogit(logitP *G.Node) (*Categorical, error) { return newCategorical(logitP, true) }

func newCategorical(p *G.Node, logit bool) (*Categorical, error) {
	d := &Categorical{P: p, logit: logit}
	name := d.ParamNames()[0]
	if err := checkNode("Categorical", name, p); err != nil {
		return nil, err
	}
	if p.Dims() == 0 {
		return nil, fmt.Errorf("distributions: Categorical: %s must have a class axis, got a scalar", name)
	}
	s := p.Shape()
	d.k, d.batch = s[len(s)-1], batchShape(s)
	if d.k < 1 {
		return nil, fmt.Errorf("distributions: Categorical: %s has no classes", name)
	}
	if c, ok := constantValue(p); ok {
		if logit {
			for _, v := range c.d {
				if math.IsNaN(v) || math.IsInf(v, 1) {
					return nil, fmt.Errorf("distributions: Categorical: logit_p must not hold NaN or +Inf, got %v", v)
				}
			}
		} else if err := checkWeights("Categorical", "p", c); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// checkWeights checks constant probabilities on the last axis, the weights of Categorical
// and NormalMixture: non-negative entries summing to 1 within 1e-8 in every row.
func checkWeights(family, name string, c floatView) error {
	k := 1
	if len(c.s) > 0 {
		k = c.s[len(c.s)-1]
	}
	for i := 0; i+k <= len(c.d); i += k {
		sum := 0.0
		for _, v := range c.d[i : i+k] {
			if !(v >= 0) || math.IsInf(v, 1) {
				return fmt.Errorf("distributions: %s: %s must be non-negative, got %v", family, name, v)
			}
			sum += v
		}
		if math.Abs(sum-1) > 1e-8 {
			return fmt.Errorf("distributions: %s: %s must sum to 1 on its last axis, a row sums to %v", family, name, sum)
		}
	}
	return nil
}

// Name returns "Categorical".
func (d *Categorical) Name() string { return "Categorical" }

// ParamNames returns ["p"], or ["logit_p"].
func (d *Categorical) ParamNames() []string {
	if d.logit {
		return []string{"logit_p"}
	}
	return []string{"p"}
}

// Params returns the node of p (or logit_p).
func (d *Categorical) Params() []*G.Node { return []*G.Node{d.P} }

// ParamShape returns the batch shape: p's shape without the class axis.
func (d *Categorical) ParamShape() tensor.Shape { return d.batch.Clone() }

// Support returns the integers (0 .. K-1).
func (d *Categorical) Support() Support { return Support{Kind: Integers} }

// DefaultTransform returns nil: the family is discrete.
func (d *Categorical) DefaultTransform() Transform { return nil }

// Discrete returns true.
func (d *Categorical) Discrete() bool { return true }

// LogP returns the summed log probability of value as one fused op.
func (d *Categorical) LogP(value *G.Node, observed bool) (*G.Node, error) {
	return d.logp(value, false)
}

// LogPElem returns each batch element's log probability as one fused op. Its gradient op
// fills the partials with respect to p (or logit_p); the value is never differentiated.
func (d *Categorical) LogPElem(value *G.Node, observed bool) (*G.Node, error) {
	return d.logp(value, true)
}

func (d *Categorical) logp(value *G.Node, elem bool) (*G.Node, error) {
	if err := checkNode("Categorical", "value", value); err != nil {
		return nil, err
	}
	if _, err := broadcastShapes(nil, value.Shape(), d.batch); err != nil {
		return nil, fmt.Errorf("distributions: Categorical: value of shape %v and %s of shape %v: %w",
			value.Shape(), d.ParamNames()[0], d.P.Shape(), err)
	}
	inputs := []*G.Node{value, d.P}
	f := &categoricalLogP{logit: d.logit, elem: elem}
	name := "CategoricalLogP"
	if elem {
		name = "CategoricalLogPElem"
	}
	return applyFused("Categorical", name, f, inputs, []bool{false, true})
}

// catRows calls f for each element of a variable of the given shape (nil means the batch
// shape) with the probabilities of its row (normalised; softmax of logit_p), and returns
// the results.
func (d *Categorical) catRows(params []*tensor.Dense, shape tensor.Shape, f func(p []float64) float64) (*tensor.Dense, error) {
	ps, err := paramViews("Categorical", d.ParamNames(), params)
	if err != nil {
		return nil, err
	}
	p := ps[0]
	if len(p.s) == 0 {
		return nil, fmt.Errorf("distributions: Categorical: %s must have a class axis", d.ParamNames()[0])
	}
	k := p.s[len(p.s)-1]
	out, err := variableShape("Categorical", shape, batchShape(p.s))
	if err != nil {
		return nil, err
	}
	b, err := newEventBcast(appendAxis(out, k), p.s)
	if err != nil {
		return nil, fmt.Errorf("distributions: Categorical: %w", err)
	}
	row := make([]float64, k)
	res := make([]float64, b.rows)
	st := b.inner(0)
	it := rowIter{b: &b}
	for i := 0; it.next(); i++ {
		for j := range row {
			row[j] = p.d[it.off[0]+j*st]
		}
		if d.logit {
			lse := catLogSumExp(row, 1, k)
			for j := range row {
				row[j] = math.Exp(row[j] - lse)
			}
		}
		res[i] = f(row)
	}
	return denseOf(res, out), nil
}

// SupportPoint returns PyMC's support point: the most probable class of each row (the
// first one on ties), broadcast to shape (nil means the batch shape).
func (d *Categorical) SupportPoint(params []*tensor.Dense, shape tensor.Shape) (*tensor.Dense, error) {
	return d.catRows(params, shape, func(p []float64) float64 {
		best := 0
		for j, v := range p {
			if v > p[best] {
				best = j
			}
		}
		return float64(best)
	})
}

// Rand draws one class per element of the given shape (nil means the batch shape), with
// probabilities proportional to the row of p.
func (d *Categorical) Rand(rng *rand.Rand, params []*tensor.Dense, shape tensor.Shape) (*tensor.Dense, error) {
	if rng == nil {
		return nil, fmt.Errorf("distributions: Categorical: nil random source")
	}
	return d.catRows(params, shape, func(p []float64) float64 {
		return float64(pickIndex(rng, p))
	})
}

// pickIndex draws an index with probability proportional to the non-negative weights p:
// a class of Categorical, a component of NormalMixture.
func pickIndex(rng *rand.Rand, p []float64) int {
	sum := 0.0
	for _, v := range p {
		sum += v
	}
	u := rng.Float64() * sum
	last := 0
	for k, v := range p {
		if v > 0 {
			last = k
		}
		if u < v {
			return k
		}
		u -= v
	}
	return last
}
