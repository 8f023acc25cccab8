package model

import (
	"errors"
	"fmt"
	"sync"

	"github.com/gopymc/gopymc/distributions"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Model is a Bayesian model: a graph and the variables defined on it. The zero value is not
// usable; call New.
//
// Building a model is not safe for concurrent use, nor are LogDensity and PointFunc, which
// add nodes to the graph; the functions they compile have Copy methods for other goroutines.
// InitialPoint, InitialPointWith and LogP may be called from several goroutines at once.
type Model struct {
	g     *G.ExprGraph
	err   error
	names map[string]string // every name in use -> what it names ("free variable", ...)

	free          []*FreeVar
	observed      []*ObservedVar
	deterministic []*Deterministic
	potentials    []*Potential

	mu      sync.Mutex // guards logp and logpKey
	logp    *G.Node    // the log density node LogP evaluates, see logpNode
	logpKey [3]int

	constMu sync.Mutex // guards consts
	consts  map[float64]*G.Node

	data dataState // data containers and SetData's replacements

	// changes names what each change of the model's log density added, in order ("the free
	// variable \"z\""): its length is the model's version (see Version).
	changes []string
}

// New returns an empty model with a graph of its own.
func New() *Model {
	return &Model{g: G.NewGraph(), names: map[string]string{}}
}

// Graph returns the model's expression graph, on which users build expressions of its
// variables.
func (m *Model) Graph() *G.ExprGraph {
	if m == nil {
		return nil
	}
	return m.g
}

// ErrNilModel is Err of a nil *Model: every call given a nil model returns it.
var ErrNilModel = errors.New("model: nil *Model (make one with pm.NewModel)")

// Err returns the first error met while building the model, or nil; ErrNilModel for a nil
// model, so that every function that starts by checking Err refuses a nil model.
func (m *Model) Err() error {
	if m == nil {
		return ErrNilModel
	}
	return m.err
}

// SetErr records err as the model's error unless an earlier one is recorded. Packages that
// build on a model (pm, data) use it to keep the first error sticky. It does nothing on a
// nil model.
func (m *Model) SetErr(err error) {
	if m != nil && m.err == nil && err != nil {
		m.err = err
	}
}

// claim reserves name for a thing of the given kind, or returns an error naming the clash.
func (m *Model) claim(name, kind string) error {
	if m == nil {
		return ErrNilModel
	}
	if name == "" {
		return fmt.Errorf("model: a %s needs a name", kind)
	}
	if prev, ok := m.names[name]; ok {
		return fmt.Errorf("model: the name %q is already used by a %s", name, prev)
	}
	m.names[name] = kind
	return nil
}

// HasName reports whether name is used in the model.
func (m *Model) HasName(name string) bool {
	if m == nil {
		return false
	}
	_, ok := m.names[name]
	return ok
}

// Claim reserves a name for a thing (such as a Shared value or a minibatch) that packages
// building on the model add to its graph, so that no two things share a name.
func (m *Model) Claim(name, kind string) error { return m.claim(name, kind) }

// placeholder returns a stand-in node of the given shape for a variable that could not be
// built, so that user code building on it does not panic; the model's error says what went
// wrong.
func (m *Model) placeholder(name string, shape tensor.Shape) *G.Node {
	return standIn(m.g, name+" (not built: see Model.Err)", shape)
}

// orphan is the stand-in node that building calls given a nil model return: an input of the
// requested shape in a graph of its own, so that code building on it does not panic (the
// nil model's Err, ErrNilModel, is what Fit, Sample and Eval then return).
func orphan(name string, shape tensor.Shape) *G.Node {
	return standIn(G.NewGraph(), name+" (not built: nil model)", shape)
}

// standIn is an input node of g named name, of the given shape, or a scalar when that shape
// cannot be made.
func standIn(g *G.ExprGraph, name string, shape tensor.Shape) *G.Node {
	n, err := newInput(g, name, shape)
	if err != nil {
		return G.NewScalar(g, G.Float64, G.WithName(name))
	}
	return n
}

// newInput adds a float64 input node of the given shape to g, recovering Gorgonia's panics.
func newInput(g *G.ExprGraph, name string, shape tensor.Shape) (n *G.Node, err error) {
	defer recoverErr(&err)
	if len(shape) == 0 {
		return G.NewScalar(g, G.Float64, G.WithName(name)), nil
	}
	return G.NewTensor(g, G.Float64, len(shape), G.WithShape(shape...), G.WithName(name)), nil
}

// recoverErr turns a panic into an error, for the Gorgonia calls that panic.
func recoverErr(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("model: %v", r)
	}
}

