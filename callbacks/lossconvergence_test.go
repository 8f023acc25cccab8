package callbacks_test

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/gopymc/gopymc/callbacks"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The tests follow PyMC's tests/variational/test_callbacks.py for CheckLossConvergence,
// with traces from our own seeded streams.

// runMonitor feeds a loss trace step by step (0-based steps, as PyMC's run_monitor) and
// returns the step of the stop and its message, or -1 and "".
func runMonitor(t *testing.T, cb callbacks.Callback, losses []float64) (int, string) {
	t.Helper()
	for i := range losses {
		err := cb.Call(nil, losses[:i+1], i)
		if msg, ok := callbacks.IsStop(err); ok {
			return i, msg
		}
		require.NoError(t, err)
	}
	return -1, ""
}

// lossFromDeltas is 1000 - cumsum(deltas).
func lossFromDeltas(deltas []float64) []float64 {
	out := make([]float64, len(deltas))
	s := 1000.0
	for i, d := range deltas {
		s -= d
		out[i] = s
	}
	return out
}

// improvingThenPlateau decreases by about step per iteration for nImprove steps, then goes
// flat, with normal noise on the decrements.
func improvingThenPlateau(nImprove, nPlateau int, step, noise float64, seed uint64) []float64 {
	rng := rand.New(rand.NewPCG(seed, 41))
	d := make([]float64, nImprove+nPlateau)
	for i := range d {
		m := 0.0
		if i < nImprove {
			m = step
		}
		d[i] = m + noise*rng.NormFloat64()
	}
	return lossFromDeltas(d)
}

func TestLossConvergenceDefaultsAndValidation(t *testing.T) {
	t.Parallel()
	c := callbacks.NewCheckLossConvergence()
	require.NoError(t, c.Validate())
	assert.Equal(t, "CheckLossConvergence(kappa=0.5, h=10, halflife=200, min_steps=1000, z_clip=4, sigma_floor=1e-12)", c.String())
	for _, tc := range []struct {
		opts []callbacks.Option
		msg  string
	}{
		{[]callbacks.Option{callbacks.H(math.NaN())}, "H(NaN): must be finite and > 0"},
		{[]callbacks.Option{callbacks.Kappa(math.NaN())}, "Kappa(NaN)"},
		{[]callbacks.Option{callbacks.HalfLife(math.Inf(1))}, "HalfLife(+Inf)"},
		{[]callbacks.Option{callbacks.ZClip(math.NaN())}, "ZClip(NaN)"},
		{[]callbacks.Option{callbacks.SigmaFloor(0)}, "SigmaFloor(0)"},
		{[]callbacks.Option{callbacks.SigmaFloor(-1)}, "SigmaFloor(-1)"},
		{[]callbacks.Option{callbacks.ZClip(0.4)}, "ZClip(0.4) must exceed Kappa(0.5)"},
		{[]callbacks.Option{callbacks.MinSteps(-1)}, "MinSteps(-1): must be >= 0"},
		{[]callbacks.Option{callbacks.Every(5)}, "option Every(5) does not apply"},
	} {
		c := callbacks.NewCheckLossConvergence(tc.opts...)
		require.Error(t, c.Validate(), "%v", tc.opts)
		assert.Contains(t, c.Validate().Error(), tc.msg)
		assert.Equal(t, c.Validate(), c.Call(nil, []float64{1}, 1), "every Call reports it")
	}
	// A method without losses (SVGD) gets an actionable error, not a silent no-op.
	err := callbacks.NewCheckLossConvergence().Call(nil, nil, 1)
	assert.ErrorContains(t, err, "needs per-step losses")
	_, isStop := callbacks.IsStop(err)
	assert.False(t, isStop)
	// An option of CheckLossConvergence given to CheckParametersConvergence is refused.
	assert.ErrorContains(t, callbacks.NewCheckParametersConvergence(callbacks.Kappa(1)).Validate(), "option Kappa(1) does not apply")
}

