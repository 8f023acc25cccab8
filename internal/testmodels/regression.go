package testmodels

import (
	"math"
	"math/rand/v2"

	"github.com/gopymc/gopymc/distributions"
	"github.com/gopymc/gopymc/model"
	"gonum.org/v1/gonum/mat"
	G "gorgonia.org/gorgonia"
)

// Regression is a linear regression on five unscaled, uncentred predictors (the kind that
// makes ADVI's default step size crawl): y ~ N(alpha + X·beta, sigma²) with alpha ~
// N(0, 100²), beta ~ N(0, 10²) (shape 5) and sigma ~ HalfNormal(50), on n rows whose
// predictors are x1 ~ N(0, 1), x2 ~ N(100, 15²) (an IQ), x3 ~ U(17, 30) (an age), x4 ~
// Bernoulli(0.5) and x5 ~ N(50, 10²), with y = 20 + 2x1 + 0.5x2 + 0.8x3 + 5x4 - 0.3x5 +
// N(0, 10²).
type Regression struct {
	Model *model.Model
	X     *mat.Dense // n × 5
	Y     []float64
	// PostMean and PostSD are the exact posterior means and sds of alpha, beta (5) and
	// sigma, by the closed-form Gaussian posterior of (alpha, beta) given sigma integrated
	// over sigma's marginal posterior on a fine grid (see regressionPosterior).
	PostMean, PostSD map[string][]float64
}

// NewRegression builds the regression with n rows from the given seed.
func NewRegression(n int, seed uint64) *Regression {
	rng := rand.New(rand.NewPCG(seed, 5))
	x := mat.NewDense(n, 5, nil)
	y := make([]float64, n)
	for i := 0; i < n; i++ {
		x1 := rng.NormFloat64()
		x2 := 100 + 15*rng.NormFloat64()
		x3 := 17 + 13*rng.Float64()
		x4 := 0.0
		if rng.Float64() < 0.5 {
			x4 = 1
		}
		x5 := 50 + 10*rng.NormFloat64()
		x.SetRow(i, []float64{x1, x2, x3, x4, x5})
		y[i] = 20 + 2*x1 + 0.5*x2 + 0.8*x3 + 5*x4 - 0.3*x5 + 10*rng.NormFloat64()
	}
	r := &Regression{X: x, Y: y}
	r.PostMean, r.PostSD = regressionPosterior(x, y)
	m := model.New()
	alpha := Normal(m, "alpha", 0.0, 100.0, model.FreeOptions{})
	beta := Normal(m, "beta", 0.0, 10.0, model.FreeOptions{Shape: []int{5}})
	hn, err := distributions.NewHalfNormal(param(m, "sigma", "sigma", 50.0))
	if err != nil {
		m.SetErr(err)
		r.Model = m
		return r
	}
	sigma := m.AddFree("sigma", hn, model.FreeOptions{})
	rows := make([][]float64, n)
	for i := range rows {
		rows[i] = mat.Row(nil, i, x)
	}
	xb := G.Must(G.Mul(param(m, "y", "X", rows), beta))
	mu := G.Must(G.Add(xb, alpha))
	like, err := distributions.NewNormal(mu, sigma)
	if err != nil {
		m.SetErr(err)
	}
	m.AddObserved("y", like, y, nil)
	r.Model = m
	return r
}

