package model

import (
	"fmt"
	"sort"

	"github.com/gopymc/gopymc/graph"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// PointVar describes one named value a PointFunc produces.
type PointVar struct {
	Name        string
	Shape       tensor.Shape
	Transformed bool // the unconstrained value of a transformed variable (sigma_log__)
}

// PointFunc maps a flat unconstrained point (Ordering's layout) to every named value of the
// model: each free variable in constrained space, the value variable of each transformed
// one, and each deterministic. It is what turns draws into a trace. Not safe for concurrent
// use; Copy gives one per goroutine.
type PointFunc struct {
	fn     *graph.Function
	order  []VarInfo
	vars   []PointVar
	source []pointSource
	x      []float64
	in     []G.Value
}

// pointSource says where output i of a PointFunc comes from: a compiled output, or a slice
// of the point itself.
type pointSource struct {
	output int // index of the compiled output, or -1
	offset int // into the point, when output is -1
	size   int
}

// PointFunc compiles the model's point function.
func (m *Model) PointFunc() (*PointFunc, error) {
	if err := m.Err(); err != nil {
		return nil, err
	}
	order := m.Ordering()
	values := make([]*G.Node, len(m.free))
	var outs []*G.Node
	var vars []PointVar
	var src []pointSource
	for i, v := range m.free {
		values[i] = v.Value
		vars = append(vars, PointVar{Name: v.Name, Shape: v.Shape.Clone()})
		src = append(src, pointSource{output: len(outs), size: SizeOf(v.Shape)})
		outs = append(outs, v.RV)
		if v.Transform != nil {
			vars = append(vars, PointVar{Name: v.ValueName, Shape: v.ValueShape.Clone(), Transformed: true})
			src = append(src, pointSource{output: -1, offset: order[i].Offset, size: order[i].Size})
		}
	}
	for _, d := range m.deterministic {
		vars = append(vars, PointVar{Name: d.Name, Shape: shapeOf(d.Node)})
		src = append(src, pointSource{output: len(outs), size: SizeOf(shapeOf(d.Node))})
		outs = append(outs, d.Node)
	}
	dopts, err := m.dataOptions()
	if err != nil {
		return nil, err
	}
	fn, err := graph.Compile(outs, append([]graph.Option{graph.Inputs(values...)}, dopts...)...)
	if err != nil {
		return nil, fmt.Errorf("model: compiling the point function: %w", err)
	}
	return newPointFunc(fn, order, vars, src)
}

func newPointFunc(fn *graph.Function, order []VarInfo, vars []PointVar, src []pointSource) (*PointFunc, error) {
	dim := 0
	for _, o := range order {
		dim += o.Size
	}
	p := &PointFunc{fn: fn, order: order, vars: vars, source: src, x: make([]float64, dim)}
	var err error
	if p.in, err = bindViews(fn, order, p.x); err != nil {
		return nil, err
	}
	return p, nil
}

// Vars lists the values Eval produces, in order.
func (p *PointFunc) Vars() []PointVar { return p.vars }

// Eval evaluates every named value at the flat point x into dst: dst[i] receives Vars()[i]'s
// elements, row-major (dst[i] must have that many elements).
func (p *PointFunc) Eval(dst [][]float64, x []float64) error {
	if len(x) != len(p.x) {
		return fmt.Errorf("model: PointFunc: point of length %d, want %d", len(x), len(p.x))
	}
	if len(dst) != len(p.vars) {
		return fmt.Errorf("model: PointFunc: %d destinations for %d values", len(dst), len(p.vars))
	}
	copy(p.x, x)
	syncScalars(p.order, p.in, x)
	if err := p.fn.Exec(); err != nil {
		return err
	}
	for i, s := range p.source {
		if len(dst[i]) != s.size {
			return fmt.Errorf("model: PointFunc: destination %d (%s) has %d elements, want %d", i, p.vars[i].Name, len(dst[i]), s.size)
		}
		if s.output < 0 {
			copy(dst[i], x[s.offset:s.offset+s.size])
			continue
		}
		switch v := p.fn.Output(s.output).(type) {
		case *G.F64:
			dst[i][0] = float64(*v)
		case *tensor.Dense:
			switch d := v.Data().(type) {
			case []float64:
				copy(dst[i], d)
			case float64:
				dst[i][0] = d
			}
		default:
			return fmt.Errorf("model: PointFunc: %s is a %T", p.vars[i].Name, v)
		}
	}
	return nil
}

// Copy returns an independent PointFunc for another goroutine.
func (p *PointFunc) Copy() (*PointFunc, error) {
	fn, err := p.fn.Copy()
	if err != nil {
		return nil, err
	}
	return newPointFunc(fn, p.order, p.vars, p.source)
}

// LogP returns the model's log density at a point given by value-variable names (PyMC's
// model.compile_logp()(point)): every free variable's value variable must be given, in
// unconstrained space (sigma_log__, not sigma), and no other name. Unlike LogDensity it
// accepts discrete free variables and models without free variables (then point is empty
// and LogP is the data's log likelihood). The first call compiles the log density; later
// calls on the same model reuse it.
func (m *Model) LogP(point map[string]any) (float64, error) {
	if err := m.Err(); err != nil {
		return 0, err
	}
	var unknown []string
	for name := range point {
		if v, ok := m.FreeVar(name); !ok || v.ValueName != name {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		name := unknown[0]
		if v, ok := m.FreeVar(name); ok {
			return 0, fmt.Errorf("model: LogP: %q is not a value variable: give %q, its %s-transformed value", name, v.ValueName, v.Transform.Name())
		}
		return 0, fmt.Errorf("model: LogP: %q is not a value variable of the model", name)
	}
	givens := make([]graph.Given, len(m.free))
	for i, v := range m.free {
		val, ok := point[v.ValueName]
		if !ok {
			return 0, fmt.Errorf("model: LogP: no value for %q", v.ValueName)
		}
		fv, err := floatValue(val)
		if err != nil {
			return 0, fmt.Errorf("model: LogP: %q: %w", v.ValueName, err)
		}
		data := flat(toDense(fv))
		if len(data) != SizeOf(v.ValueShape) {
			return 0, fmt.Errorf("model: LogP: %q has %d elements, want %d (shape %v)", v.ValueName, len(data), SizeOf(v.ValueShape), v.ValueShape)
		}
		givens[i] = graph.Given{Node: v.Value, Value: denseOf(data, v.ValueShape)}
	}
	cost, err := m.logpNode()
	if err != nil {
		return 0, err
	}
	out, err := Eval(cost, givens...)
	if err != nil {
		return 0, fmt.Errorf("model: LogP: %w", err)
	}
	return scalarOf(out), nil
}

// logpNode returns a scalar node of the model's log density, varlogp + datalogp, built once
// for each state of the model (variables are only ever added, so their counts identify it).
func (m *Model) logpNode() (*G.Node, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	key := [3]int{len(m.free), len(m.observed), len(m.potentials)}
	if m.logp != nil && m.logpKey == key {
		return m.logp, nil
	}
	varlp, datalp, err := m.logpParts()
	if err != nil {
		return nil, err
	}
	cost, err := sumNodes([]*G.Node{varlp, datalp})
	if err != nil {
		return nil, err
	}
	m.logp, m.logpKey = cost, key
	return cost, nil
}
