package distributions

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

func buildNormal(p []*G.Node) (Distribution, error)    { return NewNormal(p[0], p[1]) }
func buildNormalTau(p []*G.Node) (Distribution, error) { return NewNormalTau(p[0], p[1]) }

// uvPointsGrid returns a point for every x and every parameter tuple.
func uvPointsGrid(xs []float64, params ...[]float64) []uvPoint {
	var pts []uvPoint
	for _, p := range params {
		for _, x := range xs {
			pts = append(pts, uvPoint{x: x, params: p})
		}
	}
	return pts
}

func TestNormalLogP(t *testing.T) {
	t.Parallel()
	xs := []float64{-1e3, -7.5, -3, -1, -0.5, -1e-9, 0, 1e-9, 0.25, 0.5, 1, 1.5, 2, 3, 4.75, 10, 33, 1e3, -2.2, 0.1}
	pts := uvPointsGrid(xs, []float64{0, 1}, []float64{1.5, 0.3}, []float64{-2, 7})
	// Closed form -(x-mu)^2/(2 sigma^2) - log sigma - log(2 pi)/2; gonum's distuv.Normal.
	want := func(x float64, p []float64) float64 {
		z := (x - p[0]) / p[1]
		return -0.5*z*z - math.Log(p[1]) - 0.5*math.Log(2*math.Pi)
	}
	ref := func(x float64, p []float64) float64 { return distuv.Normal{Mu: p[0], Sigma: p[1]}.LogProb(x) }
	uvCheckPoints(t, buildNormal, pts, want, ref)
	// The tau form at tau = 1/sigma^2 (4, 1/0.09... chosen exact: sigma 0.5, 2, 0.25).
	ptsTau := uvPointsGrid(xs, []float64{0, 4}, []float64{1.5, 0.25}, []float64{-2, 16})
	wantTau := func(x float64, p []float64) float64 {
		r := x - p[0]
		return 0.5*math.Log(p[1]) - 0.5*math.Log(2*math.Pi) - 0.5*p[1]*r*r
	}
	refTau := func(x float64, p []float64) float64 {
		return distuv.Normal{Mu: p[0], Sigma: 1 / math.Sqrt(p[1])}.LogProb(x)
	}
	uvCheckPoints(t, buildNormalTau, ptsTau, wantTau, refTau)
}

func TestNormalGradFD(t *testing.T) {
	t.Parallel()
	x := []float64{0.3, -1.2, 2.5, 0.1, 0.9, -0.4}
	uvFDSuite(t, uvFDFamily{"sigma", buildNormal, x, []float64{0.3, 1.7}, [][]float64{{0.1, -0.2, 0.3}, {0.5, 1.1, 2}}})
	uvFDSuite(t, uvFDFamily{"tau", buildNormalTau, x, []float64{0.3, 1.7}, [][]float64{{0.1, -0.2, 0.3}, {0.5, 1.1, 2}}})
}

func TestNormalOneElementShapes(t *testing.T) {
	t.Parallel()
	// Parameters of shape (1) and (1, 1) broadcast like scalars; their gradients keep
	// their shapes.
	x := uvMat(2, 2, 0.3, -1.2, 2.5, 0.1)
	uvCheckFD(t, buildNormal, x, []uvArr{uvVec(0.4), uvMat(1, 1, 1.3)}, false, false)
	uvCheckFD(t, buildNormal, uvVec(0.7), []uvArr{uvVec(0.4), uvSc(1.3)}, false, true)
}

func TestNormalRandAndSupportPoint(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	mu, s := uvSc(0).node(g, "mu"), uvSc(1).node(g, "s")
	d, err := NewNormal(mu, s)
	if err != nil {
		t.Fatal(err)
	}
	// Normal(1.5, 2): mean 1.5, variance 4, excess kurtosis 0.
	uvMoments(t, d, []float64{1.5, 2}, 1.5, 4, 0)
	uvSupportPoint(t, d, []float64{1.5, 2}, 1.5)
	dt, err := NewNormalTau(mu, s)
	if err != nil {
		t.Fatal(err)
	}
	// tau = 4: sigma = 0.5, variance 0.25.
	uvMoments(t, dt, []float64{-1, 4}, -1, 0.25, 0)
	uvSupportPoint(t, dt, []float64{-1, 4}, -1)
	// Vector parameters broadcast to the requested shape; a shape that cannot hold them is
	// an error.
	mus := tensor.New(tensor.WithShape(3), tensor.WithBacking([]float64{-1, 0, 2}))
	one := tensor.New(tensor.FromScalar(1.0))
	sp, err := d.SupportPoint([]*tensor.Dense{mus, one}, tensor.Shape{2, 3})
	if err != nil {
		t.Fatal(err)
	}
	if got := sp.Float64s(); !sp.Shape().Eq(tensor.Shape{2, 3}) || got[0] != -1 || got[4] != 0 || got[5] != 2 {
		t.Errorf("support point %v %v, want rows (-1, 0, 2)", sp.Shape(), got)
	}
	if _, err := d.Rand(rand.New(rand.NewPCG(1, 2)), []*tensor.Dense{mus, one}, tensor.Shape{3, 2}); err == nil {
		t.Error("Rand into a shape that cannot hold the parameters: want an error")
	}
	bad := tensor.New(tensor.FromScalar(-1.0))
	if _, err := d.Rand(rand.New(rand.NewPCG(1, 2)), []*tensor.Dense{mus, bad}, tensor.Shape{3}); err == nil ||
		err.Error() != "distributions: Normal: sigma must be positive, got -1 at index 0" {
		t.Errorf("Rand with sigma -1: got %v", err)
	}
	if d.Support().Kind != Real || d.DefaultTransform() != nil || d.Discrete() {
		t.Error("Normal: want real support, no transform, continuous")
	}
}
