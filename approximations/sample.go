package approximations

import (
	"fmt"

	"github.com/gopymc/gopymc/model"
	"github.com/gopymc/gopymc/trace"
)

// sampler turns flat draws into a trace through the model's point function.
type sampler struct {
	ndet  int // the model's deterministics when the point function was compiled
	point *model.PointFunc
	vars  []trace.Var
	dst   [][]float64
	z     []float64
}

func newSampler(m *model.Model) (*sampler, error) {
	pf, err := m.PointFunc()
	if err != nil {
		return nil, fmt.Errorf("approximations: %w", err)
	}
	s := &sampler{ndet: len(m.Deterministics()), point: pf, z: make([]float64, m.Dim())}
	for _, v := range pf.Vars() {
		s.vars = append(s.vars, trace.Var{Name: v.Name, Shape: v.Shape, Transformed: v.Transformed})
		n := 1
		for _, d := range v.Shape {
			n *= d
		}
		s.dst = append(s.dst, make([]float64, n))
	}
	return s, nil
}

// sampleTrace records draws points, the i-th written by draw, in a one-chain trace.
func (b *base) sampleTrace(draws int, draw func(z []float64, i int)) (*trace.Trace, error) {
	// A deterministic added since the point function was compiled is drawn too (as in
	// PyMC, whose trace holds the model's deterministics at the call).
	if b.sample == nil || b.sample.ndet != len(b.model.Deterministics()) {
		s, err := newSampler(b.model)
		if err != nil {
			return nil, err
		}
		b.sample = s
	}
	s := b.sample
	tr, err := trace.New(s.vars, 1)
	if err != nil {
		return nil, fmt.Errorf("approximations: %w", err)
	}
	for i := 0; i < draws; i++ {
		draw(s.z, i)
		if err := s.point.Eval(s.dst, s.z); err != nil {
			return nil, fmt.Errorf("approximations: Sample: draw %d: %w", i, err)
		}
		if err := tr.Append(0, s.dst); err != nil {
			return nil, fmt.Errorf("approximations: %w", err)
		}
	}
	return tr, nil
}
