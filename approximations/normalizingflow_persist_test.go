package approximations_test

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"

	"github.com/gopymc/gopymc/approximations"
	"github.com/gopymc/gopymc/internal/vifile"
	"github.com/gopymc/gopymc/pm"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// savedFlowFormulas cover every layer kind, repeats, iaf's hidden width and a non-Gaussian
// stack with affine layers around it.
var savedFlowFormulas = []string{"scale-loc", "scale-hh*2-loc", "planar*3", "radial*2", "iaf(4)*2", "scale-planar*2-radial-loc"}

// fittedFlow is a flow of m away from its initial parameters, with a loss history and a
// random stream moved by draws, as after a fit.
func fittedFlow(t *testing.T, m *pm.Model, formula string, seed uint64) *approximations.NormalizingFlow {
	t.Helper()
	q, err := approximations.NewNormalizingFlow(m, pm.Flow(formula), pm.Jitter(0.3), pm.Seed(seed))
	require.NoError(t, err)
	randomise(q, seed)
	q.SetHist([]float64{7.5, 3.25, -1e300, 0.125})
	_, err = q.Sample(11)
	require.NoError(t, err)
	return q
}

// TestFlowSaveLoadRoundTrip: every formula loads bit for bit (formula, layers, Shared
// parameters, moments, the same DrawLogQ values for the same rng, and assertLoadedSame's
// checks: history, the continued random stream, the same bytes saved again).
func TestFlowSaveLoadRoundTrip(t *testing.T) {
	t.Parallel()
	m := smallModel(t)
	for i, formula := range savedFlowFormulas {
		t.Run(formula, func(t *testing.T) {
			q := fittedFlow(t, m, formula, uint64(i+1))
			loaded, err := approximations.Load(bytes.NewReader(savedBytes(t, q)), m)
			require.NoError(t, err)
			got, ok := loaded.(*approximations.NormalizingFlow)
			require.True(t, ok, "Load returns a *NormalizingFlow, got %T", loaded)
			assert.Equal(t, q.Formula(), got.Formula())
			assert.Equal(t, q.Layers(), got.Layers())
			for name, n := range q.SharedParams() {
				a, _ := eval(t, n)
				b, _ := eval(t, got.SharedParams()[name])
				assert.Equal(t, a, b, "Shared parameter %s", name)
			}
			assert.Equal(t, q.StdValues(), got.StdValues())
			// The same density: DrawLogQ with equal generators gives equal draws and log q.
			za, zb := make([]float64, q.Dim()), make([]float64, q.Dim())
			ra, rb := rand.New(rand.NewPCG(9, 9)), rand.New(rand.NewPCG(9, 9))
			for range 20 {
				la, lb := q.DrawLogQ(za, ra), got.DrawLogQ(zb, rb)
				require.Equal(t, za, zb)
				require.Equal(t, la, lb)
			}
			assertLoadedSame(t, q, got)
		})
	}
}

// TestFlowSavedHeader: the header names the formula, the jitter and the layers, and the
// parameters by their Shared names.
func TestFlowSavedHeader(t *testing.T) {
	t.Parallel()
	q := fittedFlow(t, smallModel(t), "scale-hh*2-loc", 1)
	f, err := vifile.Read(bytes.NewReader(savedBytes(t, q)), "gopymc-approximation", approximations.FormatVersion)
	require.NoError(t, err)
	var body struct {
		Kind   string   `json:"kind"`
		Params []string `json:"params"`
		Extra  struct {
			Formula string   `json:"formula"`
			Jitter  float64  `json:"jitter"`
			Layers  []string `json:"layers"`
		} `json:"extra"`
	}
	require.NoError(t, json.Unmarshal(f.Body, &body))
	assert.Equal(t, "NormalizingFlow", body.Kind)
	assert.Equal(t, "scale-hh*2-loc", body.Extra.Formula)
	assert.Equal(t, 0.3, body.Extra.Jitter)
	assert.Equal(t, []string{"scale", "hh", "hh", "loc"}, body.Extra.Layers)
	assert.Equal(t, []string{"loc_3", "v_2", "v_1", "rho_0"}, body.Params) // PyMC3's order: last layer first
	for _, name := range body.Params {
		_, ok := f.Array("param/" + name)
		assert.True(t, ok, name)
	}
}

