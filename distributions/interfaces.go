package distributions

import (
	"math/rand/v2"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Distribution is a family with its parameters bound to nodes of a graph: what the model
// layer needs to add a random variable. Parameter nodes may be constants, data or any
// expression of other variables.
//
// Numeric methods (SupportPoint, Rand) take the parameters' current values, in ParamNames
// order, because a parameter can be an expression that only the caller can evaluate.
// Scalars are 0-d tensors (tensor.New(tensor.FromScalar(v))).
type Distribution interface {
	// Name is PyMC's name of the family, e.g. "Normal".
	Name() string

	// ParamNames names the parameters in the order of Params, e.g. ["mu", "sigma"].
	ParamNames() []string

	// Params returns the parameter nodes.
	Params() []*G.Node

	// ParamShape is the shape the parameters broadcast to: the default shape of a
	// variable of this family (for a multivariate family, including the event axes).
	ParamShape() tensor.Shape

	// LogP returns a scalar node: the log density of value summed over all its elements,
	// the parameters broadcast against value NumPy-style. When observed is true, value is
	// data, whose gradient is never needed. Values outside the support give -Inf; parameter
	// values outside their domain at run time give -Inf too.
	LogP(value *G.Node, observed bool) (*G.Node, error)

	// LogPElem returns a node of the broadcast shape (the batch shape for a multivariate
	// family) holding each element's log density: the per-observation form.
	LogPElem(value *G.Node, observed bool) (*G.Node, error)

	// Support is the set of values the family puts mass on.
	Support() Support

	// DefaultTransform is PyMC's default transform of the family to unconstrained space,
	// or nil when the support is already unconstrained (or the family is discrete).
	DefaultTransform() Transform

	// Discrete reports whether the values are integers (stored as float64).
	Discrete() bool

	// SupportPoint returns PyMC's support point (the initial value) for a variable of the
	// given shape: a value inside the support, such as the mean or the mode.
	SupportPoint(params []*tensor.Dense, shape tensor.Shape) (*tensor.Dense, error)

	// Rand draws one value of the given shape from the family, from rng.
	Rand(rng *rand.Rand, params []*tensor.Dense, shape tensor.Shape) (*tensor.Dense, error)
}

// SupportKind says which kind of set a support is.
type SupportKind int

// The kinds of support.
const (
	Real         SupportKind = iota // the real line
	Positive                        // (0, inf)
	Interval                        // (Lower, Upper), bounds possibly given by nodes
	UnitInterval                    // (0, 1)
	Simplex                         // vectors on the last axis with positive entries summing to 1
	Integers                        // the integers 0, 1, ... (or a finite range of them)
)

// Support is the set of values a distribution puts mass on.
type Support struct {
	Kind SupportKind
}

// Transform maps a constrained variable to the real line and back, as PyMC's transforms do.
// A free variable x with a transform lives in the model as its unconstrained value
// y = Forward(x), under the name "<x>_<Name()>__" (PyMC's value-variable name), and the model
// adds LogJacDet(y) to the log density.
type Transform interface {
	// Name is PyMC's name of the transform: "log", "interval", "logodds", "stickbreaking".
	Name() string

	// Forward maps constrained values to unconstrained ones.
	Forward(x *G.Node) (*G.Node, error)

	// Backward maps unconstrained values to constrained ones.
	Backward(y *G.Node) (*G.Node, error)

	// LogJacDet returns a scalar node: log |det d Backward(y) / dy|, summed over y.
	LogJacDet(y *G.Node) (*G.Node, error)

	// UnconstrainedShape maps the shape of a constrained value to the shape of its
	// unconstrained value (the same, except for the simplex, which has one less entry on
	// the last axis).
	UnconstrainedShape(s tensor.Shape) (tensor.Shape, error)
}
