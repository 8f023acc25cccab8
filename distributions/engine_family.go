package distributions

import (
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// univariate is the part every univariate family shares: its name, its parameter nodes
// and its engine kernel. Families embed it and add their support, transform, support point
// and draws.
type univariate struct {
	name   string
	k      kernel
	params []*G.Node
	shape  tensor.Shape
}

// newUnivariate checks params against k's specs (see checkParams) and binds them.
func newUnivariate(name string, k kernel, params ...*G.Node) (univariate, error) {
	s, err := checkParams(name, k.specs(), params)
	if err != nil {
		return univariate{}, err
	}
	return univariate{name: name, k: k, params: params, shape: s}, nil
}

// Name is PyMC's name of the family.
func (u *univariate) Name() string { return u.name }

// ParamNames names the parameters of the family's parameterisation, as PyMC's keywords.
func (u *univariate) ParamNames() []string {
	specs := u.k.specs()
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
func (u *univariate) Discrete() bool { return u.k.discrete() }

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
func (u *univariate) kern() kernel { return u.k }
