package predictive

import (
	"fmt"

	"github.com/gopymc/gopymc/graph"
	"github.com/gopymc/gopymc/model"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// forward maps a constrained value of one free variable into its unconstrained value, with
// the value variables of the other free variables given (a transform's bounds may depend on
// them). It is nil for a variable without a transform.
type forward struct {
	fn   *graph.Function
	flat *model.FlatInputs
	in   *tensor.Dense // the constrained value, bound to the function's last input
	x    []float64     // in's storage
	sc   *G.F64        // the constrained value of a scalar variable
}

// newForward compiles v's forward map.
func newForward(m *model.Model, v *model.FreeVar) (*forward, error) {
	in, out := v.ForwardNodes()
	if in == nil {
		return nil, nil
	}
	fn, err := compileOverValues(m, []*G.Node{out}, in)
	if err != nil {
		return nil, fmt.Errorf("predictive: the %s transform of %q: %w", v.Transform.Name(), v.Name, err)
	}
	return bindForward(fn, m.Ordering(), v.Shape)
}

func bindForward(fn *graph.Function, order []model.VarInfo, shape tensor.Shape) (*forward, error) {
	flat, err := model.BindFlat(fn, order, dimOf(order))
	if err != nil {
		return nil, err
	}
	f := &forward{fn: fn, flat: flat}
	var in G.Value
	if len(shape) == 0 {
		f.sc = G.NewF64(0)
		in = f.sc
	} else {
		f.x = make([]float64, model.SizeOf(shape))
		f.in = tensor.New(tensor.WithShape(shape.Clone()...), tensor.WithBacking(f.x))
		in = f.in
	}
	if err := fn.SetInput(len(order), in); err != nil {
		return nil, fmt.Errorf("predictive: %w", err)
	}
	return f, nil
}

func (f *forward) copy(order []model.VarInfo, shape tensor.Shape) (*forward, error) {
	if f == nil {
		return nil, nil
	}
	fn, err := f.fn.Copy()
	if err != nil {
		return nil, err
	}
	return bindForward(fn, order, shape)
}

// apply writes the unconstrained value of the constrained value c into dst, with the other
// value variables at x.
func (f *forward) apply(dst, c, x []float64) error {
	f.flat.Set(x)
	if f.sc != nil {
		*f.sc = G.F64(c[0])
	} else {
		copy(f.x, c)
	}
	if err := f.fn.Exec(); err != nil {
		return err
	}
	return model.CopyValue(dst, f.fn.Output(0))
}

// forwards compiles the forward map of every free variable (nil entries for variables
// without a transform) for which need says so.
func forwards(m *model.Model, need func(i int, v *model.FreeVar) bool) ([]*forward, error) {
	out := make([]*forward, len(m.FreeVars()))
	for i, v := range m.FreeVars() {
		if !need(i, v) {
			continue
		}
		f, err := newForward(m, v)
		if err != nil {
			return nil, err
		}
		out[i] = f
	}
	return out, nil
}

// copyForwards copies every forward map for another goroutine.
func copyForwards(m *model.Model, fs []*forward) ([]*forward, error) {
	out := make([]*forward, len(fs))
	order := m.Ordering()
	for i, f := range fs {
		var err error
		if out[i], err = f.copy(order, m.FreeVars()[i].Shape); err != nil {
			return nil, err
		}
	}
	return out, nil
}
