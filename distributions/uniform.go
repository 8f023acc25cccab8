package distributions

import (
	"fmt"
	"math"
	"math/rand/v2"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Uniform is PyMC's Uniform on [lower, upper]:
//
//	log p(x | lower, upper) = -log(upper - lower),  lower <= x <= upper
//
// and -Inf elsewhere (or where upper <= lower at run time). Support: the interval;
// transform: interval(lower, upper); support point: the midpoint.
type Uniform struct {
	univariate
	tr Transform
}

var _ Distribution = (*Uniform)(nil)

// NewUniform returns Uniform(lower, upper). Both must be finite; where both are known
// while the graph is built, lower must be less than upper.
func NewUniform(lower, upper *G.Node) (*Uniform, error) {
	u, err := newUnivariate("Uniform", uniformKernel{}, lower, upper)
	if err != nil {
		return nil, err
	}
	if err := checkOrdered("Uniform", "lower", "upper", lower, upper); err != nil {
		return nil, err
	}
	tr, err := NewIntervalTransform(lower, upper)
	if err != nil {
		return nil, fmt.Errorf("distributions: Uniform: %w", err)
	}
	return &Uniform{univariate: u, tr: tr}, nil
}

// checkOrdered checks lo < hi element by element (broadcast) when both nodes hold values
// known while the graph is built.
func checkOrdered(fam, loName, hiName string, lo, hi *G.Node) error {
	lv, _, ok1 := knownValue(lo)
	hv, _, ok2 := knownValue(hi)
	if !ok1 || !ok2 {
		return nil
	}
	ld, ls, hd, hs := lv.d, lv.s, hv.d, hv.s
	s, err := broadcastShapes([]string{loName, hiName}, ls, hs)
	if err != nil {
		return fmt.Errorf("distributions: %s: %w", fam, err)
	}
	b, err := newBcast(s, ls, hs)
	if err != nil {
		return fmt.Errorf("distributions: %s: %w", fam, err)
	}
	it := rowIter{b: &b}
	n := b.rowLen()
	for it.next() {
		for j := 0; j < n; j++ {
			l, h := ld[it.off[0]+j*b.inner(0)], hd[it.off[1]+j*b.inner(1)]
			if !(l < h) {
				return fmt.Errorf("distributions: %s: %s must be less than %s, got %s %v and %s %v at index %d",
					fam, loName, hiName, loName, l, hiName, h, it.start+j)
			}
		}
	}
	return nil
}

// Support is the interval [lower, upper].
func (d *Uniform) Support() Support { return Support{Kind: Interval} }

// DefaultTransform is the interval transform with bounds lower and upper.
func (d *Uniform) DefaultTransform() Transform { return d.tr }

// SupportPoint is (lower + upper) / 2.
func (d *Uniform) SupportPoint(params []*tensor.Dense, shape tensor.Shape) (*tensor.Dense, error) {
	return d.eachElem(params, shape, func(v *[maxParams]float64) (float64, error) {
		return (v[0] + v[1]) / 2, nil
	})
}

// Rand draws lower + (upper - lower) u, u uniform on [0, 1).
func (d *Uniform) Rand(rng *rand.Rand, params []*tensor.Dense, shape tensor.Shape) (*tensor.Dense, error) {
	return d.eachElem(params, shape, func(v *[maxParams]float64) (float64, error) {
		if !(v[0] < v[1]) {
			return 0, fmt.Errorf("lower must be less than upper, got lower %v and upper %v", v[0], v[1])
		}
		return v[0] + (v[1]-v[0])*rng.Float64(), nil
	})
}

// uniformKernel is Uniform(lower, upper): d/dlower = 1/(upper-lower) = -d/dupper, d/dx = 0
// inside the interval.
type uniformKernel struct{ noDerived }

var uniformSpecs = []paramSpec{{"lower", domReal, true}, {"upper", domReal, true}}

var uniformInfo = kernelInfo{id: "Uniform", specs: uniformSpecs, derivedFrom: fromNone}

func (uniformKernel) info() *kernelInfo { return &uniformInfo }

func (uniformKernel) logp(a *rowArgs, out []float64) {
	x := a.x
	lo, hi := a.p[0][:len(x)], a.p[1][:len(x)]
	out = out[:len(x)]
	for j, v := range x {
		w := hi[j] - lo[j]
		if v >= lo[j] && v <= hi[j] && w > 0 {
			out[j] = -math.Log(w)
		} else {
			out[j] = math.Inf(-1)
		}
	}
}

func (uniformKernel) grad(a *rowArgs, _ []float64, dp *[maxParams][]float64) {
	x := a.x
	lo, hi := a.p[0][:len(x)], a.p[1][:len(x)]
	dl, dh := dp[0][:len(x)], dp[1][:len(x)]
	for j, v := range x {
		w := hi[j] - lo[j]
		if v >= lo[j] && v <= hi[j] && w > 0 {
			dl[j] += 1 / w
			dh[j] -= 1 / w
		}
	}
}
