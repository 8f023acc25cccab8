package distributions

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
	G "gorgonia.org/gorgonia"
)

func buildHalfStudentT(p []*G.Node) (Distribution, error) { return NewHalfStudentT(p[0], p[1]) }

func TestHalfStudentTLogP(t *testing.T) {
	t.Parallel()
	xs := []float64{-10, -1, -1e-9, 0, 1e-9, 0.01, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4.5, 7, 10, 33, 100, 1e3}
	// PyMC's HalfStudentT.logp: log 2 + lgamma((nu+1)/2) - lgamma(nu/2) - log(nu pi sigma^2)/2
	// - (nu+1)/2 log1p(x^2/(nu sigma^2)) for x >= 0, -Inf below.
	want := func(x float64, p []float64) float64 {
		if x < 0 {
			return math.Inf(-1)
		}
		nu, s := p[0], p[1]
		a, _ := math.Lgamma((nu + 1) / 2)
		b, _ := math.Lgamma(nu / 2)
		return math.Ln2 + a - b - 0.5*math.Log(nu*math.Pi*s*s) - (nu+1)/2*math.Log1p(x*x/(nu*s*s))
	}
	// Twice distuv's StudentT(nu, 0, sigma) density on x >= 0.
	ref := func(x float64, p []float64) float64 {
		if x < 0 {
			return math.Inf(-1)
		}
		return math.Ln2 + distuv.StudentsT{Nu: p[0], Mu: 0, Sigma: p[1]}.LogProb(x)
	}
	uvCheckPoints(t, buildHalfStudentT, uvPointsGrid(xs, []float64{1, 1}, []float64{4.5, 0.3}, []float64{30, 7}), want, ref)
}

func TestHalfStudentTGradFD(t *testing.T) {
	t.Parallel()
	uvFDSuite(t, uvFDFamily{"HalfStudentT", buildHalfStudentT, []float64{0.3, 1.2, 2.5, 0.1, 0.9, 0.4},
		[]float64{3.5, 1.7}, [][]float64{{1.5, 4, 10}, {0.5, 1.1, 2}}})
}

func TestHalfStudentTRandAndSupportPoint(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	d, err := NewHalfStudentT(uvSc(1).node(g, "nu"), uvSc(1).node(g, "s"))
	if err != nil {
		t.Fatal(err)
	}
	// HalfStudentT(10, 2) = sigma |T|, T ~ StudentT(10): E|T|^k = nu^{k/2} Gamma((k+1)/2)
	// Gamma((nu-k)/2) / (sqrt(pi) Gamma(nu/2)) for k < nu; the mean, variance and excess
	// kurtosis follow from the raw moments k = 1..4.
	const nu, s = 10.0, 2.0
	raw := func(k float64) float64 {
		a, _ := math.Lgamma((k + 1) / 2)
		b, _ := math.Lgamma((nu - k) / 2)
		c, _ := math.Lgamma(nu / 2)
		return math.Pow(s, k) * math.Pow(nu, k/2) * math.Exp(a+b-c) / math.Sqrt(math.Pi)
	}
	m1, m2, m3, m4 := raw(1), raw(2), raw(3), raw(4)
	variance := m2 - m1*m1
	central4 := m4 - 4*m1*m3 + 6*m1*m1*m2 - 3*m1*m1*m1*m1
	uvMoments(t, d, []float64{nu, s}, m1, variance, central4/(variance*variance)-3)
	uvSupportPoint(t, d, []float64{nu, s}, s)
	if d.DefaultTransform().Name() != "log" {
		t.Error("HalfStudentT: want the log transform")
	}
	// Every draw is non-negative.
	f := uvFraction(t, d, []float64{nu, s}, func(v float64) bool { return v >= 0 })
	if f != 1 {
		t.Errorf("fraction of non-negative draws %v, want 1", f)
	}
}
