package approximations_test

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"testing"

	"github.com/gopymc/gopymc/approximations"
	"github.com/gopymc/gopymc/internal/vifile"
	"github.com/gopymc/gopymc/pm"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	G "gorgonia.org/gorgonia"
)

// approxKinds makes one approximation of each savable kind of m, away from its initial
// parameters, with a loss history and a random stream advanced by some draws.
func approxKinds(t *testing.T, m *pm.Model) map[string]approximations.Approximation {
	t.Helper()
	mf, err := approximations.NewMeanField(m, pm.Seed(3))
	require.NoError(t, err)
	fr, err := approximations.NewFullRank(m, pm.Seed(4))
	require.NoError(t, err)
	em, err := approximations.NewEmpirical(m, 7, pm.Seed(5))
	require.NoError(t, err)
	out := map[string]approximations.Approximation{"MeanField": mf, "FullRank": fr, "Empirical": em}
	for i, q := range out {
		randomise(q, uint64(len(i)))
		q.SetHist([]float64{3.5, 2.25, -1e300, 0.1})
		_, err := q.Sample(13)
		require.NoError(t, err)
	}
	return out
}

func TestSaveLoadRoundTrip(t *testing.T) {
	t.Parallel()
	m := smallModel(t)
	for kind, q := range approxKinds(t, m) {
		t.Run(kind, func(t *testing.T) {
			saved := savedBytes(t, q)
			got, err := approximations.Load(bytes.NewReader(saved), m)
			require.NoError(t, err)
			assertLoadedSame(t, q, got)
		})
	}
}

// assertLoadedSame checks that got, loaded from what q saved (both on smallModel), is q bit
// for bit: parameters, history, the statistics nodes, the same draws for the same calls (the
// random stream continues), and the same bytes when both are saved again.
func assertLoadedSame(t *testing.T, q, got approximations.Approximation) {
	t.Helper()
	assert.Equal(t, q.String(), got.String())
	assert.Equal(t, q.FlatParams(), got.FlatParams(), "bit-identical parameters")
	assert.Equal(t, q.Hist(), got.Hist())
	mean, _ := eval(t, got.Mean())
	assert.Equal(t, q.MeanValues(), mean, "the statistics nodes read the loaded parameters")
	a, err := q.Sample(50)
	require.NoError(t, err)
	b, err := got.Sample(50)
	require.NoError(t, err)
	for _, name := range []string{"mu", "sigma", "w"} {
		assert.Equal(t, a.Values(name), b.Values(name), name)
	}
	// Saving the loaded approximation writes the same bytes again, but for the random
	// stream's state, which the draws above moved: re-save both.
	var again, orig bytes.Buffer
	require.NoError(t, approximations.Save(&again, got))
	require.NoError(t, approximations.Save(&orig, q))
	assert.Equal(t, orig.Bytes(), again.Bytes())
}

// TestSaveLoadOtherModels: a model with other data loads (the data are not part of the
// approximation); a model whose variables, shapes or transforms differ is refused, naming
// the difference.
func TestSaveLoadOtherModels(t *testing.T) {
	t.Parallel()
	m := smallModel(t)
	q, err := approximations.NewMeanField(m)
	require.NoError(t, err)
	saved := savedBytes(t, q)

	build := func(muShape int, sigma func(m *pm.Model) *G.Node, extra bool) *pm.Model {
		mm := pm.NewModel()
		mu := pm.Normal(mm, "mu", 1, 2, pm.Shape(muShape))
		s := sigma(mm)
		pm.Normal(mm, "w", -1, 0.5)
		if extra {
			pm.Normal(mm, "extra", 0, 1)
		}
		pm.Normal(mm, "y", G.Must(G.Slice(mu, G.S(0))), s, pm.Observed([]float64{5, 6}))
		require.NoError(t, mm.Err())
		return mm
	}
	half := func(mm *pm.Model) *G.Node { return pm.HalfNormal(mm, "sigma", 1) }
	_, err = approximations.Load(bytes.NewReader(saved), build(2, half, false))
	assert.NoError(t, err, "other data, same variables")
	for _, tc := range []struct {
		m   *pm.Model
		msg string
	}{
		{build(3, half, false), `free variable "mu" has shape [3] in the model, [2] in the file`},
		{build(2, func(mm *pm.Model) *G.Node { return pm.HalfNormal(mm, "sigma", 1, pm.NoTransform()) }, false), `free variable #2 is "sigma" (value "sigma") in the model, "sigma" (value "sigma_log__") in the file`},
		{build(2, func(mm *pm.Model) *G.Node { return pm.HalfNormal(mm, "scale", 1) }, false), `free variable #2 is "scale"`},
		{build(2, half, true), `the model has free variable "extra", which the file does not`},
	} {
		_, err := approximations.Load(bytes.NewReader(saved), tc.m)
		assert.ErrorIs(t, err, approximations.ErrModelMismatch)
		assert.ErrorContains(t, err, tc.msg)
	}
	_, err = approximations.Load(bytes.NewReader(saved), nil)
	assert.ErrorContains(t, err, "the model is nil")
}

