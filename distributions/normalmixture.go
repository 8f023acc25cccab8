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
		if err := checkNode("NormalMixture", names[i], n); err != nil {
			return nil, err
		}
	}
	if w.Dims() == 0 {
		return nil, fmt.Errorf("distributions: NormalMixture: w must have a component axis, got a scalar")
	}
	full, err := broadcastShapes(names, w.Shape(), mu.Shape(), scale.Shape())
	if err != nil {
		return nil, fmt.Errorf("distributions: NormalMixture: w, mu and %s: %w", names[2], err)
	}
	d.batch = batchShape(full)
	if c, ok := constantValue(w); ok {
		if err := checkWeights("NormalMixture", "w", c); err != nil {
			return nil, err
		}
	}
	if c, ok := constantValue(scale); ok {
		for _, v := range c.d {
			if !(v > 0) || math.IsInf(v, 1) {
				return nil, fmt.Errorf("distributions: NormalMixture: %s must be positive and finite, got %v", names[2], v)
			}
		}
	}
	if c, ok := constantValue(mu); ok {
		for _, v := range c.d {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("distributions: NormalMixture: mu must be finite, got %v", v)
			}
		}
	}
	return d, nil
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
	if err := checkNode("NormalMixture", "value", value); err != nil {
		return nil, err
	}
	if _, err := broadcastShapes(nil, value.Shape(), d.batch); err != nil {
		return nil, fmt.Errorf("distributions: NormalMixture: value of shape %v and parameters of batch shape %v: %w",
			value.Shape(), d.batch, err)
	}
	inputs := []*G.Node{value, d.W, d.Mu, d.Sigma}
	name := "NormalMixtureLogP"
	if elem {
		name = "NormalMixtureLogPElem"
	}
	return applyFused("NormalMixture", name, &mixtureLogP{tau: d.tau, elem: elem}, inputs,
		[]bool{!observed, true, true, true})
}

// SupportPoint returns PyMC's support point Σ_k w_k mu_k (the mixture mean), broadcast to
// shape (nil means the batch shape).
func (d *NormalMixture) SupportPoint(params []*tensor.Dense, shape tensor.Shape) (*tensor.Dense, error) {
	return d.eachElem(params, shape, func(w, mu, _ []float64) float64 {
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
	return d.eachElem(params, shape, func(w, mu, s []float64) float64 {
		k := pickIndex(rng, w)
		return mu[k] + sigmaOf(s[k], d.tau)*rng.NormFloat64()
	})
}

// eachElem evaluates f on the gathered component parameters of every element of a
// variable of the given shape (nil means the batch shape) and returns the results.
func (d *NormalMixture) eachElem(params []*tensor.Dense, shape tensor.Shape, f func(w, mu, s []float64) float64) (*tensor.Dense, error) {
	p, err := paramViews("NormalMixture", d.ParamNames(), params)
	if err != nil {
		return nil, err
	}
	full, err := broadcastShapes(d.ParamNames(), p[0].s, p[1].s, p[2].s)
	if err != nil {
		return nil, fmt.Errorf("distributions: NormalMixture: parameter values: %w", err)
	}
	if len(full) == 0 {
		return nil, fmt.Errorf("distributions: NormalMixture: w must have a component axis")
	}
	out, err := variableShape("NormalMixture", shape, batchShape(full))
	if err != nil {
		return nil, err
	}
	k := full[len(full)-1]
	// Operand 0 of the walk stands for the value: it reads nothing.
	b, err := newEventBcast(appendAxis(out, k), nil, p[0].s, p[1].s, p[2].s)
	if err != nil {
		return nil, fmt.Errorf("distributions: NormalMixture: %w", err)
	}
	buf := make([]float64, 3*k)
	w, mu, s := buf[:k], buf[k:2*k], buf[2*k:]
	res := make([]float64, b.rows)
	it := rowIter{b: &b}
	for i := 0; it.next(); i++ {
		mixGather(&b, &it, p[0], p[1], p[2], w, mu, s)
		res[i] = f(w, mu, s)
	}
	return denseOf(res, out), nil
}
