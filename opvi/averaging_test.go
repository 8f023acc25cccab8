package opvi_test

import (
	"bytes"
	"slices"
	"testing"

	"github.com/gopymc/gopymc/callbacks"
	"github.com/gopymc/gopymc/internal/testmodels"
	"github.com/gopymc/gopymc/optimizers"
	"github.com/gopymc/gopymc/pm"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAveragingKeepsTheIterates checks that Averaging does not change the optimizer's path
// (the iterates callbacks see are bit-identical with and without it, across Fit and
// Refine), and that after each run the approximation holds the average of all iterates so
// far (eta = 0: their plain mean).
func TestAveragingKeepsTheIterates(t *testing.T) {
	t.Parallel()
	c := testmodels.NewConjugate(100, 2)
	run := func(avg bool) (iterates [][]float64, after [][]float64) {
		rec := callbacks.Func(func(a callbacks.FlatParamser, _ []float64, _ int) error {
			iterates = append(iterates, slices.Clone(a.FlatParams()))
			return nil
		})
		advi, err := pm.NewADVI(c.Model, pm.Seed(4))
		require.NoError(t, err)
		opts := []pm.Option{pm.ObjOptimizer(optimizers.SGD(0.001)), pm.Callbacks(rec), quiet}
		if avg {
			opts = append(opts, pm.Averaging(0))
		}
		q, err := advi.Fit(150, opts...)
		require.NoError(t, err)
		after = append(after, slices.Clone(q.FlatParams()))
		require.NoError(t, advi.Refine(50))
		after = append(after, slices.Clone(q.FlatParams()))
		return iterates, after
	}
	plain, plainAfter := run(false)
	avgIt, avgAfter := run(true)
	require.Len(t, avgIt, 200)
	assert.Equal(t, plain, avgIt, "the iterates are the same")
	assert.Equal(t, plain[149], plainAfter[0])
	for k, n := range []int{150, 200} {
		mean := make([]float64, len(plain[0]))
		for _, x := range plain[:n] {
			for i, v := range x {
				mean[i] += v / float64(n)
			}
		}
		for i := range mean {
			assert.InDelta(t, mean[i], avgAfter[k][i], 1e-12, "after %d iterations, parameter %d", n, i)
		}
	}
}

func TestAdaptEtaFit(t *testing.T) {
	t.Parallel()
	c := testmodels.NewConjugate(100, 2)
	fit := func() ([]float64, string, int) {
		var out bytes.Buffer
		advi, err := pm.NewADVI(c.Model, pm.Seed(5))
		require.NoError(t, err)
		q, err := advi.Fit(2000, pm.AdaptEta(0), pm.Output(&out), pm.Progressbar(false))
		require.NoError(t, err)
		return slices.Clone(q.FlatParams()), out.String(), len(advi.Hist())
	}
	p1, out, hist := fit()
	assert.Contains(t, out, "Begin eta adaptation.")
	assert.Contains(t, out, "Success! Found best value [eta = ")
	assert.Equal(t, 2000, hist, "the trials are not in the history")
	p2, _, _ := fit()
	assert.Equal(t, p1, p2, "same seed, same fit")
	// How close Stan's chosen eta gets is measured by pm's BenchmarkStepSizes; here the
	// 100-draw ELBO estimates pick eta = 100, whose steps after 2000 iterations are still
	// large (as in Stan).

	_, err := pm.Fit(c.Model, pm.Method("svgd"), pm.AdaptEta(0), quiet)
	assert.ErrorContains(t, err, "does not apply")
	_, err = pm.Fit(c.Model, pm.AdaptEta(-1), quiet)
	assert.ErrorContains(t, err, "AdaptEta(-1)")
	_, err = pm.Fit(c.Model, pm.AdaptEta(0), pm.ObjOptimizer(optimizers.DoG(0)), pm.N(10), quiet)
	assert.NoError(t, err, "DoG's multiplier is a learning rate too")
	_, err = pm.Fit(c.Model, pm.Averaging(-1), quiet)
	assert.ErrorContains(t, err, "eta must be finite and >= 0")
}
