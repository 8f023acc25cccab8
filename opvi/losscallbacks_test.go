package opvi_test

import (
	"bytes"
	"math"
	"testing"

	"github.com/gopymc/gopymc/callbacks"
	"github.com/gopymc/gopymc/internal/testmodels"
	"github.com/gopymc/gopymc/optimizers"
	"github.com/gopymc/gopymc/pm"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// conjugateELBO is the exact ELBO of testmodels.Conjugate (mu ~ N(4, 2²), x_i ~ N(mu, 3²))
// for q = N(m, s²): E_q log p(x, mu) + H(q), with E_q (x - mu)² = (x - m)² + s². Its maximum
// is the log evidence, at the exact posterior.
func conjugateELBO(c *testmodels.Conjugate, m, s float64) float64 {
	e := 0.0
	for _, x := range c.Data {
		e += -0.5*math.Log(2*math.Pi*9) - ((x-m)*(x-m)+s*s)/18
	}
	e += -0.5*math.Log(2*math.Pi*4) - ((m-4)*(m-4)+s*s)/8
	return e + 0.5*math.Log(2*math.Pi*math.E*s*s)
}

// TestLossCallbacksStopConjugateADVI fits the conjugate model (1000 observations, mu
// starting 53 posterior sds from its mean) with Adam(0.01), records the first iteration i1
// at which the exact ELBO is within 1% of its optimum, and checks that CheckLossConvergence
// and CheckRelativeELBO, with their default settings, stop the fit after iteration 1000 and
// no later than 3·i1.
func TestLossCallbacksStopConjugateADVI(t *testing.T) {
	t.Parallel()
	c := testmodels.NewConjugate(1000, 1)
	best := conjugateELBO(c, c.PostMean, c.PostSD)
	for _, cb := range []callbacks.Callback{callbacks.NewCheckLossConvergence(), callbacks.NewCheckRelativeELBO()} {
		first := -1
		rec := callbacks.Func(func(a callbacks.FlatParamser, _ []float64, i int) error {
			p := a.FlatParams() // mu, rho
			if first < 0 && conjugateELBO(c, p[0], math.Log1p(math.Exp(p[1]))) >= best-0.01*math.Abs(best) {
				first = i
			}
			return nil
		})
		advi, err := pm.NewADVI(c.Model, pm.Seed(1))
		require.NoError(t, err)
		var out bytes.Buffer
		_, err = advi.Fit(100000, pm.ObjOptimizer(optimizers.Adam(0.01)), pm.Callbacks(rec, cb), pm.Output(&out), pm.Progressbar(false))
		require.NoError(t, err)
		stop := len(advi.Hist())
		require.Greater(t, first, 0, "%v", cb)
		assert.Greater(t, stop, 1000, "%v", cb)
		assert.LessOrEqual(t, stop, 3*first, "%v: within 1%% of the optimum at %d", cb, first)
		assert.Contains(t, out.String(), "converged at step")
		t.Logf("%v: within 1%% at %d, stopped at %d", cb, first, stop)
	}
}

// TestLossConvergenceReportsDivergence fits with SGD past its stable step (2.003 over the
// curvature of the loss in mu): the loss climbs until it overflows within a few hundred
// iterations, so the CUSUM is armed early (MinSteps(100)) and must call it a rise.
func TestLossConvergenceReportsDivergence(t *testing.T) {
	t.Parallel()
	c := testmodels.NewConjugate(10, 1)
	curvature := 10.0/9 + 0.25 // n/σ² + 1/σ0²
	advi, err := pm.NewADVI(c.Model, pm.Seed(1), pm.StartSigma(map[string]any{"mu": 1e-3}))
	require.NoError(t, err)
	var out bytes.Buffer
	_, err = advi.Fit(20000, pm.ObjOptimizer(optimizers.SGD(2.003/curvature)), pm.Output(&out),
		pm.Callbacks(callbacks.NewCheckLossConvergence(callbacks.MinSteps(100))), pm.Progressbar(false))
	require.NoError(t, err)
	assert.Contains(t, out.String(), "CheckLossConvergence: the loss is trending up, not converging (step 120")
	assert.Len(t, advi.Hist(), 120)
}
