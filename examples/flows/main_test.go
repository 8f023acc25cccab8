package main

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gopymc/gopymc/examples/internal/tutorial"
	"github.com/gopymc/gopymc/pm"
)

// The tutorial runs end to end in quick mode, reaches the conclusions that hold after a few
// hundred iterations (results.check(true)) and writes every figure. The conclusions that
// need converged fits (planar*8 covering both halves of U₁, the flows' lower-branch mass
// on U₄, flows beating the full-rank Gaussian everywhere) are checked by the full run,
// go run ./examples/flows.
func TestFlowsQuick(t *testing.T) {
	dir := t.TempDir()
	res, err := run(dir, 1, true)
	if err != nil {
		t.Fatal(err)
	}
	if err := res.check(true); err != nil {
		t.Error(err)
	}
	tutorial.CheckFigures(t, dir,
		"potentials.png", "pot1_nuts.png", "pot1_planar2_start.png", "pot1_planar2_fit.png",
		"pot1_planar2_hist.png", "pot1_planar2_params.png", "pot1_planar2_grads.png",
		"pot1_planar8_start.png", "pot1_planar8_fit.png", "pot4_nuts_vs_nf.png", "pot4_robust.png", "gallery.png")
}

// The potentials as written in the graph (with G.Slice, and logAddExp for the tutorial's
// log(exp + exp)) are the potentials of Rezende and Mohamed: the models' log density and
// its gradient match -U and central finite differences of -U in plain Go.
func TestPotentialModels(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 1))
	for k, pot := range potentials {
		m, err := potentialModel(potentialNames[k], pot)
		if err != nil {
			t.Fatal(err)
		}
		ld, err := m.LogDensity()
		if err != nil {
			t.Fatal(err)
		}
		u := exactPotentials[k]
		for trial := range 20 {
			x := []float64{3 * rng.NormFloat64(), 3 * rng.NormFloat64()}
			if trial == 0 {
				x = []float64{2, 40} // far from every branch: exp underflows in log(exp + exp)
			}
			g := make([]float64, 2)
			v, err := ld.LogPGrad(g, x)
			if err != nil {
				t.Fatal(err)
			}
			if want := -u(x[0], x[1]); math.Abs(v-want) > 1e-10*math.Max(1, math.Abs(want)) {
				t.Errorf("%s at %v: log density %v, -U %v", potentialNames[k], x, v, want)
			}
			for j := range 2 {
				const h = 1e-6
				xp, xm := []float64{x[0], x[1]}, []float64{x[0], x[1]}
				xp[j] += h
				xm[j] -= h
				fd := -(u(xp[0], xp[1]) - u(xm[0], xm[1])) / (2 * h)
				if math.Abs(g[j]-fd) > 1e-5*math.Max(1, math.Abs(fd)) {
					t.Errorf("%s at %v: ∂/∂z[%d] = %v, finite differences %v", potentialNames[k], x, j, g[j], fd)
				}
			}
		}
	}
}

// exactPotentials are U₁–U₄ in plain Go, with log(exp(a) + exp(b)) computed stably.
var exactPotentials = []func(z0, z1 float64) float64{
	func(z0, z1 float64) float64 {
		r := math.Hypot(z0, z1)
		return 0.5*sqr((r-2)/0.4) - logAdd(-0.5*sqr((z0-2)/0.6), -0.5*sqr((z0+2)/0.6))
	},
	func(z0, z1 float64) float64 { return 0.5*sqr((z1-w1f(z0))/0.4) + 0.1*math.Abs(z0) },
	func(z0, z1 float64) float64 {
		d := z1 - w1f(z0)
		return -logAdd(-0.5*sqr(d/0.35), -0.5*sqr((d+w2f(z0))/0.35)) + 0.1*math.Abs(z0)
	},
	func(z0, z1 float64) float64 {
		d := z1 - w1f(z0)
		return -logAdd(-0.5*sqr(d/0.4), -0.5*sqr((d+w3f(z0))/0.35)) + 0.1*math.Abs(z0)
	},
}

func sqr(x float64) float64  { return x * x }
func w1f(z0 float64) float64 { return math.Sin(2 * math.Pi * z0 / 4) }
func w2f(z0 float64) float64 { return 3 * math.Exp(-0.5*sqr((z0-1)/0.6)) }
func w3f(z0 float64) float64 { return 3 / (1 + math.Exp(-(z0-1)/0.3)) }

func logAdd(a, b float64) float64 {
	m := math.Max(a, b)
	return m + math.Log(math.Exp(a-m)+math.Exp(b-m))
}

// The lower-branch responsibility is 0.467 on average under the exact density, at any z0:
// exact draws of U₄ in the band score lowerMass within their standard error.
func TestBandLowerMassOfExactDraws(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(2, 2))
	const n = 20000
	z := make([]float64, 0, 2*n)
	for range n {
		z0 := bandLo + (bandHi-bandLo)*rng.Float64() // the band; U₄'s z0 density is nearly flat here
		z1 := w1f(z0) + 0.4*rng.NormFloat64()
		if rng.Float64() < lowerMass {
			z1 = w1f(z0) - w3f(z0) + 0.35*rng.NormFloat64()
		}
		z = append(z, z0, z1)
	}
	mass, got := bandLowerMass(z)
	if got != n || math.Abs(mass-lowerMass) > 4*math.Sqrt(lowerMass*(1-lowerMass)/n) {
		t.Errorf("lower-branch mass %.4f over %d draws, want %.4f", mass, got, lowerMass)
	}
	if _, none := bandLowerMass([]float64{0, 0, 6, 1}); none != 0 {
		t.Errorf("draws outside the band counted: %d", none)
	}
}

// The tracked gradient is the gradient of the single-draw objective, and the parameter
// blocks are where NormalizingFlow keeps each parameter.
func TestObjectiveGradient(t *testing.T) {
	t.Parallel()
	m, err := potentialModel("pot4", pot4)
	if err != nil {
		t.Fatal(err)
	}
	for _, formula := range []string{"planar*2", "radial-planar*3", "scale-hh*2-loc"} {
		inf, err := pm.NewNFVI(m, pm.Flow(formula), pm.Jitter(0.5), pm.Seed(3))
		if err != nil {
			t.Fatal(err)
		}
		q := inf.Approx().(*pm.NormalizingFlow)
		if err := checkBlocks(q, paramBlocks(q)); err != nil {
			t.Errorf("%s: %v", formula, err)
		}
		ok, err := gradMatchesFD(q, m, 5)
		if err != nil || !ok {
			t.Errorf("%s: gradient against finite differences: %v %v", formula, ok, err)
		}
	}
}
