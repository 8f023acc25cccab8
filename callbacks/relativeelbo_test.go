package callbacks_test

import (
	"math"
	"testing"

	"github.com/gopymc/gopymc/callbacks"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// relativeReference replays Stan's rule by hand for a trace of ELBO estimates (one per
// evaluation): elbo_prev starts at 0, rel = |(elbo_prev - elbo)/elbo|, a circular buffer of
// size b, stop when its mean or its median (upper middle) is below tol. It returns the
// index of the stopping evaluation, or -1.
func relativeReference(elbos []float64, b int, tol float64) int {
	var buf []float64
	prev := 0.0
	for k, e := range elbos {
		buf = append(buf, math.Abs((prev-e)/e))
		if len(buf) > b {
			buf = buf[1:]
		}
		prev = e
		s := 0.0
		sorted := append([]float64(nil), buf...)
		for i := range sorted {
			s += sorted[i]
			for j := i; j > 0 && sorted[j] < sorted[j-1]; j-- {
				sorted[j], sorted[j-1] = sorted[j-1], sorted[j]
			}
		}
		if s/float64(len(buf)) < tol || sorted[len(sorted)/2] < tol {
			return k
		}
	}
	return -1
}

func TestRelativeELBOMatchesStansRule(t *testing.T) {
	t.Parallel()
	// Losses constant within each window of 100, so each ELBO estimate is exact: the loss
	// decays as 100 + 900·0.97^k over windows k.
	const every = 100
	var losses, elbos []float64
	for k := 0; k < 300; k++ {
		l := 100 + 900*math.Pow(0.97, float64(k))
		elbos = append(elbos, -l)
		for j := 0; j < every; j++ {
			losses = append(losses, l)
		}
	}
	want := relativeReference(elbos, 10, 0.01)
	require.Greater(t, want, 10)
	c := callbacks.NewCheckRelativeELBO()
	assert.Equal(t, `CheckRelativeELBO(eval_elbo=100, tol_rel_obj=0.01, buffer_size=10, average="either")`, c.String())
	stop, msg := runMonitor1(t, c, losses)
	assert.Equal(t, (want+1)*every, stop)
	assert.Regexp(t, `^CheckRelativeELBO: (mean|median) ELBO converged at step \d+ \(mean relative change [0-9.e-]+, median [0-9.e-]+ < tol_rel_obj 0.01\)$`, msg)
	mean, med := c.RelativeChanges()
	assert.False(t, math.IsNaN(mean) || math.IsNaN(med))

	// The median rule alone stops no later than "either"; the mean alone no earlier.
	sMed, _ := runMonitor1(t, callbacks.NewCheckRelativeELBO(callbacks.Average("median")), losses)
	sMean, _ := runMonitor1(t, callbacks.NewCheckRelativeELBO(callbacks.Average("mean")), losses)
	assert.GreaterOrEqual(t, sMed, stop)
	assert.GreaterOrEqual(t, sMean, stop)
	assert.Equal(t, stop, min(sMed, sMean))

	// The first change is measured from 0 (it is 1), so with a buffer of 1 the earliest
	// stop is the second evaluation.
	flat := make([]float64, 1000)
	for i := range flat {
		flat[i] = 5
	}
	s1, _ := runMonitor1(t, callbacks.NewCheckRelativeELBO(callbacks.BufferSize(1)), flat)
	assert.Equal(t, 200, s1)

	// A stop below the best ELBO seen by more than 5% says so.
	var worse []float64
	for k := 0; k < 30; k++ {
		l := 10.0
		if k >= 3 {
			l = 12
		}
		for j := 0; j < every; j++ {
			worse = append(worse, l)
		}
	}
	_, msg = runMonitor1(t, callbacks.NewCheckRelativeELBO(callbacks.BufferSize(3), callbacks.Average("mean")), worse)
	assert.Contains(t, msg, "may not have converged to a good optimum")
}

func TestRelativeELBOValidation(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		opt callbacks.Option
		msg string
	}{
		{callbacks.Every(0), "Every(0): every must be at least 1"},
		{callbacks.TolRelObj(0), "TolRelObj(0): must be finite and > 0"},
		{callbacks.TolRelObj(math.NaN()), "TolRelObj(NaN)"},
		{callbacks.BufferSize(0), "BufferSize(0): must be at least 1"},
		{callbacks.Average("mode"), `Average("mode"): unknown average`},
		{callbacks.Kappa(1), "option Kappa(1) does not apply"},
	} {
		c := callbacks.NewCheckRelativeELBO(tc.opt)
		require.Error(t, c.Validate(), "%v", tc.opt)
		assert.Contains(t, c.Validate().Error(), tc.msg)
		assert.Equal(t, c.Validate(), c.Call(nil, []float64{1}, 100))
	}
	assert.ErrorContains(t, callbacks.NewCheckRelativeELBO().Call(nil, nil, 100), "needs per-step losses")
	// Non-finite losses are skipped; a window of only non-finite losses is not evaluated.
	c := callbacks.NewCheckRelativeELBO(callbacks.Every(2), callbacks.BufferSize(1))
	require.NoError(t, c.Call(nil, []float64{math.NaN(), math.Inf(1)}, 2))
	mean, _ := c.RelativeChanges()
	assert.True(t, math.IsNaN(mean))
}

func TestRelativeELBOAllocs(t *testing.T) { // not parallel: AllocsPerRun
	c := callbacks.NewCheckRelativeELBO(callbacks.Every(1), callbacks.TolRelObj(1e-300))
	losses := make([]float64, 5000)
	for i := range losses {
		losses[i] = 10 + float64(i%7)
	}
	i := 0
	allocs := testing.AllocsPerRun(1000, func() {
		_ = c.Call(nil, losses[:i+1], i+1)
		i++
	})
	assert.Zero(t, allocs)
}

// runMonitor1 is runMonitor with the fit loop's 1-based iterations.
func runMonitor1(t *testing.T, cb callbacks.Callback, losses []float64) (int, string) {
	t.Helper()
	for i := range losses {
		err := cb.Call(nil, losses[:i+1], i+1)
		if msg, ok := callbacks.IsStop(err); ok {
			return i + 1, msg
		}
		require.NoError(t, err)
	}
	return -1, ""
}
