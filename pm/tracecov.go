package pm

import (
	"fmt"

	"github.com/gopymc/gopymc/approximations"
	"gorgonia.org/tensor"
)

// TraceCov returns the covariance of the model's unconstrained coordinates over every draw
// of every chain of a trace (PyMC's pm.trace_cov), a d×d matrix in the model's flat
// ordering with the unbiased estimator (divisor draws - 1, as NumPy's cov): a mass matrix
// for NUTS from earlier draws, pm.Sample(model, pm.Scaling(cov), pm.IsCov()). The trace
// must hold every free variable's value variable (sigma_log__), as pm.Sample's and an
// approximation's traces do, and at least two draws.
func TraceCov(tr *Trace, m *Model) (*tensor.Dense, error) {
	if err := m.Err(); err != nil {
		return nil, err
	}
	if tr == nil {
		return nil, fmt.Errorf("pm: TraceCov: nil trace")
	}
	n := tr.Len()
	if n < 2 {
		return nil, fmt.Errorf("pm: TraceCov: the trace has %d draws; a covariance needs at least 2", n)
	}
	d := m.Dim()
	x := make([]float64, n*d) // draw-major
	for _, o := range m.Ordering() {
		if !tr.Has(o.ValueName) {
			return nil, fmt.Errorf("pm: TraceCov: the trace has no draws of %q (is it a trace of another model?)", o.ValueName)
		}
		if got := tr.Shape(o.ValueName); !o.Shape.Eq(got) && !(len(got) == 0 && len(o.Shape) == 0) {
			return nil, fmt.Errorf("pm: TraceCov: the trace holds %q with shape %v, the model's has shape %v", o.ValueName, got, o.Shape)
		}
		vals := tr.Values(o.ValueName)
		for k := range n {
			copy(x[k*d+o.Offset:k*d+o.Offset+o.Size], vals[k*o.Size:(k+1)*o.Size])
		}
	}
	mean := make([]float64, d)
	for k := range n {
		for i, v := range x[k*d : (k+1)*d] {
			mean[i] += v
		}
	}
	for i := range mean {
		mean[i] /= float64(n)
	}
	cov := make([]float64, d*d)
	for k := range n {
		row := x[k*d : (k+1)*d]
		for i := range d {
			a := row[i] - mean[i]
			for j := i; j < d; j++ {
				cov[i*d+j] += a * (row[j] - mean[j])
			}
		}
	}
	for i := range d {
		for j := i; j < d; j++ {
			cov[i*d+j] /= float64(n - 1)
			cov[j*d+i] = cov[i*d+j]
		}
	}
	return tensor.New(tensor.WithShape(d, d), tensor.WithBacking(cov)), nil
}

// RMap splits a flat vector of the model's unconstrained coordinates into its variables'
// values by value-variable name, in their shapes (PyMC's bij.rmap).
func RMap(m *Model, flat []float64) (map[string]*tensor.Dense, error) { return m.RMap(flat) }

// MeanData is the approximation's mean by value-variable name, in the model's shapes
// (PyMC's approx.mean_data, or approx.bij.rmap(approx.mean.eval())).
func MeanData(q Approximation) (map[string]*tensor.Dense, error) { return approximations.MeanData(q) }

// StdData is the approximation's standard deviations by value-variable name (PyMC's
// approx.std_data).
func StdData(q Approximation) (map[string]*tensor.Dense, error) { return approximations.StdData(q) }

// CovData is the block of the approximation's covariance of each variable, by value-variable
// name, of shape (shape..., shape...).
func CovData(q Approximation) (map[string]*tensor.Dense, error) { return approximations.CovData(q) }
