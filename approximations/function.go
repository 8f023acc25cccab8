package approximations

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/gopymc/gopymc/config"
	"github.com/gopymc/gopymc/graph"
	"github.com/gopymc/gopymc/model"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// functionOptions are the options Function takes.
var functionOptions = []string{"Size", "UseMean", "MoreReplacements", "Seed", "Cores"}

// PosteriorFunction is a compiled function of the posterior: PyMC's
// theano.function([x, n], approx.sample_node(expr, size=n, more_replacements={data: x})).
// Each call takes values for its input nodes (data placeholders of any number of rows, and
// an int scalar for the number of draws), draws afresh from the approximation, and returns
// the outputs at every draw, stacked on a leading axis.
//
// The graph is compiled once for each combination of input shapes met, so one function
// predicts on 500 test rows and on a 10,000-point grid. Draws run in parallel over compiled
// copies; draw r of call c draws from a stream derived from the seed, c and r, so the numbers
// do not depend on the number of cores. Not safe for concurrent use: calls are serialised,
// and compiling for a new shape adds input nodes to the model's graph, so it must not run
// while the model is being built.
type PosteriorFunction struct {
	mu       sync.Mutex
	q        Approximation
	m        *model.Model
	inputs   []*G.Node
	sizeIn   int // index of the size input, or -1
	outputs  []*G.Node
	size     int // draws when there is no size input (Size option); 0: one draw, no axis
	stacked  bool
	useMean  bool
	repl     []config.Replacement
	seed     uint64
	calls    uint64
	cores    int
	compiled map[string]*shapeProgram // by the input shapes
	id       uint64
}

var functionIDs atomic.Uint64

// shapeProgram is the function compiled for one combination of input shapes, with a copy
// per worker.
type shapeProgram struct {
	order   []model.VarInfo // the value variables drawn, in input order
	workers []*functionWorker
}

// Function compiles outputs, float64 expressions of the model's variables and of the input
// nodes, into a PosteriorFunction of the approximation q. inputs are input nodes of the
// model's graph: data placeholders or Shared values' nodes (a call gives their values, of
// any number of rows; ops that fix a shape, such as Reshape, make the call fail with an
// error naming them), and at most one int scalar (pm.IntScalar), the number of draws of a
// call. Options:
//   - Size(k): k draws per call when no int input is given (default: one draw, outputs with
//     their own shape and no draw axis, as sample_node with size=None);
//   - UseMean(): evaluate at the approximation's mean (sample_node's deterministic=True);
//   - MoreReplacements(...): replacements applied first (e.g. the training data by a
//     placeholder that is an input);
//   - Seed(s): the seed of the draws (default 0);
//   - Cores(k): the number of goroutines drawing at once (default min(4, CPUs)).
//
// It returns an error for an input that is not an input node of the model's graph, an
// output of another graph or dtype, two int inputs, or a bad option.
func Function(q Approximation, inputs, outputs []*G.Node, opts ...config.Option) (*PosteriorFunction, error) {
	if q == nil {
		return nil, fmt.Errorf("approximations: Function: nil approximation")
	}
	if err := q.CheckModel(); err != nil {
		return nil, err
	}
	s, err := config.Collect("Function", opts, functionOptions...)
	if err != nil {
		return nil, err
	}
	m := q.Model()
	g := m.Graph()
	f := &PosteriorFunction{q: q, m: m, sizeIn: -1, useMean: s.UseMean, repl: s.MoreReplacements, seed: s.Seed,
		cores: defaultCores(), compiled: map[string]*shapeProgram{}, id: functionIDs.Add(1)}
	if s.Given("Cores") {
		if s.Cores < 1 {
			return nil, fmt.Errorf("approximations: Function: Cores must be >= 1, got %d", s.Cores)
		}
		f.cores = s.Cores
	}
	if len(outputs) == 0 {
		return nil, fmt.Errorf("approximations: Function: no outputs")
	}
	for i, o := range outputs {
		switch {
		case o == nil:
			return nil, fmt.Errorf("approximations: Function: output %d is nil", i)
		case o.Graph() != g:
			return nil, fmt.Errorf("approximations: Function: output %d (%s) is a node of another graph than the model's", i, o.Name())
		case o.Dtype() != tensor.Float64:
			return nil, fmt.Errorf("approximations: Function: output %d (%s) has dtype %v, want float64", i, o.Name(), o.Dtype())
		}
	}
	for i, in := range inputs {
		switch {
		case in == nil:
			return nil, fmt.Errorf("approximations: Function: input %d is nil", i)
		case in.Graph() != g:
			return nil, fmt.Errorf("approximations: Function: input %d (%s) is a node of another graph than the model's", i, in.Name())
		case in.Op() != nil:
			return nil, fmt.Errorf("approximations: Function: input %d (%s) is not an input node (it is computed by %v)", i, in.Name(), in.Op())
		case in.Dtype() == tensor.Int && in.IsScalar():
			if f.sizeIn >= 0 {
				return nil, fmt.Errorf("approximations: Function: inputs %d and %d are both int scalars; give one number of draws", f.sizeIn, i)
			}
			f.sizeIn = i
		}
		for _, v := range m.FreeVars() {
			if in == v.Value {
				return nil, fmt.Errorf("approximations: Function: input %d is the value variable %q, which the function draws from the approximation", i, v.ValueName)
			}
		}
	}
	if f.sizeIn >= 0 && s.Given("Size") {
		return nil, fmt.Errorf("approximations: Function: give the number of draws as an int input or with Size, not both")
	}
	if s.Given("Size") {
		if s.Size < 1 {
			return nil, fmt.Errorf("approximations: Function: Size must be >= 1, got %d", s.Size)
		}
		f.size, f.stacked = s.Size, true
	}
	f.stacked = f.stacked || f.sizeIn >= 0
	f.inputs = append([]*G.Node(nil), inputs...)
	f.outputs = append([]*G.Node(nil), outputs...)
	return f, nil
}

