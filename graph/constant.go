package graph

import (
	"fmt"
	"hash"

	"github.com/chewxy/hm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Gorgonia hash-conses nodes: ExprGraph.AddNode returns an existing node whose hash and op
// hash agree with the new one's, and hashes a constant by printing its value. Printing
// elides the middle of vectors of nine or more elements and of wide or tall matrices, so
// two different constants can print alike and become one node, silently (issue 12: a model
// with x ~ Normal(a, 1), z ~ Normal(b, 1) used a as z's mean too). Since a node's hash also
// covers its children's hashes and nodeEq does not compare children, the parents of such
// constants merge as well.
//
// gopymc's constants are therefore nodes of constOp, a zero-arity op carrying its value and
// a unique id in its hash: no two are ever merged, whatever their contents. Every path that
// turns a value into a graph node goes through NewConstant or the copier's addConstant.

// constOp is a zero-arity op returning a fixed value.
type constOp struct {
	v  G.Value // *G.F64, *G.I, ... for scalars, else a *tensor.Dense
	id uint64
}

var _ G.SDOp = constOp{}

func newConstOp(v G.Value) constOp { return constOp{v: v, id: opIDs.Add(1)} }

func (op constOp) Arity() int { return 0 }
func (op constOp) Type() hm.Type {
	if _, ok := op.v.(G.Scalar); ok {
		return op.v.Dtype()
	}
	return G.TensorType{Dims: op.v.Shape().Dims(), Of: op.v.Dtype()}
}
func (op constOp) InferShape(...G.DimSizer) (tensor.Shape, error) { return valueShape(op.v), nil }
func (op constOp) ReturnsPtr() bool                               { return false }
func (op constOp) CallsExtern() bool                              { return false }
func (op constOp) OverwritesInput() int                           { return -1 }
func (op constOp) DiffWRT(int) []bool                             { return nil }
func (op constOp) SymDiff(G.Nodes, *G.Node, *G.Node) (G.Nodes, error) {
	return nil, nil
}
func (op constOp) WriteHash(h hash.Hash) {
	fmt.Fprintf(h, "graph.const#%d:%v%v", op.id, op.v.Dtype(), valueShape(op.v))
}
func (op constOp) Hashcode() uint32 { return hashOf(op) }
func (op constOp) String() string   { return fmt.Sprintf("const %v%v", op.v.Dtype(), valueShape(op.v)) }

// Do returns a copy of the value: Gorgonia's TapeMachine lets the consumers of a node that
// is not one of its own constants overwrite its value (UnsafeDo). The plan never calls Do
// for a constant; it holds the value in the constant's slot.
func (op constOp) Do(...G.Value) (G.Value, error) { return cloneValue(op.v) }

// NewConstant adds to g a node holding a private copy of value (see ToValue for the accepted
// kinds), under name (a unique name is made from it when the graph has a node of that
// name). Unlike gorgonia.NewConstant, two constants are never merged into one node, whatever
// their contents: Gorgonia identifies constants by their printed form, which elides the
// middle of long vectors and wide matrices.
func NewConstant(g *G.ExprGraph, name string, value any) (n *G.Node, err error) {
	defer recoverTo(&err)
	if g == nil {
		return nil, fmt.Errorf("graph: constant %q: nil graph", name)
	}
	v, err := ToValue(value)
	if err != nil {
		return nil, fmt.Errorf("graph: constant %q: %w", name, err)
	}
	if v, err = cloneValue(v); err != nil {
		return nil, fmt.Errorf("graph: constant %q: %w", name, err)
	}
	return addConstNode(g, freeName(g, name), v)
}

// addConstNode adds a constOp node holding v (not copied) to g.
func addConstNode(g *G.ExprGraph, name string, v G.Value) (n *G.Node, err error) {
	defer recoverTo(&err)
	if d, ok := v.(*tensor.Dense); ok && (d.RequiresIterator() || d.IsMasked()) {
		v = d.Clone().(*tensor.Dense)
	}
	op := newConstOp(v)
	opts := []G.NodeConsOpt{G.WithOp(op), G.In(g), G.WithType(op.Type()), G.WithName(name)}
	if _, ok := v.(G.Scalar); !ok {
		opts = append(opts, G.WithShape(v.Shape()...))
	}
	return G.NewUniqueNode(opts...), nil
}

// freeName returns name when no node of g has it, else name#k for the first free k >= 2.
func freeName(g *G.ExprGraph, name string) string {
	free := name
	for k := 2; len(g.ByName(free)) > 0; k++ {
		free = fmt.Sprintf("%s#%d", name, k)
	}
	return free
}

// ConstantValue returns the value of n when n is a constant: one of gopymc's (NewConstant)
// or one of Gorgonia's. The value belongs to the node: do not modify it.
func ConstantValue(n *G.Node) (G.Value, bool) {
	if n == nil || n.Op() == nil {
		return nil, false
	}
	if c, ok := n.Op().(constOp); ok {
		return c.v, true
	}
	if isGorgoniaConstant(n.Op()) {
		return n.Value(), n.Value() != nil
	}
	return nil, false
}

// IsConstant reports whether n is a constant (see ConstantValue).
func IsConstant(n *G.Node) bool {
	_, ok := ConstantValue(n)
	return ok
}
