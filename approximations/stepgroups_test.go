package approximations_test

import (
	"testing"

	"github.com/gopymc/gopymc/approximations"
	"github.com/gopymc/gopymc/pm"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestStepGroups checks each kind's groups on a model of dimension 4: location coordinates
// alone, log-scales together, FullRank's off-diagonal entries by row, Empirical's particles
// by coordinate, a flow's parameter arrays by layer with loc and z_ref by coordinate.
func TestStepGroups(t *testing.T) {
	t.Parallel()
	m := smallModel(t)
	mf, err := approximations.NewMeanField(m)
	require.NoError(t, err)
	fr, err := approximations.NewFullRank(m)
	require.NoError(t, err)
	em, err := approximations.NewEmpirical(m, 3)
	require.NoError(t, err)
	flow := func(formula string) approximations.Approximation {
		q, err := approximations.NewNormalizingFlow(m, pm.Flow(formula))
		require.NoError(t, err)
		return q
	}
	for _, tc := range []struct {
		name string
		q    approximations.Approximation
		want []int
	}{
		{"MeanField: mu, rho", mf, []int{0, 1, 2, 3, 4, 4, 4, 4}},
		// L_tril row-major: (0,0) (1,0) (1,1) (2,0) (2,1) (2,2) (3,0) (3,1) (3,2) (3,3); then mu.
		{"FullRank: L_tril, mu", fr, []int{0, 2, 0, 3, 3, 0, 4, 4, 4, 0, 5, 6, 7, 8}},
		{"Empirical: 3 particles", em, []int{0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3}},
		// PyMC3's order, last layer first: loc_1, rho_0.
		{"scale-loc", flow("scale-loc"), []int{1, 2, 3, 4, 0, 0, 0, 0}},
		// b_2 u_2 w_2 | a_1 b_1 z_ref_1 | v_0.
		{"hh-radial-planar", flow("hh-radial-planar"), []int{7, 8, 8, 8, 8, 9, 9, 9, 9, 1, 2, 3, 4, 5, 6, 0, 0, 0, 0}},
	} {
		assert.Equal(t, tc.want, approximations.StepGroups(tc.q), tc.name)
		assert.Len(t, approximations.StepGroups(tc.q), len(tc.q.FlatParams()), tc.name)
	}
	assert.Nil(t, approximations.StepGroups(nil))
}
