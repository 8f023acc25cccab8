package opvi_test

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The exact distributions of the tutorial's potentials on a grid, exact samplers, and the
// total-variation distance of a histogram of draws from them.

// potGrid is nx×ny equal bins over [x0, x1)×[y0, y1), plus one bin for everything outside.
type potGrid struct {
	x0, x1, y0, y1 float64
	nx, ny         int
}

// The grids: U₁ (a ring of radius 2, width 0.4) has all but 1e-12 of its mass in [-4, 4]²;
// U₂–U₄ have Laplace(0, 10) tails in z₀ (PyMC3's 0.1·|z₀|), so 61% of their mass lies beyond
// the tutorial's window [-5, 5]², and they are compared inside it (see conditionalTV).
var potGrids = [4]potGrid{{-4, 4, -4, 4, 20, 20}, {-5, 5, -5, 5, 20, 20}, {-5, 5, -5, 5, 20, 20}, {-5, 5, -5, 5, 20, 20}}

// potBins are the exact probabilities of potential k's grid bins, the outside bin last. The
// normalising constants ∫exp(-U): U₂–U₄ integrate over z₁ to √(2π) times 0.4, 0.35 + 0.35
// and 0.4 + 0.35 at every z₀, and exp(-0.1|z₀|) to 20; U₁'s comes from the midpoint rule on
// [-5, 5]² with step 0.01 (relative error ~(0.01/0.4)²/24 ≈ 3e-5).
func potBins(k int) []float64 {
	z := [4]float64{0, 0.4, 0.7, 0.75}[k-1] * 20 * math.Sqrt(2*math.Pi)
	if k == 1 {
		z = exactBins(potentials[0], potGrid{-5, 5, -5, 5, 1, 1}, 1, 1000)[0]
	}
	return exactBins(potentials[k-1], potGrids[k-1], z, 16)
}

// exactBins returns ∫exp(-u)/z over each bin of g by the midpoint rule with sub×sub points a
// bin (bins are 0.4–0.5 wide and the densities vary on scales ≥ 0.35, so sub = 16 leaves an
// error far below the histograms' noise), and the mass outside the box last.
func exactBins(u func(z0, z1 float64) float64, g potGrid, z float64, sub int) []float64 {
	p := make([]float64, g.nx*g.ny+1)
	dx, dy := (g.x1-g.x0)/float64(g.nx*sub), (g.y1-g.y0)/float64(g.ny*sub)
	inside := 0.0
	for i := 0; i < g.nx*sub; i++ {
		x := g.x0 + (float64(i)+0.5)*dx
		for j := 0; j < g.ny*sub; j++ {
			v := math.Exp(-u(x, g.y0+(float64(j)+0.5)*dy)) * dx * dy / z
			p[(i/sub)*g.ny+j/sub] += v
			inside += v
		}
	}
	p[len(p)-1] = 1 - inside
	return p
}

func (g potGrid) bin(z0, z1 float64) int {
	if !(z0 >= g.x0 && z0 < g.x1 && z1 >= g.y0 && z1 < g.y1) {
		return g.nx * g.ny
	}
	i := min(int((z0-g.x0)/(g.x1-g.x0)*float64(g.nx)), g.nx-1)
	j := min(int((z1-g.y0)/(g.y1-g.y0)*float64(g.ny)), g.ny-1)
	return i*g.ny + j
}

// conditionalTV is the total-variation distance between the histogram of n draws and the
// exact bin probabilities p, both conditioned on the box (the outside bin left out):
// ½Σ_b |h_b/n_in - p_b/p_in|. It also returns the fraction of draws inside.
func conditionalTV(g potGrid, p []float64, n int, draw func(z []float64)) (tv, inside float64) {
	h := make([]float64, len(p))
	z := make([]float64, 2)
	for range n {
		draw(z)
		h[g.bin(z[0], z[1])]++
	}
	out := len(p) - 1
	nIn, pIn := float64(n)-h[out], 1-p[out]
	if nIn == 0 {
		return 1, 0
	}
	for b := range out {
		tv += math.Abs(h[b]/nIn - p[b]/pIn)
	}
	return tv / 2, nIn / float64(n)
}

