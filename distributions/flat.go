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
	return newFamily[Flat]("Flat", flatKernel{})
}

// Support is the real line.
func (d *Flat) Support() Support { return Support{Kind: Real} }

// DefaultTransform is nil.
func (d *Flat) DefaultTransform() Transform { return nil }

// SupportPoint is 0.
func (d *Flat) SupportPoint(params []*tensor.Dense, shape tensor.Shape) (*tensor.Dense, error) {
	return d.eachElem(params, shape, func(*[maxParams]float64) (float64, error) { return 0, nil })
}

// Rand fails: an improper distribution cannot be sampled (as in PyMC).
func (d *Flat) Rand(*rand.Rand, []*tensor.Dense, tensor.Shape) (*tensor.Dense, error) {
	return nil, fmt.Errorf("distributions: Flat: %w", errImproper)
}

// flatKernel is log p = 0 everywhere.
type flatKernel struct{ noDerived }

var flatInfo = kernelInfo{id: "Flat", derivedFrom: fromNone}

func (flatKernel) info() *kernelInfo                               { return &flatInfo }
func (flatKernel) logp(_ *rowArgs, out []float64)                  { clear(out) }
func (flatKernel) grad(*rowArgs, []float64, *[maxParams][]float64) {}
