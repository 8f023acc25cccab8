package distributions

import (
	"fmt"
	"math/rand/v2"

	"gorgonia.org/tensor"
)

// Flat is PyMC's Flat: the improper uniform density on the real line, log p(x) = 0.
// Support: real; no transform; support point 0. It cannot be sampled.
type Flat struct {
	univariate
}

var _ Distribution = (*Flat)(nil)

// NewFlat returns Flat(). It never fails; the error is there for uniformity.
func NewFlat() (*Flat, error) {
	u, err := newUnivariate("Flat", flatKernel{})
	if err != nil {
		return nil, err
	}
	return &Flat{u}, nil
}

// Support is the real line.
func (d *Flat) Support() Support { return Support{Kind: Real} }

// DefaultTransform is nil.
func (d *Flat) DefaultTransform() Transform { return nil }

// SupportPoint is 0.
func (d *Flat) SupportPoint(params []*tensor.Dense, shape tensor.Shape) (*tensor.Dense, error) {
	return mapParams(d.name, nil, params, shape, func(*[maxParams]float64) (float64, error) { return 0, nil })
}

// Rand fails: an improper distribution cannot be sampled (as in PyMC).
func (d *Flat) Rand(*rand.Rand, []*tensor.Dense, tensor.Shape) (*tensor.Dense, error) {
	return nil, fmt.Errorf("distributions: Flat: %w", errImproper)
}

// flatKernel is log p = 0 everywhere.
type flatKernel struct{}

func (flatKernel) id() string                                      { return "Flat" }
func (flatKernel) specs() []paramSpec                              { return nil }
func (flatKernel) discrete() bool                                  { return false }
func (flatKernel) derivedFrom() []int                              { return fromNone }
func (flatKernel) derive(int, []float64, []float64)                {}
func (flatKernel) logp(_ *rowArgs, out []float64)                  { clear(out) }
func (flatKernel) grad(*rowArgs, []float64, *[maxParams][]float64) {}
