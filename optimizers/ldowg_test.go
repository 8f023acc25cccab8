package optimizers_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gopymc/gopymc/optimizers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// refLDoWG is LDoWG written from its equations with fresh names: per group g of members
// idx[g], r_g = max(r_g, ||x_g - x0_g||) from alpha(1 + ||x0_g||), v_g += r_g²||grad_g||²,
// and each member moves by lr·r_g²/sqrt(v_g)·grad_i, capped at lr·r_g/sqrt(|g|).
// Without the cap (capped false) it is L-DoG's layer-wise form with DoWG's update.
func refLDoWG(lr, alpha float64, x0 []float64, groups [][]int, grads [][]float64, capped bool) [][]float64 {
	x := append([]float64(nil), x0...)
	r, v := make([]float64, len(groups)), make([]float64, len(groups))
	for g, idx := range groups {
		n := 0.0
		for _, i := range idx {
			n += x0[i] * x0[i]
		}
		r[g] = alpha * (1 + math.Sqrt(n))
	}
	var out [][]float64
	for _, grad := range grads {
		next := append([]float64(nil), x...)
		for g, idx := range groups {
			d2, g2 := 0.0, 0.0
			for _, i := range idx {
				d2 += (x[i] - x0[i]) * (x[i] - x0[i])
				g2 += grad[i] * grad[i]
			}
			r[g] = math.Max(r[g], math.Sqrt(d2))
			v[g] += r[g] * r[g] * g2
			if v[g] == 0 {
				continue
			}
			limit := lr * r[g] / math.Sqrt(float64(len(idx)))
			if !capped {
				limit = math.Inf(1)
			}
			for _, i := range idx {
				step := lr * r[g] * r[g] / math.Sqrt(v[g]) * grad[i]
				next[i] = x[i] - math.Max(-limit, math.Min(limit, step))
			}
		}
		x = next
		out = append(out, append([]float64(nil), x...))
	}
	return out
}

// TestLDoWGMatchesReference runs LDoWG with groups given in any order and ids against the
// reference, over many steps of noisy gradients of sizes 1 to 100 (a zero one first, and one
// far larger than the rest of its group): the cap binds; without groups it is one group.
func TestLDoWGMatchesReference(t *testing.T) {
	t.Parallel()
	const tol = 1e-12
	rng := rand.New(rand.NewPCG(3, 3))
	x0 := []float64{0.5, -1.25, 2, 0, 3, -0.5, 1}
	groupOf := []int{7, 3, 7, 9, 3, 7, 12} // groups {0,2,5}, {1,4}, {3}, {6}
	members := [][]int{{0, 2, 5}, {1, 4}, {3}, {6}}
	var grads [][]float64
	for k := 0; k < 60; k++ {
		g := make([]float64, len(x0))
		for i := range g { // a steady pull with noise, so that the distances grow
			g[i] = (1 - 2*float64(i%2) + rng.NormFloat64()) * math.Pow(10, float64(i%3))
		}
		switch k {
		case 0:
			clear(g) // no direction yet
		case 5:
			g[2] = 1e6 // dwarfs its group: the cap binds
		}
		grads = append(grads, g)
	}
	for _, tc := range []struct {
		opt       optimizers.Optimizer
		lr, alpha float64
	}{
		{optimizers.LDoWG(0), 1, 1e-6},
		{optimizers.LDoWG(0.5, optimizers.Alpha(0.01)), 0.5, 0.01},
	} {
		st, err := optimizers.NewGroupedState(tc.opt, groupOf)
		require.NoError(t, err)
		x := append([]float64(nil), x0...)
		want := refLDoWG(tc.lr, tc.alpha, x0, members, grads, true)
		uncapped := refLDoWG(tc.lr, tc.alpha, x0, members, grads, false)
		diff := 0.0
		for i := range x0 {
			diff = math.Max(diff, math.Abs(uncapped[len(grads)-1][i]-want[len(grads)-1][i]))
		}
		assert.Greater(t, diff, 1e-3, "%v: the cap changes where the steps lead", tc.opt)
		for k, g := range grads {
			st.Update(x, g)
			for i := range x {
				require.InDelta(t, want[k][i], x[i], tol*math.Max(1, math.Abs(want[k][i])), "%v step %d [%d]", tc.opt, k+1, i)
			}
		}

		// NewState: one group of all parameters.
		plain, err := tc.opt.NewState(len(x0))
		require.NoError(t, err)
		x = append([]float64(nil), x0...)
		want = refLDoWG(tc.lr, tc.alpha, x0, [][]int{{0, 1, 2, 3, 4, 5, 6}}, grads, true)
		for k, g := range grads {
			plain.Update(x, g)
			for i := range x {
				require.InDelta(t, want[k][i], x[i], tol*math.Max(1, math.Abs(want[k][i])), "one group, step %d [%d]", k+1, i)
			}
		}
	}
}

