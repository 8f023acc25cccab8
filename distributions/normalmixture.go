package distributions

import (
	"fmt"
	"math"
	"math/rand/v2"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// NormalMixture is PyMC's NormalMixture: a mixture of normal distributions with weights W,
// means Mu and standard deviations Sigma (or precisions Tau), the component axis last:
//
//	log p(x) = log Σ_k w_k N(x | mu_k, sigma_k)
//
// computed stably in log space (log-sum-exp). W, Mu and Sigma broadcast NumPy-style with
// shapes (K,) or (..., K); the value has the batch shape, their broadcast without the
// component axis, or any shape that broadcasts with it. The support is the real line and
// there is no default transform.
//
// At run time the log density is -Inf, as in PyMC3's Mixture.logp, when a weight is outside
// [0, 1] or a row of weights does not sum to 1 within Theano's allclose tolerance (1e-8 +
// 1e-5), or when a standard deviation (precision) is not positive.
//
// References:
// PyMC3 3.x, pymc3/distributions/mixture.py: Mixture.logp and NormalMixture.
type NormalMixture struct {
	W, Mu, Sigma *G.Node // Sigma holds the precisions when the distribution was built with tau

	tau   bool
	batch tensor.Shape // the parameters' broadcast shape without the component axis
}

var _ Distribution = (*NormalMixture)(nil)

// NewNormalMixture returns PyMC's NormalMixture(w, mu, sigma). The three parameters are
// float64 nodes whose shapes broadcast, with the component axis last; w must have at least
// one axis. For constant parameters it checks that the weights are non-negative and sum to 1
// within 1e-8 on the last axis, and that sigma is positive; it returns an error naming the
// parameter otherwise.
func NewNormalMixture(w, mu, sigma *G.Node) (*NormalMixture, error) {
	return newNormalMixture(w, mu, sigma, false)
}

// NewNormalMixtureTau returns PyMC's NormalMixture(w, mu, tau=tau): the normal components
// are given by their precisions tau = 1/sigma^2. The checks are those of NewNormalMixture.
func NewNormalMixtureTau(w, mu, tau *G.Node) (*NormalMixture, error) {
	return newNormalMixture(w, mu, tau, true)
}

func newNormalMixture(w, mu, scale *G.Node, tau bool) (*NormalMixture, error) {
	d := &NormalMixture{W: w, Mu: mu, Sigma: scale, tau: tau}
	names := d.ParamNames()
	for i, n := range []*G.Node{w, mu, scale} {
		if err := nwCheckNode("NormalMixture", names[i], n); err != nil {
			return nil, err
		}
	}
	if w.Dims() == 0 {
		return nil, fmt.Errorf("distributions: NormalMixture: w must have a component axis, got a scalar")
	}
	full, err := nwBroadcastShapes(w.Shape(), mu.Shape(), scale.Shape())
	if err != nil {
		return nil, fmt.Errorf("distributions: NormalMixture: w, mu and %s: %w", names[2], err)
	}
	d.batch = nwBatchOf(full)
	if c, ok := nwConstValue(w); ok {
		if err := nwCheckWeights("NormalMixture", "w", c); err != nil {
			return nil, err
		}
	}
	if c, ok := nwConstValue(scale); ok {
		for _, v := range c.d {
			if !(v > 0) || math.IsInf(v, 1) {
				return nil, fmt.Errorf("distributions: NormalMixture: %s must be positive and finite, got %v", names[2], v)
			}
		}
	}
	if c, ok := nwConstValue(mu); ok {
		for _, v := range c.d {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("distributions: NormalMixture: mu must be finite, got %v", v)
			}
		}
	}
	return d, nil
}

