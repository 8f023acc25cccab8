package model_test

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/gopymc/gopymc/model"
	"github.com/gopymc/gopymc/pm"
	"gonum.org/v1/gonum/mat"
	G "gorgonia.org/gorgonia"
)

const (
	// fdStep is the central-difference step, relative to max(1, |x_i|).
	fdStep = 1e-5
	// fdTol bounds |analytic - finite difference| / max(1, |analytic|): the O(h²) truncation
	// and the rounding of logp/h are both far below it at this step.
	fdTol = 1e-6
	// lpTol is the relative tolerance of a compiled log density against its closed form.
	lpTol = 1e-10
)

// checkGrad compares ld.LogPGrad at x with central finite differences of ld.LogP.
func checkGrad(t *testing.T, name string, ld *model.LogDensity, x []float64) {
	t.Helper()
	grad := make([]float64, ld.Dim())
	lp, err := ld.LogPGrad(grad, x)
	if err != nil {
		t.Fatalf("%s: LogPGrad: %v", name, err)
	}
	if lp2, err := ld.LogP(x); err != nil || lp2 != lp {
		t.Errorf("%s: LogP %v (%v) differs from LogPGrad's %v", name, lp2, err, lp)
	}
	xp := make([]float64, len(x))
	for i := range x {
		h := fdStep * math.Max(1, math.Abs(x[i]))
		copy(xp, x)
		xp[i] = x[i] + h
		fp, err1 := ld.LogP(xp)
		xp[i] = x[i] - h
		fm, err2 := ld.LogP(xp)
		if err1 != nil || err2 != nil {
			t.Fatalf("%s: LogP: %v %v", name, err1, err2)
		}
		fd := (fp - fm) / (2 * h)
		if e := math.Abs(grad[i]-fd) / math.Max(1, math.Abs(grad[i])); !(e < fdTol) {
			t.Errorf("%s: d/dx[%d] at %v = %v, finite difference %v (rel. error %.2g)", name, i, x, grad[i], fd, e)
		}
	}
}

// points returns the initial point and n seeded perturbations of it.
func points(x0 []float64, n int, seed uint64) [][]float64 {
	rng := rand.New(rand.NewPCG(seed, 1))
	out := [][]float64{append([]float64(nil), x0...)}
	for range n {
		x := make([]float64, len(x0))
		for i := range x {
			x[i] = x0[i] + 0.7*rng.NormFloat64()
		}
		out = append(out, x)
	}
	return out
}

func logSigmoid(y float64) float64 { return -math.Log1p(math.Exp(-y)) }

func lgamma(x float64) float64 { v, _ := math.Lgamma(x); return v }

// logHalfNormal is log HalfNormal(x; sigma) = log √(2/π) - log sigma - x²/(2 sigma²).
func logHalfNormal(x, sigma float64) float64 {
	return 0.5*math.Log(2/math.Pi) - math.Log(sigma) - x*x/(2*sigma*sigma)
}

// logMvNormal is the multivariate normal log density, computed with gonum's Cholesky.
func logMvNormal(x, mu []float64, cov [][]float64) float64 {
	k := len(x)
	sym := mat.NewSymDense(k, nil)
	for i := range k {
		for j := range k {
			sym.SetSym(i, j, cov[i][j])
		}
	}
	var chol mat.Cholesky
	if !chol.Factorize(sym) {
		return math.NaN()
	}
	d := mat.NewVecDense(k, nil)
	for i := range k {
		d.SetVec(i, x[i]-mu[i])
	}
	var sol mat.VecDense
	if err := chol.SolveVecTo(&sol, d); err != nil {
		return math.NaN()
	}
	return -0.5 * (float64(k)*math.Log(2*math.Pi) + chol.LogDet() + mat.Dot(d, &sol))
}

