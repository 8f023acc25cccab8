package approximations_test

import (
	"bytes"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gopymc/gopymc/approximations"
	"github.com/gopymc/gopymc/diagnostics"
	"github.com/gopymc/gopymc/internal/testmodels"
	"github.com/gopymc/gopymc/pm"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

// logMvNormal is log N(z; mu, L Lᵀ) for a lower-triangular L, computed with gonum.
func logMvNormal(t *testing.T, z, mu []float64, l *mat.TriDense) float64 {
	t.Helper()
	d := len(z)
	diff := mat.NewVecDense(d, nil)
	for i := range z {
		diff.SetVec(i, z[i]-mu[i])
	}
	var sol mat.VecDense
	require.NoError(t, sol.SolveVec(l, diff))
	logDet := 0.0
	for i := 0; i < d; i++ {
		logDet += math.Log(l.At(i, i))
	}
	return -0.5*mat.Dot(&sol, &sol) - logDet - float64(d)/2*math.Log(2*math.Pi)
}

// TestDrawLogQ checks that DrawLogQ draws what DrawFlat draws from the same stream, and
// that its log q is the Gaussian log density at the draw, for MeanField and FullRank away
// from their initial parameters.
func TestDrawLogQ(t *testing.T) { // not parallel: AllocsPerRun
	const tol = 1e-10
	m := smallModel(t)
	mf, err := approximations.NewMeanField(m)
	require.NoError(t, err)
	fr, err := approximations.NewFullRank(m)
	require.NoError(t, err)
	randomise(mf, 1)
	randomise(fr, 2)
	d := m.Dim()
	for name, q := range map[string]interface {
		approximations.Approximation
		diagnostics.LogQDrawer
	}{"MeanField": mf, "FullRank": fr} {
		// L of the flat vector's covariance, from the approximation's own statistics.
		l := mat.NewTriDense(d, mat.Lower, nil)
		switch a := q.(type) {
		case *approximations.MeanField:
			for i, s := range a.StdValues() {
				l.SetTri(i, i, s)
			}
		case *approximations.FullRank:
			p := a.FlatParams()
			k := 0
			for i := 0; i < d; i++ {
				for j := 0; j <= i; j++ {
					v := p[k]
					if i == j {
						v = math.Log1p(math.Exp(v))
					}
					l.SetTri(i, j, v)
					k++
				}
			}
		}
		z, z2 := make([]float64, d), make([]float64, d)
		r1, r2 := rand.New(rand.NewPCG(7, 7)), rand.New(rand.NewPCG(7, 7))
		for rep := 0; rep < 20; rep++ {
			lq := q.DrawLogQ(z, r1)
			q.DrawFlat(z2, r2, false)
			require.Equal(t, z2, z, "%s draw %d", name, rep)
			assert.InDelta(t, logMvNormal(t, z, q.MeanValues(), l), lq, tol, "%s draw %d", name, rep)
		}
		allocs := testing.AllocsPerRun(100, func() { q.DrawLogQ(z, r1) })
		assert.Zero(t, allocs, name)
	}
}

func TestPSISOfApproximations(t *testing.T) {
	t.Parallel()
	c := testmodels.NewConjugate(50, 4)
	q, err := approximations.NewMeanField(c.Model)
	require.NoError(t, err)
	// Set q to the exact posterior widened by 10%: bounded weights, k-hat < 0.
	q.FlatParams()[0] = c.PostMean
	q.FlatParams()[1] = math.Log(math.Expm1(1.1 * c.PostSD))
	im, err := approximations.PSIS(q, pm.Draws(2000), pm.Seed(3))
	require.NoError(t, err)
	assert.Equal(t, 2000, im.PSIS.Draws)
	assert.Less(t, im.PSIS.KHat, 0.0)
	// PSIS uses its own stream: q's draws are those of an identical approximation that was
	// never checked.
	twin, err := approximations.NewMeanField(c.Model)
	require.NoError(t, err)
	copy(twin.FlatParams(), q.FlatParams())
	a, err := q.Sample(5)
	require.NoError(t, err)
	b, err := twin.Sample(5)
	require.NoError(t, err)
	assert.Equal(t, b.Values("mu"), a.Values("mu"))
	// Same Seed, same numbers.
	im2, err := approximations.PSIS(q, pm.Draws(2000), pm.Seed(3))
	require.NoError(t, err)
	assert.Equal(t, im.PSIS.KHat, im2.PSIS.KHat)
	assert.Equal(t, im.LogP, im2.LogP)

	// Shifted by 5 sds: unreliable.
	q.FlatParams()[0] = c.PostMean + 5*c.PostSD
	q.FlatParams()[1] = math.Log(math.Expm1(c.PostSD))
	im, err = approximations.PSIS(q, pm.Seed(3))
	require.NoError(t, err)
	assert.Equal(t, approximations.DefaultPSISDraws, im.PSIS.Draws)
	assert.Greater(t, im.PSIS.KHat, 0.7)

	_, err = approximations.PSIS(q, pm.Draws(1))
	assert.ErrorContains(t, err, "Draws must be >= 2")
	_, err = approximations.PSIS(q, pm.Tune(3))
	assert.ErrorContains(t, err, "does not apply to PSIS")
	_, err = approximations.PSIS(nil)
	assert.ErrorContains(t, err, "nil")
}

func TestPSISRefusesEmpirical(t *testing.T) {
	t.Parallel()
	q, err := approximations.NewEmpirical(smallModel(t), 10)
	require.NoError(t, err)
	_, err = approximations.PSIS(q)
	assert.ErrorContains(t, err, "has no density")
	_, err = q.Sample(5, pm.PSISResample(100))
	assert.ErrorContains(t, err, "has no density")
}

// TestPSISMinibatch checks that a minibatched model is refused unless the minibatch is
// replaced by the full data, and that with it the weights use the full data.
func TestPSISMinibatch(t *testing.T) {
	t.Parallel()
	full := testmodels.NewConjugate(200, 5)
	mb := pm.NewMinibatch(full.Data, 20)
	m := pm.NewModel()
	mu := pm.Normal(m, "mu", 4, 2, pm.InitVal(0.0))
	node, err := mb.NodeIn(m.Graph())
	require.NoError(t, err)
	pm.Normal(m, "x", mu, 3, pm.Observed(node), pm.TotalSize(len(full.Data)))
	require.NoError(t, m.Err())
	q, err := approximations.NewMeanField(m)
	require.NoError(t, err)
	q.FlatParams()[0] = full.PostMean
	q.FlatParams()[1] = math.Log(math.Expm1(1.2 * full.PostSD))
	_, err = approximations.PSIS(q)
	assert.ErrorContains(t, err, `observed variable "x" reads a Minibatch`)
	im, err := approximations.PSIS(q, pm.MoreReplacements(pm.Replace(node, full.Data)), pm.Draws(500))
	require.NoError(t, err)
	// The log density is the full data's: compare with the conjugate model at the draws.
	ld, err := full.Model.LogDensity()
	require.NoError(t, err)
	for i := 0; i < 500; i += 99 {
		lp, err := ld.LogP(im.Draws[i : i+1])
		require.NoError(t, err)
		assert.InDelta(t, lp, im.LogP[i], 1e-9*math.Abs(lp))
	}
	assert.Less(t, im.PSIS.KHat, 0.0)
}

// TestSamplePSISResample checks resampled draws: an approximation shifted by 2 sds from
// the conjugate posterior is corrected towards it, the draws are reproducible, and the
// warning line is written when k-hat exceeds its threshold.
func TestSamplePSISResample(t *testing.T) {
	t.Parallel()
	c := testmodels.NewConjugate(100, 6)
	newQ := func() *approximations.MeanField {
		q, err := approximations.NewMeanField(c.Model, pm.Seed(9))
		require.NoError(t, err)
		q.FlatParams()[0] = c.PostMean + 0.5*c.PostSD
		q.FlatParams()[1] = math.Log(math.Expm1(1.5 * c.PostSD))
		return q
	}
	q := newQ()
	var out bytes.Buffer
	tr, err := q.Sample(4000, pm.PSISResample(20000), pm.Output(&out))
	require.NoError(t, err)
	assert.Equal(t, 4000, tr.Len())
	// 4000 resampled draws from 20000 good proposals: the mean is within ~4 standard errors.
	assert.InDelta(t, c.PostMean, tr.Mean("mu")[0], 0.1*c.PostSD)
	assert.InDelta(t, c.PostSD, tr.Std("mu")[0], 0.1*c.PostSD)
	assert.Empty(t, out.String(), "k-hat is below its threshold: no warning")
	again, err := newQ().Sample(4000, pm.PSISResample(20000), pm.Output(&out))
	require.NoError(t, err)
	assert.Equal(t, tr.Values("mu"), again.Values("mu"))

	bad := newQ()
	bad.FlatParams()[0] = c.PostMean + 6*c.PostSD
	bad.FlatParams()[1] = math.Log(math.Expm1(c.PostSD))
	_, err = bad.Sample(100, pm.PSISResample(1000), pm.Output(&out))
	require.NoError(t, err)
	assert.Contains(t, out.String(), "PSIS-resampled draws of MeanField[1]: Pareto k-hat")
	assert.Contains(t, out.String(), "unreliable")

	_, err = q.Sample(100, pm.PSISResample(50))
	assert.ErrorContains(t, err, "at least the number of draws")
	_, err = q.Sample(10, pm.MoreReplacements())
	assert.ErrorContains(t, err, "only with PSISResample")
	_, err = q.Sample(-1)
	assert.ErrorContains(t, err, "draws must be >= 0")
	_, err = q.Sample(3, pm.Tune(1))
	assert.ErrorContains(t, err, "does not apply to MeanField.Sample")
}
