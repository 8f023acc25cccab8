package mcmc

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// cgCov is corrGauss's covariance, row-major.
var cgCov = []float64{cgS1 * cgS1, cgRho * cgS1 * cgS2, cgRho * cgS1 * cgS2, cgS2 * cgS2}

// TestDenseMetricMomentum: momenta drawn by the dense metric have covariance C⁻¹ (within
// 4.5 standard errors of 100000 draws), velocities are C p and the kinetic term p·C p.
func TestDenseMetricMomentum(t *testing.T) {
	t.Parallel()
	m, err := newDenseMetric(cgCov, 2)
	if err != nil {
		t.Fatal(err)
	}
	det := cgCov[0]*cgCov[3] - cgCov[1]*cgCov[2]
	inv := []float64{cgCov[3] / det, -cgCov[1] / det, -cgCov[2] / det, cgCov[0] / det}
	const n = 100000
	rng := rand.New(rand.NewPCG(1, 2))
	p, v := make([]float64, 2), make([]float64, 2)
	var s [4]float64
	for range n {
		m.drawMomentum(p, rng)
		s[0] += p[0] * p[0]
		s[1] += p[0] * p[1]
		s[3] += p[1] * p[1]
	}
	s[2] = s[1]
	for i := range s {
		got := s[i] / n
		se := math.Sqrt((inv[i]*inv[i] + inv[(i/2)*3]*inv[(i%2)*3]) / n)
		if math.Abs(got-inv[i]) > 4.5*se {
			t.Errorf("momentum covariance[%d] = %.4f, want %.4f ± %.4f", i, got, inv[i], 4.5*se)
		}
	}
	p[0], p[1] = 0.3, -1.2
	kin := m.velocity(v, p)
	want := []float64{cgCov[0]*0.3 - cgCov[1]*1.2, cgCov[2]*0.3 - cgCov[3]*1.2}
	if math.Abs(v[0]-want[0]) > 1e-14 || math.Abs(v[1]-want[1]) > 1e-14 || math.Abs(kin-(0.3*want[0]-1.2*want[1])) > 1e-13 {
		t.Errorf("velocity %v kin %v, want %v and %v", v, kin, want, 0.3*want[0]-1.2*want[1])
	}
	q := []float64{1, 1}
	m.drift(q, p, 0.5)
	if math.Abs(q[0]-(1+0.5*want[0])) > 1e-14 || math.Abs(q[1]-(1+0.5*want[1])) > 1e-14 {
		t.Errorf("drift %v", q)
	}
}

