package model

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/gopymc/gopymc/graph"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// NonFiniteTerms names the terms of the model's log density that are not finite at the flat
// unconstrained point x: each free variable's prior (with its transform's Jacobian), each
// observed variable's likelihood and each potential, in that order, as `y is -Inf`. It
// returns "" when every term is finite, and also when x does not fit the model or a term
// cannot be evaluated: it is a diagnosis for error messages (Sample's and Fit's), never the
// error itself. It evaluates each term on its own, so it is slow; call it on the error path.
func (m *Model) NonFiniteTerms(x []float64) string {
	if m.Err() != nil || len(x) != m.Dim() {
		return ""
	}
	var givens []graph.Given
	for _, v := range m.Ordering() {
		fv, _ := m.FreeVar(v.Name)
		val := slices.Clone(x[v.Offset : v.Offset+v.Size])
		var value any = val[0]
		if len(v.Shape) > 0 {
			value = tensor.New(tensor.WithShape(v.Shape...), tensor.WithBacking(val))
		}
		givens = append(givens, graph.Given{Node: fv.Value, Value: value})
	}
	type term struct {
		name string
		node *G.Node
	}
	var terms []term
	for _, v := range m.free {
		terms = append(terms, term{v.Name, v.LogP})
	}
	for _, v := range m.observed {
		terms = append(terms, term{v.Name, v.LogP})
	}
	for _, p := range m.potentials {
		terms = append(terms, term{p.Name, p.Node})
	}
	var bad []string
	for _, t := range terms {
		val, err := Eval(t.node, givens...)
		if err != nil {
			return ""
		}
		lp := scalarOf(val)
		if math.IsNaN(lp) || math.IsInf(lp, 0) {
			bad = append(bad, fmt.Sprintf("%s is %g", t.name, lp))
		}
	}
	if len(bad) == 0 {
		return ""
	}
	return "the log density of " + strings.Join(bad, ", of ")
}