// Data of the test models.
var (
	hierY = []float64{0.1, -0.3, 1.2, 0.5, 2}
	mvCov = [][]float64{{2, 0.5, 0}, {0.5, 1, 0.2}, {0, 0.2, 1.5}}
	mvObs = [][]float64{{1, 2, 3}, {0, -1, 0.5}}
	irisX = [][]float64{{5.1, 3.5, 1.4, 0.2}, {7.0, 3.2, 4.7, 1.4}, {6.3, 3.3, 6.0, 2.5}, {4.9, 3.0, 1.4, 0.2}, {5.8, 2.7, 4.1, 1.0}, {6.5, 3.0, 5.8, 2.2}}
	irisY = []int{0, 1, 2, 0, 1, 2}
)

// gradModels are models built with pm, each with transformed variables or a fused
// likelihood, and, for most, the log density in unconstrained space written out by hand
// (Jacobians included).
var gradModels = []struct {
	name  string
	build func(m *pm.Model)
	logp  func(x []float64) float64 // closed form, or nil
}{
	{
		name:  "HalfNormal(2), log transform",
		build: func(m *pm.Model) { pm.HalfNormal(m, "sigma", 2.0) },
		// logp(exp(y)) + y.
		logp: func(x []float64) float64 { return logHalfNormal(math.Exp(x[0]), 2) + x[0] },
	},
	{
		name: "Uniform with node bounds, interval transform",
		build: func(m *pm.Model) {
			lo := pm.Normal(m, "lo", 0, 1)
			w := pm.HalfNormal(m, "w", 1.0)
			pm.Uniform(m, "u", lo, G.Must(G.Add(lo, w)))
		},
		// u = lo + w·s(y): -log w + log(w·s(y)·(1-s(y))) = log s(y) + log s(-y).
		logp: func(x []float64) float64 {
			w := math.Exp(x[1])
			return logNorm(x[0], 0, 1) + logHalfNormal(w, 1) + x[1] + logSigmoid(x[2]) + logSigmoid(-x[2])
		},
	},
	{
		name:  "Beta(2, 3), logodds transform",
		build: func(m *pm.Model) { pm.Beta(m, "b", 2, 3, pm.Shape(2)) },
		// b = s(y): log B(b; 2, 3) + log b + log(1-b).
		logp: func(x []float64) float64 {
			lp := 0.0
			for _, y := range x {
				lb, l1b := logSigmoid(y), logSigmoid(-y)
				lp += lgamma(5) - lgamma(2) - lgamma(3) + lb + 2*l1b + lb + l1b
			}
			return lp
		},
	},
	{
		name:  "Exponential(1.5), log transform",
		build: func(m *pm.Model) { pm.Exponential(m, "e", 1.5) },
		logp:  func(x []float64) float64 { return math.Log(1.5) - 1.5*math.Exp(x[0]) + x[0] },
	},
	{
		name:  "Gamma(2, 3), log transform",
		build: func(m *pm.Model) { pm.Gamma(m, "g", 2, 3) },
		// 2 log 3 - log Γ(2) + (2-1) log g - 3g + y, with log g = y.
		logp: func(x []float64) float64 { return 2*math.Log(3) - lgamma(2) + x[0] - 3*math.Exp(x[0]) + x[0] },
	},
	{
		name:  "LogNormal(0.5, 0.7), log transform",
		build: func(m *pm.Model) { pm.LogNormal(m, "l", 0.5, 0.7) },
		// -log l + log N(log l; 0.5, 0.7) + y, with log l = y: the Jacobian cancels -log l.
		logp: func(x []float64) float64 { return logNorm(x[0], 0.5, 0.7) },
	},
	{
		name:  "Dirichlet([1, 2, 3]), stick-breaking transform",
		build: func(m *pm.Model) { pm.Dirichlet(m, "p", []float64{1, 2, 3}) },
	},
	{
		name: "hierarchical normal",
		build: func(m *pm.Model) {
			mu := pm.Normal(m, "mu", 0, 1)
			sigma := pm.HalfNormal(m, "sigma", 1.0)
			theta := pm.Normal(m, "theta", mu, sigma, pm.Shape(5))
			pm.Normal(m, "y", theta, 1.0, pm.Observed(hierY))
		},
		logp: func(x []float64) float64 {
			mu, sigma := x[0], math.Exp(x[1])
			lp := logNorm(mu, 0, 1) + logHalfNormal(sigma, 1) + x[1]
			for i, y := range hierY {
				lp += logNorm(x[2+i], mu, sigma) + logNorm(y, x[2+i], 1)
			}
			return lp
		},
	},
	{
		name: "MvNormal",
		build: func(m *pm.Model) {
			mu := pm.Normal(m, "mu", 0, 1, pm.Shape(3))
			pm.MvNormal(m, "y", mu, mvCov, pm.Observed(mvObs))
			pm.MvNormal(m, "z", []float64{0, 1, 0}, mvCov)
		},
		// log N(x; mu, Σ) = -½ (k log 2π + log|Σ| + (x-mu)ᵀ Σ⁻¹ (x-mu)), by gonum's Cholesky.
		logp: func(x []float64) float64 {
			lp := 0.0
			for i := range 3 {
				lp += logNorm(x[i], 0, 1)
			}
			for _, row := range mvObs {
				lp += logMvNormal(row, x[:3], mvCov)
			}
			return lp + logMvNormal(x[3:], []float64{0, 1, 0}, mvCov)
		},
	},
	{
		name: "Categorical softmax regression (Iris model)",
		build: func(m *pm.Model) {
			xt := pm.NewShared(m, "Xt", irisX)
			beta := pm.Normal(m, "beta", 0, 1e2, pm.Shape(4, 3))
			a := pm.Flat(m, "a", pm.Shape(3))
			p := G.Must(G.SoftMax(G.Must(G.BroadcastAdd(G.Must(G.Mul(xt.Node(), beta)), a, nil, []byte{0}))))
			pm.Categorical(m, "obs", p, pm.Observed(irisY))
		},
		// Σ log softmax(X β + a)[y] + Σ log N(β; 0, 100), with x = (β row-major, a).
		logp: func(x []float64) float64 {
			lp := 0.0
			for _, b := range x[:12] {
				lp += logNorm(b, 0, 100)
			}
			for i, row := range irisX {
				var eta [3]float64
				for k := range 3 {
					eta[k] = x[12+k]
					for j := range 4 {
						eta[k] += row[j] * x[3*j+k]
					}
				}
				mx := math.Max(eta[0], math.Max(eta[1], eta[2]))
				lse := mx + math.Log(math.Exp(eta[0]-mx)+math.Exp(eta[1]-mx)+math.Exp(eta[2]-mx))
				lp += eta[irisY[i]] - lse
			}
			return lp
		},
	},
	{
		name: "tutorial mixture with a potential",
		build: func(m *pm.Model) {
			x := pm.NormalMixture(m, "x", []float64{.2, .8}, []float64{-.3, .5}, []float64{.1, .1})
			pm.Potential(m, "pull", G.Must(G.Neg(G.Must(G.Square(x)))))
		},
		logp: func(x []float64) float64 {
			p := 0.2*math.Exp(logNorm(x[0], -0.3, 0.1)) + 0.8*math.Exp(logNorm(x[0], 0.5, 0.1))
			return math.Log(p) - x[0]*x[0]
		},
	},
}

