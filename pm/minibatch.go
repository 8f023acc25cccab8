package pm

import (
	"fmt"
	"sync"

	"github.com/gopymc/gopymc/config"
	"github.com/gopymc/gopymc/data"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Minibatch is PyMC's pm.Minibatch: data whose node yields a fresh random set of rows at
// every evaluation (see package data for the streams, alignment and SetValue). Made before
// the model, as in the tutorial, it is brought into the model's graph by Observed, or by
// NodeIn / NodesIn for use in expressions.
//
// A Minibatch that could not be made keeps its error (Err), as a Model does: a variable
// observing it, its Node or NodeOf records that error in the model, SetValue, SetValues,
// UpdateShared, NodeIn and NodesIn return it, and the other accessors return zero values.
type Minibatch struct {
	*data.Minibatch
	err error

	standInOnce sync.Once
	standIn     *G.Node // the node Node and NodeOf return when err != nil
}

// failed maps the stand-in nodes of minibatches that could not be made to their errors.
var failed sync.Map // *G.Node -> error

// NewMinibatch returns a minibatch of batchSize rows of d, drawn uniformly with replacement
// at every evaluation (PyMC v5's pm.Minibatch; PyMC3's with an int batch size). d is a
// []float64, []int, [][]float64, [][]int or *tensor.Dense of a real or integer dtype, with
// finite values; it is copied. []int, [][]int and tensor.Int data stays int (group labels
// for Index, observed as float64 by distributions); other dtypes become float64. Options: Seed (of the row indices; default 42, as PyMC3),
// Aligned (more arrays drawn with the same row indices, PyMC v5's Minibatch(x, y, ...)),
// InMemorySize, UpdateSharedFunc.
//
// It never fails outright: an invalid batch size (< 1), unusable data (another kind or
// dtype, a NaN or infinite element, an empty axis) or an option that does not apply makes a
// Minibatch whose Err says why, and any model observing it records that error.
func NewMinibatch(d any, batchSize int, opts ...Option) *Minibatch {
	dopts, err := minibatchOptions("NewMinibatch", opts)
	if err != nil {
		return &Minibatch{err: err}
	}
	mb, err := data.NewMinibatch(d, batchSize, dopts...)
	if err != nil {
		return &Minibatch{err: fmt.Errorf("pm: NewMinibatch: %w", err)}
	}
	return &Minibatch{Minibatch: mb}
}

// NewMinibatchND returns a minibatch with PyMC3's multi-dimensional batch sizes: one entry
// per axis, an int, a data.SizeSeed pair, data.None (keep the axis) or one data.Ellipsis;
// the axes after the entries are kept whole (see data.NewMinibatchND). Errors are kept as
// NewMinibatch keeps them, with PyMC3's wording: "Double Ellipsis", "too big" (more entries
// than the data has axes), "Unrecognized" (an entry of another type). Options: Seed,
// InMemorySize, UpdateSharedFunc.
func NewMinibatchND(d any, batchSizes []any, opts ...Option) *Minibatch {
	dopts, err := minibatchOptions("NewMinibatchND", opts)
	if err != nil {
		return &Minibatch{err: err}
	}
	mb, err := data.NewMinibatchND(d, batchSizes, dopts...)
	if err != nil {
		return &Minibatch{err: fmt.Errorf("pm: NewMinibatchND: %w", err)}
	}
	return &Minibatch{Minibatch: mb}
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

// Node returns the node of the minibatch's first array (in a private graph; Observed brings
// it into a model). For a minibatch that could not be made it returns a stand-in node that
// carries the error to any model observing it.
func (mb *Minibatch) Node() *G.Node { return mb.NodeOf(0) }

// NodeOf returns the node of array i (0 for the first, 1... for those given with Aligned) in
// the private graph, or nil when i is out of range. For a minibatch that could not be made
// it returns the stand-in node of Node.
func (mb *Minibatch) NodeOf(i int) *G.Node {
	if mb.err == nil {
		return mb.Minibatch.NodeOf(i)
	}
	mb.standInOnce.Do(func() {
		g := G.NewGraph()
		mb.standIn = G.NewScalar(g, G.Float64, G.WithName("minibatch (not made: see Err)"))
		failed.Store(mb.standIn, mb.err)
	})
	return mb.standIn
}

// NodeIn returns the node of the minibatch's first array in graph g, such as a model's
// graph (Model.Graph), adding it on the first call for g (see data.Minibatch.NodesIn).
func (mb *Minibatch) NodeIn(g *G.ExprGraph) (*G.Node, error) {
	if mb.err != nil {
		return nil, mb.err
	}
	return mb.Minibatch.NodeIn(g)
}

// NodesIn returns the nodes of every array in graph g, in order; aligned arrays' nodes in
// one graph draw the same rows whenever they are evaluated together.
func (mb *Minibatch) NodesIn(g *G.ExprGraph) ([]*G.Node, error) {
	if mb.err != nil {
		return nil, mb.err
	}
	return mb.Minibatch.NodesIn(g)
}

// SetValue replaces the full data (PyMC3's set_value): see data.Minibatch.SetValue.
func (mb *Minibatch) SetValue(v any) error {
	if mb.err != nil {
		return mb.err
	}
	return mb.Minibatch.SetValue(v)
}

// SetValues replaces the full data of every aligned array at once.
func (mb *Minibatch) SetValues(vs ...any) error {
	if mb.err != nil {
		return mb.err
	}
	return mb.Minibatch.SetValues(vs...)
}

// UpdateShared replaces the full data with the result of the UpdateSharedFunc option's
// function (PyMC3's update_shared).
func (mb *Minibatch) UpdateShared() error {
	if mb.err != nil {
		return mb.err
	}
	return mb.Minibatch.UpdateShared()
}

// Aligned adds arrays to a minibatch that draw the same rows at every evaluation (PyMC v5's
// pm.Minibatch(x, y, batch_size=...)); each must have as many rows as the first. Get their
// nodes with NodeOf (private graph) or NodesIn (a model's graph). NewMinibatch only.
func Aligned(arrays ...any) Option {
	a := append([]any(nil), arrays...)
	return config.New("Aligned", len(a), func(s *config.Settings) { s.Aligned = append(s.Aligned, a...) })
}

// InMemorySize keeps only the leading part of the data (PyMC3's in_memory_size): the first
// n rows, or data[:n0, :n1, ...] with several entries.
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
