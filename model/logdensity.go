package model

import (
	"fmt"
	"strings"

	"github.com/gopymc/gopymc/graph"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// LogDensity is the model's compiled log density and gradient over the flat unconstrained
// vector (Ordering's layout): the one seam through which inference algorithms see a model.
//
// Its value is datalogp + Beta·varlogp, where varlogp sums the free variables' priors and the
// transforms' log-Jacobians, and datalogp the observed variables' (total_size-scaled) log
// likelihoods and the potentials; with the default Beta of 1 it is the model's log density.
// A LogDensity is not safe for concurrent use; Copy gives one per goroutine.
type LogDensity struct {
	fn    *graph.Function
	order []VarInfo
	dim   int
	beta  float64
	x     []float64  // the flat point; tensor inputs view slices of it
	in    []G.Value  // one per free variable: a view into x, or a scalar
	parts [2]float64 // varlogp and datalogp of the last evaluation
	t     float64    // the normalising constant (see NormalizingConstant)
}

// LogDensityOption configures Model.LogDensity.
type LogDensityOption func(*ldConfig) error

type ldConfig struct {
	beta    float64
	replace []replacement
	stream  uint64
}

// replacement is one Replace option: old is replaced by with.
type replacement struct {
	old  *G.Node
	with any
}

// Beta weights the free variables' part: datalogp + beta·varlogp (PyMC's KL beta).
func Beta(beta float64) LogDensityOption {
	return func(c *ldConfig) error {
		if !(beta >= 0) || beta > 1e300 {
			return fmt.Errorf("model: Beta must be finite and >= 0, got %v", beta)
		}
		c.beta = beta
		return nil
	}
}

// Replace replaces node old by with (a node of the model's graph or a value) in the compiled
// log density: PyMC's more_replacements.
func Replace(old *G.Node, with any) LogDensityOption {
	return func(c *ldConfig) error {
		c.replace = append(c.replace, replacement{old, with})
		return nil
	}
}

// Stream sets the stream with which stateful nodes (minibatches) are forked.
func Stream(s uint64) LogDensityOption {
	return func(c *ldConfig) error {
		c.stream = s
		return nil
	}
}

// LogDensity compiles the model's log density and its gradient. It returns the model's
// build error if there is one, and an error if the model has no free variables or has
// discrete free variables (gradient-based inference cannot handle them).
func (m *Model) LogDensity(opts ...LogDensityOption) (ld *LogDensity, err error) {
	defer recoverErr(&err)
	if err := m.Err(); err != nil {
		return nil, err
	}
	cfg := ldConfig{beta: 1}
	for _, o := range opts {
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	if len(m.free) == 0 {
		return nil, fmt.Errorf("model: the model has no free variables")
	}
	var discrete []string
	for _, v := range m.free {
		if v.Dist.Discrete() {
			discrete = append(discrete, fmt.Sprintf("%s (%s)", v.Name, v.Dist.Name()))
		}
	}
	if len(discrete) > 0 {
		return nil, fmt.Errorf("model: Discrete variables are not supported by gradient-based inference (NUTS, VI): %s", strings.Join(discrete, ", "))
	}
	varlp, datalp, err := m.logpParts()
	if err != nil {
		return nil, err
	}
	// datalogp + beta·varlogp; without data, datalogp is a zero constant: leave it out.
	var cost *G.Node
	if len(m.observed) > 0 || len(m.potentials) > 0 {
		cost, err = weighted([]float64{1, cfg.beta}, datalp, varlp)
	} else {
		cost, err = weighted([]float64{cfg.beta}, varlp)
	}
	if err != nil {
		return nil, err
	}
	values := make([]*G.Node, len(m.free))
	for i, v := range m.free {
		values[i] = v.Value
	}
	gopts := []graph.Option{graph.Inputs(values...), graph.Grad(cost, values...), graph.Stream(cfg.stream)}
	// SetData's replacements first, so that the caller's own replacements win.
	var repl []replacement
	for _, r := range m.DataReplacements() {
		repl = append(repl, replacement{r.Old, r.New})
	}
	repl = append(repl, cfg.replace...)
	rescaled, t, err := m.rescale(repl)
	if err != nil {
		return nil, err
	}
	for _, r := range append(repl, rescaled...) {
		gopts = append(gopts, graph.Replace(r.old, r.with))
	}
	fn, err := graph.Compile([]*G.Node{cost, varlp, datalp}, gopts...)
	if err != nil {
		return nil, fmt.Errorf("model: compiling the log density: %w", err)
	}
	ld, err = newLogDensity(fn, m.Ordering(), cfg.beta)
	if err != nil {
		return nil, err
	}
	ld.t = t
	return ld, nil
}

// rescale makes the total_size scaling follow replacements of observed data: PyMC computes
// the factor N/n from the shape of the data the log density is evaluated on, so an observed
// variable whose data node is replaced by data of another shape (a minibatch standing for
// the full data, as in fit(more_replacements={full_data: minibatch})) gets its log
// likelihood term replaced by one scaled for the new shape. It returns those replacements
// and the normalising constant: the largest scale after them.
func (m *Model) rescale(repl []replacement) ([]replacement, float64, error) {
	t := 1.0
	var out []replacement
	for _, v := range m.observed {
		scale := v.Scale
		for _, r := range repl {
			if r.old != v.Data && r.old != v.intData {
				continue
			}
			shape, err := ValueShape(r.with)
			if err != nil {
				return nil, 0, fmt.Errorf("model: replacing the data of %q: %w", v.Name, err)
			}
			if scale, err = TotalSizeScale(v.TotalSize, shape); err != nil {
				return nil, 0, fmt.Errorf("model: replacing the data of %q: %w", v.Name, err)
			}
			if scale != v.Scale {
				lp, err := weighted([]float64{scale}, v.rawLogP)
				if err != nil {
					return nil, 0, err
				}
				out = append(out, replacement{v.LogP, lp})
			}
		}
		t = max(t, scale)
	}
	for _, p := range m.potentials {
		t = max(t, p.Scale)
	}
	return out, t, nil
}

// ValueShape is the shape of data given as a node or as a value that graph.ToValue accepts
// (a replacement, observed data), with scalars as the empty shape.
func ValueShape(with any) (tensor.Shape, error) {
	if n, ok := with.(*G.Node); ok && n != nil {
		return shapeOf(n), nil
	}
	v, err := graph.ToValue(with)
	if err != nil {
		return nil, err
	}
	if _, ok := v.(G.Scalar); ok {
		return tensor.Shape{}, nil
	}
	return v.Shape(), nil
}

func newLogDensity(fn *graph.Function, order []VarInfo, beta float64) (*LogDensity, error) {
	dim := 0
	for _, o := range order {
		dim += o.Size
	}
	ld := &LogDensity{fn: fn, order: order, dim: dim, beta: beta, x: make([]float64, dim)}
	var err error
	if ld.in, err = bindViews(fn, order, ld.x); err != nil {
		return nil, err
	}
	return ld, nil
}

// logpParts returns scalar nodes for varlogp and datalogp (a zero constant when there is
// no free variable, or no observed variable or potential).
func (m *Model) logpParts() (varlp, datalp *G.Node, err error) {
	defer recoverErr(&err)
	terms := make([]*G.Node, 0, len(m.free))
	for _, v := range m.free {
		terms = append(terms, v.LogP)
	}
	if len(terms) == 0 {
		if varlp, err = m.scalar(0); err != nil {
			return nil, nil, err
		}
	} else if varlp, err = sumNodes(terms); err != nil {
		return nil, nil, fmt.Errorf("model: %w", err)
	}
	terms = terms[:0]
	for _, v := range m.observed {
		terms = append(terms, v.LogP)
	}
	for _, p := range m.potentials {
		terms = append(terms, p.Node)
	}
	if len(terms) == 0 {
		datalp, err = m.scalar(0)
		return varlp, datalp, err
	}
	datalp, err = sumNodes(terms)
	return varlp, datalp, err
}

// Dim is the length of the flat unconstrained vector.
func (ld *LogDensity) Dim() int { return ld.dim }

// Ordering is the layout of the flat vector.
func (ld *LogDensity) Ordering() []VarInfo { return ld.order }

// set copies x into the inputs.
func (ld *LogDensity) set(x []float64) error {
	if len(x) != ld.dim {
		return fmt.Errorf("model: LogDensity: point of length %d, want %d", len(x), ld.dim)
	}
	copy(ld.x, x)
	syncScalars(ld.order, ld.in, x)
	return nil
}

// LogP returns the log density at x.
func (ld *LogDensity) LogP(x []float64) (float64, error) {
	if err := ld.set(x); err != nil {
		return 0, err
	}
	if err := ld.fn.Exec(); err != nil {
		return 0, err
	}
	return ld.read(), nil
}

// LogPGrad writes the gradient of the log density at x into grad and returns the log
// density. It allocates nothing beyond what the compiled ops do.
func (ld *LogDensity) LogPGrad(grad, x []float64) (float64, error) {
	if len(grad) != ld.dim {
		return 0, fmt.Errorf("model: LogDensity: gradient of length %d, want %d", len(grad), ld.dim)
	}
	if err := ld.set(x); err != nil {
		return 0, err
	}
	if err := ld.fn.Exec(); err != nil {
		return 0, err
	}
	for i, o := range ld.order {
		switch g := ld.fn.Output(3 + i).(type) {
		case *G.F64:
			grad[o.Offset] = float64(*g)
		case *tensor.Dense:
			copy(grad[o.Offset:o.Offset+o.Size], g.Float64s()) // Data() would box the slice
		default:
			return 0, fmt.Errorf("model: LogDensity: gradient of %q is a %T", o.Name, g)
		}
	}
	return ld.read(), nil
}

func (ld *LogDensity) read() float64 {
	ld.parts[0] = scalarOf(ld.fn.Output(1))
	ld.parts[1] = scalarOf(ld.fn.Output(2))
	return scalarOf(ld.fn.Output(0))
}

// NormalizingConstant is the largest total_size scale of the observed variables on the data
// this log density evaluates (after replacements), 1 when none is scaled: PyMC divides the
// VI loss by it (spec/pymc-semantics.md §5.4).
func (ld *LogDensity) NormalizingConstant() float64 { return ld.t }

// Parts returns varlogp and datalogp of the last evaluation.
func (ld *LogDensity) Parts() (varlogp, datalogp float64) { return ld.parts[0], ld.parts[1] }

// Copy returns an independent LogDensity for another goroutine; its stateful nodes
// (minibatches) draw from their own streams.
func (ld *LogDensity) Copy() (*LogDensity, error) {
	fn, err := ld.fn.Copy()
	if err != nil {
		return nil, err
	}
	cp, err := newLogDensity(fn, ld.order, ld.beta)
	if err != nil {
		return nil, err
	}
	cp.t = ld.t
	return cp, nil
}

func scalarOf(v G.Value) float64 {
	switch x := v.(type) {
	case *G.F64:
		return float64(*x)
	case *tensor.Dense:
		switch d := x.Data().(type) {
		case float64:
			return d
		case []float64:
			if len(d) == 1 {
				return d[0]
			}
		}
	}
	return 0
}
