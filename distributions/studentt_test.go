package distributions

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
	G "gorgonia.org/gorgonia"
)

func buildStudentT(p []*G.Node) (Distribution, error) { return NewStudentT(p[0], p[1], p[2]) }

func TestStudentTLogP(t *testing.T) {
	t.Parallel()
	xs := []float64{-1e3, -7.5, -3, -1, -0.5, -1e-9, 0, 1e-9, 0.25, 0.5, 1, 1.5, 2, 3, 4.75, 10, 33, 1e3, -2.2, 0.1}
	// PyMC's StudentT.logp: lgamma((nu+1)/2) - lgamma(nu/2) - log(nu pi)/2 - log sigma
	// - (nu+1)/2 log1p(z^2/nu); distuv.StudentsT.
	want := func(x float64, p []float64) float64 {
		nu, z := p[0], (x-p[1])/p[2]
		a, _ := math.Lgamma((nu + 1) / 2)
		b, _ := math.Lgamma(nu / 2)
		return a - b - 0.5*math.Log(nu*math.Pi) - math.Log(p[2]) - (nu+1)/2*math.Log1p(z*z/nu)
	}
	ref := func(x float64, p []float64) float64 {
		return distuv.StudentsT{Nu: p[0], Mu: p[1], Sigma: p[2]}.LogProb(x)
	}
	uvCheckPoints(t, buildStudentT, uvPointsGrid(xs, []float64{1, 0, 1}, []float64{4.5, 1.5, 0.3}, []float64{30, -2, 7}), want, ref)
}

func TestStudentTGradFD(t *testing.T) {
	t.Parallel()
	uvFDSuite(t, uvFDFamily{"StudentT", buildStudentT, []float64{0.3, -1.2, 2.5, 0.1, 0.9, -0.4},
		[]float64{3.5, 0.3, 1.7}, [][]float64{{1.5, 4, 10}, {0.1, -0.2, 0.3}, {0.5, 1.1, 2}}})
}

func TestStudentTRandAndSupportPoint(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	d, err := NewStudentT(uvSc(1).node(g, "nu"), uvSc(0).node(g, "mu"), uvSc(1).node(g, "s"))
	if err != nil {
		t.Fatal(err)
	}
	// StudentT(10, 1, 2): mean 1, variance 4*10/8, excess kurtosis 6/(10-4).
	uvMoments(t, d, []float64{10, 1, 2}, 1, 5, 1)
	uvSupportPoint(t, d, []float64{10, 1, 2}, 1)
}
