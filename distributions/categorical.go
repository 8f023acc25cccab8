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
	if err := nwCheckNode("Categorical", name, p); err != nil {
		return nil, err
	}
	if p.Dims() == 0 {
		return nil, fmt.Errorf("distributions: Categorical: %s must have a class axis, got a scalar", name)
	}
	s := p.Shape()
	d.k, d.batch = s[len(s)-1], nwBatchOf(s)
	if d.k < 1 {
		return nil, fmt.Errorf("distributions: Categorical: %s has no classes", name)
	}
	if c, ok := nwConstValue(p); ok {
		if logit {
			for _, v := range c.d {
				if math.IsNaN(v) || math.IsInf(v, 1) {
					return nil, fmt.Errorf("distributions: Categorical: logit_p must not hold NaN or +Inf, got %v", v)
				}
			}
		} else if err := nwCheckWeights("Categorical", "p", c); err != nil {
			return nil, err
		}
	}
	return d, nil
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
	if err := nwCheckNode("Categorical", "value", value); err != nil {
		return nil, err
	}
	batch, err := nwBroadcastShapes(value.Shape(), d.batch)
	if err != nil {
		return nil, fmt.Errorf("distributions: Categorical: value of shape %v and %s of shape %v: %w",
			value.Shape(), d.ParamNames()[0], d.P.Shape(), err)
	}
	inputs := []*G.Node{value, d.P}
	return nwApply(newCategoricalLogPOp(inputs, batch, d.logit, elem), inputs...)
}

// catRows calls f for each element of a variable of the given shape (nil means the batch
// shape) with the probabilities of its row (normalised; softmax of logit_p), and returns
// the results.
func (d *Categorical) catRows(params []*tensor.Dense, shape tensor.Shape, f func(p []float64) float64) (*tensor.Dense, error) {
	ps, err := nwParamValues("Categorical", d.ParamNames(), params)
	if err != nil {
		return nil, err
	}
	p := ps[0]
	if len(p.s) == 0 {
		return nil, fmt.Errorf("distributions: Categorical: %s must have a class axis", d.ParamNames()[0])
	}
	k := p.s[len(p.s)-1]
	out, err := nwShapeFor("Categorical", shape, nwBatchOf(p.s))
	if err != nil {
		return nil, err
	}
	var it nwIter
	if err := it.init(nwWithAxis(out, k), 1, p.s); err != nil {
		return nil, err
	}
	row := make([]float64, k)
	res := make([]float64, it.n)
	for i := range res {
		for j := range row {
			row[j] = p.d[it.off[0]+j*it.stride[0][it.rank-1]]
		}
		if d.logit {
			lse := catLogSumExp(row, 1, k)
			for j := range row {
				row[j] = math.Exp(row[j] - lse)
			}
		}
		res[i] = f(row)
		it.next()
	}
	return nwDenseResult(res, out), nil
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
		return float64(nwPickIndex(rng, p))
	})
}
