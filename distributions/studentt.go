package distributions

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// StudentT is PyMC's StudentT with nu degrees of freedom, location mu and scale sigma:
//
//	log p(x | nu, mu, sigma) = log Gamma((nu+1)/2) - log Gamma(nu/2) - log(nu pi)/2
//	                           - log sigma - (nu+1)/2 log(1 + z^2/nu),  z = (x-mu)/sigma.
//
// Support: real; no transform; support point mu.
type StudentT struct {
	univariate
}

var _ Distribution = (*StudentT)(nil)

// NewStudentT returns StudentT(nu, mu, sigma); nu and sigma must be positive.
func NewStudentT(nu, mu, sigma *G.Node) (*StudentT, error) {
	return newFamily[StudentT]("StudentT", studentTKernel{}, nu, mu, sigma)
}

// Support is the real line.
func (d *StudentT) Support() Support { return Support{Kind: Real} }

// DefaultTransform is nil.
func (d *StudentT) DefaultTransform() Transform { return nil }

// SupportPoint is mu.
func (d *StudentT) SupportPoint(params []*tensor.Dense, shape tensor.Shape) (*tensor.Dense, error) {
	return d.eachElem(params, shape, func(v *[maxParams]float64) (float64, error) {
		return v[1], nil
	})
}

// Rand draws from StudentT (gonum's distuv.StudentsT on rng).
func (d *StudentT) Rand(rng *rand.Rand, params []*tensor.Dense, shape tensor.Shape) (*tensor.Dense, error) {
	return d.eachElem(params, shape, func(v *[maxParams]float64) (float64, error) {
		return distuv.StudentsT{Nu: v[0], Mu: v[1], Sigma: v[2], Src: rng}.Rand(), nil
	})
}

// studentTKernel is StudentT(nu, mu, sigma). Derived operands: c(nu) = log Gamma((nu+1)/2)
// - log Gamma(nu/2) - log(nu pi)/2 and its derivative c'(nu) (from nu), 1/sigma and
// log sigma (from sigma). With w = (nu+1)/(nu+z^2):
//
//	d/dx = -w z/sigma, d/dmu = w z/sigma, d/dsigma = (w z^2 - 1)/sigma,
//	d/dnu = c'(nu) - log(1 + z^2/nu)/2 + w z^2/(2 nu).
type studentTKernel struct{}

var (
	studentTSpecs = []paramSpec{{"nu", domPositive, true}, {"mu", domReal, true}, {"sigma", domPositive, true}}
	studentTFrom  = []int{0, 0, 2, 2}
)

var studentTInfo = kernelInfo{id: "StudentT", specs: studentTSpecs, derivedFrom: studentTFrom}

func (studentTKernel) info() *kernelInfo { return &studentTInfo }
func (studentTKernel) derive(k int, src, dst []float64) {
	switch k {
	case 0:
		for e, nu := range src {
			dst[e] = lgamma((nu+1)/2) - lgamma(nu/2) - 0.5*math.Log(nu*math.Pi)
		}
	case 1:
		for e, nu := range src {
			dst[e] = 0.5*(digamma((nu+1)/2)-digamma(nu/2)) - 0.5/nu
		}
	default:
		deriveInvLog(k-2, src, dst)
	}
}

func (studentTKernel) logp(a *rowArgs, out []float64) {
	x := a.x
	nu, mu := a.p[0][:len(x)], a.p[1][:len(x)]
	c, inv, ls := a.p[3][:len(x)], a.p[5][:len(x)], a.p[6][:len(x)]
	out = out[:len(x)]
	for j, v := range x {
		z := (v - mu[j]) * inv[j]
		out[j] = c[j] - ls[j] - 0.5*(nu[j]+1)*math.Log1p(z*z/nu[j])
	}
}

func (studentTKernel) grad(a *rowArgs, dx []float64, dp *[maxParams][]float64) {
	x := a.x
	nu, mu := a.p[0][:len(x)], a.p[1][:len(x)]
	dc, inv := a.p[4][:len(x)], a.p[5][:len(x)]
	dn, dm, ds := dp[0][:len(x)], dp[1][:len(x)], dp[2][:len(x)]
	for j, v := range x {
		n, is := nu[j], inv[j]
		z := (v - mu[j]) * is
		z2 := z * z
		w := (n + 1) / (n + z2)
		dn[j] += dc[j] - 0.5*math.Log1p(z2/n) + 0.5*w*z2/n
		dm[j] += w * z * is
		ds[j] += (w*z2 - 1) * is
		if dx != nil {
			dx[j] -= w * z * is
		}
	}
}
