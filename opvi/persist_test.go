package opvi_test

import (
	"bytes"
	"testing"

	"github.com/gopymc/gopymc/approximations"
	"github.com/gopymc/gopymc/internal/testmodels"
	"github.com/gopymc/gopymc/optimizers"
	"github.com/gopymc/gopymc/opvi"
	"github.com/gopymc/gopymc/pm"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestInferenceSaveLoadContinues fits, saves, and checks that Refine on the loaded
// inference gives exactly what Refine on the original gives: parameters, history, iteration
// count and later draws, for each savable method, optimizers with accumulators, averaging
// and a KL weight.
func TestInferenceSaveLoadContinues(t *testing.T) {
	t.Parallel()
	c := testmodels.NewConjugate(50, 7)
	m := c.Model
	for _, tc := range []struct {
		name string
		make func() (*pm.Inference, error)
		fit  []pm.Option
	}{
		{"advi adagrad_window", func() (*pm.Inference, error) { return pm.NewADVI(m, pm.Seed(1)) }, nil},
		{"advi adam averaged beta", func() (*pm.Inference, error) { return pm.NewADVI(m, pm.Seed(2), pm.KLBeta(0.5)) },
			[]pm.Option{pm.ObjOptimizer(optimizers.Adam(0.05)), pm.Averaging(8), pm.ObjNMC(3), pm.TotalGradNormConstraint(100)}},
		{"fullrank prodigy", func() (*pm.Inference, error) { return pm.NewFullRankADVI(m, pm.Seed(3)) },
			[]pm.Option{pm.ObjOptimizer(optimizers.Prodigy(0))}},
		{"advi adapted eta", func() (*pm.Inference, error) { return pm.NewADVI(m, pm.Seed(4)) }, []pm.Option{pm.AdaptEta(10)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			inf, err := tc.make()
			require.NoError(t, err)
			_, err = inf.Fit(300, append([]pm.Option{quiet}, tc.fit...)...)
			require.NoError(t, err)
			loaded, err := opvi.LoadInference(bytes.NewReader(savedInference(t, inf)), m, quiet)
			require.NoError(t, err)
			assert.Equal(t, inf.Approx().FlatParams(), loaded.Approx().FlatParams())
			assertRefinesAlike(t, inf, loaded, 200, tc.name)
			assert.Len(t, loaded.Hist(), 500)
			a, err := inf.Approx().Sample(20)
			require.NoError(t, err)
			b, err := loaded.Approx().Sample(20)
			require.NoError(t, err)
			assert.Equal(t, a.Values("mu"), b.Values("mu"))
		})
	}
}

func TestInferenceSaveLoadErrors(t *testing.T) {
	t.Parallel()
	c := testmodels.NewConjugate(20, 1)
	svgd, err := pm.NewSVGD(c.Model, pm.Particles(5))
	require.NoError(t, err)
	assert.ErrorContains(t, svgd.Save(&bytes.Buffer{}), "svgd inferences cannot be saved")

	inf, err := pm.NewADVI(c.Model)
	require.NoError(t, err)
	loaded, err := opvi.LoadInference(bytes.NewReader(savedInference(t, inf)), c.Model)
	require.NoError(t, err)
	assert.ErrorContains(t, loaded.Refine(1), "call Fit before Refine")
	_, err = loaded.Fit(5, quiet)
	assert.NoError(t, err)

	_, err = inf.Fit(10, quiet)
	require.NoError(t, err)
	saved := savedInference(t, inf)
	_, err = opvi.LoadInference(bytes.NewReader(saved), c.Model, pm.ObjNMC(3))
	assert.ErrorContains(t, err, "is saved with the inference or applies to Fit")
	_, err = opvi.LoadInference(bytes.NewReader(saved[:len(saved)-3]), c.Model)
	assert.ErrorIs(t, err, approximations.ErrTruncatedFile)
	other := testmodels.NewRegression(10, 1)
	_, err = opvi.LoadInference(bytes.NewReader(saved), other.Model)
	assert.ErrorIs(t, err, approximations.ErrModelMismatch)
}

// TestNFVISaveLoadContinues: pm.LoadInference continues an NFVI fit bit for bit (the flow's
// parameters, the optimizer's accumulators, the averaging and both random streams), for a
// flow with non-Gaussian layers; the formula comes from the file, and a Flow option or a
// changed model is refused.
func TestNFVISaveLoadContinues(t *testing.T) {
	t.Parallel()
	c := testmodels.NewConjugate(50, 7)
	inf, err := pm.NewNFVI(c.Model, pm.Flow("scale-planar*2-loc"), pm.Seed(5))
	require.NoError(t, err)
	_, err = inf.Fit(300, quiet, pm.ObjOptimizer(optimizers.DoWG(0)), pm.Averaging(8), pm.ObjNMC(2))
	require.NoError(t, err)
	saved := savedInference(t, inf)
	loaded, err := pm.LoadInference(bytes.NewReader(saved), c.Model, quiet)
	require.NoError(t, err)
	assert.Equal(t, "nfvi", loaded.Method())
	flow, ok := loaded.Approx().(*approximations.NormalizingFlow)
	require.True(t, ok, "%T", loaded.Approx())
	assert.Equal(t, "scale-planar*2-loc", flow.Formula())
	assert.Equal(t, inf.Approx().FlatParams(), loaded.Approx().FlatParams())
	assertRefinesAlike(t, inf, loaded, 200, "nfvi")
	a, err := inf.Approx().Sample(20)
	require.NoError(t, err)
	b, err := loaded.Approx().Sample(20)
	require.NoError(t, err)
	assert.Equal(t, a.Values("mu"), b.Values("mu"))

	_, err = pm.LoadInference(bytes.NewReader(saved), c.Model, pm.Flow("planar*10"))
	assert.ErrorContains(t, err, `option Flow(planar*10) is saved with the inference or applies to Fit, not LoadInference`)
	_, err = pm.LoadInference(bytes.NewReader(saved), testmodels.NewRegression(10, 1).Model)
	assert.ErrorIs(t, err, approximations.ErrModelMismatch)
}

// TestGroupedOptimizerSaveLoad: a fit whose rule keeps a step size per parameter group
// (LDoWG, groups from approximations.StepGroups) continues bit for bit after LoadInference,
// for each kind's groups on a 7-dimensional model.
func TestGroupedOptimizerSaveLoad(t *testing.T) {
	t.Parallel()
	r := testmodels.NewRegression(30, 2)
	for method, newInf := range map[string]func() (*pm.Inference, error){
		"advi":          func() (*pm.Inference, error) { return pm.NewADVI(r.Model, pm.Seed(6)) },
		"fullrank_advi": func() (*pm.Inference, error) { return pm.NewFullRankADVI(r.Model, pm.Seed(6)) },
		"nfvi":          func() (*pm.Inference, error) { return pm.NewNFVI(r.Model, pm.Flow("scale-hh-planar-loc"), pm.Seed(6)) },
	} {
		inf, err := newInf()
		require.NoError(t, err)
		_, err = inf.Fit(200, quiet, pm.ObjOptimizer(optimizers.LDoWG(0)), pm.Averaging(8))
		require.NoError(t, err)
		loaded, err := pm.LoadInference(bytes.NewReader(savedInference(t, inf)), r.Model, quiet)
		require.NoError(t, err)
		assertRefinesAlike(t, inf, loaded, 150, method)
	}
}

// savedInference is inf as Save writes it.
func savedInference(t *testing.T, inf *pm.Inference) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, inf.Save(&buf))
	return buf.Bytes()
}

// assertRefinesAlike refines inf and its loaded copy by n iterations each and checks that
// their parameters and histories are identical to the bit.
func assertRefinesAlike(t *testing.T, inf, loaded *pm.Inference, n int, name string) {
	t.Helper()
	require.NoError(t, inf.Refine(n), name)
	require.NoError(t, loaded.Refine(n), name)
	assert.Equal(t, inf.Approx().FlatParams(), loaded.Approx().FlatParams(), "%s: bit-identical after Refine", name)
	assert.Equal(t, inf.Hist(), loaded.Hist(), name)
}