// Call is CallContext with context.Background.
func (f *PosteriorFunction) Call(values ...any) ([]*tensor.Dense, error) {
	return f.CallContext(context.Background(), values...)
}

// CallContext draws from the approximation and evaluates the outputs, with the inputs bound
// to values (one per input, in order: tensors, [][]float64, []float64, float64, or an int for
// the size input). It returns one tensor per output: with a number of draws (the int input or
// Size), of shape (draws, *output shape); else of the output's shape. The tensors are the
// caller's. ctx is checked before every draw.
func (f *PosteriorFunction) CallContext(ctx context.Context, values ...any) ([]*tensor.Dense, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.q.CheckModel(); err != nil {
		return nil, err
	}
	if len(values) != len(f.inputs) {
		return nil, fmt.Errorf("approximations: Function: got %d values for %d inputs", len(values), len(f.inputs))
	}
	draws := max(1, f.size)
	vals := make([]G.Value, len(values))
	for i, v := range values {
		if i == f.sizeIn {
			k, ok := v.(int)
			if !ok {
				return nil, fmt.Errorf("approximations: Function: input %d (%s) is the number of draws: give an int, not a %T", i, f.inputs[i].Name(), v)
			}
			if k < 1 {
				return nil, fmt.Errorf("approximations: Function: the number of draws must be >= 1, got %d", k)
			}
			draws = k
			continue
		}
		val, err := graph.ToValue(v)
		if err != nil {
			return nil, fmt.Errorf("approximations: Function: input %d (%s): %w", i, f.inputs[i].Name(), err)
		}
		if err := graph.CheckFinite(val); err != nil {
			return nil, fmt.Errorf("approximations: Function: input %d (%s): %w", i, f.inputs[i].Name(), err)
		}
		val = graph.ScalarFor(f.inputs[i], val)
		if val.Dtype() != f.inputs[i].Dtype() {
			return nil, fmt.Errorf("approximations: Function: input %d (%s): dtype %v, want %v", i, f.inputs[i].Name(), val.Dtype(), f.inputs[i].Dtype())
		}
		if got, want := valueShape(val), nodeShape(f.inputs[i]); len(got) != len(want) {
			return nil, fmt.Errorf("approximations: Function: input %d (%s): shape %v has %d dimensions, want %d like %v", i, f.inputs[i].Name(), got, len(got), len(want), want)
		}
		vals[i] = val
	}
	p, err := f.program(vals)
	if err != nil {
		return nil, err
	}
	f.calls++
	return p.run(ctx, f, vals, draws)
}