// TestLogDensityGradients checks every model's gradient against finite differences at the
// initial point and at seeded points around it, and its log density against the closed form.
func TestLogDensityGradients(t *testing.T) {
	t.Parallel()
	for k, c := range gradModels {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			m := pm.NewModel()
			c.build(m)
			ld, err := built(t, m).LogDensity()
			if err != nil {
				t.Fatal(err)
			}
			x0, err := m.InitialPoint()
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range points(x0, 4, uint64(k)) {
				checkGrad(t, c.name, ld, x)
				if c.logp == nil {
					continue
				}
				got, err := ld.LogP(x)
				if want := c.logp(x); err != nil || !near(got, want, lpTol) {
					t.Errorf("logp at %v = %v (%v), want %v", x, got, err, want)
				}
			}
		})
	}
}

// TestLogDensityPartsAndBeta checks the split into varlogp (priors and Jacobians) and
// datalogp (likelihood and potentials), and Beta's weighting datalogp + β·varlogp with its
// gradient.
func TestLogDensityPartsAndBeta(t *testing.T) {
	t.Parallel()
	m := pm.NewModel()
	mu := pm.Normal(m, "mu", 0, 1)
	sigma := pm.HalfNormal(m, "sigma", 1.0)
	pm.Normal(m, "y", mu, sigma, pm.Observed(hierY))
	pm.Potential(m, "pot", G.Must(G.Neg(G.Must(G.Square(mu)))))
	built(t, m)
	x := []float64{0.3, -0.2}
	s := math.Exp(x[1])
	wantVar := logNorm(x[0], 0, 1) + logHalfNormal(s, 1) + x[1]
	wantData := -x[0] * x[0]
	for _, y := range hierY {
		wantData += logNorm(y, x[0], s)
	}
	for _, beta := range []float64{1, 0.25, 0} {
		ld, err := m.LogDensity(model.Beta(beta))
		if err != nil {
			t.Fatal(err)
		}
		lp, err := ld.LogP(x)
		if err != nil {
			t.Fatal(err)
		}
		varlp, datalp := ld.Parts()
		if !near(varlp, wantVar, lpTol) || !near(datalp, wantData, lpTol) || !near(lp, wantData+beta*wantVar, lpTol) {
			t.Errorf("beta %v: logp %v = %v + β·%v, want %v + β·%v", beta, lp, datalp, varlp, wantData, wantVar)
		}
		checkGrad(t, "beta", ld, x)
	}
	// Without data, datalogp is 0 and Beta scales the whole log density.
	prior := pm.NewModel()
	pm.HalfNormal(prior, "s", 1.0)
	for _, beta := range []float64{1, 0.5} {
		ld, err := built(t, prior).LogDensity(model.Beta(beta))
		if err != nil {
			t.Fatal(err)
		}
		lp, err := ld.LogP([]float64{0.2})
		varlp, datalp := ld.Parts()
		want := logHalfNormal(math.Exp(0.2), 1) + 0.2
		if err != nil || datalp != 0 || !near(varlp, want, lpTol) || !near(lp, beta*want, lpTol) {
			t.Errorf("no data, beta %v: logp %v (%v) = %v + β·%v, want β·%v", beta, lp, err, datalp, varlp, want)
		}
		checkGrad(t, "no data", ld, []float64{0.2})
	}
	for _, beta := range []float64{-1, math.NaN(), math.Inf(1)} {
		if _, err := m.LogDensity(model.Beta(beta)); err == nil {
			t.Errorf("Beta(%v) accepted", beta)
		}
	}
}