// rewriteFlowFile returns saved with its header body's extra changed by edit, with a valid
// checksum: what a hand-edited or foreign file looks like.
func rewriteFlowFile(t *testing.T, saved []byte, edit func(extra map[string]any)) []byte {
	t.Helper()
	f, err := vifile.Read(bytes.NewReader(saved), "gopymc-approximation", approximations.FormatVersion)
	require.NoError(t, err)
	var body map[string]any
	require.NoError(t, json.Unmarshal(f.Body, &body))
	edit(body["extra"].(map[string]any))
	var arrays []vifile.Array
	for _, name := range f.Names() {
		a, _ := f.Array(name)
		arrays = append(arrays, a)
	}
	var out bytes.Buffer
	require.NoError(t, vifile.Write(&out, "gopymc-approximation", approximations.FormatVersion, body, arrays))
	return out.Bytes()
}

// TestFlowLoadErrors: a changed model, a different formula, layers that do not match the
// formula, a flow this gopymc does not know, a bad jitter and every truncation are refused
// with errors that say what is wrong.
func TestFlowLoadErrors(t *testing.T) {
	t.Parallel()
	m := smallModel(t)
	q := fittedFlow(t, m, "planar*2", 1)
	saved := savedBytes(t, q)

	other := pm.NewModel()
	pm.Normal(other, "mu", 1, 2, pm.Shape(3))
	require.NoError(t, other.Err())
	_, err := approximations.Load(bytes.NewReader(saved), other)
	assert.ErrorIs(t, err, approximations.ErrModelMismatch)
	assert.ErrorContains(t, err, `free variable "mu" has shape [3] in the model, [2] in the file`)

	for _, tc := range []struct {
		name string
		edit func(e map[string]any)
		msg  string
	}{
		{"another formula", func(e map[string]any) {
			e["formula"], e["layers"] = "planar*3", []string{"planar", "planar", "planar"}
		}, `NormalizingFlow[4]{planar*3} has parameters [b_2 u_2 w_2 b_1 u_1 w_1 b_0 u_0 w_0], the file [b_1 u_1 w_1 b_0 u_0 w_0]`},
		{"other layers", func(e map[string]any) {
			e["formula"], e["layers"] = "radial*2", []string{"radial", "radial"}
		}, `NormalizingFlow[4]{radial*2} has parameters [a_1 b_1 z_ref_1 a_0 b_0 z_ref_0], the file [b_1 u_1 w_1 b_0 u_0 w_0]`},
		{"layers not the formula's", func(e map[string]any) { e["layers"] = []string{"planar", "radial"} },
			`formula "planar*2" has the layers [planar planar], the file lists [planar radial]`},
		{"unknown flow", func(e map[string]any) { e["formula"] = "maf*2" },
			`the saved flow: approximations: NormalizingFlow: no such flow "maf" in formula "maf*2"`},
		{"no formula", func(e map[string]any) { delete(e, "formula") }, `NormalizingFlow needs its formula (extra.formula)`},
		{"negative jitter", func(e map[string]any) { e["jitter"] = -1 }, `NormalizingFlow's jitter must be finite and >= 0, got -1`},
	} {
		_, err := approximations.Load(bytes.NewReader(rewriteFlowFile(t, saved, tc.edit)), m)
		assert.ErrorIs(t, err, approximations.ErrCorruptFile, tc.name)
		assert.ErrorContains(t, err, tc.msg, tc.name)
	}

	// The same parameter names with other sizes: iaf's hidden width.
	var iaf bytes.Buffer
	require.NoError(t, approximations.Save(&iaf, fittedFlow(t, m, "iaf(4)", 2)))
	_, err = approximations.Load(bytes.NewReader(rewriteFlowFile(t, iaf.Bytes(), func(e map[string]any) { e["formula"] = "iaf(5)" })), m)
	assert.ErrorIs(t, err, approximations.ErrCorruptFile)
	assert.ErrorContains(t, err, `of NormalizingFlow[4]{iaf(5)}: want`)

	for n := 0; n < len(saved); n++ {
		_, err := approximations.Load(bytes.NewReader(saved[:n]), m)
		require.ErrorIs(t, err, approximations.ErrTruncatedFile, "truncated to %d bytes", n)
	}
}
