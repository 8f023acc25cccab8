package opvi

import (
	"fmt"

	"github.com/gopymc/gopymc/config"
	"github.com/gopymc/gopymc/optimizers"
)

// averagingSettings reads Fit's Averaging option into a fresh average of n parameters, or
// nil when it is not given.
func averagingSettings(method string, s *config.Settings, n int) (*optimizers.PolynomialAverage, error) {
	if !s.Given("Averaging") {
		return nil, nil
	}
	avg, err := optimizers.NewPolynomialAverage(s.AveragingEta, n)
	if err != nil {
		return nil, fmt.Errorf("opvi: %s: Averaging: %w", method, err)
	}
	return avg, nil
}

// beginAveraging puts the optimizer's iterate back into params before a run continues a fit
// whose result was the average.
func (st *fitState) beginAveraging(params []float64) {
	if st.avg != nil && st.iterate != nil {
		copy(params, st.iterate)
	}
}

// endAveraging keeps the iterate and makes the average the approximation's parameters.
func (st *fitState) endAveraging(params []float64) {
	if st.avg == nil || st.avg.Count() == 0 {
		return
	}
	if st.iterate == nil {
		st.iterate = make([]float64, len(params))
	}
	copy(st.iterate, params)
	copy(params, st.avg.Value())
}