// TestLogDensityCopyAndReplace checks that a Copy computes the same values, and that Replace
// swaps observed data (PyMC's more_replacements).
func TestLogDensityCopyAndReplace(t *testing.T) {
	t.Parallel()
	m := pm.NewModel()
	mu := pm.Normal(m, "mu", 0, 1)
	d := pm.NewShared(m, "d", []float64{1, 2})
	pm.Normal(m, "y", mu, 1, pm.Observed(d.Node()))
	ld, err := built(t, m).LogDensity()
	if err != nil {
		t.Fatal(err)
	}
	cp, err := ld.Copy()
	if err != nil {
		t.Fatal(err)
	}
	x := []float64{0.4}
	g1, g2 := make([]float64, 1), make([]float64, 1)
	lp1, _ := ld.LogPGrad(g1, x)
	lp2, _ := cp.LogPGrad(g2, x)
	if lp1 != lp2 || g1[0] != g2[0] {
		t.Errorf("copy: %v %v, original %v %v", lp2, g2, lp1, g1)
	}
	repl, err := m.LogDensity(model.Replace(d.Node(), []float64{-1, 3}))
	if err != nil {
		t.Fatal(err)
	}
	lp, err := repl.LogP(x)
	if want := logNorm(0.4, 0, 1) + logNorm(-1, 0.4, 1) + logNorm(3, 0.4, 1); err != nil || !near(lp, want, lpTol) {
		t.Errorf("replaced data: logp %v (%v), want %v", lp, err, want)
	}
	if _, err := ld.LogPGrad(make([]float64, 2), x); err == nil {
		t.Error("a gradient of the wrong length was accepted")
	}
	if _, err := ld.LogP([]float64{1, 2}); err == nil {
		t.Error("a point of the wrong length was accepted")
	}
}

