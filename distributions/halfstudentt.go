package distributions

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// HalfStudentT is PyMC's HalfStudentT with nu degrees of freedom and scale sigma: a Student-t
// centred at 0 folded onto [0, inf),
//
//	log p(x | nu, sigma) = log 2 + log Gamma((nu+1)/2) - log Gamma(nu/2) - log(nu pi)/2
//	                       - log sigma - (nu+1)/2 log(1 + z^2/nu),  z = x/sigma, x >= 0
//
// and -Inf for x < 0. Support: positive; transform: log; support point sigma (PyMC's
// moment).
//
// References: PyMC's pymc3/distributions/continuous.py HalfStudentT.
type HalfStudentT struct {
	univariate
}

var _ Distribution = (*HalfStudentT)(nil)

// NewHalfStudentT returns HalfStudentT(nu, sigma); nu and sigma must be positive.
func NewHalfStudentT(nu, sigma *G.Node) (*HalfStudentT, error) {
	return newFamily[HalfStudentT]("HalfStudentT", halfStudentTKernel{}, nu, sigma)
}

// Support is the positive half-line.
func (d *HalfStudentT) Support() Support { return Support{Kind: Positive} }

// DefaultTransform is the log transform.
func (d *HalfStudentT) DefaultTransform() Transform { return NewLogTransform() }

// SupportPoint is sigma.
func (d *HalfStudentT) SupportPoint(params []*tensor.Dense, shape tensor.Shape) (*tensor.Dense, error) {
	return d.eachElem(params, shape, func(v *[maxParams]float64) (float64, error) {
		return v[1], nil
	})
}

// Rand draws |t|, t from StudentT(nu, 0, sigma) (gonum's distuv.StudentsT on rng).
func (d *HalfStudentT) Rand(rng *rand.Rand, params []*tensor.Dense, shape tensor.Shape) (*tensor.Dense, error) {
	return d.eachElem(params, shape, func(v *[maxParams]float64) (float64, error) {
		return math.Abs(distuv.StudentsT{Nu: v[0], Mu: 0, Sigma: v[1], Src: rng}.Rand()), nil
	})
}

// halfStudentTKernel is HalfStudentT(nu, sigma): StudentT's kernel at mu = 0 plus log 2, on
// x >= 0. Derived operands: c(nu), c'(nu) (from nu), 1/sigma and log sigma (from sigma), as
// StudentT's. With w = (nu+1)/(nu+z^2):
//
//	d/dx = -w z/sigma, d/dsigma = (w z^2 - 1)/sigma,
//	d/dnu = c'(nu) - log(1 + z^2/nu)/2 + w z^2/(2 nu).
type halfStudentTKernel struct{}

var halfStudentTInfo = kernelInfo{
	id:          "HalfStudentT",
	specs:       []paramSpec{{"nu", domPositive, true}, {"sigma", domPositive, true}},
	derivedFrom: []int{0, 0, 1, 1},
}

func (halfStudentTKernel) info() *kernelInfo                { return &halfStudentTInfo }
func (halfStudentTKernel) derive(k int, src, dst []float64) { studentTKernel{}.derive(k, src, dst) }

func (halfStudentTKernel) logp(a *rowArgs, out []float64) {
	x := a.x
	nu := a.p[0][:len(x)]
	c, inv, ls := a.p[2][:len(x)], a.p[4][:len(x)], a.p[5][:len(x)]
	out = out[:len(x)]
	for j, v := range x {
		if v < 0 {
			out[j] = math.Inf(-1)
			continue
		}
		z := v * inv[j]
		out[j] = ln2 + c[j] - ls[j] - 0.5*(nu[j]+1)*math.Log1p(z*z/nu[j])
	}
}

func (halfStudentTKernel) grad(a *rowArgs, dx []float64, dp *[maxParams][]float64) {
	x := a.x
	nu := a.p[0][:len(x)]
	dc, inv := a.p[3][:len(x)], a.p[4][:len(x)]
	dn, ds := dp[0][:len(x)], dp[1][:len(x)]
	for j, v := range x {
		if v < 0 {
			continue
		}
		n, is := nu[j], inv[j]
		z := v * is
		z2 := z * z
		w := (n + 1) / (n + z2)
		dn[j] += dc[j] - 0.5*math.Log1p(z2/n) + 0.5*w*z2/n
		ds[j] += (w*z2 - 1) * is
		if dx != nil {
			dx[j] -= w * z * is
		}
	}
}
