package predictive

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/gopymc/gopymc/model"
	"github.com/gopymc/gopymc/trace"
)

// Posterior draws from the posterior predictive distribution of m given tr, a trace of m's
// free variables (from pm.Sample, an approximation's Sample, or a CmdStan CSV file), as
// PyMC's sample_posterior_predictive: at each draw of the trace, every observed variable
// named in s.VarNames (all of them by default) is drawn afresh from its family with its
// parameters evaluated at the draw, on data of the shape its data node has now (see
// model.SetData), and every named free variable, deterministic or potential is evaluated
// there. The result is a trace of those variables: by default with tr's chains and draws
// (PyMC's keep_size), or one chain of s.Samples draws.
//
// The free variables are read from tr by their value-variable names (sigma_log__) or, when a
// trace holds only constrained values, by their names, mapped through their transforms.
// Potentials are ignored when drawing, as in PyMC. Posterior checks ctx before every draw and
// returns ctx.Err() when it is cancelled.
//
// It returns the model's build error, and an error when tr is nil or empty, lacks one of m's
// free variables or holds it with another shape (a trace of another model), when a name of
// s.VarNames is not a variable of m, when s is invalid, or when a family cannot draw (an
// improper Flat prior, a DensityDist without a random function).
func Posterior(ctx context.Context, m *model.Model, tr *trace.Trace, s Settings) (*trace.Trace, error) {
	if err := m.Err(); err != nil {
		return nil, err
	}
	if tr == nil {
		return nil, fmt.Errorf("predictive: Posterior: nil trace")
	}
	s, err := s.resolve("Posterior")
	if err != nil {
		return nil, err
	}
	total := tr.Len()
	if total == 0 {
		return nil, fmt.Errorf("predictive: Posterior: the trace has no draws")
	}
	src, err := newTraceSource(m, tr)
	if err != nil {
		return nil, err
	}
	targets, err := selectTargets(m, s.VarNames, func() []string {
		var names []string
		for _, v := range m.ObservedVars() {
			names = append(names, v.Name)
		}
		return names
	})
	if err != nil {
		return nil, err
	}
	// Output chain lengths and the trace draw of each output draw.
	chainLens := []int{s.Samples}
	if s.Samples == 0 {
		chainLens = make([]int, tr.Chains())
		for c := range chainLens {
			chainLens[c] = tr.Draws(c)
		}
	}
	n := 0
	for _, l := range chainLens {
		n += l
	}
	out, err := newOutputs(targets, n)
	if err != nil {
		return nil, err
	}
	prog, err := newProgram(m, targets)
	if err != nil {
		return nil, err
	}
	order := m.Ordering()
	err = runDraws(ctx, n, s.Cores, s.Seed, out.grow, func(w int) (drawer, error) {
		p, sc := prog, src
		if w > 0 {
			var err error
			if p, err = prog.copy(order); err != nil {
				return nil, err
			}
			if sc, err = src.copy(m); err != nil {
				return nil, err
			}
		}
		return &posteriorDrawer{prog: p, src: sc, out: out, total: total, x: make([]float64, m.Dim()), dst: make([][]float64, len(targets))}, nil
	})
	if err != nil {
		return nil, fmt.Errorf("predictive: Posterior: %w", err)
	}
	return out.trace(targets, chainLens)
}

// posteriorDrawer computes output draw k at trace draw k mod total.
type posteriorDrawer struct {
	prog  *program
	src   *traceSource
	out   *outputs
	total int
	x     []float64
	dst   [][]float64
}

func (d *posteriorDrawer) draw(k int, rng *rand.Rand) error {
	if err := d.src.point(d.x, k%d.total); err != nil {
		return err
	}
	d.out.views(d.dst, k)
	return d.prog.eval(d.dst, d.x, rng)
}

// outputs holds every target's draws, draw after draw. It grows as the draws are made
// (runDraws calls grow before each chunk), so that memory follows the draws done, not the
// draws asked for.
type outputs struct {
	data  [][]float64
	sizes []int
}

// newOutputs returns room for the first chunk of n draws of the targets; n draws of every
// target must fit an int.
func newOutputs(targets []target, n int) (*outputs, error) {
	o := &outputs{data: make([][]float64, len(targets)), sizes: make([]int, len(targets))}
	for i, t := range targets {
		if t.size > 0 && n > math.MaxInt/t.size {
			return nil, fmt.Errorf("predictive: %d draws of %q (%d elements each) overflow an int", n, t.name, t.size)
		}
		o.data[i] = make([]float64, 0, min(n, drawChunk)*t.size)
		o.sizes[i] = t.size
	}
	return o, nil
}

