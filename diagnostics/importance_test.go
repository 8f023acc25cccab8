package diagnostics_test

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gopymc/gopymc/diagnostics"
	"github.com/gopymc/gopymc/internal/testmodels"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// normalQ is a one-dimensional normal approximation N(mu, sd²).
type normalQ struct{ mu, sd float64 }

func (q normalQ) DrawLogQ(z []float64, rng *rand.Rand) float64 {
	e := rng.NormFloat64()
	z[0] = q.mu + q.sd*e
	return -0.5*e*e - math.Log(q.sd) - 0.5*math.Log(2*math.Pi)
}

// nanQ is a broken approximation.
type nanQ struct{}

func (nanQ) DrawLogQ(z []float64, _ *rand.Rand) float64 { z[0] = 0; return math.NaN() }

// TestDrawImportanceConjugate weighs normal approximations of the conjugate model's exact
// posterior N(m, s²): q = N(m, (s/1.25)²) is too narrow, so the weights' tail index is
// 1 - 1/1.25² = 0.36 and k-hat must stay below 0.5; q = N(m, (1.3 s)²) is wider than the
// posterior (bounded weights, index < 0); q = N(m + 4s, s²) misses the posterior.
func TestDrawImportanceConjugate(t *testing.T) {
	t.Parallel()
	c := testmodels.NewConjugate(100, 3)
	ld, err := c.Model.LogDensity()
	require.NoError(t, err)
	const s = 4000
	run := func(q diagnostics.LogQDrawer, seed uint64) *diagnostics.Importance {
		im, err := diagnostics.DrawImportance(context.Background(), q, ld, s, rand.New(rand.NewPCG(seed, 1)))
		require.NoError(t, err)
		return im
	}
	narrow := run(normalQ{c.PostMean, c.PostSD / 1.25}, 1)
	assert.Less(t, narrow.PSIS.KHat, 0.5)
	assert.True(t, narrow.PSIS.Reliable())
	wide := run(normalQ{c.PostMean, 1.3 * c.PostSD}, 2)
	assert.Less(t, wide.PSIS.KHat, 0.0)
	off := run(normalQ{c.PostMean + 4*c.PostSD, c.PostSD}, 3)
	assert.Greater(t, off.PSIS.KHat, 0.7)
	assert.False(t, off.PSIS.Reliable())
	assert.Contains(t, off.PSIS.Summary(), "unreliable")

	// The stored log densities are the model's and q's at the stored draws.
	for i := 0; i < s; i += 397 {
		z := narrow.Draws[i : i+1]
		lp, err := ld.LogP(z)
		require.NoError(t, err)
		assert.Equal(t, lp, narrow.LogP[i])
		e := (z[0] - c.PostMean) / (c.PostSD / 1.25)
		assert.InDelta(t, -0.5*e*e-math.Log(c.PostSD/1.25)-0.5*math.Log(2*math.Pi), narrow.LogQ[i], 1e-9)
	}
	// Self-normalised importance sampling corrects the mean of the shifted q towards the
	// posterior mean: with index > 0.7 it is not reliable, but for the narrow q it is.
	mean := 0.0
	for i, w := range narrow.PSIS.Weights() {
		mean += w * narrow.Draws[i]
	}
	assert.InDelta(t, c.PostMean, mean, 0.05*c.PostSD)

	// Same seed, same numbers.
	again := run(normalQ{c.PostMean, c.PostSD / 1.25}, 1)
	assert.Equal(t, narrow.LogP, again.LogP)
	assert.Equal(t, narrow.PSIS.KHat, again.PSIS.KHat)
}

func TestDrawImportanceErrors(t *testing.T) {
	t.Parallel()
	c := testmodels.NewConjugate(10, 3)
	ld, err := c.Model.LogDensity()
	require.NoError(t, err)
	rng := rand.New(rand.NewPCG(1, 1))
	ctx := context.Background()
	_, err = diagnostics.DrawImportance(ctx, normalQ{0, 1}, ld, 1, rng)
	assert.ErrorContains(t, err, "number of draws must be >= 2")
	_, err = diagnostics.DrawImportance(ctx, nil, ld, 10, rng)
	assert.ErrorContains(t, err, "must not be nil")
	_, err = diagnostics.DrawImportance(ctx, nanQ{}, ld, 10, rng)
	assert.ErrorContains(t, err, "approximation's log density is NaN at draw 0")
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	_, err = diagnostics.DrawImportance(cancelled, normalQ{0, 1}, ld, 10, rng)
	assert.ErrorIs(t, err, context.Canceled)
}

// TestStratifiedResample checks that each draw is taken floor(n·w) or floor(n·w)+1 times,
// that the indices are sorted, and that weights of 0 are never taken.
func TestStratifiedResample(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(8, 9))
	w := []float64{0.5, 0, 0.25, 0.125, 0.0625, 0.0625}
	lw := make([]float64, len(w))
	for i, v := range w {
		lw[i] = math.Log(v)
	}
	for _, n := range []int{0, 1, 7, 16, 1000} {
		for rep := 0; rep < 20; rep++ {
			idx, err := diagnostics.StratifiedResample(lw, n, rng)
			require.NoError(t, err)
			require.Len(t, idx, n)
			counts := make([]int, len(w))
			for j, i := range idx {
				counts[i]++
				if j > 0 {
					assert.LessOrEqual(t, idx[j-1], i)
				}
			}
			for i, c := range counts {
				exp := float64(n) * w[i]
				assert.GreaterOrEqual(t, float64(c), math.Floor(exp)-1, "n=%d draw %d", n, i)
				assert.LessOrEqual(t, float64(c), math.Ceil(exp)+1, "n=%d draw %d", n, i)
			}
			assert.Zero(t, counts[1])
		}
	}
	// Issue 17: errors, not panics.
	_, err := diagnostics.StratifiedResample(lw, -1, rng)
	assert.ErrorContains(t, err, "n must be >= 0, got -1")
	_, err = diagnostics.StratifiedResample(lw, 3, nil)
	assert.ErrorContains(t, err, "nil random stream")
}
