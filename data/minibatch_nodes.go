package data

import (
	"fmt"

	"github.com/gopymc/gopymc/graph"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Name returns the minibatch's name (the Name option; default "Minibatch").
func (mb *Minibatch) Name() string {
	if mb == nil {
		return ""
	}
	return mb.name
}

// NumArrays returns the number of minibatched arrays: 1, plus those given with Aligned.
func (mb *Minibatch) NumArrays() int {
	if mb == nil {
		return 0
	}
	return len(mb.arrays)
}

// Node returns the minibatch node of the first array, in the Minibatch's private graph
// (nil for a nil Minibatch). A model in another graph uses NodeIn instead.
func (mb *Minibatch) Node() *G.Node { return mb.NodeOf(0) }

// Minibatch returns Node(), as PyMC3's .minibatch attribute.
func (mb *Minibatch) Minibatch() *G.Node { return mb.Node() }

// NodeOf returns the minibatch node of array i (0 for the first, 1... for those given with
// Aligned) in the private graph, or nil when i is out of range.
func (mb *Minibatch) NodeOf(i int) *G.Node {
	if mb == nil || i < 0 || i >= len(mb.arrays) {
		return nil
	}
	return mb.arrays[i].node
}

// Nodes returns the minibatch nodes of every array in the private graph, in order.
func (mb *Minibatch) Nodes() []*G.Node {
	if mb == nil {
		return nil
	}
	ns := make([]*G.Node, len(mb.arrays))
	for i, a := range mb.arrays {
		ns[i] = a.node
	}
	return ns
}

// NodeIn returns a node of g running the first array's minibatch op: the minibatch imported
// into g, as a model imports its observed data. The first call for a graph adds the nodes of
// every array to g (see NodesIn); later calls return the same node. For the private graph
// it returns Node().
func (mb *Minibatch) NodeIn(g *G.ExprGraph) (*G.Node, error) {
	ns, err := mb.NodesIn(g)
	if err != nil {
		return nil, err
	}
	return ns[0], nil
}

// NodesIn returns nodes of g running the minibatch ops of every array, in order, adding them
// to g on the first call for g and returning the same nodes afterwards. The nodes of one
// graph are compiled together into aligned streams (see Minibatch). The Minibatch keeps a
// reference to every graph it was imported into.
func (mb *Minibatch) NodesIn(g *G.ExprGraph) ([]*G.Node, error) {
	if mb == nil {
		return nil, fmt.Errorf("data: NodesIn: nil Minibatch")
	}
	if g == nil {
		return nil, fmt.Errorf("data: Minibatch %q: NodesIn: nil graph", mb.name)
	}
	if g == mb.g {
		return mb.Nodes(), nil
	}
	mb.mu.Lock()
	defer mb.mu.Unlock()
	if ns, ok := mb.nodesIn[g]; ok {
		return append([]*G.Node(nil), ns...), nil
	}
	ns := make([]*G.Node, len(mb.arrays))
	for i, a := range mb.arrays {
		n, err := addNode(g, a.op, a.name)
		if err != nil {
			return nil, fmt.Errorf("data: Minibatch %q: NodesIn: %w", mb.name, err)
		}
		ns[i] = n
	}
	if mb.nodesIn == nil {
		mb.nodesIn = map[*G.ExprGraph][]*G.Node{}
	}
	mb.nodesIn[g] = ns
	return append([]*G.Node(nil), ns...), nil
}

// Shared returns the full data of the first array as a shared value of the private graph,
// as PyMC3's .shared: Shared().Node() can replace Node() in graph.Clone or graph.Compile,
// and Shared().SetValue with data of the same shape changes what the minibatch draws from.
// After a SetValue that changes the number of rows, the data lives in a new shared value
// (Gorgonia's shapes are static) and Shared returns that one.
func (mb *Minibatch) Shared() *graph.Shared { return mb.SharedOf(0) }

// SharedOf returns the shared full data of array i, or nil when i is out of range.
func (mb *Minibatch) SharedOf(i int) *graph.Shared {
	if mb == nil || i < 0 || i >= len(mb.arrays) {
		return nil
	}
	return mb.arrays[i].load().shared
}

// Data returns the current full data of the first array. It is the live storage the
// minibatch draws from: do not modify it (use SetValue), and clone it to keep the current
// contents across a SetValue.
func (mb *Minibatch) Data() *tensor.Dense { return mb.DataOf(0) }

// DataOf returns the current full data of array i (see Data), or nil when i is out of range.
func (mb *Minibatch) DataOf(i int) *tensor.Dense {
	if mb == nil || i < 0 || i >= len(mb.arrays) {
		return nil
	}
	return mb.arrays[i].load().shared.Value().(*tensor.Dense)
}

// BatchShape returns the shape of the first array's minibatches, fixed when the Minibatch is
// made (the shape of NodeOf(i) gives the others').
func (mb *Minibatch) BatchShape() []int {
	if mb == nil {
		return nil
	}
	return []int(mb.arrays[0].op.shape.Clone())
}
