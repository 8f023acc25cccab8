package distributions

import (
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// univariate is the part every univariate family shares: its name, its parameter nodes
// and its engine kernel. Families embed it and add their support, transform, support point
// and draws, which differ from family to family.
type univariate struct {
	name   string
	k      elemKernel
	params []*G.Node
	shape  tensor.Shape
}

// newUnivariate checks params against k's specs (see checkParams) and binds them.
func newUnivariate(name string, k elemKernel, params ...*G.Node) (univariate, error) {
	s, err := checkParams(name, k.info().specs, params)
	if err != nil {
		return univariate{}, err
	}
	return univariate{name: name, k: k, params: params, shape: s}, nil
}

// newFamily is the constructor of a family F that is a univariate and nothing more: it
// binds params to the kernel k under the family's name.
func newFamily[F ~struct{ univariate }](name string, k elemKernel, params ...*G.Node) (*F, error) {
	u, err := newUnivariate(name, k, params...)
	if err != nil {
		return nil, err
	}
	return &F{u}, nil
}

// Name is PyMC's name of the family.
func (u *univariate) Name() string { return u.name }

// ParamNames names the parameters of the family's parameterisation, as PyMC's keywords.
func (u *univariate) ParamNames() []string {
	specs := u.k.info().specs
	out := make([]string, len(specs))
	for i, s := range specs {
		out[i] = s.name
	}
	return out
}

// Params returns the parameter nodes, in ParamNames order.
func (u *univariate) Params() []*G.Node { return append([]*G.Node(nil), u.params...) }

// ParamShape is the shape the parameters broadcast to.
func (u *univariate) ParamShape() tensor.Shape { return u.shape.Clone() }

// Discrete reports whether values are integers.
func (u *univariate) Discrete() bool { return u.k.info().discrete }

// LogP returns a scalar node: the log density of value summed over the broadcast shape of
// value and parameters. It is one fused op, and its gradient one op filling every partial
// in one pass. With observed set, value is data and gets no gradient.
func (u *univariate) LogP(value *G.Node, observed bool) (*G.Node, error) {
	return applyLogp(u.name, u.k, value, u.params, observed, false)
}

// LogPElem returns a node of the broadcast shape of value and parameters holding each
// element's log density.
func (u *univariate) LogPElem(value *G.Node, observed bool) (*G.Node, error) {
	return applyLogp(u.name, u.k, value, u.params, observed, true)
}

// kern returns the family's kernel (for tests and the engine).
func (u *univariate) kern() elemKernel { return u.k }

// eachElem returns a tensor of the given shape whose element e is f of the parameters'
// values at e (see mapParams): the body of SupportPoint and Rand.
func (u *univariate) eachElem(params []*tensor.Dense, shape tensor.Shape, f func(v *[maxParams]float64) (float64, error)) (*tensor.Dense, error) {
	return mapParams(u.name, u.k.info().specs, params, shape, f)
}
