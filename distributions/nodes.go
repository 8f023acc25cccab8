package distributions

import (
	"fmt"

	"github.com/gopymc/gopymc/graph"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Checks and queries on graph nodes, made while a graph is built.

// checkNode checks that a parameter or value node of family fam, named name in errors, is
// a float64 scalar or tensor: the ops compute in float64 only.
func checkNode(fam, name string, n *G.Node) error {
	if n == nil {
		return fmt.Errorf("distributions: %s: %s is nil", fam, name)
	}
	if n.Dtype() != tensor.Float64 {
		return fmt.Errorf("distributions: %s: %s must be float64, got %v", fam, name, n.Dtype())
	}
	return nil
}

// knownValue returns the value of n when it is known while the graph is built: when n is a
// constant (graph.ConstantValue; constant is then true: the value can never change), or an
// input node with a value bound to it (which Let may rebind later). ok is false for any
// other node, whose value is only known at run time. The view aliases the node's value.
func knownValue(n *G.Node) (v floatView, constant, ok bool) {
	if n == nil {
		return floatView{}, false, false
	}
	val, constant := graph.ConstantValue(n)
	if !constant {
		if n.Op() != nil || !n.IsVar() {
			return floatView{}, false, false
		}
		val = n.Value()
	}
	if val == nil {
		return floatView{}, false, false
	}
	v, err := viewOf(val) // fails for anything but float64 data

	if err != nil {
		return floatView{}, false, false
	}
	return v, constant, true
}

// constantValue returns the value of n when n is a Gorgonia constant. The multivariate
// families check only constants while the graph is built: any other node can change.
func constantValue(n *G.Node) (floatView, bool) {
	v, c, ok := knownValue(n)
	return v, ok && c
}

// isConstantNode reports whether n is a constant holding a float64 value, whose
// gradient nobody needs.
func isConstantNode(n *G.Node) bool {
	_, ok := constantValue(n)
	return ok
}

// nonDiffLeaf reports whether n is a leaf that is not an input node: a constant or a
// zero-arity op such as a seeded random draw. Gorgonia differentiates only with respect to
// input nodes, so no partial is computed for such a leaf.
func nonDiffLeaf(n *G.Node) bool {
	op := n.Op()
	if op == nil {
		return false // an input node
	}
	if graph.IsConstant(n) || op.Arity() == 0 {
		return true
	}
	g := n.Graph()
	if g == nil {
		return true // a constant not added to a graph
	}
	it := g.From(n.ID())
	return it == nil || it.Len() == 0
}

// applyOp applies op to inputs for family fam, turning a panic of Gorgonia's graph
// construction into an error (gorgonia-notes trap 22).
func applyOp(fam string, op G.Op, inputs ...*G.Node) (n *G.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			n, err = nil, fmt.Errorf("distributions: %s: building %v: %v", fam, op, r)
		}
	}()
	n, err = G.ApplyOp(op, inputs...)
	if err != nil {
		return nil, fmt.Errorf("distributions: %s: building %v: %w", fam, op, err)
	}
	return n, nil
}
