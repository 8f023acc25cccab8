package distributions

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
	G "gorgonia.org/gorgonia"
)

func buildUniform(p []*G.Node) (Distribution, error) { return NewUniform(p[0], p[1]) }

func TestUniformLogP(t *testing.T) {
	t.Parallel()
	xs := []float64{-5, -2, -1 - 1e-12, -1, -1 + 1e-12, -0.5, 0, 0.3, 0.5, 1, 1.5, 2, 2.5, 2.9, 3 - 1e-12, 3, 3 + 1e-12, 4, 10, 1e3}
	// PyMC: -log(upper - lower) on the closed interval, -Inf outside; distuv.Uniform.
	want := func(x float64, p []float64) float64 {
		if x < p[0] || x > p[1] {
			return math.Inf(-1)
		}
		return -math.Log(p[1] - p[0])
	}
	ref := func(x float64, p []float64) float64 { return distuv.Uniform{Min: p[0], Max: p[1]}.LogProb(x) }
	uvCheckPoints(t, buildUniform, uvPointsGrid(xs, []float64{-1, 3}, []float64{0, 1}, []float64{2.5, 2.9}), want, ref)
}

func TestUniformGradFD(t *testing.T) {
	t.Parallel()
	uvFDSuite(t, uvFDFamily{"Uniform", buildUniform, []float64{0.3, 1.2, 1.5, 0.1, 0.9, 0.4},
		[]float64{-1, 3}, [][]float64{{-1, -2, 0}, {3, 2, 4}}})
}

func TestUniformRandAndSupportPoint(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	d, err := NewUniform(uvSc(0).node(g, "l"), uvSc(1).node(g, "u"))
	if err != nil {
		t.Fatal(err)
	}
	// Uniform(-1, 3): mean 1, variance 16/12, excess kurtosis -6/5.
	uvMoments(t, d, []float64{-1, 3}, 1, 16.0/12, -1.2)
	uvSupportPoint(t, d, []float64{-1, 3}, 1)
	if d.Support().Kind != Interval || d.DefaultTransform().Name() != "interval" {
		t.Error("Uniform: want interval support and the interval transform")
	}
}