func TestLossConvergenceArmingAndPlateaus(t *testing.T) {
	t.Parallel()
	// A flat trace never fires inside the arming window.
	rng := rand.New(rand.NewPCG(1, 1))
	flat := make([]float64, 2000)
	for i := range flat {
		flat[i] = 100 + 0.5*rng.NormFloat64()
	}
	stop, _ := runMonitor(t, callbacks.NewCheckLossConvergence(), flat)
	assert.True(t, stop == -1 || stop >= 1000, "stopped at %d", stop)

	// Improvement dies at 1500: the stop comes within 500 steps, with PyMC's message.
	stop, msg := runMonitor(t, callbacks.NewCheckLossConvergence(callbacks.MinSteps(500)), improvingThenPlateau(1500, 2000, 1, 0.5, 0))
	assert.GreaterOrEqual(t, stop, 1500)
	assert.LessOrEqual(t, stop, 2000)
	assert.Regexp(t, `^CheckLossConvergence: converged at step \d+ \(S=\d+\.\d\d > h=10\)$`, msg)

	// A trace that keeps improving runs the full horizon.
	stop, _ = runMonitor(t, callbacks.NewCheckLossConvergence(callbacks.MinSteps(500)), improvingThenPlateau(10000, 0, 1, 0.5, 0))
	assert.Equal(t, -1, stop)

	// The stop follows the onset: bounded delay, monotone in the onset.
	for seed := uint64(0); seed < 3; seed++ {
		prev := -1
		for _, onset := range []int{800, 1600, 2400, 3200} {
			stop, _ := runMonitor(t, callbacks.NewCheckLossConvergence(callbacks.MinSteps(300)), improvingThenPlateau(onset, 1200, 1, 0.5, seed))
			require.NotEqual(t, -1, stop, "onset %d seed %d", onset, seed)
			assert.GreaterOrEqual(t, stop-onset, 20)
			assert.LessOrEqual(t, stop-onset, 400)
			assert.Greater(t, stop, prev)
			prev = stop
		}
	}
}

// TestLossConvergenceAffineInvariance: only decrements in units of their own noise reach
// the rule, so rescaling and shifting the loss does not move the stop.
func TestLossConvergenceAffineInvariance(t *testing.T) {
	t.Parallel()
	losses := improvingThenPlateau(1500, 2000, 1, 0.5, 0)
	ref, _ := runMonitor(t, callbacks.NewCheckLossConvergence(callbacks.MinSteps(300)), losses)
	require.NotEqual(t, -1, ref)
	for _, tc := range [][2]float64{{1e-6, 0}, {1e6, 0}, {1e-3, 5e3}, {1e3, -1e6}} {
		scaled := make([]float64, len(losses))
		for i, l := range losses {
			scaled[i] = l*tc[0] + tc[1]
		}
		stop, _ := runMonitor(t, callbacks.NewCheckLossConvergence(callbacks.MinSteps(300)), scaled)
		assert.Equal(t, ref, stop, "scale %v offset %v", tc[0], tc[1])
	}
}

