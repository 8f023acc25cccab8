package approximations_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gopymc/gopymc/approximations"
	"github.com/gopymc/gopymc/internal/mathx"
	"github.com/gopymc/gopymc/pm"
)

// MeanField's LocationScale methods read softplus, sigmoid and log of rho from a cache that
// follows rho: after every change of the parameters in place (as an optimizer makes them),
// including changes to single coordinates, to 0, to large and negative values and to NaN,
// each method gives the bits of the formula computed from rho directly, and allocates
// nothing. Not parallel: testing.AllocsPerRun refuses parallel tests.
func TestMeanFieldScalesSameBits(t *testing.T) {
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
	if raceEnabled {
		return // allocation counts are meaningless under the race detector
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

// The cached scales follow the parameters of both families: an approximation changed in
// place round after round (one coordinate, every coordinate, extremes, NaN) gives the bits
// of a new approximation built at the same parameters, whose cache starts empty.
func TestScalesFollowParamsInPlace(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		make func(m *pm.Model) (approximations.LocationScale, error)
	}{
		{"MeanField", func(m *pm.Model) (approximations.LocationScale, error) { return approximations.NewMeanField(m) }},
		{"FullRank", func(m *pm.Model) (approximations.LocationScale, error) { return approximations.NewFullRank(m) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			m := threeVarModel(t) // one model a subtest: building on a graph is not safe in parallel
			q, err := c.make(m)
			if err != nil {
				t.Fatal(err)
			}
			params := q.FlatParams()
			rng := rand.New(rand.NewPCG(5, 6))
			for round := range 10 {
				switch {
				case round == 1:
					params[0] = -40
				case round == 2:
					params[len(params)/2] = 35
				case round == 3:
					params[0] = math.NaN()
				case round > 3:
					for i := range params {
						params[i] = 2 * rng.NormFloat64()
					}
				}
				fresh, err := c.make(m)
				if err != nil {
					t.Fatal(err)
				}
				copy(fresh.FlatParams(), params)
				eps, g := make([]float64, q.Dim()), make([]float64, q.Dim())
				for i := range eps {
					eps[i], g[i] = rng.NormFloat64(), rng.NormFloat64()
				}
				got, want := scaleOutputs(q, eps, g), scaleOutputs(fresh, eps, g)
				for i := range want {
					if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
						t.Fatalf("round %d: output %d is %v, a new approximation gives %v", round, i, got[i], want[i])
					}
				}
			}
		})
	}
}

// scaleOutputs concatenates every LocationScale method's output at eps (g the path
// gradient's input).
func scaleOutputs(q approximations.LocationScale, eps, g []float64) []float64 {
	d := q.Dim()
	z, dz, grad := make([]float64, d), make([]float64, d), make([]float64, len(q.FlatParams()))
	q.Reparam(z, eps)
	logq := q.LogQ(eps)
	q.AddPathGrad(grad, g, eps, -0.7)
	q.AddLogQGrad(grad, 1.3)
	q.(interface{ LogQZGrad(dst, eps []float64) }).LogQZGrad(dz, eps)
	return append(append(append(z, dz...), grad...), logq)
}
