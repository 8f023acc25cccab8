package pm

import (
	"fmt"

	"github.com/gopymc/gopymc/config"
	"github.com/gopymc/gopymc/distributions"
	"github.com/gopymc/gopymc/graph"
	"github.com/gopymc/gopymc/model"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Model is a Bayesian model (PyMC's pm.Model): see package model.
type Model = model.Model

// NewModel returns an empty model with its own graph (PyMC's `with pm.Model() as model`:
// pass the model to every constructor instead of opening a context).
func NewModel() *Model { return model.New() }

// Deterministic records an expression of the model under a name so that traces keep its
// draws (PyMC's pm.Deterministic), and returns it.
func Deterministic(m *Model, name string, node *G.Node) *G.Node {
	return m.AddDeterministic(name, node)
}

// Potential adds an expression to the model's log density (PyMC's pm.Potential). Option:
// TotalSize, which scales the term as an observed variable's log density is scaled (for a
// potential over a minibatch), and counts in the normalising constant of VI.
func Potential(m *Model, name string, node *G.Node, opts ...Option) *G.Node {
	s, err := config.Collect(fmt.Sprintf("Potential %q", name), opts, "TotalSize")
	if err != nil {
		m.SetErr(err)
		return m.AddPotential(name, node)
	}
	return m.AddPotentialScaled(name, node, s.TotalSize)
}

// DensityDist adds a variable with a user's log density (PyMC's pm.DensityDist): logp gets
// the variable's value node and returns its log density per element or summed, built from
// Gorgonia ops on the value and on any nodes of the model. With Observed it is a
// likelihood over the data, else a free variable on the real line (no transform: logp must
// give -Inf outside the support), scalar unless Shape is given, starting at 0 unless
// InitVal is given. Options: Observed, Shape, InitVal, TotalSize (also for a free variable,
// scaling its log density as PyMC3 did), Random (the function that draws it, for
// predictive sampling).
func DensityDist(m *Model, name string, logp distributions.LogPFunc, opts ...Option) *G.Node {
	allowed := []string{"Shape", "Observed", "TotalSize", "InitVal", "Random"}
	return addVarWith(m, "DensityDist", name, opts, allowed, func(_ *params, s *config.Settings) (distributions.Distribution, error) {
		var r densityRandom
		if s.Given("Random") {
			r = s.Random.(densityRandom)
			if r.fn == nil {
				return nil, fmt.Errorf("Random: nil function")
			}
			for i, p := range r.params {
				if p == nil || p.Graph() != m.Graph() {
					return nil, fmt.Errorf("Random: parameter %d is not a node of the model's graph", i)
				}
			}
		}
		return distributions.NewDensityDist(logp, r.fn, r.params...)
	})
}

// Shared is a named value outside any run that compiled functions read when they run, as
// theano.shared: Node() for the graph, Value() and SetValue() for the value.
type Shared = graph.Shared

// NewShared adds a shared value to the model's graph (theano.shared(value, name)); a []int,
// [][]int or tensor.Int value stays int, for Index. On error
// (a name in use, a value that is not numeric data) the model records it and NewShared
// returns a stand-in shared value, so that code using it does not panic; Model.Err says what
// went wrong, and Sample, Fit and Eval of the model return it.
//
// The shared value is a data container of the model: SetData sets it by name, also to a value
// of another number of rows.
func NewShared(m *Model, name string, value any) *Shared {
	s, err := m.NewData(name, value)
	if err == nil {
		return s
	}
	m.SetErr(fmt.Errorf("pm: NewShared: %w", err))
	return standInShared(m, name, value)
}

// standInShared is a shared value under a name no node has: of value if that is usable data,
// else a float64 zero.
func standInShared(m *Model, name string, value any) *Shared {
	g := graphOf(m)
	stand := fmt.Sprintf("%s (not built: see Model.Err)", name)
	for k := 2; m.HasName(stand) || len(g.ByName(stand)) > 0; k++ {
		stand = fmt.Sprintf("%s (not built #%d: see Model.Err)", name, k)
	}
	if s, err := graph.NewShared(g, stand, value); err == nil {
		return s
	}
	s, _ := graph.NewShared(g, stand, 0.0)
	return s
}

// graphOf is the model's graph, or for a nil model a graph of its own, on which the stand-ins
// that building calls return are made so that code building on them does not panic (a nil
// model's Err, model.ErrNilModel, is what Fit, Sample and Eval then return).
func graphOf(m *Model) *G.ExprGraph {
	if g := m.Graph(); g != nil {
		return g
	}
	return G.NewGraph()
}

// IntScalar adds an int scalar input node to the model's graph (theano.tensor.iscalar), to
// give at evaluation with Givens, e.g. as a symbolic size of SampleNode.
func IntScalar(m *Model, name string) *G.Node {
	if err := m.Claim(name, "int scalar"); err != nil {
		m.SetErr(fmt.Errorf("pm: IntScalar: %w", err))
		name = fmt.Sprintf("%s (not built: see Model.Err)", name)
	}
	return G.NewScalar(graphOf(m), tensor.Int, G.WithName(name))
}

// Eval computes a node's value (Theano's .eval()): Shared values as they are now, inputs
// given with Givens, and nodes holding draws from an approximation fresh at every call. A
// scalar comes back as a 0-d tensor.
func Eval(node *G.Node, opts ...Option) (*tensor.Dense, error) {
	s, err := config.Collect("Eval", opts, "Givens")
	if err != nil {
		return nil, err
	}
	givens := make([]graph.Given, len(s.Givens))
	for i, g := range s.Givens {
		givens[i] = graph.Given{Node: g.Node, Value: g.Value}
	}
	v, err := model.Eval(node, givens...)
	if err != nil {
		return nil, err
	}
	return toDense(v)
}

// toDense converts a Gorgonia value to a *tensor.Dense (scalars to 0-d tensors).
func toDense(v G.Value) (*tensor.Dense, error) {
	switch x := v.(type) {
	case *tensor.Dense:
		return x, nil
	case *G.F64:
		return tensor.New(tensor.FromScalar(float64(*x))), nil
	case *G.I:
		return tensor.New(tensor.FromScalar(int(*x))), nil
	case *G.F32:
		return tensor.New(tensor.FromScalar(float32(*x))), nil
	case *G.B:
		return tensor.New(tensor.FromScalar(bool(*x))), nil
	}
	return nil, fmt.Errorf("pm: Eval: cannot convert a %T to a tensor", v)
}
