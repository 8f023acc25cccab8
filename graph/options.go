package graph

import (
	"fmt"

	G "gorgonia.org/gorgonia"
)

// Option configures Compile.
type Option interface {
	apply(*config) error
}

// config is what the options of one Compile call set.
type config struct {
	inputs  []*G.Node
	replace []replacePair // in the order given
	cost    *G.Node
	wrt     []*G.Node
	grad    bool
	stream  uint64
	noFuse  bool // run every step on its own (fuse.go); set by the tests that compare
}

type replacePair struct {
	old  *G.Node
	with any
}

type optionFunc struct {
	name string
	f    func(*config) error
}

func (o optionFunc) apply(c *config) error { return o.f(c) }
func (o optionFunc) String() string        { return o.name }

// Inputs declares the input nodes of the Function, in the order Run and SetInput take their
// values. Every input node an output depends on must be declared, replaced, a Shared value's
// node, or an input node holding a value (which is then read at every run).
func Inputs(nodes ...*G.Node) Option {
	return optionFunc{"Inputs", func(c *config) error {
		for i, n := range nodes {
			if n == nil {
				return fmt.Errorf("graph: Inputs: input %d is nil", i)
			}
			if n.Op() != nil {
				return nodeErr("compile", n, fmt.Errorf("Inputs: not an input node (it is computed by %v)", n.Op()))
			}
		}
		c.inputs = append(c.inputs, nodes...)
		return nil
	}}
}

// Replace replaces old by with in the copy: with is another node of the same graph (of the
// same dtype and rank) or a value (see ToValue) of old's dtype and rank, which then stands as
// a constant. The dimensions may differ, as when test data replaces training data; every op
// downstream must then accept the new shape, or Compile returns an error naming the node.
func Replace(old *G.Node, with any) Option {
	return optionFunc{"Replace", func(c *config) error {
		c.replace = append(c.replace, replacePair{old, with})
		return nil
	}}
}

// Grad adds to the outputs the gradients of the scalar cost with respect to each wrt node,
// computed in the compiled copy (gorgonia.Grad runs exactly once per compiled graph, so it is
// never stale: gorgonia-notes trap 6). Run returns them after the outputs, in wrt order.
func Grad(cost *G.Node, wrt ...*G.Node) Option {
	return optionFunc{"Grad", func(c *config) error {
		if c.grad {
			return fmt.Errorf("graph: Grad given twice")
		}
		if cost == nil {
			return fmt.Errorf("graph: Grad: nil cost")
		}
		if len(wrt) == 0 {
			return nodeErr("compile", cost, fmt.Errorf("Grad: no nodes to differentiate with respect to"))
		}
		c.cost, c.wrt, c.grad = cost, wrt, true
		return nil
	}}
}

// Stream sets the stream number with which the stateful ops of the copy (random nodes,
// minibatches, sample nodes) are forked. The default is 0; Function.Copy numbers its copies
// after the original's stream.
func Stream(s uint64) Option {
	return optionFunc{"Stream", func(c *config) error {
		c.stream = s
		return nil
	}}
}