func TestLossConvergenceRisingAndNonFinite(t *testing.T) {
	t.Parallel()
	// A noiseless ramp stops at exactly MinSteps + H/Kappa, labelled as a rise; the
	// falling ramp never stops.
	for _, tc := range []struct {
		minSteps int
		slope    float64
	}{{50, 0.5}, {200, 3}, {500, 1e4}} {
		up, down := make([]float64, 1500), make([]float64, 1500)
		for i := range up {
			up[i], down[i] = 7+tc.slope*float64(i), 7-tc.slope*float64(i)
		}
		stop, msg := runMonitor(t, callbacks.NewCheckLossConvergence(callbacks.MinSteps(tc.minSteps)), up)
		assert.Equal(t, tc.minSteps+20, stop)
		assert.True(t, strings.HasPrefix(msg, "CheckLossConvergence: the loss is trending up, not converging (step "), msg)
		assert.True(t, strings.HasSuffix(msg, "); if it is maximized, negate it"), msg)
		stop, _ = runMonitor(t, callbacks.NewCheckLossConvergence(callbacks.MinSteps(tc.minSteps)), down)
		assert.Equal(t, -1, stop)
	}
	// Noisy rises of 0.5 sd per step and more are labelled as rises, 0.05 as convergence.
	for _, tc := range []struct {
		rate float64
		want string
	}{{0.05, "converged at step"}, {0.5, "trending up"}, {1, "trending up"}, {3, "trending up"}} {
		rng := rand.New(rand.NewPCG(0, 4))
		losses := make([]float64, 2000)
		for i := range losses {
			losses[i] = tc.rate*float64(i) + rng.NormFloat64()
		}
		_, msg := runMonitor(t, callbacks.NewCheckLossConvergence(), losses)
		assert.Contains(t, msg, tc.want, "rate %v", tc.rate)
	}
	// Constant losses: the floor keeps z finite; S gains Kappa per armed step.
	constant := make([]float64, 3000)
	for i := range constant {
		constant[i] = 42
	}
	stop, _ := runMonitor(t, callbacks.NewCheckLossConvergence(callbacks.MinSteps(100)), constant)
	assert.InDelta(t, 120, stop, 3)
	// A run of non-finite losses is skipped and cleared by a finite one...
	losses := improvingThenPlateau(800, 1200, 1, 0.5, 2)
	losses[100], losses[101] = math.NaN(), math.Inf(1)
	stop, _ = runMonitor(t, callbacks.NewCheckLossConvergence(callbacks.MinSteps(300)), losses)
	assert.NotEqual(t, -1, stop)
	// ...scattered ones never stop a healthy fit, nor does one spike or an overflow...
	for _, bad := range []func([]float64){
		func(l []float64) {
			for i := 0; i < len(l); i += 10 {
				l[i] = math.Inf(1)
			}
		},
		func(l []float64) { l[1500] += 1e6 },
		func(l []float64) { l[1200] = 1e308 },
	} {
		l := make([]float64, 3000)
		for i := range l {
			l[i] = 10000 - float64(i)
		}
		bad(l)
		stop, _ := runMonitor(t, callbacks.NewCheckLossConvergence(callbacks.MinSteps(100)), l)
		assert.Equal(t, -1, stop)
	}
	// ...but more than MinSteps of them in a row do.
	inf := make([]float64, 2000)
	for i := range inf {
		inf[i] = math.Inf(1)
	}
	stop, msg := runMonitor(t, callbacks.NewCheckLossConvergence(callbacks.MinSteps(100)), inf)
	assert.Equal(t, 100, stop)
	assert.Equal(t, "CheckLossConvergence: the loss has been non-finite for 101 steps; stopping at step 100", msg)
}

// TestLossConvergenceFalseAlarms: 50 still-improving traces per family cost at most one
// false alarm (PyMC's calibration: 0.8% in the worst family).
func TestLossConvergenceFalseAlarms(t *testing.T) {
	t.Parallel()
	families := map[string]func(rng *rand.Rand, i, n int) float64{
		"linear":          func(rng *rand.Rand, _, _ int) float64 { return 1 + rng.NormFloat64() },
		"power_law":       func(rng *rand.Rand, i, _ int) float64 { return 5*math.Pow(float64(i+1), -0.25) + 0.5*rng.NormFloat64() },
		"heteroscedastic": func(rng *rand.Rand, i, n int) float64 { return 1 + rng.NormFloat64()*(0.1+0.9*float64(i)/float64(n-1)) },
		"student_t": func(rng *rand.Rand, _, _ int) float64 { // t_3 = N / sqrt(chi2_3 / 3)
			a, b, c := rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()
			return 1 + 0.5*rng.NormFloat64()/math.Sqrt((a*a+b*b+c*c)/3)
		},
	}
	for name, f := range families {
		fired := 0
		for seed := uint64(0); seed < 50; seed++ {
			rng := rand.New(rand.NewPCG(seed, 99))
			d := make([]float64, 3000)
			for i := range d {
				d[i] = f(rng, i, len(d))
			}
			if stop, _ := runMonitor(t, callbacks.NewCheckLossConvergence(), lossFromDeltas(d)); stop != -1 {
				fired++
			}
		}
		assert.LessOrEqual(t, fired, 1, name)
	}
}

func TestLossConvergenceAllocs(t *testing.T) { // not parallel: AllocsPerRun
	c := callbacks.NewCheckLossConvergence()
	losses := improvingThenPlateau(5000, 0, 1, 0.5, 0)
	i := 0
	allocs := testing.AllocsPerRun(1000, func() {
		_ = c.Call(nil, losses[:i+1], i)
		i++
	})
	assert.Zero(t, allocs)
}
