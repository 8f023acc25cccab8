package graph

import (
	"fmt"

	G "gorgonia.org/gorgonia"
)

// Clone returns copies of outputs inside their own graph in which each key of replace is
// replaced by its value: another node of the graph, or a value (see ToValue) that becomes a
// constant. This is theano.clone: subgraphs that no replacement touches are shared with the
// originals, and so are stateful ops. A replacement may change dimensions (not dtype or
// rank) when every op downstream accepts the new shape; otherwise Clone returns an error
// naming the node that cannot follow.
func Clone(outputs []*G.Node, replace map[*G.Node]any) (out []*G.Node, err error) {
	defer recoverTo(&err)
	if len(outputs) == 0 {
		return nil, fmt.Errorf("graph: Clone: no outputs")
	}
	s := &source{outputs: outputs}
	g, err := s.graph()
	if err != nil {
		return nil, err
	}
	c := newCopier(g, g, true, 0)
	for old, with := range replace {
		if err := c.addReplacement(old, with); err != nil {
			return nil, err
		}
	}
	out = make([]*G.Node, len(outputs))
	for i, o := range outputs {
		if out[i], err = c.copy(o); err != nil {
			return nil, err
		}
	}
	return out, nil
}
