package graph

import (
	"fmt"
	"sync/atomic"

	G "gorgonia.org/gorgonia"
)

// Compile copies the subgraph of outputs into a fresh graph, applying the options'
// replacements, adds the gradients asked for with the Grad option, and returns a Function
// that runs it. The outputs must belong to one graph. Compile recovers every Gorgonia panic
// and returns it as an error.
func Compile(outputs []*G.Node, opts ...Option) (f *Function, err error) {
	defer recoverTo(&err)
	var cfg config
	for _, o := range opts {
		if o == nil {
			return nil, fmt.Errorf("graph: Compile: nil option")
		}
		if err := o.apply(&cfg); err != nil {
			return nil, err
		}
	}
	src := &source{outputs: append([]*G.Node(nil), outputs...), cfg: cfg}
	return src.compile(cfg.stream, &atomic.Uint64{})
}

// source is what a Function was compiled from, so that Copy can compile it again.
type source struct {
	outputs []*G.Node
	cfg     config
}

func (s *source) graph() (*G.ExprGraph, error) {
	if len(s.outputs) == 0 {
		return nil, fmt.Errorf("graph: Compile: no outputs")
	}
	var g *G.ExprGraph
	for i, o := range s.outputs {
		if o == nil {
			return nil, fmt.Errorf("graph: Compile: output %d is nil", i)
		}
		if o.Graph() == nil {
			return nil, nodeErr("compile", o, fmt.Errorf("the node belongs to no graph"))
		}
		if g == nil {
			g = o.Graph()
		} else if o.Graph() != g {
			return nil, nodeErr("compile", o, fmt.Errorf("output %d belongs to another graph than output 0", i))
		}
	}
	return g, nil
}

func (s *source) compile(stream uint64, lineage *atomic.Uint64) (f *Function, err error) {
	defer recoverTo(&err)
	g, err := s.graph()
	if err != nil {
		return nil, err
	}
	dst := G.NewGraph()
	c := newCopier(g, dst, false, stream)
	for _, r := range s.cfg.replace {
		if err := c.addReplacement(r.old, r.with); err != nil {
			return nil, err
		}
	}
	// The gradient comes first: gorgonia.Grad removes parentless op nodes from the graph and
	// leaves its ID index stale (gorgonia-notes trap 7), so nothing unconnected may exist yet.
	var grads []*G.Node
	if s.cfg.grad {
		if grads, err = s.gradients(c); err != nil {
			return nil, err
		}
	}
	outs := make([]*G.Node, 0, len(s.outputs)+len(grads))
	for _, o := range s.outputs {
		n, err := c.copy(o)
		if err != nil {
			return nil, err
		}
		outs = append(outs, n)
	}
	nOut := len(outs)
	outs = append(outs, grads...)
	inputs := make([]*G.Node, len(s.cfg.inputs))
	for i, in := range s.cfg.inputs {
		if in.Graph() != g {
			return nil, nodeErr("compile", in, fmt.Errorf("the input belongs to another graph than the outputs"))
		}
		if inputs[i], err = c.copy(in); err != nil {
			return nil, err
		}
	}
	names := make(map[*G.Node]string, len(c.origin))
	for cp, orig := range c.origin {
		names[cp] = orig.Name()
	}
	p, err := newPlan(outs, names, !s.cfg.noFuse)
	if err != nil {
		return nil, err
	}
	f = &Function{src: s, stream: stream, lineage: lineage, g: dst, plan: p, nOut: nOut, outNodes: outs}
	if err := f.bindLeaves(inputs, c.origin); err != nil {
		return nil, err
	}
	return f, nil
}

// gradients differentiates the copied cost with respect to the copied wrt nodes.
func (s *source) gradients(c *copier) ([]*G.Node, error) {
	cost, err := c.copy(s.cfg.cost)
	if err != nil {
		return nil, err
	}
	if !cost.IsScalar() {
		return nil, nodeErr("compile", s.cfg.cost, fmt.Errorf("Grad: the cost must be a scalar, its shape is %v", cost.Shape()))
	}
	wrt := make([]*G.Node, len(s.cfg.wrt))
	for i, w := range s.cfg.wrt {
		if w == nil {
			return nil, fmt.Errorf("graph: Grad: wrt node %d is nil", i)
		}
		cw, ok := c.memo[w]
		if !ok {
			return nil, nodeErr("compile", w, fmt.Errorf("Grad: the cost does not depend on this node"))
		}
		wrt[i] = cw
	}
	grads, err := G.Grad(cost, wrt...)
	if err != nil {
		return nil, nodeErr("compile", s.cfg.cost, fmt.Errorf("Grad: %w", err))
	}
	return grads, nil
}