// TestSampleDenseMass: NUTS with the true covariance as a fixed dense inverse mass matrix
// recovers corrGauss's moments and correlation (within 4 Monte Carlo standard errors), keeps
// the matrix (its diagonal is reported), and needs fewer gradient evaluations than the
// adapted diagonal metric on this correlated target.
func TestSampleDenseMass(t *testing.T) {
	t.Parallel()
	dense, err := Sample(t.Context(), replicate(4, func() LogDensity { return corrGauss{} }), []float64{0, 0},
		Settings{Seed: 3, InvMass: cgCov, FixedMass: true})
	if err != nil {
		t.Fatal(err)
	}
	for i, sd := range []float64{cgS1, cgS2} {
		m, s, seM, seS := moments(t, dense, i)
		if math.Abs(m) > 4*seM || math.Abs(s-sd) > 4*seS {
			t.Errorf("x[%d]: mean %.4f ± %.4f (want 0), sd %.4f ± %.4f (want %v)", i, m, 4*seM, s, 4*seS, sd)
		}
	}
	for c := range dense.Chains {
		if !slices.Equal(dense.Chains[c].InvMassDiag, []float64{cgCov[0], cgCov[3]}) {
			t.Errorf("chain %d: inverse mass diagonal %v, want %v", c, dense.Chains[c].InvMassDiag, []float64{cgCov[0], cgCov[3]})
		}
	}
	diag, err := Sample(t.Context(), replicate(4, func() LogDensity { return corrGauss{} }), []float64{0, 0}, Settings{Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if a, b := statMean(dense, StatTreeSize), statMean(diag, StatTreeSize); !(a < b) {
		t.Errorf("mean tree size %.2f with the dense metric, %.2f with the adapted diagonal: want fewer", a, b)
	}
}

// TestSampleFixedDiagAndStart: a fixed diagonal inverse mass matrix is kept through tuning;
// a start point per chain is where each chain's first gradient is taken, without jitter.
func TestSampleFixedDiagAndStart(t *testing.T) {
	t.Parallel()
	targets := []LogDensity{&recordFirst{stdNormal: stdNormal{2}}, &recordFirst{stdNormal: stdNormal{2}}}
	starts := [][]float64{{0.25, -1}, {3, 0.5}}
	r, err := Sample(t.Context(), targets, []float64{0, 0},
		Settings{Seed: 1, Draws: 200, Tune: 300, Start: starts, InvMass: []float64{2, 0.5}, FixedMass: true})
	if err != nil {
		t.Fatal(err)
	}
	for c, tg := range targets {
		if got := tg.(*recordFirst).first; !slices.Equal(got, starts[c]) {
			t.Errorf("chain %d started at %v, want %v", c, got, starts[c])
		}
		if got := r.Chains[c].InvMassDiag; !slices.Equal(got, []float64{2, 0.5}) {
			t.Errorf("chain %d: inverse mass diagonal %v after tuning, want the fixed [2 0.5]", c, got)
		}
	}
	// One start for every chain.
	targets = []LogDensity{&recordFirst{stdNormal: stdNormal{2}}, &recordFirst{stdNormal: stdNormal{2}}}
	if _, err := Sample(t.Context(), targets, []float64{0, 0}, Settings{Seed: 1, Draws: 10, Tune: 10, Start: starts[:1]}); err != nil {
		t.Fatal(err)
	}
	for c, tg := range targets {
		if got := tg.(*recordFirst).first; !slices.Equal(got, starts[0]) {
			t.Errorf("chain %d started at %v, want %v", c, got, starts[0])
		}
	}
}

// TestDiagMetricFrom: PyMC's QuadPotentialDiagAdapt with an initial variance and weight (the
// "advi+adapt_diag" init): the initial variance is in use up to draw 101; the initial mean
// and variance weigh only in the first foreground window, which the switch at draw 101
// replaces, so from draw 102 the variance in use is the biased variance of draws 51…102, as
// with the default init; a fixed metric never changes.
func TestDiagMetricFrom(t *testing.T) {
	t.Parallel()
	mean, variance := []float64{1, -2}, []float64{4, 0.25}
	m := newDiagMetricFrom(mean, variance, 50)
	r := rand.New(rand.NewPCG(5, 6))
	xs := make([][]float64, 103)
	for i := range xs {
		xs[i] = []float64{r.NormFloat64(), 3 * r.NormFloat64()}
		m.update(xs[i], true)
		if i < 102 && !slices.Equal(m.variance, variance) {
			t.Fatalf("after draw %d the variance in use is %v, want the initial %v", i, m.variance, variance)
		}
	}
	for i := range 2 {
		col := make([]float64, 0, 52)
		for _, x := range xs[51:103] {
			col = append(col, x[i])
		}
		_, want := meanVar(col) // biased
		if math.Abs(m.variance[i]-want) > 1e-12*want {
			t.Errorf("variance[%d] after draw 102 = %v, want %v", i, m.variance[i], want)
		}
	}
	fixed := newFixedDiagMetric([]float64{2, 3})
	for _, x := range xs {
		fixed.update(x, true)
	}
	if !slices.Equal(fixed.variance, []float64{2, 3}) {
		t.Errorf("a fixed metric adapted to %v", fixed.variance)
	}
}

// TestMassBadInput: clear errors for inverse mass matrices and start points of the wrong
// size, not positive (definite), not symmetric, and a start outside the support.
func TestMassBadInput(t *testing.T) {
	t.Parallel()
	two := func() []LogDensity { return replicate(2, func() LogDensity { return corrGauss{} }) }
	cases := []struct {
		name    string
		targets []LogDensity
		s       Settings
		want    string
	}{
		{"diag size", two(), Settings{InvMass: []float64{1, 2, 3}}, "InvMass has 3 entries; give the diagonal (2) or the dense matrix (2×2 = 4)"},
		{"diag sign", two(), Settings{InvMass: []float64{1, -2}}, "InvMass[1] = -2; the diagonal of the inverse mass matrix must be finite and > 0"},
		{"dense adapted", two(), Settings{InvMass: cgCov}, "set FixedMass too"},
		{"not pd", two(), Settings{InvMass: []float64{1, 2, 2, 1}, FixedMass: true}, "the inverse mass matrix is not positive definite"},
		{"not symmetric", two(), Settings{InvMass: []float64{1, 0.5, 0, 1}, FixedMass: true}, "not symmetric"},
		{"start count", two(), Settings{Start: [][]float64{{0, 0}, {0, 0}, {0, 0}}}, "Start holds 3 points"},
		{"start size", two(), Settings{Start: [][]float64{{0}}}, "Start[0] has 1 coordinates, want the dimension 2"},
		{"start outside", []LogDensity{halfLine{}}, Settings{Start: [][]float64{{0.2}}}, "chain 0: the start point has a non-finite log density (log p = -Inf); it is outside the support"},
		{"weight", two(), Settings{InvMassWeight: -1}, "InvMassWeight = -1"},
		{"adapt mean", two(), Settings{AdaptMean: []float64{0}}, "AdaptMean has 1 entries"},
	}
	for _, c := range cases {
		x0 := make([]float64, c.targets[0].Dim())
		if c.name == "start outside" {
			x0[0] = 1
		}
		_, err := Sample(t.Context(), c.targets, x0, c.s)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
}

// recordFirst is a standard normal that records the point of its first evaluation.
type recordFirst struct {
	stdNormal
	first []float64
}

func (r *recordFirst) LogPGrad(grad, x []float64) (float64, error) {
	if r.first == nil {
		r.first = slices.Clone(x)
	}
	return r.stdNormal.LogPGrad(grad, x)
}