// regressionPosterior integrates sigma out: given sigma, theta = (alpha, beta) has the
// Gaussian posterior N(m_s, S_s) with S_s = (ZᵀZ/s² + P0)⁻¹, m_s = S_s·Zᵀy/s² (Z = [1, X],
// prior precision P0 = diag(100⁻², 10⁻² ×5), prior mean 0), and sigma's marginal posterior is
// p(s | y) ∝ HalfNormal(s; 50)·N(y; 0, s²I + Z P0⁻¹ Zᵀ), whose log is, up to a constant,
// -n log s + ½ log|S_s| - ½(yᵀy/s² - m_sᵀ S_s⁻¹ m_s) - s²/(2·50²). The moments of theta are
// mixtures over a grid of 4001 values of s spanning ±8 of its posterior sds (trapezoid
// weights); sigma's are the grid's.
func regressionPosterior(x *mat.Dense, y []float64) (mean, sd map[string][]float64) {
	n, p := x.Dims()
	d := p + 1
	z := mat.NewDense(n, d, nil)
	for i := 0; i < n; i++ {
		z.Set(i, 0, 1)
		for j := 0; j < p; j++ {
			z.Set(i, j+1, x.At(i, j))
		}
	}
	var ztz mat.SymDense
	ztz.SymOuterK(1, z.T())
	yv := mat.NewVecDense(n, y)
	var zty mat.VecDense
	zty.MulVec(z.T(), yv)
	yty := mat.Dot(yv, yv)
	prec0 := make([]float64, d)
	prec0[0] = 1 / (100.0 * 100)
	for j := 1; j < d; j++ {
		prec0[j] = 1 / (10.0 * 10)
	}
	// posterior of theta given s: mean, covariance and the log marginal density of s.
	given := func(s float64) (*mat.VecDense, *mat.SymDense, float64) {
		a := mat.NewSymDense(d, nil)
		for i := 0; i < d; i++ {
			for j := i; j < d; j++ {
				v := ztz.At(i, j) / (s * s)
				if i == j {
					v += prec0[i]
				}
				a.SetSym(i, j, v)
			}
		}
		var chol mat.Cholesky
		if !chol.Factorize(a) {
			panic("testmodels: regression posterior precision not positive definite")
		}
		b := mat.NewVecDense(d, nil)
		b.ScaleVec(1/(s*s), &zty)
		var m mat.VecDense
		if err := chol.SolveVecTo(&m, b); err != nil {
			panic(err)
		}
		var cov mat.SymDense
		if err := chol.InverseTo(&cov); err != nil {
			panic(err)
		}
		logDetS := -chol.LogDet()
		quad := mat.Dot(&m, b) // m_sᵀ S_s⁻¹ m_s = m_sᵀ b
		lp := -float64(n)*math.Log(s) + 0.5*logDetS - 0.5*(yty/(s*s)-quad) - s*s/(2*50*50)
		return &m, &cov, lp
	}
	// Centre the grid on the least-squares residual sd.
	var thetaLS mat.VecDense
	var qr mat.QR
	qr.Factorize(z)
	if err := qr.SolveVecTo(&thetaLS, false, yv); err != nil {
		panic(err)
	}
	var res mat.VecDense
	res.MulVec(z, &thetaLS)
	res.SubVec(yv, &res)
	s0 := math.Sqrt(mat.Dot(&res, &res) / float64(n-d))
	lo, hi := s0*(1-8/math.Sqrt(2*float64(n))), s0*(1+8/math.Sqrt(2*float64(n)))
	const grid = 4001
	lps := make([]float64, grid)
	ms := make([]*mat.VecDense, grid)
	covs := make([]*mat.SymDense, grid)
	ss := make([]float64, grid)
	mx := math.Inf(-1)
	for g := 0; g < grid; g++ {
		s := lo + (hi-lo)*float64(g)/(grid-1)
		ss[g] = s
		ms[g], covs[g], lps[g] = given(s)
		mx = math.Max(mx, lps[g])
	}
	w := make([]float64, grid)
	total := 0.0
	for g := range w {
		w[g] = math.Exp(lps[g] - mx)
		if g == 0 || g == grid-1 {
			w[g] /= 2
		}
		total += w[g]
	}
	e1, e2 := make([]float64, d), make([]float64, d)
	var es, es2 float64
	for g, wg := range w {
		wg /= total
		for j := 0; j < d; j++ {
			mj := ms[g].AtVec(j)
			e1[j] += wg * mj
			e2[j] += wg * (covs[g].At(j, j) + mj*mj)
		}
		es += wg * ss[g]
		es2 += wg * ss[g] * ss[g]
	}
	mean = map[string][]float64{"alpha": {e1[0]}, "beta": e1[1:], "sigma": {es}}
	sds := make([]float64, d)
	for j := range sds {
		sds[j] = math.Sqrt(e2[j] - e1[j]*e1[j])
	}
	sd = map[string][]float64{"alpha": {sds[0]}, "beta": sds[1:], "sigma": {math.Sqrt(es2 - es*es)}}
	return mean, sd
}