// program returns the function compiled for the shapes of vals, compiling it on first use.
func (f *PosteriorFunction) program(vals []G.Value) (*shapeProgram, error) {
	var key strings.Builder
	for i, v := range vals {
		if i != f.sizeIn {
			fmt.Fprintf(&key, "%v;", valueShape(v))
		}
	}
	if p, ok := f.compiled[key.String()]; ok {
		return p, nil
	}
	g := f.m.Graph()
	var opts []graph.Option
	replaced := map[*G.Node]bool{}
	isInput := make(map[*G.Node]bool, len(f.inputs))
	for _, in := range f.inputs {
		isInput[in] = true
	}
	for _, r := range f.m.DataReplacements() {
		if !isInput[r.Old] { // a call's value of an input wins over SetData's
			opts = append(opts, graph.Replace(r.Old, r.New))
		}
	}
	for _, r := range f.repl {
		opts = append(opts, graph.Replace(r.Node, r.With))
		replaced[r.Node] = true
	}
	// Inputs whose shape differs from their node's stand in for it through a fresh input
	// node of the new shape (Gorgonia's shapes are static); the copy applies each op anew.
	declared := make([]*G.Node, 0, len(f.inputs))
	for i, in := range f.inputs {
		if i == f.sizeIn {
			continue
		}
		shape := valueShape(vals[i])
		if shape.Eq(nodeShape(in)) {
			declared = append(declared, in)
			continue
		}
		fresh, err := freshInput(g, fmt.Sprintf("%s@fn%d%v", in.Name(), f.id, []int(shape)), in.Dtype(), shape)
		if err != nil {
			return nil, fmt.Errorf("approximations: Function: input %d (%s): %w", i, in.Name(), err)
		}
		opts = append(opts, graph.Replace(in, fresh))
		declared = append(declared, fresh)
	}
	var values []*G.Node
	var order []model.VarInfo
	all := f.m.Ordering()
	for i, v := range f.m.FreeVars() {
		if !replaced[v.Value] {
			values = append(values, v.Value)
			order = append(order, all[i])
		}
	}
	opts = append(opts, graph.Inputs(append(values, declared...)...))
	fn, err := graph.Compile(f.outputs, opts...)
	if err != nil {
		return nil, fmt.Errorf("approximations: Function: %w", err)
	}
	p := &shapeProgram{order: order}
	for w := range f.cores {
		wfn := fn
		if w > 0 {
			if wfn, err = fn.Copy(); err != nil {
				return nil, fmt.Errorf("approximations: Function: %w", err)
			}
		}
		fw, err := newFunctionWorker(wfn, order, f.q.Dim())
		if err != nil {
			return nil, err
		}
		p.workers = append(p.workers, fw)
	}
	f.compiled[key.String()] = p
	return p, nil
}

// freshInput adds an input node of the given dtype and shape to g, under name (made unique).
func freshInput(g *G.ExprGraph, name string, dt tensor.Dtype, shape tensor.Shape) (n *G.Node, err error) {
	defer recoverTo(&err)
	unique := name
	for k := 2; len(g.ByName(unique)) > 0; k++ {
		unique = fmt.Sprintf("%s#%d", name, k)
	}
	if len(shape) == 0 {
		return G.NewScalar(g, dt, G.WithName(unique)), nil
	}
	return G.NewTensor(g, dt, len(shape), G.WithShape(shape...), G.WithName(unique)), nil
}

// valueShape is a value's shape, scalars as the empty shape.
func valueShape(v G.Value) tensor.Shape {
	if _, ok := v.(G.Scalar); ok {
		return tensor.Shape{}
	}
	return v.Shape()
}

// nodeShape is a node's shape, scalars as the empty shape.
func nodeShape(n *G.Node) tensor.Shape {
	if n.IsScalar() {
		return tensor.Shape{}
	}
	return n.Shape()
}

// defaultCores is PyMC's default number of parallel workers, min(4, CPUs).
func defaultCores() int { return min(4, runtime.NumCPU()) }
