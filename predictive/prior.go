package predictive

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/gopymc/gopymc/graph"
	"github.com/gopymc/gopymc/model"
	"github.com/gopymc/gopymc/trace"
	"gorgonia.org/tensor"
)

// Prior draws from the prior predictive distribution of m, as PyMC's
// sample_prior_predictive: each draw takes the free variables one after the other from their
// families (ancestral sampling: a variable's parameters are evaluated at the values already
// drawn), then draws the observed variables given them and evaluates the deterministics and
// potentials. It returns a one-chain trace of s.Samples draws (500 by default) of the
// variables named in s.VarNames, by default every free variable (constrained), deterministic,
// potential and observed variable. Potentials do not weigh the draws, as in PyMC. Prior checks
// ctx before every draw.
//
// It returns the model's build error, and an error when a name of s.VarNames is not a
// variable of m, when s is invalid, or when a family cannot draw: an improper prior (Flat,
// HalfFlat) or a DensityDist without a random function, named in the error.
func Prior(ctx context.Context, m *model.Model, s Settings) (*trace.Trace, error) {
	if err := m.Err(); err != nil {
		return nil, err
	}
	s, err := s.resolve("Prior")
	if err != nil {
		return nil, err
	}
	n := s.Samples
	if n == 0 {
		n = defaultPriorSamples
	}
	targets, err := selectTargets(m, s.VarNames, func() []string {
		var names []string
		for _, v := range m.FreeVars() {
			names = append(names, v.Name)
		}
		for _, d := range m.Deterministics() {
			names = append(names, d.Name)
		}
		for _, p := range m.Potentials() {
			names = append(names, p.Name)
		}
		for _, v := range m.ObservedVars() {
			names = append(names, v.Name)
		}
		return names
	})
	if err != nil {
		return nil, err
	}
	anc, err := newAncestral(m)
	if err != nil {
		return nil, err
	}
	prog, err := newProgram(m, targets)
	if err != nil {
		return nil, err
	}
	out, err := newOutputs(targets, n)
	if err != nil {
		return nil, err
	}
	order := m.Ordering()
	err = runDraws(ctx, n, s.Cores, s.Seed, out.grow, func(w int) (drawer, error) {
		p, a := prog, anc
		if w > 0 {
			var err error
			if p, err = prog.copy(order); err != nil {
				return nil, err
			}
			if a, err = anc.copy(m); err != nil {
				return nil, err
			}
		}
		return &priorDrawer{prog: p, anc: a, out: out, x: make([]float64, m.Dim()), dst: make([][]float64, len(targets))}, nil
	})
	if err != nil {
		return nil, fmt.Errorf("predictive: Prior: %w", err)
	}
	return out.trace(targets, []int{n})
}

type priorDrawer struct {
	prog *program
	anc  *ancestral
	out  *outputs
	x    []float64
	dst  [][]float64
}

func (d *priorDrawer) draw(k int, rng *rand.Rand) error {
	if err := d.anc.draw(d.x, rng); err != nil {
		return err
	}
	d.out.views(d.dst, k)
	return d.prog.eval(d.dst, d.x, rng)
}

// ancestral draws the free variables from their priors one after the other: for each, a
// compiled function of the value variables gives its parameters, its family draws a
// constrained value, and its forward map gives the unconstrained value.
type ancestral struct {
	vars   []*model.FreeVar
	order  []model.VarInfo
	params []*graph.Function // per free variable, its parameters over the value variables
	flats  []*model.FlatInputs
	fwd    []*forward
	ps     [][]*tensor.Dense
	bufs   [][]float64 // per free variable, a constrained draw
}

func newAncestral(m *model.Model) (*ancestral, error) {
	a := &ancestral{vars: m.FreeVars(), order: m.Ordering()}
	for _, v := range a.vars {
		a.bufs = append(a.bufs, make([]float64, model.SizeOf(v.Shape)))
		var fn *graph.Function
		var flat *model.FlatInputs
		if params := v.Dist.Params(); len(params) > 0 {
			var err error
			if fn, err = compileOverValues(m, params); err != nil {
				return nil, fmt.Errorf("predictive: the parameters of %q: %w", v.Name, err)
			}
			if flat, err = model.BindFlat(fn, a.order, dimOf(a.order)); err != nil {
				return nil, err
			}
		}
		a.params = append(a.params, fn)
		a.flats = append(a.flats, flat)
		a.ps = append(a.ps, make([]*tensor.Dense, len(v.Dist.Params())))
	}
	var err error
	if a.fwd, err = forwards(m, func(int, *model.FreeVar) bool { return true }); err != nil {
		return nil, err
	}
	return a, nil
}

func (a *ancestral) copy(m *model.Model) (*ancestral, error) {
	c := &ancestral{vars: a.vars, order: a.order}
	for i, fn := range a.params {
		c.bufs = append(c.bufs, make([]float64, len(a.bufs[i])))
		var cf *graph.Function
		var flat *model.FlatInputs
		if fn != nil {
			var err error
			if cf, err = fn.Copy(); err != nil {
				return nil, err
			}
			if flat, err = model.BindFlat(cf, a.order, dimOf(a.order)); err != nil {
				return nil, err
			}
		}
		c.params = append(c.params, cf)
		c.flats = append(c.flats, flat)
		c.ps = append(c.ps, make([]*tensor.Dense, len(a.ps[i])))
	}
	var err error
	if c.fwd, err = copyForwards(m, a.fwd); err != nil {
		return nil, err
	}
	return c, nil
}

// draw writes one prior draw of the flat vector into x.
func (a *ancestral) draw(x []float64, rng *rand.Rand) error {
	for i, v := range a.vars {
		if fn := a.params[i]; fn != nil {
			a.flats[i].Set(x)
			if err := fn.Exec(); err != nil {
				return fmt.Errorf("the parameters of %q: %w", v.Name, err)
			}
			for k := range a.ps[i] {
				d, err := denseOf(fn.Output(k))
				if err != nil {
					return fmt.Errorf("parameter %s of %q: %w", v.Dist.ParamNames()[k], v.Name, err)
				}
				a.ps[i][k] = d
			}
		}
		draw, err := v.Dist.Rand(rng, a.ps[i], v.Shape)
		if err != nil {
			return fmt.Errorf("drawing the free variable %q (%s): %w", v.Name, v.Dist.Name(), err)
		}
		o := a.order[i]
		dst := x[o.Offset : o.Offset+o.Size]
		if a.fwd[i] == nil {
			if err := model.CopyValue(dst, draw); err != nil {
				return fmt.Errorf("the draw of %q: %w", v.Name, err)
			}
			continue
		}
		c := a.bufs[i]
		if err := model.CopyValue(c, draw); err != nil {
			return fmt.Errorf("the draw of %q: %w", v.Name, err)
		}
		if err := a.fwd[i].apply(dst, c, x); err != nil {
			return fmt.Errorf("the %s transform of %q: %w", v.Transform.Name(), v.Name, err)
		}
	}
	return nil
}