// TestLoadBadFiles: every truncation, a flipped bit anywhere, a foreign file and a newer
// format version are refused with their own errors, never a panic.
func TestLoadBadFiles(t *testing.T) {
	t.Parallel()
	m := smallModel(t)
	q, err := approximations.NewFullRank(m)
	require.NoError(t, err)
	saved := savedBytes(t, q)
	for n := 0; n < len(saved); n++ {
		_, err := approximations.Load(bytes.NewReader(saved[:n]), m)
		require.Error(t, err, "truncated to %d bytes", n)
		assert.ErrorIs(t, err, approximations.ErrTruncatedFile, "truncated to %d bytes", n)
	}
	for i := 0; i < len(saved); i++ {
		bad := bytes.Clone(saved)
		bad[i] ^= 0x10
		_, err := approximations.Load(bytes.NewReader(bad), m)
		require.Error(t, err, "byte %d flipped", i)
		if !errors.Is(err, approximations.ErrCorruptFile) && !errors.Is(err, approximations.ErrNotApproximationFile) &&
			!errors.Is(err, approximations.ErrTruncatedFile) && !errors.Is(err, approximations.ErrNewerFormat) {
			t.Fatalf("byte %d flipped: unexpected error %v", i, err)
		}
	}
	_, err = approximations.Load(bytes.NewReader([]byte("PK\x03\x04 a zip file, say")), m)
	assert.ErrorIs(t, err, approximations.ErrNotApproximationFile)

	// A file from a newer gopymc: the same container with version 2.
	var newer bytes.Buffer
	require.NoError(t, vifile.Write(&newer, "gopymc-approximation", approximations.FormatVersion+1, map[string]any{"kind": "MeanField"}, nil))
	_, err = approximations.Load(&newer, m)
	assert.ErrorIs(t, err, approximations.ErrNewerFormat)
	assert.ErrorContains(t, err, "format version 2, this gopymc reads versions up to 1; update gopymc")
	// An unknown kind.
	var odd bytes.Buffer
	require.NoError(t, vifile.Write(&odd, "gopymc-approximation", 1, map[string]any{"kind": "Spline"}, nil))
	_, err = approximations.Load(&odd, m)
	assert.ErrorContains(t, err, `unknown kind of approximation "Spline"`)
}

// TestSavedHeaderIsReadable checks the self-describing header: after the 12-byte preamble,
// plain JSON naming the format, version, kind, variables and arrays.
func TestSavedHeaderIsReadable(t *testing.T) {
	t.Parallel()
	q, err := approximations.NewMeanField(smallModel(t))
	require.NoError(t, err)
	b := savedBytes(t, q)
	assert.Equal(t, "GOPYMCVI", string(b[:8]))
	n := binary.LittleEndian.Uint32(b[8:12])
	var h struct {
		Format  string `json:"format"`
		Version int    `json:"version"`
		Body    struct {
			Kind string `json:"kind"`
			Vars []struct {
				Name      string `json:"name"`
				Transform string `json:"transform"`
				Shape     []int  `json:"shape"`
			} `json:"vars"`
		} `json:"body"`
		Arrays []struct {
			Name  string `json:"name"`
			Shape []int  `json:"shape"`
		} `json:"arrays"`
		PayloadFloats int `json:"payload_floats"`
	}
	require.NoError(t, json.Unmarshal(b[12:12+n], &h))
	assert.Equal(t, "gopymc-approximation", h.Format)
	assert.Equal(t, 1, h.Version)
	assert.Equal(t, "MeanField", h.Body.Kind)
	assert.Equal(t, "sigma", h.Body.Vars[1].Name)
	assert.Equal(t, "log", h.Body.Vars[1].Transform)
	assert.Equal(t, []int{2}, h.Body.Vars[0].Shape)
	assert.Equal(t, "param/mu", h.Arrays[0].Name)
	assert.Equal(t, 8, h.PayloadFloats) // mu and rho of dimension 4, no history
	assert.Len(t, b, 12+int(n)+8*8+4)
}

// savedBytes is q as Save writes it.
func savedBytes(t *testing.T, q approximations.Approximation) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, approximations.Save(&buf, q))
	return buf.Bytes()
}
