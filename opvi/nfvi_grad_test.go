package opvi

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gopymc/gopymc/approximations"
	"github.com/gopymc/gopymc/config"
	"github.com/gopymc/gopymc/distributions"
	"github.com/gopymc/gopymc/internal/testmodels"
	"github.com/gopymc/gopymc/model"
	G "gorgonia.org/gorgonia"
)

// curvedModel is a 3-dimensional model whose log density is not quadratic: x ~ N(0, 1)
// (shape 2), s ~ HalfNormal(1) (log-transformed) and the potential sin(x₀·x₁)·s.
func curvedModel(t testing.TB) *model.Model {
	t.Helper()
	m := model.New()
	x := testmodels.Normal(m, "x", 0.0, 1.0, model.FreeOptions{Shape: []int{2}})
	sigma, err := m.Param("s", "sigma", 1.0)
	if err != nil {
		t.Fatal(err)
	}
	hn, err := distributions.NewHalfNormal(sigma)
	if err != nil {
		t.Fatal(err)
	}
	s := m.AddFree("s", hn, model.FreeOptions{})
	prod := G.Must(G.Mul(x, x)) // x·x, a dot product: a scalar of both coordinates
	m.AddPotential("p", G.Must(G.Mul(G.Must(G.Sin(prod)), s)))
	if err := m.Err(); err != nil {
		t.Fatal(err)
	}
	return m
}

// newFlowFor makes a NormalizingFlow with random parameters.
func newFlowFor(t testing.TB, m *model.Model, formula string, seed uint64) *approximations.NormalizingFlow {
	t.Helper()
	q, err := approximations.NewNormalizingFlow(m, FlowOption(formula),
		config.New("Seed", seed, func(s *config.Settings) { s.Seed = seed }),
		config.New("Jitter", 0.5, func(s *config.Settings) { s.Jitter = 0.5 }))
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// NFVI's step gradient is the gradient of its loss: central differences of the loss at
// fixed base draws (the operator's stream restarted from the same seed), through the
// model's compiled gradient and every layer, with beta ≠ 1, t ≠ 1 and several draws.
func TestFlowKLGradientMatchesFiniteDifferences(t *testing.T) {
	t.Parallel()
	m := curvedModel(t)
	const beta, tnorm, nmc = 0.7, 3.0, 3
	for _, formula := range []string{"scale-hh-planar*2-radial-iaf(3)*2-loc", "planar*10"} {
		q := newFlowFor(t, m, formula, 4)
		ld, err := m.LogDensity(model.Beta(beta))
		if err != nil {
			t.Fatal(err)
		}
		lossAt := func(grad []float64) float64 {
			op := newFlowKL(q, ld, beta, tnorm, nmc, rand.New(rand.NewPCG(5, 6)))
			loss, err := op.step(t.Context(), grad)
			if err != nil {
				t.Fatal(err)
			}
			return loss
		}
		params := q.FlatParams()
		grad := make([]float64, len(params))
		lossAt(grad)
		scratch := make([]float64, len(params))
		const h, tol = 1e-6, 1e-5
		for i := range params {
			old := params[i]
			params[i] = old + h
			lp := lossAt(scratch)
			params[i] = old - h
			lm := lossAt(scratch)
			params[i] = old
			fd := (lp - lm) / (2 * h)
			if math.Abs(grad[i]-fd) > tol*math.Max(1, math.Abs(fd)) {
				t.Errorf("%s: ∂loss/∂(%s) = %.9g, finite differences %.9g", formula, q.DescribeParam(i), grad[i], fd)
			}
		}
	}
}

// 'scale-loc' NFVI is mean-field ADVI: with the same parameters (loc where mu is, rho where
// rho is) and the same stream, one step gives ADVI's loss and gradient, to rounding.
func TestFlowKLScaleLocStepIsADVIStep(t *testing.T) {
	t.Parallel()
	m := curvedModel(t)
	nf := newFlowFor(t, m, "scale-loc", 1)
	mf, err := approximations.NewMeanField(m)
	if err != nil {
		t.Fatal(err)
	}
	copy(mf.FlatParams(), nf.FlatParams())
	ld, err := m.LogDensity(model.Beta(0.5))
	if err != nil {
		t.Fatal(err)
	}
	for _, nmc := range []int{1, 4} {
		np := len(nf.FlatParams())
		gf, gm := make([]float64, np), make([]float64, np)
		lf, err := newFlowKL(nf, ld, 0.5, 2, nmc, rand.New(rand.NewPCG(9, 9))).step(t.Context(), gf)
		if err != nil {
			t.Fatal(err)
		}
		lm, err := newKL(mf, ld, 0.5, 2, nmc, rand.New(rand.NewPCG(9, 9))).step(t.Context(), gm)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(lf-lm) > 1e-13*math.Max(1, math.Abs(lm)) {
			t.Errorf("nmc %d: NFVI loss %.17g, ADVI %.17g", nmc, lf, lm)
		}
		for i := range gf {
			if math.Abs(gf[i]-gm[i]) > 1e-13*math.Max(1, math.Abs(gm[i])) {
				t.Errorf("nmc %d: gradient of %s: NFVI %.17g, ADVI %.17g", nmc, nf.DescribeParam(i), gf[i], gm[i])
			}
		}
	}
}
