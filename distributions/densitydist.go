package distributions

import (
	"fmt"
	"math/rand/v2"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// LogPFunc is a user's log density: given a node holding a value, it returns a node of the
// same graph holding the log density of each element (of the value's shape) or their sum (a
// scalar), built from any Gorgonia ops and from nodes of the model the function closes over.
type LogPFunc func(value *G.Node) (*G.Node, error)

// RandFunc draws one value of the given shape from rng, given the current values of the
// parameter nodes declared with it (see NewDensityDist), in their order.
type RandFunc func(rng *rand.Rand, params []*tensor.Dense, shape tensor.Shape) (*tensor.Dense, error)

// DensityDist is PyMC's DensityDist: a distribution given by a user's log density function
// (observed, as a likelihood, or free, as a prior), with an optional random function for
// predictive sampling. Its support is the real line, with no transform: the log density
// must itself return -Inf outside the support. Its support point is 0. Gradients come from
// Gorgonia's differentiation of the graph the function builds.
//
// References: PyMC's pymc3/distributions/distribution.py DensityDist.
type DensityDist struct {
	logp   LogPFunc
	random RandFunc
	params []*G.Node
}

var _ Distribution = (*DensityDist)(nil)

// NewDensityDist returns the distribution with log density logp (not nil). random may be
// nil, and then Rand fails: the variable cannot be drawn in predictive sampling. params are
// the nodes whose values random needs (evaluated at each draw).
func NewDensityDist(logp LogPFunc, random RandFunc, params ...*G.Node) (*DensityDist, error) {
	if logp == nil {
		return nil, fmt.Errorf("distributions: DensityDist: nil log density function")
	}
	for i, p := range params {
		if p == nil {
			return nil, fmt.Errorf("distributions: DensityDist: parameter %d is nil", i)
		}
	}
	return &DensityDist{logp: logp, random: random, params: append([]*G.Node(nil), params...)}, nil
}

// Name is "DensityDist".
func (d *DensityDist) Name() string { return "DensityDist" }

// ParamNames names the random function's parameters "param0", "param1", ...
func (d *DensityDist) ParamNames() []string {
	names := make([]string, len(d.params))
	for i := range names {
		names[i] = fmt.Sprintf("param%d", i)
	}
	return names
}

// Params returns the random function's parameter nodes.
func (d *DensityDist) Params() []*G.Node { return append([]*G.Node(nil), d.params...) }

// ParamShape is the scalar shape: a free DensityDist of another shape needs a Shape.
func (d *DensityDist) ParamShape() tensor.Shape { return tensor.Shape{} }

// LogP is the sum of the user's log density over value.
func (d *DensityDist) LogP(value *G.Node, observed bool) (*G.Node, error) {
	lp, err := d.LogPElem(value, observed)
	if err != nil {
		return nil, err
	}
	if lp.IsScalar() {
		return lp, nil
	}
	return catch(func() (*G.Node, error) { return G.Sum(lp) })
}

// LogPElem is the user's log density at value, checked to be a float64 node of value's
// graph; a panic in the function is returned as an error.
func (d *DensityDist) LogPElem(value *G.Node, _ bool) (*G.Node, error) {
	if value == nil {
		return nil, fmt.Errorf("distributions: DensityDist: nil value")
	}
	lp, err := catch(func() (*G.Node, error) { return d.logp(value) })
	if err != nil {
		return nil, fmt.Errorf("distributions: DensityDist: the log density function: %w", err)
	}
	switch {
	case lp == nil:
		return nil, fmt.Errorf("distributions: DensityDist: the log density function returned a nil node")
	case lp.Graph() != value.Graph():
		return nil, fmt.Errorf("distributions: DensityDist: the log density function returned a node of another graph than the value's")
	case lp.Dtype() != tensor.Float64:
		return nil, fmt.Errorf("distributions: DensityDist: the log density function returned a node of dtype %v, want float64", lp.Dtype())
	}
	return lp, nil
}

// catch runs f, turning a panic (Gorgonia's builders panic) into an error.
func catch(f func() (*G.Node, error)) (n *G.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			n, err = nil, fmt.Errorf("%v", r)
		}
	}()
	return f()
}

// Support is the real line.
func (d *DensityDist) Support() Support { return Support{Kind: Real} }

// DefaultTransform is nil.
func (d *DensityDist) DefaultTransform() Transform { return nil }

// Discrete is false.
func (d *DensityDist) Discrete() bool { return false }

// SupportPoint is 0 (PyMC3's default test value of a DensityDist).
func (d *DensityDist) SupportPoint(_ []*tensor.Dense, shape tensor.Shape) (*tensor.Dense, error) {
	return denseOf(make([]float64, max(1, shape.TotalSize())), shape), nil
}

// Rand calls the random function, and checks the shape of its draw.
func (d *DensityDist) Rand(rng *rand.Rand, params []*tensor.Dense, shape tensor.Shape) (*tensor.Dense, error) {
	if d.random == nil {
		return nil, fmt.Errorf("distributions: DensityDist: no random function was given, so it cannot be drawn")
	}
	if len(params) != len(d.params) {
		return nil, fmt.Errorf("distributions: DensityDist: %d parameter values for %d parameters", len(params), len(d.params))
	}
	out, err := d.random(rng, params, shape)
	if err != nil {
		return nil, fmt.Errorf("distributions: DensityDist: the random function: %w", err)
	}
	if out == nil || out.Dtype() != tensor.Float64 {
		return nil, fmt.Errorf("distributions: DensityDist: the random function must return a float64 tensor")
	}
	got := out.Shape()
	if out.IsScalar() {
		got = tensor.Shape{}
	}
	if !sameShape(got, shape) {
		return nil, fmt.Errorf("distributions: DensityDist: the random function returned shape %v, want %v", got, shape)
	}
	return out, nil
}
