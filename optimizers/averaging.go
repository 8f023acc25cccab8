package optimizers

import (
	"fmt"
	"math"
)

// PolynomialAverage is the polynomial-decay average of iterates of Shamir and Zhang (2013),
// AdvancedVI.jl's default averager: after the t-th iterate x_t,
//
//	avg <- (1 - w)·avg + w·x_t,   w = (eta + 1)/(t + eta)
//
// so the first iterate is taken whole and later ones weigh more than in a plain mean
// (eta = 0), forgetting the transient of the first steps. Averaging the noisy iterates of
// stochastic gradient descent lowers their variance without shrinking the step size. Make
// one with NewPolynomialAverage.
//
// References:
//   - Shamir, Zhang: Stochastic Gradient Descent for Non-smooth Optimization: Convergence
//     Results and Optimal Averaging Schemes. ICML 2013, Section 4.
//   - Ivgi, Hinder, Carmon: DoG is SGD's Best Friend. ICML 2023 (eta = 8).
type PolynomialAverage struct {
	eta float64
	t   int
	avg []float64
}

// DefaultAveragingEta is the eta of the DoG paper and AdvancedVI.jl.
const DefaultAveragingEta = 8

// NewPolynomialAverage returns an average of vectors of length n with the given eta (finite
// and >= 0). It returns an error for a bad eta or n < 1.
func NewPolynomialAverage(eta float64, n int) (*PolynomialAverage, error) {
	if !(eta >= 0) || math.IsInf(eta, 1) {
		return nil, fmt.Errorf("optimizers: PolynomialAverage: eta must be finite and >= 0, got %v", eta)
	}
	if n < 1 {
		return nil, fmt.Errorf("optimizers: PolynomialAverage: vector length must be >= 1, got %d", n)
	}
	return &PolynomialAverage{eta: eta, avg: make([]float64, n)}, nil
}

// Add folds the next iterate x into the average. It allocates nothing and returns an error,
// changing nothing, if len(x) is not the average's length.
func (a *PolynomialAverage) Add(x []float64) error {
	if len(x) != len(a.avg) {
		return fmt.Errorf("optimizers: PolynomialAverage: iterate of length %d, the average's is %d", len(x), len(a.avg))
	}
	a.t++
	w := (a.eta + 1) / (float64(a.t) + a.eta)
	for i, v := range x {
		a.avg[i] = (1-w)*a.avg[i] + w*v
	}
	return nil
}

// Value returns the average (a view: it changes with the next Add). Before the first Add
// it is all zeros.
func (a *PolynomialAverage) Value() []float64 { return a.avg }

// Count is the number of iterates averaged.
func (a *PolynomialAverage) Count() int { return a.t }

// Eta is the average's eta.
func (a *PolynomialAverage) Eta() float64 { return a.eta }
