package diagnostics

import "math/rand/v2"

// LogQDrawer is an approximation with a density: all that PSIS needs of it. MeanField,
// FullRank and normalizing flows implement it; an Empirical (a set of particles, as SVGD
// fits) does not, since a discrete set of points has no density to weigh draws by.
type LogQDrawer interface {
	// DrawLogQ writes one draw z of the flat unconstrained vector (the model's Dim) from
	// rng, and returns log q(z), the approximation's log density at z.
	DrawLogQ(z []float64, rng *rand.Rand) float64
}