// recoverNamed turns a panic met while adding the named variable into an error naming it.
func recoverNamed(err *error, kind, name string) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("model: %s %q: %v", kind, name, r)
	}
}

// FreeVars returns the free variables in the order they were added.
func (m *Model) FreeVars() []*FreeVar {
	if m == nil {
		return nil
	}
	return m.free
}

// ObservedVars returns the observed variables in the order they were added.
func (m *Model) ObservedVars() []*ObservedVar {
	if m == nil {
		return nil
	}
	return m.observed
}

// Deterministics returns the deterministics in the order they were added.
func (m *Model) Deterministics() []*Deterministic {
	if m == nil {
		return nil
	}
	return m.deterministic
}

// Potentials returns the potentials in the order they were added.
func (m *Model) Potentials() []*Potential {
	if m == nil {
		return nil
	}
	return m.potentials
}

// FreeVar is a free random variable. In the graph it is an input node Value holding its
// unconstrained value (named ValueName, PyMC's value variable), and a node RV holding its
// constrained value: Transform.Backward(Value), or Value itself without a transform.
type FreeVar struct {
	Name      string // "sigma"
	ValueName string // "sigma_log__", or Name when there is no transform
	Dist      distributions.Distribution
	Transform distributions.Transform // nil when the support is unconstrained

	Value *G.Node // the unconstrained input node
	RV    *G.Node // the constrained value

	Shape      tensor.Shape // of RV
	ValueShape tensor.Shape // of Value

	// LogP is the variable's prior log density at RV, plus log|Jacobian| of the transform
	// at Value: a scalar node.
	LogP *G.Node

	// InitVal is the user's initial value in constrained space (pm.InitVal), or nil for
	// PyMC's support point.
	InitVal *tensor.Dense

	// TotalSize is the total_size given (nil when absent); LogP is scaled by the factor it
	// makes.
	TotalSize []int

	// initIn is an input node for a constrained initial value and initFwd its transform's
	// forward map (nil without a transform): built once by AddFree so that InitialPoint
	// never adds nodes to the graph.
	initIn, initFwd *G.Node
}

// ObservedVar is an observed random variable: a distribution over data.
type ObservedVar struct {
	Name string
	Dist distributions.Distribution
	Data *G.Node // the observed values (a constant, a Shared value's node, a minibatch)
	// intData is the int node Data converts to float64 when the data was given as an int
	// node (labels that also index parameters), else nil.
	intData *G.Node

	// TotalSize is PyMC's total_size as given (nil when absent), Scale the factor
	// Π N_i / shape_i it makes, by which LogP is multiplied.
	TotalSize []int
	Scale     float64

	LogP    *G.Node // scalar: Scale · Σ log p(Data)
	rawLogP *G.Node // scalar: Σ log p(Data), unscaled
}

// Deterministic is a named expression whose draws are recorded in traces.
type Deterministic struct {
	Name string
	Node *G.Node
}

// Potential is a named term added to the model's log density (PyMC's pm.Potential), part of
// the data log density for VI.
type Potential struct {
	Name string
	Node *G.Node // scalar after summation, times Scale

	// TotalSize is the total_size given (nil when absent), Scale the factor it makes (1
	// without).
	TotalSize []int
	Scale     float64
}