// TestLDoWGGroupsAreScaleFree: rescaling the coordinates of an ill-conditioned quadratic
// rescales LDoWG's iterates with them when each coordinate is its own group, so it
// converges on curvatures from 1e-4 to 1e4 where DoWG's single step size crawls (measured:
// DoWG's x_0 still 2.5 from 3 after 20,000 steps).
func TestLDoWGGroupsAreScaleFree(t *testing.T) {
	t.Parallel()
	c := []float64{1e-4, 1, 1e4}
	run := func(opt optimizers.Optimizer, scale []float64, steps int) []float64 {
		st, err := optimizers.NewGroupedState(opt, []int{0, 1, 2})
		require.NoError(t, err)
		// f(y) = sum c_i (y_i/s_i - 3)^2 in coordinates y = s·x: the same problem rescaled.
		y, g := make([]float64, 3), make([]float64, 3)
		for range steps {
			for i := range y {
				g[i] = 2 * c[i] * (y[i]/scale[i] - 3) / scale[i]
			}
			st.Update(y, g)
		}
		for i := range y {
			y[i] /= scale[i]
		}
		return y
	}
	x := run(optimizers.LDoWG(0), []float64{1, 1, 1}, 3000)
	xs := run(optimizers.LDoWG(0), []float64{100, 0.01, 7}, 3000)
	for i := range x {
		assert.InDelta(t, 3, x[i], 1e-6, "x[%d]", i)
		assert.InDelta(t, x[i], xs[i], 1e-9*math.Abs(x[i]), "rescaled x[%d]", i)
	}
	d := run(optimizers.DoWG(0), []float64{1, 1, 1}, 20000) // ignores the groups
	assert.Greater(t, math.Abs(d[0]-3), 1.0, "DoWG's single step size crawls on the flat coordinate")
}

func TestNewGroupedState(t *testing.T) {
	t.Parallel()
	// Rules without groups ignore them.
	st, err := optimizers.NewGroupedState(optimizers.Adam(0.1), []int{0, 0, 1})
	require.NoError(t, err)
	p := []float64{1, 1, 1}
	st.Update(p, []float64{1, 1, 1})
	assert.InDeltaSlice(t, []float64{0.9, 0.9, 0.9}, p, 1e-7) // Adam's first step is lr (epsilon 1e-8 aside)
	// A Schedule passes the groups to its rule: the same steps as the rule's at the same rate.
	sched, err := optimizers.NewGroupedState(optimizers.Schedule(optimizers.LDoWG(0), func(int) float64 { return 1 }), []int{0, 1, 1})
	require.NoError(t, err)
	direct, err := optimizers.NewGroupedState(optimizers.LDoWG(0), []int{0, 1, 1})
	require.NoError(t, err)
	a, b := []float64{1, 2, 3}, []float64{1, 2, 3}
	for k := 0; k < 20; k++ {
		g := []float64{float64(k) - 3, 1, -2}
		sched.Update(a, g)
		direct.Update(b, g)
	}
	assert.Equal(t, b, a)
	// Bad input.
	_, err = optimizers.NewGroupedState(optimizers.LDoWG(0), []int{0, -1})
	assert.ErrorContains(t, err, "parameter 1 has group -1; groups must be >= 0")
	_, err = optimizers.NewGroupedState(optimizers.LDoWG(0), nil)
	assert.ErrorContains(t, err, "parameter vector length must be >= 1, got 0")
	_, err = optimizers.NewGroupedState(optimizers.LDoWG(0, optimizers.Alpha(-1)), []int{0})
	assert.ErrorContains(t, err, "alpha must be finite and > 0")
	_, err = optimizers.NewGroupedState(nil, []int{0})
	assert.ErrorContains(t, err, "the optimizer is nil")
	assert.Error(t, direct.Update([]float64{1}, []float64{1}))
	assert.Equal(t, "ldowg(learning_rate=1.0, alpha=1e-06)", optimizers.LDoWG(0).String())
}

// TestLDoWGStateRoundTrip: ExportState and RestoreState carry a grouped state bit for bit.
func TestLDoWGStateRoundTrip(t *testing.T) {
	t.Parallel()
	groups := []int{0, 1, 1, 2}
	a, err := optimizers.NewGroupedState(optimizers.LDoWG(0), groups)
	require.NoError(t, err)
	p := []float64{1, -2, 3, 0.5}
	for k := 0; k < 10; k++ {
		a.Update(p, []float64{float64(k) - 4, 0.3, -1, 2})
	}
	ints, floats, err := optimizers.ExportState(a)
	require.NoError(t, err)
	b, err := optimizers.NewGroupedState(optimizers.LDoWG(0), groups)
	require.NoError(t, err)
	require.NoError(t, optimizers.RestoreState(b, ints, floats))
	q := append([]float64(nil), p...)
	for k := 0; k < 10; k++ {
		g := []float64{1, float64(k), -3, 0.1}
		a.Update(p, g)
		b.Update(q, g)
	}
	assert.Equal(t, p, q)
	c, err := optimizers.NewGroupedState(optimizers.LDoWG(0), []int{0, 0, 0, 0})
	require.NoError(t, err)
	assert.ErrorContains(t, optimizers.RestoreState(c, ints, floats), "the state has 1 counters and 6 values, got 1 and 10")
	assert.ErrorContains(t, optimizers.RestoreState(foreignState{}, ints, floats), "is not of a rule of package optimizers")
	o, err := optimizers.FromDescription("ldowg", map[string]float64{"learning_rate": 1, "alpha": 1e-6})
	require.NoError(t, err)
	assert.Equal(t, optimizers.LDoWG(0).String(), o.String())
}

type foreignState struct{}

func (foreignState) Update(_, _ []float64) error { return nil }

func TestLDoWGAllocatesNothing(t *testing.T) { // not parallel: AllocsPerRun
	st, err := optimizers.NewGroupedState(optimizers.LDoWG(0), []int{0, 1, 1, 2, 2, 2})
	require.NoError(t, err)
	p, g := []float64{1, 2, 3, 4, 5, 6}, []float64{1, -1, 2, -2, 3, -3}
	st.Update(p, g)
	assert.Zero(t, testing.AllocsPerRun(100, func() { st.Update(p, g) }))
}