// nwCheckWeights checks constant probabilities on the last axis: non-negative entries
// summing to 1 within 1e-8 in every row.
func nwCheckWeights(family, name string, c nwArg) error {
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

// Name returns "NormalMixture".
func (d *NormalMixture) Name() string { return "NormalMixture" }

// ParamNames returns ["w", "mu", "sigma"], or ["w", "mu", "tau"].
func (d *NormalMixture) ParamNames() []string {
	if d.tau {
		return []string{"w", "mu", "tau"}
	}
	return []string{"w", "mu", "sigma"}
}

// Params returns the nodes of w, mu and sigma (or tau).
func (d *NormalMixture) Params() []*G.Node { return []*G.Node{d.W, d.Mu, d.Sigma} }

// ParamShape returns the batch shape: the parameters' broadcast shape without the component
// axis.
func (d *NormalMixture) ParamShape() tensor.Shape { return d.batch.Clone() }

// Support returns the real line.
func (d *NormalMixture) Support() Support { return Support{Kind: Real} }

// DefaultTransform returns nil: the support is unconstrained.
func (d *NormalMixture) DefaultTransform() Transform { return nil }

// Discrete returns false.
func (d *NormalMixture) Discrete() bool { return false }

// LogP returns the summed log density of value as one fused op; see LogPElem.
func (d *NormalMixture) LogP(value *G.Node, observed bool) (*G.Node, error) {
	return d.logp(value, observed, false)
}

// LogPElem returns each element's log density, of the broadcast shape of value and the batch
// shape, as one fused op. Its gradient op fills the partials with respect to value (unless
// observed) and every parameter in one pass.
func (d *NormalMixture) LogPElem(value *G.Node, observed bool) (*G.Node, error) {
	return d.logp(value, observed, true)
}

func (d *NormalMixture) logp(value *G.Node, observed, elem bool) (*G.Node, error) {
	if err := nwCheckNode("NormalMixture", "value", value); err != nil {
		return nil, err
	}
	batch, err := nwBroadcastShapes(value.Shape(), d.batch)
	if err != nil {
		return nil, fmt.Errorf("distributions: NormalMixture: value of shape %v and parameters of batch shape %v: %w",
			value.Shape(), d.batch, err)
	}
	inputs := []*G.Node{value, d.W, d.Mu, d.Sigma}
	return nwApply(newMixtureLogPOp(inputs, batch, d.tau, elem, observed), inputs...)
}

// SupportPoint returns PyMC's support point Σ_k w_k mu_k (the mixture mean), broadcast to
// shape (nil means the batch shape).
func (d *NormalMixture) SupportPoint(params []*tensor.Dense, shape tensor.Shape) (*tensor.Dense, error) {
	p, err := nwParamValues("NormalMixture", d.ParamNames(), params)
	if err != nil {
		return nil, err
	}
	return nwMixtureEach("NormalMixture", p, shape, func(_ int, w, mu, _ []float64) float64 {
		m := 0.0
		for k := range w {
			m += w[k] * mu[k]
		}
		return m
	})
}

// Rand draws one value of the given shape (nil means the batch shape): for each element a
// component k with probability w_k / Σ w, then a normal draw from it.
func (d *NormalMixture) Rand(rng *rand.Rand, params []*tensor.Dense, shape tensor.Shape) (*tensor.Dense, error) {
	if rng == nil {
		return nil, fmt.Errorf("distributions: NormalMixture: nil random source")
	}
	p, err := nwParamValues("NormalMixture", d.ParamNames(), params)
	if err != nil {
		return nil, err
	}
	return nwMixtureEach("NormalMixture", p, shape, func(_ int, w, mu, s []float64) float64 {
		k := nwPickIndex(rng, w)
		sd := s[k]
		if d.tau {
			sd = 1 / math.Sqrt(sd)
		}
		return mu[k] + sd*rng.NormFloat64()
	})
}

// nwMixtureEach evaluates f on the gathered component parameters of every element of a
// variable of the given shape (nil means the batch shape) and returns the results.
func nwMixtureEach(family string, p []nwArg, shape tensor.Shape, f func(i int, w, mu, s []float64) float64) (*tensor.Dense, error) {
	full, err := nwBroadcastShapes(p[0].s, p[1].s, p[2].s)
	if err != nil {
		return nil, fmt.Errorf("distributions: %s: parameter values: %w", family, err)
	}
	if len(full) == 0 {
		return nil, fmt.Errorf("distributions: %s: w must have a component axis", family)
	}
	out, err := nwShapeFor(family, shape, nwBatchOf(full))
	if err != nil {
		return nil, err
	}
	k := full[len(full)-1]
	fullOut := nwWithAxis(out, k)
	var it nwIter
	if err := it.init(fullOut, 1, p[0].s, p[1].s, p[2].s); err != nil {
		return nil, err
	}
	buf := make([]float64, 3*k)
	w, mu, s := buf[:k], buf[k:2*k], buf[2*k:]
	r := len(fullOut) - 1
	res := make([]float64, it.n)
	for i := range res {
		for j := 0; j < k; j++ {
			w[j] = p[0].d[it.off[0]+j*it.stride[0][r]]
			mu[j] = p[1].d[it.off[1]+j*it.stride[1][r]]
			s[j] = p[2].d[it.off[2]+j*it.stride[2][r]]
		}
		res[i] = f(i, w, mu, s)
		it.next()
	}
	return nwDenseResult(res, out), nil
}

// nwPickIndex draws an index with probability proportional to the non-negative weights p.
func nwPickIndex(rng *rand.Rand, p []float64) int {
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
