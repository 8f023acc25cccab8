package approximations

import (
	"fmt"
	"hash"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"sync/atomic"

	"github.com/chewxy/hm"
	"github.com/gopymc/gopymc/config"
	"github.com/gopymc/gopymc/graph"
	"github.com/gopymc/gopymc/model"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// sampleNodeOptions are the options SampleNode takes.
var sampleNodeOptions = []string{"Size", "SizeNode", "UseMean", "MoreReplacements"}

// SampleNode returns a node of the model's graph whose every evaluation draws afresh from
// the approximation and evaluates expr (any float64 expression of the model's variables) at
// the draw: PyMC's sample_node. Options:
//   - Size(k): k draws stacked on a new leading axis (default: one draw, expr's own shape);
//   - SizeNode(n): the number of draws is the value of the int scalar node n, given when the
//     node is evaluated (a symbolic size);
//   - UseMean(): evaluate at the approximation's mean instead of a draw (PyMC's
//     deterministic=True);
//   - MoreReplacements(...): replacements applied to expr first, e.g. training data by test
//     data; replacing a free variable's value node (its RV node, for an untransformed
//     variable) by a value of another length takes it out of the draws, as in PyMC.
//
// The node composes with any Gorgonia op and can be evaluated with graph.Eval (pm.Eval).
// Parameters are read when the node runs, so a node made before a fit follows the fit.
func (b *base) SampleNode(expr *G.Node, opts ...config.Option) (*G.Node, error) {
	s, err := config.Collect("SampleNode", opts, sampleNodeOptions...)
	if err != nil {
		return nil, err
	}
	if expr == nil {
		return nil, fmt.Errorf("approximations: SampleNode: nil node")
	}
	if err := b.CheckModel(); err != nil {
		return nil, err
	}
	if expr.Graph() != b.model.Graph() {
		return nil, fmt.Errorf("approximations: SampleNode: %q is a node of another graph than the model's", expr.Name())
	}
	if expr.Dtype() != tensor.Float64 {
		return nil, fmt.Errorf("approximations: SampleNode: %q has dtype %v, want float64", expr.Name(), expr.Dtype())
	}
	if s.Given("Size") && s.Given("SizeNode") {
		return nil, fmt.Errorf("approximations: SampleNode: give Size or SizeNode, not both")
	}
	if s.Given("Size") && s.Size < 0 {
		return nil, fmt.Errorf("approximations: SampleNode: Size must be >= 0, got %d", s.Size)
	}
	if s.Given("SizeNode") {
		n := s.SizeNode
		if n == nil || n.Graph() != b.model.Graph() {
			return nil, fmt.Errorf("approximations: SampleNode: SizeNode must be a node of the model's graph")
		}
		if n.Dtype() != tensor.Int || !n.IsScalar() {
			return nil, fmt.Errorf("approximations: SampleNode: SizeNode %q must be an int scalar (see pm.IntScalar), it is a %v", n.Name(), n.Type())
		}
	}
	// The inputs are the value variables, except those a replacement takes out of the
	// graph (PyMC applies more_replacements first, so a replaced variable is not drawn).
	replaced := make(map[*G.Node]bool, len(s.MoreReplacements))
	for _, r := range s.MoreReplacements {
		replaced[r.Node] = true
	}
	values := make([]*G.Node, 0, len(b.order))
	order := make([]model.VarInfo, 0, len(b.order))
	for i, v := range b.model.FreeVars() {
		if !replaced[v.Value] {
			values = append(values, v.Value)
			order = append(order, b.order[i])
		}
	}
	for _, r := range s.MoreReplacements {
		if n, ok := r.With.(*G.Node); ok && n != nil && n.Op() == nil && n.Value() == nil {
			if _, shared := graph.LookupShared(n); !shared {
				return nil, fmt.Errorf("approximations: SampleNode: %q is replaced by the input %q, which has no value: a sample node cannot take inputs; compile a function of them with Function (pm.Function), theano.function's counterpart", r.Node.Name(), n.Name())
			}
		}
	}
	gopts := []graph.Option{graph.Inputs(values...)}
	for _, r := range b.model.DataReplacements() { // SetData's, before the caller's
		gopts = append(gopts, graph.Replace(r.Old, r.New))
	}
	for _, r := range s.MoreReplacements {
		gopts = append(gopts, graph.Replace(r.Node, r.With))
	}
	fn, err := graph.Compile([]*G.Node{expr}, gopts...)
	if err != nil {
		return nil, fmt.Errorf("approximations: SampleNode: %w", err)
	}
	exprShape := valueShapeOf(fn, expr)
	op := &sampleNodeOp{
		q: b.self, order: order, fn: fn, exprShape: exprShape,
		sized: s.Given("Size"), size: s.Size, symbolic: s.Given("SizeNode"), useMean: s.UseMean,
		seed: b.rng.Uint64(), id: sampleNodeIDs.Add(1),
	}
	if err := op.init(); err != nil {
		return nil, err
	}
	return op.node(b.model.Graph(), s.SizeNode)
}

// valueShapeOf is the shape of the expression the compiled function computes: its static
// shape, which replacements may have changed.
func valueShapeOf(fn *graph.Function, expr *G.Node) tensor.Shape {
	if s := fn.OutputShape(0); s != nil {
		return s
	}
	if expr.IsScalar() {
		return tensor.Shape{}
	}
	return expr.Shape()
}

var sampleNodeIDs atomic.Uint64

// sampleNodeOp draws from an approximation and evaluates a compiled expression at each draw.
// It is stateful (a random stream and a compiled Function): every compiled graph holding it
// gets its own fork.
type sampleNodeOp struct {
	q         Approximation
	order     []model.VarInfo // the value variables bound to fn's inputs, in input order
	fn        *graph.Function
	exprShape tensor.Shape
	sized     bool // Size given: a leading axis of size
	size      int
	symbolic  bool // SizeNode given: the size is the op's input
	useMean   bool
	seed, id  uint64
	err       error // from a failed Fork

	rng *rand.Rand
	z   []float64 // the flat draw; the inputs view it
	in  []G.Value
}

var (
	_ graph.Stateful = (*sampleNodeOp)(nil)
	_ G.SDOp         = (*sampleNodeOp)(nil)
)

// init makes the op's random stream and binds the compiled function's inputs to views of z.
func (op *sampleNodeOp) init() error {
	op.rng = rand.New(rand.NewPCG(op.seed, 0x736e))
	op.z = make([]float64, op.q.Dim())
	op.in = make([]G.Value, len(op.order))
	for i, o := range op.order {
		if len(o.Shape) == 0 {
			op.in[i] = G.NewF64(0)
		} else {
			op.in[i] = tensor.New(tensor.WithShape(o.Shape.Clone()...), tensor.WithBacking(op.z[o.Offset:o.Offset+o.Size]))
		}
		if err := op.fn.SetInput(i, op.in[i]); err != nil {
			return fmt.Errorf("approximations: SampleNode: %w", err)
		}
	}
	return nil
}

// node adds a node running op to g (with the size node as its input when symbolic).
func (op *sampleNodeOp) node(g *G.ExprGraph, sizeNode *G.Node) (n *G.Node, err error) {
	defer recoverTo(&err)
	if op.symbolic {
		return G.ApplyOp(op, sizeNode)
	}
	shape, _ := op.InferShape()
	return G.NewUniqueNode(G.WithOp(op), G.In(g), G.WithType(op.outType()), G.WithShape(shape...)), nil
}

// Fork returns an independent copy with its own compiled function and derived stream.
func (op *sampleNodeOp) Fork(stream uint64) G.Op {
	c := *op
	c.id = sampleNodeIDs.Add(1)
	c.seed = graph.DeriveSeed(op.seed, stream)
	fn, err := op.fn.Copy()
	if err != nil {
		c.err = err
		return &c
	}
	c.fn = fn
	if err := c.init(); err != nil {
		c.err = err
	}
	return &c
}

func (op *sampleNodeOp) outType() hm.Type {
	dims := len(op.exprShape)
	if op.sized || op.symbolic {
		dims++
	}
	if dims == 0 {
		return G.Float64
	}
	return G.TensorType{Dims: dims, Of: G.Float64}
}

func (op *sampleNodeOp) Arity() int {
	if op.symbolic {
		return 1
	}
	return 0
}

func (op *sampleNodeOp) Type() hm.Type {
	if op.symbolic {
		return hm.NewFnType(G.Int, op.outType())
	}
	return op.outType()
}

// InferShape gives the static shape; with a symbolic size the leading axis is only known at
// run time and is reported as 1.
func (op *sampleNodeOp) InferShape(...G.DimSizer) (tensor.Shape, error) {
	switch {
	case op.symbolic:
		return append(tensor.Shape{1}, op.exprShape...), nil
	case op.sized:
		return append(tensor.Shape{op.size}, op.exprShape...), nil
	}
	return op.exprShape.Clone(), nil
}

func (op *sampleNodeOp) ReturnsPtr() bool     { return false }
func (op *sampleNodeOp) CallsExtern() bool    { return false }
func (op *sampleNodeOp) OverwritesInput() int { return -1 }
func (op *sampleNodeOp) DiffWRT(n int) []bool { return make([]bool, n) }
func (op *sampleNodeOp) SymDiff(G.Nodes, *G.Node, *G.Node) (G.Nodes, error) {
	return nil, fmt.Errorf("approximations: a sample node is not differentiable")
}
func (op *sampleNodeOp) WriteHash(h hash.Hash) { fmt.Fprintf(h, "SampleNode#%d", op.id) }
func (op *sampleNodeOp) Hashcode() uint32 {
	h := fnv.New32a()
	op.WriteHash(h)
	return h.Sum32()
}
func (op *sampleNodeOp) String() string { return fmt.Sprintf("SampleNode(%v)", op.q) }

// Do draws and evaluates: one draw with expr's shape, or a stack of draws.
func (op *sampleNodeOp) Do(in ...G.Value) (v G.Value, err error) {
	defer recoverTo(&err)
	if op.err != nil {
		return nil, op.err
	}
	if err := op.q.CheckModel(); err != nil {
		return nil, err
	}
	draws, stacked := 1, op.sized || op.symbolic
	if op.sized {
		draws = op.size
	}
	if op.symbolic {
		k, ok := in[0].(*G.I)
		if !ok {
			return nil, fmt.Errorf("approximations: SampleNode: the size must be an int scalar, got %T", in[0])
		}
		if draws = int(*k); draws < 0 {
			return nil, fmt.Errorf("approximations: SampleNode: the size must be >= 0, got %d", draws)
		}
	}
	each := model.SizeOf(op.exprShape)
	if each > 0 && draws > math.MaxInt/each {
		return nil, fmt.Errorf("approximations: SampleNode: %d draws of %d elements each overflow an int", draws, each)
	}
	out := make([]float64, draws*each)
	for r := 0; r < draws; r++ {
		if err := op.evalDraw(out[r*each : (r+1)*each]); err != nil {
			return nil, err
		}
	}
	if !stacked {
		if len(op.exprShape) == 0 {
			return G.NewF64(out[0]), nil
		}
		return tensor.New(tensor.WithShape(op.exprShape.Clone()...), tensor.WithBacking(out)), nil
	}
	return tensor.New(tensor.WithShape(append(tensor.Shape{draws}, op.exprShape...)...), tensor.WithBacking(out)), nil
}

// evalDraw draws from q and writes expr's value at the draw into dst.
func (op *sampleNodeOp) evalDraw(dst []float64) error {
	op.q.DrawFlat(op.z, op.rng, op.useMean)
	for i, o := range op.order {
		if s, ok := op.in[i].(*G.F64); ok {
			*s = G.F64(op.z[o.Offset])
		}
	}
	if err := op.fn.Exec(); err != nil {
		return err
	}
	switch x := op.fn.Output(0).(type) {
	case *G.F64:
		dst[0] = float64(*x)
	case *tensor.Dense:
		switch d := x.Data().(type) {
		case []float64:
			if len(d) != len(dst) {
				return fmt.Errorf("approximations: SampleNode: the expression has %d elements, %d expected", len(d), len(dst))
			}
			copy(dst, d)
		case float64:
			dst[0] = d
		}
	default:
		return fmt.Errorf("approximations: SampleNode: the expression gave a %T", x)
	}
	return nil
}

// RSlice is SampleNode of a free variable's value variable, named by itself or by the
// variable's name: draws in unconstrained space (PyMC's rslice).
func (b *base) RSlice(name string, opts ...config.Option) (*G.Node, error) {
	v, ok := b.model.FreeVar(name)
	if !ok {
		return nil, fmt.Errorf("approximations: RSlice: %q is not a free variable of the model", name)
	}
	return b.SampleNode(v.Value, opts...)
}

// SampleDict draws draws points from the approximation and returns each value variable's
// draws, keyed by its name, with a leading axis of length draws (PyMC's sample_dict_fn).
func (b *base) SampleDict(draws int) (map[string]*tensor.Dense, error) {
	if draws < 1 {
		return nil, fmt.Errorf("approximations: SampleDict: draws must be >= 1, got %d", draws)
	}
	if err := b.CheckModel(); err != nil {
		return nil, err
	}
	out := make(map[string][]float64, len(b.order))
	for _, o := range b.order {
		if o.Size > 0 && draws > math.MaxInt/o.Size {
			return nil, fmt.Errorf("approximations: SampleDict: %d draws of %q (%d elements each) overflow an int", draws, o.ValueName, o.Size)
		}
		// Grown as the draws are made: memory follows the draws done.
		out[o.ValueName] = make([]float64, 0, min(draws, 1<<12)*o.Size)
	}
	z := make([]float64, b.dim)
	for i := 0; i < draws; i++ {
		b.self.DrawFlat(z, b.rng, false)
		for _, o := range b.order {
			out[o.ValueName] = append(out[o.ValueName], z[o.Offset:o.Offset+o.Size]...)
		}
	}
	res := make(map[string]*tensor.Dense, len(out))
	for _, o := range b.order {
		res[o.ValueName] = tensor.New(tensor.WithShape(append(tensor.Shape{draws}, o.Shape...)...), tensor.WithBacking(out[o.ValueName]))
	}
	return res, nil
}
