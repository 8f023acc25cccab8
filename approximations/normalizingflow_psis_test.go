package approximations_test

import (
	"math"
	"testing"

	"github.com/gopymc/gopymc/approximations"
	"github.com/gopymc/gopymc/pm"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

// gaussian2 is a model whose posterior is the 2-D Gaussian with means mu, sds sd and
// correlation rho, and that covariance.
func gaussian2(t *testing.T, mu, sd [2]float64, rho float64) (*pm.Model, *mat.SymDense) {
	t.Helper()
	c := rho * sd[0] * sd[1]
	cov := mat.NewSymDense(2, []float64{sd[0] * sd[0], c, c, sd[1] * sd[1]})
	m := pm.NewModel()
	pm.MvNormal(m, "x", mu[:], [][]float64{{cov.At(0, 0), c}, {c, cov.At(1, 1)}})
	require.NoError(t, m.Err())
	return m, cov
}

// softplusInv is the rho whose softplus is s.
func softplusInv(s float64) float64 { return math.Log(math.Expm1(s)) }

// TestPSISOfNormalizingFlow: PSIS weighs a flow's draws by its own log density (DrawLogQ).
// A 'scale-hh-loc' flow set to a 2-D Gaussian posterior exactly (H·S the covariance's
// eigenvectors, as a reflection, times the roots of its eigenvalues) has log q = log p at
// every draw, so every log ratio is the same. A 'scale-loc' flow set to the mean-field
// optimum of a Gaussian with correlation rho (sds 1/√Λ_ii) has importance ratios
// p/q ∝ exp(½uᵀ(I - R)u) with u ~ N(0, I) and R = D^-½ Λ D^-½ the precision's correlation
// matrix, so their right tail is Pareto with shape k = 1 - λ_min(R) = |rho| (up to a slowly
// varying factor that lowers the finite-sample k-hat a little): PSIS must read |rho| off it.
func TestPSISOfNormalizingFlow(t *testing.T) {
	t.Parallel()
	mu, sd := [2]float64{1, -1}, [2]float64{1, 2}

	m, cov := gaussian2(t, mu, sd, 0.8)
	exact, err := approximations.NewNormalizingFlow(m, pm.Flow("scale-hh-loc"))
	require.NoError(t, err)
	var eig mat.EigenSym
	require.True(t, eig.Factorize(cov, true))
	var q mat.Dense
	eig.VectorsTo(&q)
	if mat.Det(&q) > 0 { // a reflection has determinant -1
		q.Set(0, 0, -q.At(0, 0))
		q.Set(1, 0, -q.At(1, 0))
	}
	// H = I - 2vvᵀ/|v|²: v is a non-zero column of I - H.
	v := []float64{1 - q.At(0, 0), -q.At(1, 0)}
	if math.Hypot(v[0], v[1]) < 1e-8 {
		v = []float64{-q.At(0, 1), 1 - q.At(1, 1)}
	}
	p := exact.FlatParams() // PyMC3's order: loc_2, v_1, rho_0
	copy(p[0:2], mu[:])
	copy(p[2:4], v)
	for i, l := range eig.Values(nil) {
		p[4+i] = softplusInv(math.Sqrt(l))
	}
	got, err := pm.Eval(exact.Cov())
	require.NoError(t, err)
	assert.InDeltaSlice(t, []float64{cov.At(0, 0), cov.At(0, 1), cov.At(1, 0), cov.At(1, 1)}, got.Data(), 1e-12, "the flow is the posterior")
	im, err := approximations.PSIS(exact, pm.Draws(500), pm.Seed(1))
	require.NoError(t, err)
	for s := range im.LogP {
		require.InDelta(t, 0, im.LogP[s]-im.LogQ[s], 1e-12, "log p - log q at draw %d", s)
	}

	// Measured k-hat at 20,000 draws, seeds 1-3: 0.35, 0.26, 0.33 (rho 0.3); 0.62, 0.54, 0.58
	// (0.6); 0.89, 0.82, 0.84 (0.9): within 0.09 of |rho|.
	const draws, tol = 20000, 0.12
	for _, rho := range []float64{0.3, 0.6, 0.9} {
		m, _ := gaussian2(t, mu, sd, rho)
		mf, err := approximations.NewNormalizingFlow(m, pm.Flow("scale-loc"))
		require.NoError(t, err)
		p := mf.FlatParams() // loc_1, rho_0
		copy(p[0:2], mu[:])
		for i, s := range sd {
			p[2+i] = softplusInv(s * math.Sqrt(1-rho*rho)) // 1/√Λ_ii
		}
		for seed := uint64(1); seed <= 3; seed++ {
			im, err := approximations.PSIS(mf, pm.Draws(draws), pm.Seed(seed))
			require.NoError(t, err)
			t.Logf("rho %.1f seed %d: k-hat %.3f", rho, seed, im.PSIS.KHat)
			assert.InDelta(t, rho, im.PSIS.KHat, tol, "rho %v seed %d", rho, seed)
			assert.Equal(t, rho < 0.7, im.PSIS.Reliable(), "rho %v: %s", rho, im.PSIS.Summary())
		}
	}
}
