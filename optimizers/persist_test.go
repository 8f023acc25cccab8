package optimizers_test

import (
	"testing"

	"github.com/gopymc/gopymc/optimizers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestStateRoundTrip runs two steps of every rule, rebuilds the optimizer from its
// description and the state from its exported accumulators, and checks that the next step
// of the copy equals the original's bit for bit.
func TestStateRoundTrip(t *testing.T) {
	t.Parallel()
	for _, opt := range append(allRules(), optimizers.AdagradWindow(0.1, optimizers.NWin(3)), optimizers.Adam(0.01, optimizers.Beta1(0.5))) {
		st, err := opt.NewState(3)
		require.NoError(t, err)
		p := append([]float64(nil), refP0...)
		st.Update(p, refGrads[0])
		st.Update(p, refGrads[1])
		rule, settings, err := optimizers.Describe(opt)
		require.NoError(t, err)
		again, err := optimizers.FromDescription(rule, settings)
		require.NoError(t, err)
		assert.Equal(t, opt.String(), again.String())
		ints, floats, err := optimizers.ExportState(st)
		require.NoError(t, err)
		cp, err := optimizers.ImportState(again, 3, ints, floats)
		require.NoError(t, err)
		q := append([]float64(nil), p...)
		st.Update(p, refGrads[2])
		cp.Update(q, refGrads[2])
		assert.Equal(t, p, q, "%v", opt)

		_, err = optimizers.ImportState(again, 4, ints, floats)
		if len(floats) > 0 {
			assert.Error(t, err, "%v: wrong length", opt)
		}
	}
	_, err := optimizers.FromDescription("lbfgs", nil)
	assert.ErrorContains(t, err, `unknown rule "lbfgs"`)
	_, err = optimizers.FromDescription("adam", map[string]float64{"learning_rate": 1})
	assert.ErrorContains(t, err, "is missing")
	_, err = optimizers.FromDescription("sgd", map[string]float64{"learning_rate": 1, "beta1": 0.5})
	assert.ErrorContains(t, err, `takes no setting "beta1"`)
	_, err = optimizers.FromDescription("sgd", map[string]float64{"learning_rate": -1})
	assert.Error(t, err)
	_, _, err = optimizers.Describe(foreign{})
	assert.Error(t, err)
	_, _, err = optimizers.ExportState(nil)
	assert.Error(t, err)
	a, err := optimizers.RestorePolynomialAverage(8, 5, []float64{1, 2})
	require.NoError(t, err)
	assert.Equal(t, 5, a.Count())
	assert.Equal(t, []float64{1, 2}, a.Value())
}
