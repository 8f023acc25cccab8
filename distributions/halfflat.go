package distributions

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gorgonia.org/tensor"
)

// HalfFlat is PyMC's HalfFlat: the improper flat density on [0, inf), log p(x) = 0 for
// x >= 0 and -Inf below. Support: positive; transform: log; support point 1. It cannot be
// sampled.
type HalfFlat struct {
	univariate
}

var _ Distribution = (*HalfFlat)(nil)

// NewHalfFlat returns HalfFlat(). It never fails; the error is there for uniformity.
func NewHalfFlat() (*HalfFlat, error) {
	return newFamily[HalfFlat]("HalfFlat", halfFlatKernel{})
}

// Support is the positive half-line.
func (d *HalfFlat) Support() Support { return Support{Kind: Positive} }

// DefaultTransform is the log transform.
func (d *HalfFlat) DefaultTransform() Transform { return NewLogTransform() }

// SupportPoint is 1.
func (d *HalfFlat) SupportPoint(params []*tensor.Dense, shape tensor.Shape) (*tensor.Dense, error) {
	return d.eachElem(params, shape, func(*[maxParams]float64) (float64, error) { return 1, nil })
}

// Rand fails: an improper distribution cannot be sampled (as in PyMC).
func (d *HalfFlat) Rand(*rand.Rand, []*tensor.Dense, tensor.Shape) (*tensor.Dense, error) {
	return nil, fmt.Errorf("distributions: HalfFlat: %w", errImproper)
}

// halfFlatKernel is log p = 0 on [0, inf).
type halfFlatKernel struct{ noDerived }

var halfFlatInfo = kernelInfo{id: "HalfFlat", derivedFrom: fromNone}

func (halfFlatKernel) info() *kernelInfo                               { return &halfFlatInfo }
func (halfFlatKernel) grad(*rowArgs, []float64, *[maxParams][]float64) {}
func (halfFlatKernel) logp(a *rowArgs, out []float64) {
	out = out[:len(a.x)]
	for j, v := range a.x {
		if v >= 0 {
			out[j] = 0
		} else {
			out[j] = math.Inf(-1)
		}
	}
}
