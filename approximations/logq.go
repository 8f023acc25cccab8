package approximations

import (
	"math"
	"math/rand/v2"

	"github.com/gopymc/gopymc/diagnostics"
)

// The Gaussian approximations and normalizing flows have a density: PSIS weighs their draws
// (package diagnostics). Empirical has none.
var (
	_ diagnostics.LogQDrawer = (*MeanField)(nil)
	_ diagnostics.LogQDrawer = (*FullRank)(nil)
	_ diagnostics.LogQDrawer = (*NormalizingFlow)(nil)
)

// DrawLogQ writes a draw z = mu + softplus(rho)·eps into z and returns log q(z) =
// Σ -eps²/2 - log √(2π) - log sd. It allocates nothing.
func (q *MeanField) DrawLogQ(z []float64, rng *rand.Rand) float64 {
	lq := 0.0
	for i := range z[:q.dim] {
		e := rng.NormFloat64()
		sd := softplus(q.rho[i])
		z[i] = q.mu[i] + sd*e
		lq += -0.5*e*e - logSqrt2Pi - math.Log(sd)
	}
	return lq
}

// DrawLogQ writes a draw z = mu + L·eps into z and returns log q(z) = Σ -eps²/2 -
// log √(2π) - Σ log L_ii. It allocates nothing (see DrawFlat).
func (q *FullRank) DrawLogQ(z []float64, rng *rand.Rand) float64 {
	lq := 0.0
	for i := range z[:q.dim] {
		e := rng.NormFloat64()
		z[i] = e
		lq += -0.5*e*e - logSqrt2Pi - math.Log(softplus(q.lTril[q.diag[i]]))
	}
	q.transformEps(z)
	return lq
}
