package pm

import (
	"fmt"

	pkgdata "github.com/gopymc/gopymc/data"
	"github.com/gopymc/gopymc/graph"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Index returns a[idx]: the elements (or rows) of a at integer indices, as PyMC's a[idx]
// with an int array, the varying intercept a[county_idx] of a hierarchical model. Indices
// may repeat, and the gradient adds up over the repeats. It is Take(a, idx, 0).
//
// idx is a []int or tensor.Int tensor (it becomes an int constant), an int Shared value
// (NewShared of a []int) or its node, an int minibatch (NewMinibatch of a []int, or its node,
// which is brought into a's graph), or any int node of a's graph. A float index, an index
// node of another graph, and an index out of [0, len) are errors naming them; an index that
// leaves the range at run time (a minibatch, a Shared value changed later) makes the
// evaluation return such an error.
func Index(a *G.Node, idx any) (*G.Node, error) { return take("Index", a, idx, 0) }

// Take returns the slices of a at integer indices along axis (NumPy's np.take(a, idx, axis);
// a[:, idx] is Take(a, idx, 1)); negative axes count from the end. idx is as for Index.
func Take(a *G.Node, idx any, axis int) (*G.Node, error) { return take("Take", a, idx, axis) }

func take(fn string, a *G.Node, idx any, axis int) (*G.Node, error) {
	if a == nil || a.Graph() == nil {
		return nil, fmt.Errorf("pm: %s: the indexed node is nil or in no graph", fn)
	}
	in, err := indexNode(a, idx)
	if err != nil {
		return nil, fmt.Errorf("pm: %s(%q, ...): %w", fn, a.Name(), err)
	}
	n, err := graph.Take(a, in, axis)
	if err != nil {
		return nil, fmt.Errorf("pm: %s: %w", fn, err)
	}
	return n, nil
}

// indexNode returns an int node of a's graph for what Index was given.
func indexNode(a *G.Node, idx any) (*G.Node, error) {
	g := a.Graph()
	switch x := idx.(type) {
	case nil:
		return nil, fmt.Errorf("nil index")
	case *G.Node:
		if x == nil {
			return nil, fmt.Errorf("nil index node")
		}
		if x.Graph() != g {
			if mb, ok := lookupMinibatch(x); ok {
				return mb.NodeIn(g)
			}
			return nil, fmt.Errorf("the index node %q belongs to another graph", x.Name())
		}
		return x, nil
	case *Shared:
		if x == nil {
			return nil, fmt.Errorf("nil shared index")
		}
		return indexNode(a, x.Node())
	case *Minibatch:
		if x == nil {
			return nil, fmt.Errorf("nil minibatch index")
		}
		return x.NodeIn(g)
	case *pkgdata.Minibatch:
		if x == nil {
			return nil, fmt.Errorf("nil minibatch index")
		}
		return x.NodeIn(g)
	case []int:
		return graph.NewConstant(g, a.Name()+".index", x)
	case []float64, [][]float64:
		return nil, fmt.Errorf("the index is a %T; indices are integers: give a []int", idx)
	case [][]int:
		return nil, fmt.Errorf("the index is a [][]int; give a []int")
	case *tensor.Dense:
		if x == nil {
			return nil, fmt.Errorf("nil index tensor")
		}
		if x.Dtype() != tensor.Int {
			return nil, fmt.Errorf("the index tensor has dtype %v, want int (tensor.Int)", x.Dtype())
		}
		return graph.NewConstant(g, a.Name()+".index", x)
	}
	return nil, fmt.Errorf("cannot use a %T as an index (want []int, a tensor.Int tensor, an int Shared value, an int minibatch or an int node)", idx)
}
