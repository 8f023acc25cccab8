package pm

import (
	"fmt"

	"github.com/gopymc/gopymc/approximations"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// PosteriorFunction is a compiled function of the posterior (see Function).
type PosteriorFunction = approximations.PosteriorFunction

// Function compiles outputs, expressions of the model's variables and of the input nodes,
// into a function that draws afresh from the approximation at each call: PyMC's
//
//	x = tt.matrix('X'); n = tt.iscalar('n')
//	f = theano.function([x, n], approx.sample_node(p, size=n, more_replacements={ann_input: x}))
//
// is
//
//	x := pm.Placeholder(model, "X", 1, 2); n := pm.IntScalar(model, "n")
//	f, err := pm.Function(approx, []*G.Node{x, n}, []*G.Node{p}, pm.MoreReplacements(pm.Replace(annInput.Node(), x)))
//	probs, err := f(XTest, 500) // probs[0] has shape (500, rows)
//
// The placeholder (or a Shared value's node given directly as an input) takes values of any
// number of rows: the graph is compiled once per shape. Options: Size (draws per call when no
// int input is given; without either, one draw and no draw axis), UseMean, MoreReplacements,
// Seed, Cores. See approximations.Function for the details and errors.
func Function(q Approximation, inputs, outputs []*G.Node, opts ...Option) (func(values ...any) ([]*tensor.Dense, error), error) {
	f, err := approximations.Function(q, inputs, outputs, opts...)
	if err != nil {
		return nil, err
	}
	return f.Call, nil
}

// NewPosteriorFunction is Function returning the compiled function itself, whose
// CallContext takes a context checked before every draw (a call of many draws on big data
// is long work), and whose Call is the function Function returns.
func NewPosteriorFunction(q Approximation, inputs, outputs []*G.Node, opts ...Option) (*PosteriorFunction, error) {
	return approximations.Function(q, inputs, outputs, opts...)
}

// Placeholder adds a float64 input node of the given shape to the model's graph (Theano's
// tt.matrix('X')), to stand for data in a Function; its shape is only the first one a
// Function compiles for: calls may give other numbers of rows.
func Placeholder(m *Model, name string, shape ...int) *G.Node {
	if err := m.Claim(name, "placeholder"); err != nil {
		m.SetErr(fmt.Errorf("pm: Placeholder: %w", err))
		name = fmt.Sprintf("%s (not built: see Model.Err)", name)
	}
	for _, d := range shape {
		if d < 1 {
			m.SetErr(fmt.Errorf("pm: Placeholder %q: dimensions must be >= 1, got %v", name, shape))
			shape = nil
			break
		}
	}
	if len(shape) == 0 {
		return G.NewScalar(graphOf(m), G.Float64, G.WithName(name))
	}
	return G.NewTensor(graphOf(m), G.Float64, len(shape), G.WithShape(shape...), G.WithName(name))
}
