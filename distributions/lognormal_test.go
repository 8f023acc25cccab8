package distributions

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
	G "gorgonia.org/gorgonia"
)

func buildLogNormal(p []*G.Node) (Distribution, error)    { return NewLogNormal(p[0], p[1]) }
func buildLogNormalTau(p []*G.Node) (Distribution, error) { return NewLogNormalTau(p[0], p[1]) }

func TestLogNormalLogP(t *testing.T) {
	t.Parallel()
	xs := []float64{-10, -1e-9, 0, 1e-9, 0.01, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4.5, 7, 10, 33, 100, 1e3, 2.2}
	// Closed form -(log x - mu)^2/(2 sigma^2) - log sigma - log(2 pi)/2 - log x for x > 0,
	// -Inf for x <= 0; distuv.LogNormal.
	want := func(x float64, p []float64) float64 {
		if x <= 0 {
			return math.Inf(-1)
		}
		z := (math.Log(x) - p[0]) / p[1]
		return -0.5*z*z - math.Log(p[1]) - 0.5*math.Log(2*math.Pi) - math.Log(x)
	}
	ref := func(x float64, p []float64) float64 {
		if x <= 0 {
			return want(x, p)
		}
		return distuv.LogNormal{Mu: p[0], Sigma: p[1]}.LogProb(x)
	}
	uvCheckPoints(t, buildLogNormal, uvPointsGrid(xs, []float64{0, 1}, []float64{1.5, 0.3}, []float64{-2, 4}), want, ref)
	wantTau := func(x float64, p []float64) float64 { return want(x, []float64{p[0], 1 / math.Sqrt(p[1])}) }
	uvCheckPoints(t, buildLogNormalTau, uvPointsGrid(xs, []float64{0, 1}, []float64{1.5, 4}, []float64{-2, 0.0625}), wantTau, nil)
}

func TestLogNormalGradFD(t *testing.T) {
	t.Parallel()
	x := []float64{0.3, 1.2, 2.5, 0.1, 0.9, 0.4}
	uvFDSuite(t, uvFDFamily{"sigma", buildLogNormal, x, []float64{0.3, 1.7}, [][]float64{{0.1, -0.2, 0.3}, {0.5, 1.1, 2}}})
	uvFDSuite(t, uvFDFamily{"tau", buildLogNormalTau, x, []float64{0.3, 1.7}, [][]float64{{0.1, -0.2, 0.3}, {0.5, 1.1, 2}}})
}

func TestLogNormalRandAndSupportPoint(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	mu, s := uvSc(0).node(g, "mu"), uvSc(1).node(g, "s")
	d, err := NewLogNormal(mu, s)
	if err != nil {
		t.Fatal(err)
	}
	// LogNormal(0.2, 0.5): mean exp(mu + s^2/2), variance (exp(s^2)-1) exp(2mu + s^2),
	// excess kurtosis exp(4s^2) + 2exp(3s^2) + 3exp(2s^2) - 6.
	m, s2 := 0.2, 0.25
	uvMoments(t, d, []float64{m, 0.5}, math.Exp(m+s2/2), (math.Exp(s2)-1)*math.Exp(2*m+s2),
		math.Exp(4*s2)+2*math.Exp(3*s2)+3*math.Exp(2*s2)-6)
	uvSupportPoint(t, d, []float64{m, 0.5}, math.Exp(m+s2/2))
	dt, err := NewLogNormalTau(mu, s)
	if err != nil {
		t.Fatal(err)
	}
	uvSupportPoint(t, dt, []float64{m, 4}, math.Exp(m+s2/2))
}
