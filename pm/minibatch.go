package pm

import (
	"fmt"
	"sync"

	"github.com/gopymc/gopymc/data"
	"github.com/gopymc/gopymc/internal/config"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Minibatch is PyMC's pm.Minibatch: data whose node yields a fresh random set of rows at
// every evaluation (see package data). Made before the model, as in the tutorial, it is
// brought into the model's graph by Observed. A Minibatch that could not be made keeps its
// error (Err), and a model observing it records that error.
type Minibatch struct {
	*data.Minibatch
	err error
}

// failed maps the stand-in nodes of minibatches that could not be made to their errors.
var failed sync.Map // *G.Node -> error

// NewMinibatch returns a minibatch of batchSize rows of d (a []float64, [][]float64 or
// *tensor.Dense), drawn uniformly with replacement at every evaluation. Options: Seed
// (default 42, as PyMC3), Aligned (more arrays sharing the row indices), InMemorySize,
// UpdateSharedFunc.
func NewMinibatch(d any, batchSize int, opts ...Option) *Minibatch {
	dopts, err := minibatchOptions("NewMinibatch", opts)
	if err == nil {
		var mb *data.Minibatch
		if mb, err = data.NewMinibatch(d, batchSize, dopts...); err == nil {
			return &Minibatch{Minibatch: mb}
		}
	}
	return &Minibatch{err: fmt.Errorf("pm: NewMinibatch: %w", err)}
}

// NewMinibatchND returns a minibatch with PyMC3's multi-dimensional batch sizes: one entry
// per axis, an int, a data.SizeSeed pair, data.None (keep the axis) or one data.Ellipsis.
func NewMinibatchND(d any, batchSizes []any, opts ...Option) *Minibatch {
	dopts, err := minibatchOptions("NewMinibatchND", opts)
	if err == nil {
		var mb *data.Minibatch
		if mb, err = data.NewMinibatchND(d, batchSizes, dopts...); err == nil {
			return &Minibatch{Minibatch: mb}
		}
	}
	return &Minibatch{err: fmt.Errorf("pm: NewMinibatchND: %w", err)}
}

func minibatchOptions(target string, opts []Option) ([]data.Option, error) {
	s, err := config.Collect(target, opts, "Seed", "Aligned", "InMemorySize", "UpdateSharedFunc")
	if err != nil {
		return nil, err
	}
	var out []data.Option
	if s.Given("Seed") {
		out = append(out, data.Seed(s.Seed))
	}
	if s.Given("Aligned") {
		out = append(out, data.Aligned(s.Aligned...))
	}
	if s.Given("InMemorySize") {
		out = append(out, data.InMemorySize(s.InMemorySize...))
	}
	if s.Given("UpdateSharedFunc") {
		out = append(out, data.UpdateSharedFunc(s.UpdateSharedFunc))
	}
	return out, nil
}

// Err is the error met making the minibatch, or nil.
func (mb *Minibatch) Err() error { return mb.err }

// Node returns the minibatch's node (in a private graph; Observed brings it into a model).
// For a minibatch that could not be made it returns a stand-in node that carries the error.
func (mb *Minibatch) Node() *G.Node {
	if mb.err != nil {
		g := G.NewGraph()
		n := G.NewScalar(g, G.Float64, G.WithName("minibatch (not made: see Err)"))
		failed.Store(n, mb.err)
		return n
	}
	return mb.Minibatch.Node()
}

// NodeIn returns the minibatch's node in graph g.
func (mb *Minibatch) NodeIn(g *G.ExprGraph) (*G.Node, error) {
	if mb.err != nil {
		return nil, mb.err
	}
	return mb.Minibatch.NodeIn(g)
}

// Aligned adds arrays to a minibatch that draw the same rows at every evaluation (PyMC v5's
// pm.Minibatch(x, y, batch_size=...)); get their nodes with NodeOf.
func Aligned(arrays ...any) Option {
	a := append([]any(nil), arrays...)
	return config.New("Aligned", len(a), func(s *config.Settings) { s.Aligned = append(s.Aligned, a...) })
}

// InMemorySize keeps only the leading part of the data (PyMC3's in_memory_size).
func InMemorySize(entries ...int) Option {
	e := append([]int(nil), entries...)
	return config.New("InMemorySize", e, func(s *config.Settings) { s.InMemorySize = e })
}

// UpdateSharedFunc gives a minibatch a function that makes new full data for UpdateShared
// (PyMC3's update_shared_f).
func UpdateSharedFunc(f func() (*tensor.Dense, error)) Option {
	return config.New("UpdateSharedFunc", nil, func(s *config.Settings) { s.UpdateSharedFunc = f })
}

// lookupMinibatch finds the minibatch behind a node made outside a model.
func lookupMinibatch(n *G.Node) (nodeIner, bool) {
	if err, ok := failed.Load(n); ok {
		return failedMinibatch{err.(error)}, true
	}
	mb, i, ok := data.LookupNode(n)
	if !ok {
		return nil, false
	}
	return arrayOf{mb, i}, true
}

type nodeIner interface {
	NodeIn(g *G.ExprGraph) (*G.Node, error)
}

type failedMinibatch struct{ err error }

func (f failedMinibatch) NodeIn(*G.ExprGraph) (*G.Node, error) { return nil, f.err }

// arrayOf is array i of a minibatch.
type arrayOf struct {
	mb *data.Minibatch
	i  int
}

func (a arrayOf) NodeIn(g *G.ExprGraph) (*G.Node, error) {
	nodes, err := a.mb.NodesIn(g)
	if err != nil {
		return nil, err
	}
	return nodes[a.i], nil
}