// grow makes room for draws up to n (exclusive).
func (o *outputs) grow(n int) {
	for i, size := range o.sizes {
		o.data[i] = slices.Grow(o.data[i], n*size-len(o.data[i]))[:n*size]
	}
}

// views points dst[i] at target i's storage of draw k.
func (o *outputs) views(dst [][]float64, k int) {
	for i, size := range o.sizes {
		dst[i] = o.data[i][k*size : (k+1)*size]
	}
}

// trace stores the draws as a trace with chains of the given lengths.
func (o *outputs) trace(targets []target, chainLens []int) (*trace.Trace, error) {
	tr, err := trace.New(traceVars(targets), len(chainLens))
	if err != nil {
		return nil, fmt.Errorf("predictive: %w", err)
	}
	start := 0
	for c, l := range chainLens {
		for i, t := range targets {
			if err := tr.SetChain(c, t.name, o.data[i][start*t.size:(start+l)*t.size]); err != nil {
				return nil, fmt.Errorf("predictive: %w", err)
			}
		}
		start += l
	}
	return tr, nil
}

// traceSource reads flat draws of the free variables from a trace.
type traceSource struct {
	order  []model.VarInfo
	vals   [][][]float64 // [free variable][chain] draws, of the value variable or the constrained one
	fwd    []*forward    // per free variable: non-nil when the trace holds it constrained
	starts []int         // first global draw index of each chain
	draws  []int
	buf    [][]float64 // per free variable read constrained: a draw's buffer
}

func newTraceSource(m *model.Model, tr *trace.Trace) (*traceSource, error) {
	order := m.Ordering()
	src := &traceSource{order: order, vals: make([][][]float64, len(order)), buf: make([][]float64, len(order))}
	constrained := make([]bool, len(order))
	for i, v := range m.FreeVars() {
		name := v.ValueName
		switch {
		case tr.Has(v.ValueName):
			if !slices.Equal(tr.Shape(v.ValueName), []int(v.ValueShape)) {
				return nil, fmt.Errorf("predictive: the trace holds %q with shape %v, the model's has shape %v (is it a trace of another model?)", v.ValueName, tr.Shape(v.ValueName), v.ValueShape)
			}
		case v.Transform != nil && tr.Has(v.Name):
			if !slices.Equal(tr.Shape(v.Name), []int(v.Shape)) {
				return nil, fmt.Errorf("predictive: the trace holds %q with shape %v, the model's has shape %v (is it a trace of another model?)", v.Name, tr.Shape(v.Name), v.Shape)
			}
			name, constrained[i] = v.Name, true
			src.buf[i] = make([]float64, model.SizeOf(v.Shape))
		default:
			return nil, fmt.Errorf("predictive: the trace has no draws of the free variable %q (%q) of the model (is it a trace of another model?)", v.Name, v.ValueName)
		}
		src.vals[i] = make([][]float64, tr.Chains())
		for c := range tr.Chains() {
			src.vals[i][c] = tr.ChainValues(name, c)
		}
	}
	start := 0
	for c := range tr.Chains() {
		src.starts = append(src.starts, start)
		src.draws = append(src.draws, tr.Draws(c))
		start += tr.Draws(c)
	}
	var err error
	src.fwd, err = forwards(m, func(i int, _ *model.FreeVar) bool { return constrained[i] })
	if err != nil {
		return nil, err
	}
	return src, nil
}

// copy shares the draws and copies the forward maps.
func (s *traceSource) copy(m *model.Model) (*traceSource, error) {
	c := *s
	var err error
	if c.fwd, err = copyForwards(m, s.fwd); err != nil {
		return nil, err
	}
	c.buf = make([][]float64, len(s.buf))
	for i, b := range s.buf {
		if b != nil {
			c.buf[i] = make([]float64, len(b))
		}
	}
	return &c, nil
}

// point writes global draw k (chains one after the other) into x.
func (s *traceSource) point(x []float64, k int) error {
	c := len(s.starts) - 1
	for s.starts[c] > k {
		c--
	}
	i := k - s.starts[c]
	for j, o := range s.order {
		if s.fwd[j] == nil {
			copy(x[o.Offset:o.Offset+o.Size], s.vals[j][c][i*o.Size:(i+1)*o.Size])
			continue
		}
		size := len(s.buf[j])
		copy(s.buf[j], s.vals[j][c][i*size:(i+1)*size])
		if err := s.fwd[j].apply(x[o.Offset:o.Offset+o.Size], s.buf[j], x); err != nil {
			return fmt.Errorf("the %q transform of %q: %w", o.Transform, o.Name, err)
		}
	}
	return nil
}
