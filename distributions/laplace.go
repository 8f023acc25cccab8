package distributions

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Laplace is PyMC's Laplace with location mu and scale b:
//
//	log p(x | mu, b) = -log(2b) - |x - mu|/b.
//
// Support: real; no transform; support point mu. At x = mu the partials with respect to x
// and mu are taken as 0 (the subgradient's midpoint).
type Laplace struct {
	univariate
}

var _ Distribution = (*Laplace)(nil)

// NewLaplace returns Laplace(mu, b); b must be positive.
func NewLaplace(mu, b *G.Node) (*Laplace, error) {
	return newFamily[Laplace]("Laplace", laplaceKernel{}, mu, b)
}

// Support is the real line.
func (d *Laplace) Support() Support { return Support{Kind: Real} }

// DefaultTransform is nil.
func (d *Laplace) DefaultTransform() Transform { return nil }

// SupportPoint is mu.
func (d *Laplace) SupportPoint(params []*tensor.Dense, shape tensor.Shape) (*tensor.Dense, error) {
	return d.eachElem(params, shape, func(v *[maxParams]float64) (float64, error) {
		return v[0], nil
	})
}

// Rand draws from Laplace(mu, b) (gonum's distuv.Laplace on rng).
func (d *Laplace) Rand(rng *rand.Rand, params []*tensor.Dense, shape tensor.Shape) (*tensor.Dense, error) {
	return d.eachElem(params, shape, func(v *[maxParams]float64) (float64, error) {
		return distuv.Laplace{Mu: v[0], Scale: v[1], Src: rng}.Rand(), nil
	})
}

// laplaceKernel is Laplace(mu, b). Derived operands: 1/b, log(2b). With s = sign(x-mu):
//
//	d/dx = -s/b, d/dmu = s/b, d/db = (|x-mu|/b - 1)/b.
type laplaceKernel struct{}

var laplaceSpecs = []paramSpec{{"mu", domReal, true}, {"b", domPositive, true}}

var laplaceInfo = kernelInfo{id: "Laplace", specs: laplaceSpecs, derivedFrom: fromSecond2}

func (laplaceKernel) info() *kernelInfo { return &laplaceInfo }
func (laplaceKernel) derive(k int, src, dst []float64) {
	if k == 0 {
		deriveInvLog(0, src, dst)
		return
	}
	for e, v := range src {
		dst[e] = math.Log(2 * v)
	}
}

func (laplaceKernel) logp(a *rowArgs, out []float64) {
	x := a.x
	mu, inv, l2b := a.p[0][:len(x)], a.p[2][:len(x)], a.p[3][:len(x)]
	out = out[:len(x)]
	for j, v := range x {
		out[j] = -l2b[j] - math.Abs(v-mu[j])*inv[j]
	}
}

func (laplaceKernel) grad(a *rowArgs, dx []float64, dp *[maxParams][]float64) {
	x := a.x
	mu, inv := a.p[0][:len(x)], a.p[2][:len(x)]
	dm, db := dp[0][:len(x)], dp[1][:len(x)]
	for j, v := range x {
		is := inv[j]
		r := v - mu[j]
		var s float64
		switch {
		case r > 0:
			s = is
		case r < 0:
			s = -is
		}
		dm[j] += s
		db[j] += (math.Abs(r)*is - 1) * is
		if dx != nil {
			dx[j] -= s
		}
	}
}
