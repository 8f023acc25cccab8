package predictive

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/gopymc/gopymc/distributions"
	"github.com/gopymc/gopymc/graph"
	"github.com/gopymc/gopymc/model"
	"github.com/gopymc/gopymc/trace"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// outKind says how a returned variable is computed at a draw of the free variables.
type outKind int

const (
	outObserved outKind = iota // drawn from its family with the parameters at the draw
	outNode                    // a node evaluated at the draw (free variable, deterministic, potential)
	outValue                   // a value variable: a slice of the flat draw itself
)

// target is one variable the samplers return.
type target struct {
	name  string
	kind  outKind
	shape tensor.Shape // of one draw
	size  int

	dist   distributions.Distribution // outObserved
	first  int                        // outObserved: index of its first parameter among the outputs
	node   *G.Node                    // outNode: the node; outObserved: unused
	output int                        // outNode: index among the outputs
	offset int                        // outValue: offset in the flat draw
}

// selectTargets resolves names (nil: the defaults given by def) into targets, in the order
// given.
func selectTargets(m *model.Model, names []string, def func() []string) ([]target, error) {
	if names == nil {
		names = def()
	}
	seen := map[string]bool{}
	order := m.Ordering()
	var out []target
	for _, name := range names {
		if seen[name] {
			return nil, fmt.Errorf("predictive: var_names: %q is given twice", name)
		}
		seen[name] = true
		t, err := findTarget(m, order, name)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

func findTarget(m *model.Model, order []model.VarInfo, name string) (target, error) {
	for _, v := range m.ObservedVars() {
		if v.Name == name {
			shape := m.DataShape(v.Data).Clone()
			return target{name: name, kind: outObserved, shape: shape, size: model.SizeOf(shape), dist: v.Dist}, nil
		}
	}
	for i, v := range m.FreeVars() {
		switch name {
		case v.Name:
			return target{name: name, kind: outNode, shape: v.Shape.Clone(), size: model.SizeOf(v.Shape), node: v.RV}, nil
		case v.ValueName:
			return target{name: name, kind: outValue, shape: v.ValueShape.Clone(), size: order[i].Size, offset: order[i].Offset}, nil
		}
	}
	for _, d := range m.Deterministics() {
		if d.Name == name {
			return nodeTarget(name, d.Node), nil
		}
	}
	for _, p := range m.Potentials() {
		if p.Name == name {
			return nodeTarget(name, p.Node), nil
		}
	}
	return target{}, fmt.Errorf("predictive: var_names: %q is not a variable of the model", name)
}

func nodeTarget(name string, n *G.Node) target {
	shape := tensor.Shape{}
	if !n.IsScalar() {
		shape = n.Shape().Clone()
	}
	return target{name: name, kind: outNode, shape: shape, size: model.SizeOf(shape), node: n}
}

// traceVars describes the targets as trace variables.
func traceVars(ts []target) []trace.Var {
	vars := make([]trace.Var, len(ts))
	for i, t := range ts {
		vars[i] = trace.Var{Name: t.name, Shape: t.shape, Transformed: t.kind == outValue}
	}
	return vars
}

// program computes the targets at a flat draw of the free variables: one compiled function
// of the model's value variables giving every observed target's parameters and every node
// target. It is used by one goroutine; copy gives another.
type program struct {
	targets []target
	fn      *graph.Function // nil when no target needs one
	flat    *model.FlatInputs
	params  [][]*tensor.Dense // per target, its parameter values (observed targets)
}

// newProgram compiles the targets' function.
func newProgram(m *model.Model, targets []target) (*program, error) {
	var outs []*G.Node
	ts := slices.Clone(targets)
	for i := range ts {
		t := &ts[i]
		switch t.kind {
		case outObserved:
			t.first = len(outs)
			outs = append(outs, t.dist.Params()...)
		case outNode:
			t.output = len(outs)
			outs = append(outs, t.node)
		}
	}
	p := &program{targets: ts, params: make([][]*tensor.Dense, len(ts))}
	for i, t := range ts {
		if t.kind == outObserved {
			p.params[i] = make([]*tensor.Dense, len(t.dist.Params()))
		}
	}
	if len(outs) == 0 {
		return p, nil
	}
	fn, err := compileOverValues(m, outs)
	if err != nil {
		return nil, err
	}
	p.fn = fn
	if p.flat, err = model.BindFlat(fn, m.Ordering(), m.Dim()); err != nil {
		return nil, err
	}
	return p, nil
}

// compileOverValues compiles outs as a function of the model's value variables (its inputs,
// in the model's order, followed by extra), with SetData's replacements applied.
func compileOverValues(m *model.Model, outs []*G.Node, extra ...*G.Node) (*graph.Function, error) {
	var values []*G.Node
	for _, v := range m.FreeVars() {
		values = append(values, v.Value)
	}
	opts := []graph.Option{graph.Inputs(append(values, extra...)...)}
	for _, r := range m.DataReplacements() {
		opts = append(opts, graph.Replace(r.Old, r.New))
	}
	fn, err := graph.Compile(outs, opts...)
	if err != nil {
		return nil, fmt.Errorf("predictive: %w", err)
	}
	return fn, nil
}

// copy returns an independent program for another goroutine.
func (p *program) copy(order []model.VarInfo) (*program, error) {
	c := &program{targets: p.targets, params: make([][]*tensor.Dense, len(p.params))}
	for i, ps := range p.params {
		if ps != nil {
			c.params[i] = make([]*tensor.Dense, len(ps))
		}
	}
	if p.fn == nil {
		return c, nil
	}
	fn, err := p.fn.Copy()
	if err != nil {
		return nil, err
	}
	c.fn = fn
	if c.flat, err = model.BindFlat(fn, order, dimOf(order)); err != nil {
		return nil, err
	}
	return c, nil
}

// eval computes every target at the flat draw x into dst (dst[i] has target i's size),
// drawing the observed targets from rng.
func (p *program) eval(dst [][]float64, x []float64, rng *rand.Rand) error {
	if p.fn != nil {
		p.flat.Set(x)
		if err := p.fn.Exec(); err != nil {
			return err
		}
	}
	for i := range p.targets {
		t := &p.targets[i]
		switch t.kind {
		case outValue:
			copy(dst[i], x[t.offset:t.offset+t.size])
		case outNode:
			if err := model.CopyValue(dst[i], p.fn.Output(t.output)); err != nil {
				return fmt.Errorf("predictive: %q: %w", t.name, err)
			}
		case outObserved:
			ps := p.params[i]
			for k := range ps {
				d, err := denseOf(p.fn.Output(t.first + k))
				if err != nil {
					return fmt.Errorf("predictive: %q: parameter %s: %w", t.name, t.dist.ParamNames()[k], err)
				}
				ps[k] = d
			}
			draw, err := t.dist.Rand(rng, ps, t.shape)
			if err != nil {
				return fmt.Errorf("predictive: drawing %q: %w", t.name, err)
			}
			if err := model.CopyValue(dst[i], draw); err != nil {
				return fmt.Errorf("predictive: %q: %w", t.name, err)
			}
		}
	}
	return nil
}

// denseOf returns a float64 value as a tensor (a scalar as a 0-d tensor), as the families'
// Rand take their parameters.
func denseOf(v G.Value) (*tensor.Dense, error) {
	switch x := v.(type) {
	case *G.F64:
		return tensor.New(tensor.FromScalar(float64(*x))), nil
	case *tensor.Dense:
		if x.Dtype() == tensor.Float64 {
			return x, nil
		}
	}
	return nil, fmt.Errorf("a %T of dtype %v, want float64", v, v.Dtype())
}

// dimOf is the length of the flat vector of a model's ordering.
func dimOf(order []model.VarInfo) int {
	d := 0
	for _, o := range order {
		d += o.Size
	}
	return d
}