// TestLogPGradAllocs checks that LogPGrad of the tutorial's mixture allocates nothing. It
// does not call t.Parallel: testing.AllocsPerRun refuses to run in a parallel test.
func TestLogPGradAllocs(t *testing.T) {
	m := pm.NewModel()
	pm.NormalMixture(m, "x", []float64{.2, .8}, []float64{-.3, .5}, []float64{.1, .1})
	ld, err := built(t, m).LogDensity()
	if err != nil {
		t.Fatal(err)
	}
	x, grad := []float64{0.1}, make([]float64, 1)
	if n := testing.AllocsPerRun(100, func() { _, _ = ld.LogPGrad(grad, x) }); n != 0 {
		t.Errorf("LogPGrad allocates %v times per call, want 0", n)
	}
}

// TestPointFunc checks the values a point function produces: each free variable in
// constrained space followed by its value variable when it is transformed, then the
// deterministics.
func TestPointFunc(t *testing.T) {
	t.Parallel()
	m := pm.NewModel()
	mu := pm.Normal(m, "mu", 0, 1)
	sigma := pm.HalfNormal(m, "sigma", 1.0, pm.Shape(2))
	pm.Dirichlet(m, "p", []float64{1, 1, 1})
	pm.Deterministic(m, "scaled", G.Must(G.Mul(sigma, mu)))
	pf, err := built(t, m).PointFunc()
	if err != nil {
		t.Fatal(err)
	}
	x := []float64{0.5, math.Log(2), math.Log(3), 0, 0}
	want := []struct {
		name        string
		transformed bool
		vals        []float64
	}{
		{"mu", false, []float64{0.5}},
		{"sigma", false, []float64{2, 3}},
		{"sigma_log__", true, []float64{math.Log(2), math.Log(3)}},
		{"p", false, []float64{1.0 / 3, 1.0 / 3, 1.0 / 3}}, // y = 0 is the simplex's centre
		{"p_stickbreaking__", true, []float64{0, 0}},
		{"scaled", false, []float64{1, 1.5}},
	}
	vars := pf.Vars()
	if len(vars) != len(want) {
		t.Fatalf("Vars %+v, want %d values", vars, len(want))
	}
	dst := make([][]float64, len(vars))
	for i, v := range vars {
		dst[i] = make([]float64, model.SizeOf(v.Shape))
	}
	if err := pf.Eval(dst, x); err != nil {
		t.Fatal(err)
	}
	for i, w := range want {
		if vars[i].Name != w.name || vars[i].Transformed != w.transformed || len(dst[i]) != len(w.vals) {
			t.Errorf("value %d: %+v, want %s (transformed %v)", i, vars[i], w.name, w.transformed)
			continue
		}
		for j := range w.vals {
			if !near(dst[i][j], w.vals[j], lpTol) {
				t.Errorf("%s = %v, want %v", w.name, dst[i], w.vals)
				break
			}
		}
	}
	cp, err := pf.Copy()
	if err != nil {
		t.Fatal(err)
	}
	if err := cp.Eval(dst, x); err != nil || !near(dst[5][1], 1.5, lpTol) {
		t.Errorf("copy: %v, %v", dst, err)
	}
	if err := pf.Eval(dst, x[:4]); err == nil {
		t.Error("a short point was accepted")
	}
	if err := pf.Eval(dst[:5], x); err == nil {
		t.Error("too few destinations were accepted")
	}
	dst[1] = make([]float64, 1)
	if err := pf.Eval(dst, x); err == nil || !strings.Contains(err.Error(), "sigma") {
		t.Errorf("a short destination: error %v, want one naming sigma", err)
	}
}
