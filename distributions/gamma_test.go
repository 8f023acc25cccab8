package distributions

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
	G "gorgonia.org/gorgonia"
)

func buildGamma(p []*G.Node) (Distribution, error)        { return NewGamma(p[0], p[1]) }
func buildGammaMuSigma(p []*G.Node) (Distribution, error) { return NewGammaMuSigma(p[0], p[1]) }

// gammaClosed is PyMC's Gamma.logp: alpha log beta - lgamma(alpha) + (alpha-1) log x - beta x
// for x >= 0 (logpow(0, 0) = 0), -Inf for x < 0.
func gammaClosed(x, alpha, beta float64) float64 {
	if x < 0 {
		return math.Inf(-1)
	}
	lg, _ := math.Lgamma(alpha)
	t := 0.0
	if alpha != 1 {
		t = (alpha - 1) * math.Log(x)
	}
	return alpha*math.Log(beta) - lg + t - beta*x
}

func TestGammaLogP(t *testing.T) {
	t.Parallel()
	xs := []float64{-10, -1e-9, 0, 1e-9, 0.01, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4.5, 7, 10, 33, 100, 1e3, 2.2}
	want := func(x float64, p []float64) float64 { return gammaClosed(x, p[0], p[1]) }
	ref := func(x float64, p []float64) float64 {
		if x <= 0 { // distuv only covers x > 0
			return want(x, p)
		}
		return distuv.Gamma{Alpha: p[0], Beta: p[1]}.LogProb(x)
	}
	// alpha < 1 (+Inf at 0), alpha = 1 (log beta at 0), alpha > 1 (-Inf at 0).
	uvCheckPoints(t, buildGamma, uvPointsGrid(xs, []float64{0.5, 2}, []float64{1, 0.7}, []float64{3.5, 1.5}), want, ref)
	// mu/sigma form: alpha = mu^2/sigma^2, beta = mu/sigma^2; here (mu, sigma) = (2, 0.5)
	// gives (16, 8) and (1.5, 1.5) gives (1, 2/3).
	wantMS := func(x float64, p []float64) float64 {
		s2 := p[1] * p[1]
		return gammaClosed(x, p[0]*p[0]/s2, p[0]/s2)
	}
	uvCheckPoints(t, buildGammaMuSigma, uvPointsGrid(xs, []float64{2, 0.5}, []float64{1.5, 1.5}), wantMS, nil)
}

func TestGammaGradFD(t *testing.T) {
	t.Parallel()
	x := []float64{0.3, 1.2, 2.5, 0.1, 0.9, 0.4}
	uvFDSuite(t, uvFDFamily{"alpha-beta", buildGamma, x, []float64{2.5, 1.5}, [][]float64{{0.7, 1.5, 3}, {0.5, 1.1, 2}}})
	uvFDSuite(t, uvFDFamily{"mu-sigma", buildGammaMuSigma, x, []float64{1.2, 0.8}, [][]float64{{0.5, 1, 2}, {0.4, 1.1, 0.9}}})
}

func TestGammaRandAndSupportPoint(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	a, b := uvSc(1).node(g, "a"), uvSc(1).node(g, "b")
	d, err := NewGamma(a, b)
	if err != nil {
		t.Fatal(err)
	}
	// Gamma(3, 2): mean 3/2, variance 3/4, excess kurtosis 6/3.
	uvMoments(t, d, []float64{3, 2}, 1.5, 0.75, 2)
	uvSupportPoint(t, d, []float64{3, 2}, 1.5)
	dm, err := NewGammaMuSigma(a, b)
	if err != nil {
		t.Fatal(err)
	}
	// mu 2, sigma 0.5: alpha 16, excess kurtosis 6/16.
	uvMoments(t, dm, []float64{2, 0.5}, 2, 0.25, 6.0/16)
	uvSupportPoint(t, dm, []float64{2, 0.5}, 2)
	if d.Support().Kind != Positive || d.DefaultTransform().Name() != "log" {
		t.Error("Gamma: want positive support, log transform")
	}
}
