package approximations_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gopymc/gopymc/approximations"
	"github.com/gopymc/gopymc/internal/mathx"
)

// MeanField's LocationScale methods read softplus, sigmoid and log of rho from a cache that
// follows rho: after every change of the parameters in place (as an optimizer makes them),
// including changes to single coordinates, to 0, to large and negative values and to NaN,
// each method gives the bits of the formula computed from rho directly, and allocates
// nothing. Not parallel: testing.AllocsPerRun refuses parallel tests.
func TestMeanFieldScalesFollowRho(t *testing.T) {
	q, err := approximations.NewMeanField(threeVarModel(t))
	if err != nil {
		t.Fatal(err)
	}
	d := q.Dim()
	params := q.FlatParams()
	mu, rho := params[:d], params[d:]
	rng := rand.New(rand.NewPCG(3, 4))
	eps, g := make([]float64, d), make([]float64, d)
	z, dz, grad := make([]float64, d), make([]float64, d), make([]float64, 2*d)
	wantZ, wantDZ, wantGrad := make([]float64, d), make([]float64, d), make([]float64, 2*d)
	same := func(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }
	for round := range 8 {
		switch round {
		case 0: // the initial rho = 0
		case 1:
			rho[3] = -40 // one coordinate
		case 2:
			rho[d-1] = 35
		case 3:
			rho[0] = math.NaN()
		default:
			for i := range params {
				params[i] = 3 * rng.NormFloat64()
			}
		}
		for i := range eps {
			eps[i], g[i] = rng.NormFloat64(), rng.NormFloat64()
		}
		for i := range grad {
			grad[i], wantGrad[i] = float64(i), float64(i)
		}
		q.Reparam(z, eps)
		logq := q.LogQ(eps)
		q.AddPathGrad(grad, g, eps, -0.7)
		q.AddLogQGrad(grad, 1.3)
		q.LogQZGrad(dz, eps)

		wantLogQ := 0.0
		for i, r := range rho {
			sd, sig := mathx.Softplus(r), mathx.Sigmoid(r)
			wantZ[i] = mu[i] + sd*eps[i]
			wantLogQ += -0.5*eps[i]*eps[i] - 0.5*math.Log(2*math.Pi) - math.Log(sd)
			wantGrad[i] += -0.7 * g[i]
			wantGrad[d+i] += -0.7 * g[i] * eps[i] * sig
			wantGrad[d+i] -= 1.3 * sig / sd
			wantDZ[i] = -eps[i] / sd
		}
		if !same(logq, wantLogQ) {
			t.Errorf("round %d: LogQ = %v, want %v", round, logq, wantLogQ)
		}
		for i := range z {
			if !same(z[i], wantZ[i]) || !same(dz[i], wantDZ[i]) {
				t.Fatalf("round %d, coordinate %d: Reparam %v, LogQZGrad %v; want %v, %v", round, i, z[i], dz[i], wantZ[i], wantDZ[i])
			}
		}
		for i := range grad {
			if !same(grad[i], wantGrad[i]) {
				t.Fatalf("round %d, parameter %d: gradient %v, want %v", round, i, grad[i], wantGrad[i])
			}
		}
	}
	allocs := testing.AllocsPerRun(20, func() {
		rho[1] += 0.01
		q.Reparam(z, eps)
		q.LogQ(eps)
		q.AddPathGrad(grad, g, eps, 1)
		q.AddLogQGrad(grad, 1)
		q.LogQZGrad(dz, eps)
	})
	if allocs != 0 {
		t.Errorf("the LocationScale methods allocate %v times a step, want 0", allocs)
	}
}