// exactDraw writes an exact draw from potential k into z: U₂–U₄ as z₀ ~ Laplace(0, 10) and z₁
// from the Gaussian branch picked by its weight; U₁ by rejection from the uniform law on
// [-4, 4]² (exp(-U₁) ≤ 1 + 1e-9 there).
func exactDraw(k int, z []float64, rng *rand.Rand) {
	if k == 1 {
		for {
			z[0], z[1] = 8*rng.Float64()-4, 8*rng.Float64()-4
			if rng.Float64()*1.01 < math.Exp(-potentials[0](z[0], z[1])) {
				return
			}
		}
	}
	x := 10 * rng.ExpFloat64()
	if rng.Float64() < 0.5 {
		x = -x
	}
	z[0] = x
	switch k {
	case 2:
		z[1] = w1(x) + 0.4*rng.NormFloat64()
	case 3:
		z[1] = w1(x) + 0.35*rng.NormFloat64()
		if rng.Float64() < 0.5 {
			z[1] -= w2(x)
		}
	case 4:
		if rng.Float64() < lowerBranchMass {
			z[1] = w1(x) - w3(x) + 0.35*rng.NormFloat64()
		} else {
			z[1] = w1(x) + 0.4*rng.NormFloat64()
		}
	}
}

// noiseFloorTV bounds the conditional TV of 10,000 exact draws inside the box (0.04–0.05
// with 400 bins): what a perfect approximation scores.
const noiseFloorTV = 0.07

// The grids' exact probabilities are right: 10,000 exact draws in the box score a
// conditional TV within the noise of a 400-bin histogram (½Σ√(2p_b/πn) = 0.038–0.045 here,
// measured 0.03–0.05 over 3 seeds), for every
// potential; and the models' log densities are -U with its gradient (z taken by G.Slice).
func TestPotentialGrids(t *testing.T) {
	t.Parallel()
	for k := 1; k <= 4; k++ {
		p := potBins(k)
		rng := rand.New(rand.NewPCG(uint64(k), 1))
		inBox := func(z []float64) { // exact draws conditioned on the box, as most of a flow's are
			for exactDraw(k, z, rng); potGrids[k-1].bin(z[0], z[1]) == len(p)-1; exactDraw(k, z, rng) {
			}
		}
		tv, _ := conditionalTV(potGrids[k-1], p, 10000, inBox)
		if tv > noiseFloorTV {
			t.Errorf("U%d: exact draws score TV %.4f > %v: the grid's probabilities are wrong", k, tv, noiseFloorTV)
		}
		ld, err := potentialModel(k).LogDensity()
		if err != nil {
			t.Fatal(err)
		}
		for trial := range 10 {
			x := []float64{3 * rng.NormFloat64(), 2 * rng.NormFloat64()}
			g := make([]float64, 2)
			v, err := ld.LogPGrad(g, x)
			if err != nil {
				t.Fatal(err)
			}
			if u := potentials[k-1](x[0], x[1]); math.Abs(v+u) > 1e-12*math.Max(1, math.Abs(u)) {
				t.Errorf("U%d at %v: log density %v, -U %v", k, x, v, -u)
			}
			for j := range 2 {
				const h = 1e-6
				xp, xm := []float64{x[0], x[1]}, []float64{x[0], x[1]}
				xp[j] += h
				xm[j] -= h
				fd := -(potentials[k-1](xp[0], xp[1]) - potentials[k-1](xm[0], xm[1])) / (2 * h)
				if math.Abs(g[j]-fd) > 1e-6*math.Max(1, math.Abs(fd)) {
					t.Errorf("U%d trial %d: ∂/∂z[%d] = %v, finite differences %v", k, trial, j, g[j], fd)
				}
			}
		}
	}
	if math.Abs(lowerBranchMass-0.4667) > 1e-4 {
		t.Errorf("lower-branch mass %v", lowerBranchMass)
	}
}
