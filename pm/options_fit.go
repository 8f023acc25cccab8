package pm

import (
	"fmt"

	"github.com/gopymc/gopymc/config"
	"github.com/gopymc/gopymc/optimizers"
	G "gorgonia.org/gorgonia"
)

// Options and helpers of fits beyond the quickstart (issue 14).

// CostPartGradScale weights the score part of the gradient of ADVI's log q term (PyMC3's
// ADVI(cost_part_grad_scale=...)), for NewADVI and NewFullRankADVI: a float64, or a *Shared
// (or its node) holding a float64 scalar, read at every step, so that it can go from 1 to 0
// during a fit (0 is the "sticking the landing" estimator). The default is 1.
func CostPartGradScale(v any) Option {
	if s, ok := v.(*Shared); ok && s != nil {
		v = s.Node()
	}
	return config.New("CostPartGradScale", fmt.Sprint(v), func(s *config.Settings) { s.CostPartGradScale = v })
}

// ScheduleShared returns opt with its learning rate read from the Shared value s (a float64
// scalar) before every update, as PyMC's optimizers take a shared learning rate; change it
// with s.SetValue during a fit (in a callback) or between fits. See optimizers.Schedule for a
// learning rate that is a function of the iteration. It returns an error when s is nil or
// does not hold a float64 scalar.
func ScheduleShared(opt optimizers.Optimizer, s *Shared) (optimizers.Optimizer, error) {
	if s == nil {
		return nil, fmt.Errorf("pm: ScheduleShared: nil shared value")
	}
	if _, ok := s.Value().(*G.F64); !ok {
		return nil, fmt.Errorf("pm: ScheduleShared: the shared value %q holds a %T, want a float64 scalar", s.Name(), s.Value())
	}
	return optimizers.Schedule(opt, func(int) float64 { return float64(*s.Value().(*G.F64)) }), nil
}
