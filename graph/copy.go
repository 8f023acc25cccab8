package graph

import (
	"fmt"
	"reflect"
	"strings"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// replacement is what a node is replaced by: another node of the same graph, or a value.
type replacement struct {
	node  *G.Node
	value G.Value
}

// copier copies the subgraph of some outputs, applying replacements. It serves both Compile
// (into a fresh graph: every node is re-created there) and Clone (inside the source graph:
// untouched subtrees are shared, as theano.clone does).
//
// The rules (gorgonia-notes §1 and the first addendum):
//   - inputs are re-created by name, dtype and shape; constants as constOps, which are never
//     merged (Gorgonia merges constants by name and by printed value: trap 3, constant.go);
//   - SizeOf nodes are rebuilt, because sizeOp caches the size of its input (trap 17);
//   - stateful ops are forked with the copy's stream, so that no two Functions share state;
//   - Reshape cannot follow an input whose shape changed, and statement nodes (Read, Let) are
//     refused.
type copier struct {
	src, dst *G.ExprGraph
	inPlace  bool   // Clone: dst == src, share what does not change, never fork
	stream   uint64 // the stream stateful ops are forked with (Compile)

	repl   map[*G.Node]replacement
	active map[*G.Node]bool // nodes whose replacement is being copied (theano.clone semantics)
	memo   map[*G.Node]*G.Node
	origin map[*G.Node]*G.Node // copy -> source node, to name errors and bind inputs
}

func newCopier(src, dst *G.ExprGraph, inPlace bool, stream uint64) *copier {
	return &copier{
		src: src, dst: dst, inPlace: inPlace, stream: stream,
		repl:   map[*G.Node]replacement{},
		active: map[*G.Node]bool{},
		memo:   map[*G.Node]*G.Node{},
		origin: map[*G.Node]*G.Node{},
	}
}

// addReplacement records that old is replaced by with (a *G.Node of the same graph, or a
// value that ToValue accepts).
func (c *copier) addReplacement(old *G.Node, with any) error {
	if old == nil {
		return fmt.Errorf("graph: replacement of a nil node")
	}
	if old.Graph() != c.src {
		return nodeErr("replace", old, fmt.Errorf("the node is not in the graph being copied"))
	}
	if n, ok := with.(*G.Node); ok {
		if n == nil || n.Graph() != c.src {
			return nodeErr("replace", old, fmt.Errorf("the replacement node is not in the same graph"))
		}
		if n.Dtype() != old.Dtype() || n.Dims() != old.Dims() {
			return nodeErr("replace", old, fmt.Errorf("replacement %s has type %v, want %v", nodeName(n), n.Type(), old.Type()))
		}
		c.repl[old] = replacement{node: n}
		return nil
	}
	v, err := ToValue(with)
	if err != nil {
		return nodeErr("replace", old, err)
	}
	if err := CheckFinite(v); err != nil {
		return nodeErr("replace", old, fmt.Errorf("the replacement value: %w", err))
	}
	v = ScalarFor(old, v)
	if err := checkValueFor(old, v, false); err != nil {
		return nodeErr("replace", old, err)
	}
	c.repl[old] = replacement{value: v}
	return nil
}

// copy returns the copy of n, copying its subgraph first.
func (c *copier) copy(n *G.Node) (*G.Node, error) {
	if out, ok := c.memo[n]; ok {
		return out, nil
	}
	if n.Graph() != c.src {
		return nil, nodeErr("copy", n, fmt.Errorf("the node belongs to another graph"))
	}
	out, err := c.copyUncached(n)
	if err != nil {
		return nil, err
	}
	c.memo[n] = out
	if _, ok := c.origin[out]; !ok && out != n {
		// A replacement's copy keeps the origin it got when it was copied itself, so a
		// Shared node standing in for another node is still found as a Shared value.
		c.origin[out] = n
	}
	return out, nil
}

func (c *copier) copyUncached(n *G.Node) (*G.Node, error) {
	if r, ok := c.repl[n]; ok && !c.active[n] {
		return c.copyReplacement(n, r)
	}
	op := n.Op()
	if isStatement(op) {
		return nil, nodeErr("copy", n, ErrStatement)
	}
	switch {
	case op == nil: // an input: a free variable, data, a Shared value
		if c.inPlace {
			return n, nil
		}
		return c.newInput(n)
	case isConstant(op):
		if c.inPlace {
			return n, nil
		}
		v, _ := ConstantValue(n)
		return c.addConstant(v, "const")
	}

	if !c.inPlace {
		if a, axis, ok := gorgoniaLogSumExp(n); ok {
			// Gorgonia's LogSumExp has a wrong value: compute ours from its input.
			return c.replaceSubgraph(n, lseOp{axis: axis, dims: a.Dims()}, a)
		}
	}
	kids := Children(n)
	if len(kids) == 0 { // a zero-arity op such as a seeded random node
		if c.inPlace {
			return n, nil
		}
		return c.addLeaf(c.fork(op), n)
	}
	newKids := make([]*G.Node, len(kids))
	changed := false
	for i, k := range kids {
		nk, err := c.copy(k)
		if err != nil {
			return nil, err
		}
		newKids[i] = nk
		changed = changed || nk != k
	}
	if c.inPlace && !changed {
		return n, nil
	}
	out, err := c.apply(n, newKids, kids)
	if err != nil {
		if r := c.replacedBelow(n); r != "" {
			return nil, fmt.Errorf("%w (it reads %s)", err, r)
		}
		return nil, err
	}
	return out, nil
}

// replacedBelow describes the replacements of the subgraph of n whose shape differs from
// the node they replace, as "the replacement of \"x\" (shape (3, 3) for (3, 2))", so that
// an op that fails on a replacement's shape names it; "" when there are none.
func (c *copier) replacedBelow(n *G.Node) string {
	seen := map[*G.Node]bool{}
	var found []string
	var walk func(k *G.Node)
	walk = func(k *G.Node) {
		if seen[k] {
			return
		}
		seen[k] = true
		if r, ok := c.repl[k]; ok {
			var shape tensor.Shape
			if r.value != nil {
				shape = valueShape(r.value)
			} else {
				shape = r.node.Shape()
			}
			if !shape.Eq(k.Shape()) && !(shape.IsScalar() && k.IsScalar()) {
				found = append(found, fmt.Sprintf("the replacement of %q (shape %v for %v)", k.Name(), shape, k.Shape()))
			}
			return
		}
		for _, ch := range Children(k) {
			walk(ch)
		}
	}
	walk(n)
	if len(found) == 0 {
		return ""
	}
	return strings.Join(found, ", ")
}

// copyReplacement copies what replaces n. While the replacing subgraph is copied, n itself
// stands for the original node, so that replace={x: f(x)} means f of the original x.
func (c *copier) copyReplacement(n *G.Node, r replacement) (*G.Node, error) {
	if r.value != nil {
		return c.addConstant(r.value, "value")
	}
	c.active[n] = true
	defer delete(c.active, n)
	out, err := c.copy(r.node)
	if err != nil {
		return nil, err
	}
	// The replacement's own copy was memoised under r.node; n is memoised by the caller.
	// If n was copied raw inside the replacement, forget that copy.
	if raw, ok := c.memo[n]; ok && raw != out {
		delete(c.memo, n)
	}
	return out, nil
}

// addConstant adds a constant node holding v to dst: a constOp, never merged with another
// constant (see constant.go), over a private header of v's storage.
func (c *copier) addConstant(v G.Value, kind string) (*G.Node, error) {
	if v == nil {
		return nil, fmt.Errorf("graph: a %s without a value", kind)
	}
	return addConstNode(c.dst, uniqueName(kind, v.Dtype()), privateHeader(v))
}

// newInput re-creates the input n in the destination graph.
func (c *copier) newInput(n *G.Node) (out *G.Node, err error) {
	defer recoverTo(&err)
	shape := n.Shape()
	if n.IsScalar() {
		out = G.NewScalar(c.dst, n.Dtype(), G.WithName(n.Name()))
	} else {
		out = G.NewTensor(c.dst, n.Dtype(), shape.Dims(), G.WithShape(shape...), G.WithName(n.Name()))
	}
	return out, nil
}

// addLeaf adds a node running the zero-arity op n (a stateful op, say) to dst.
func (c *copier) addLeaf(op G.Op, n *G.Node) (out *G.Node, err error) {
	defer recoverTo(&err)
	return G.NewUniqueNode(G.WithOp(op), G.In(c.dst), G.WithType(n.Type()), G.WithShape(n.Shape()...)), nil
}

// apply re-applies n's op to the copied children.
func (c *copier) apply(n *G.Node, newKids, oldKids []*G.Node) (out *G.Node, err error) {
	defer func() {
		recoverTo(&err)
		if err != nil {
			err = nodeErr("copy", n, err)
		}
	}()
	op := n.Op()
	if !c.inPlace {
		var ok bool
		if out, ok, err = c.substitute(n, newKids, oldKids); ok {
			if err != nil {
				return nil, err
			}
			return checkSameType(n, out)
		}
	}
	switch opTypeName(op) {
	case "gorgonia.sizeOp":
		// sizeOp caches the size it saw when it was built; rebuild it on the new child.
		axis := int(reflect.ValueOf(op).FieldByName("axis").Int())
		out, err = G.SizeOf(axis, newKids[0])
	case "gorgonia.reshapeOp":
		if !newKids[0].Shape().Eq(oldKids[0].Shape()) {
			return nil, fmt.Errorf("reshape to %v cannot follow its input from shape %v to %v", n.Shape(), oldKids[0].Shape(), newKids[0].Shape())
		}
		out, err = G.ApplyOp(op, newKids...)
	default:
		out, err = G.ApplyOp(c.fork(op), newKids...)
	}
	if err != nil {
		return nil, err
	}
	return checkSameType(n, out)
}

// checkSameType returns out, or an error when its type is not n's.
func checkSameType(n, out *G.Node) (*G.Node, error) {
	if out.Dtype() != n.Dtype() || out.Dims() != n.Dims() {
		return nil, fmt.Errorf("type changed from %v to %v", n.Type(), out.Type())
	}
	return out, nil
}

// replaceSubgraph copies the inputs and applies op to them in place of n's subgraph.
func (c *copier) replaceSubgraph(n *G.Node, op G.Op, inputs ...*G.Node) (out *G.Node, err error) {
	kids := make([]*G.Node, len(inputs))
	for i, in := range inputs {
		if kids[i], err = c.copy(in); err != nil {
			return nil, err
		}
	}
	defer func() {
		recoverTo(&err)
		if err != nil {
			err = nodeErr("copy", n, err)
		}
	}()
	if out, err = G.ApplyOp(op, kids...); err != nil {
		return nil, err
	}
	return checkSameType(n, out)
}

// fork returns the op to use in the copy: a fork for a stateful op in Compile, else op.
func (c *copier) fork(op G.Op) G.Op {
	if s, ok := op.(Stateful); ok && !c.inPlace {
		return s.Fork(c.stream)
	}
	return op
}

// Children returns n's children in order (duplicates included), as Gorgonia stores them:
// *gorgonia.Node has no exported accessor for them.
func Children(n *G.Node) []*G.Node {
	it := n.Graph().From(n.ID())
	kids := make([]*G.Node, 0, it.Len())
	for it.Next() {
		kids = append(kids, it.Node().(*G.Node))
	}
	return kids
}

// uniqueName returns a name no other node has, tagged with its dtype: Gorgonia merges
// constants by name alone, so float32 1 and float64 1 would collide (trap 3).
func uniqueName(kind string, dt tensor.Dtype) string {
	return fmt.Sprintf("%s#%d:%v", kind, opIDs.Add(1), dt)
}

func opTypeName(op G.Op) string { return fmt.Sprintf("%T", op) }

// isConstant reports whether op is a constant: gopymc's or Gorgonia's.
func isConstant(op G.Op) bool {
	if _, ok := op.(constOp); ok {
		return true
	}
	return isGorgoniaConstant(op)
}

func isGorgoniaConstant(op G.Op) bool {
	switch opTypeName(op) {
	case "gorgonia.constantScalar", "gorgonia.constantTensor":
		return true
	}
	return false
}

func isStatement(op G.Op) bool {
	switch opTypeName(op) {
	case "gorgonia.letOp", "gorgonia.readOp":
		return true
	}
	return false
}
