package optimizers_test

import (
	"math"
	"testing"

	"github.com/gopymc/gopymc/optimizers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The references below re-derive each rule from its paper's equations with fresh names,
// on refP0 and refGrads (rules_test.go).

func norm(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v * v
	}
	return math.Sqrt(s)
}

// refDistance is DoG (Ivgi et al. 2023, eqs. 1-2: eta_t = rbar_t/sqrt(sum ||g||^2),
// rbar_t = max(max ||x_i - x_0||, r_eps), r_eps = alpha(1 + ||x_0||)) and, when weighted,
// DoWG (Khaled et al. 2023, Algorithm 1: v_t = v_{t-1} + rbar_t^2 ||g_t||^2,
// eta_t = rbar_t^2/sqrt(v_t)).
func refDistance(lr, alpha float64, weighted bool) [][]float64 {
	x0 := append([]float64(nil), refP0...)
	x := append([]float64(nil), refP0...)
	rbar := alpha * (1 + norm(x0))
	sum := 0.0
	var out [][]float64
	for _, g := range refGrads {
		diff := make([]float64, len(x))
		for i := range x {
			diff[i] = x[i] - x0[i]
		}
		rbar = math.Max(rbar, norm(diff))
		var eta float64
		if weighted {
			sum += rbar * rbar * norm(g) * norm(g)
			eta = rbar * rbar / math.Sqrt(sum)
		} else {
			sum += norm(g) * norm(g)
			eta = rbar / math.Sqrt(sum)
		}
		for i := range x {
			x[i] -= lr * eta * g[i]
		}
		out = append(out, append([]float64(nil), x...))
	}
	return out
}

// refProdigy is Mishchenko and Defazio (2024), Algorithm 4 (Adam version), as in their
// reference implementation without weight decay or bias correction.
func refProdigy(lr, beta1, beta2, eps, d0 float64) [][]float64 {
	beta3 := math.Sqrt(beta2)
	x0 := append([]float64(nil), refP0...)
	x := append([]float64(nil), refP0...)
	n := len(x)
	m, v, s := make([]float64, n), make([]float64, n), make([]float64, n)
	d, dmax, num := d0, d0, 0.0
	var out [][]float64
	for _, g := range refGrads {
		dlr := d * lr
		num = beta3*num + (d/d0)*dlr*dot(g, sub(x0, x))
		l1 := 0.0
		for i := range x {
			m[i] = beta1*m[i] + (1-beta1)*d*g[i]
			v[i] = beta2*v[i] + (1-beta2)*d*d*g[i]*g[i]
			s[i] = beta3*s[i] + (d/d0)*dlr*g[i]
			l1 += math.Abs(s[i])
		}
		dmax = math.Max(dmax, num/l1)
		d = dmax
		for i := range x {
			x[i] -= dlr * m[i] / (math.Sqrt(v[i]) + d*eps)
		}
		out = append(out, append([]float64(nil), x...))
	}
	return out
}

// refStan is Stan's ADVI step sequence (Kucukelbir et al. 2017, eqs. 10-11 with Stan's
// eta/sqrt(k)): s_1 = g_1^2, s_k = 0.1 g_k^2 + 0.9 s_{k-1}, step eta/sqrt(k)/(1 + sqrt(s_k)).
func refStan(eta float64) [][]float64 {
	x := append([]float64(nil), refP0...)
	s := make([]float64, len(x))
	var out [][]float64
	for k, g := range refGrads {
		for i := range x {
			if k == 0 {
				s[i] = g[i] * g[i]
			} else {
				s[i] = 0.1*g[i]*g[i] + 0.9*s[i]
			}
			x[i] -= eta / math.Sqrt(float64(k+1)) * g[i] / (1 + math.Sqrt(s[i]))
		}
		out = append(out, append([]float64(nil), x...))
	}
	return out
}

func dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

func sub(a, b []float64) []float64 {
	out := make([]float64, len(a))
	for i := range a {
		out[i] = a[i] - b[i]
	}
	return out
}

func TestParameterFreeRulesMatchReferences(t *testing.T) {
	t.Parallel()
	cases := []struct {
		opt  optimizers.Optimizer
		want [][]float64
	}{
		{optimizers.DoG(0), refDistance(1, 1e-6, false)},
		{optimizers.DoG(0.5, optimizers.Alpha(0.1)), refDistance(0.5, 0.1, false)},
		{optimizers.DoWG(0), refDistance(1, 1e-6, true)},
		{optimizers.DoWG(2, optimizers.Alpha(0.3)), refDistance(2, 0.3, true)},
		{optimizers.Prodigy(0), refProdigy(1, 0.9, 0.999, 1e-8, 1e-6)},
		{optimizers.Prodigy(0.5, optimizers.Beta1(0.8), optimizers.Beta2(0.99), optimizers.Epsilon(1e-6), optimizers.D0(0.01)), refProdigy(0.5, 0.8, 0.99, 1e-6, 0.01)},
		{optimizers.StanADVI(0), refStan(1)},
		{optimizers.StanADVI(0.1), refStan(0.1)},
	}
	for _, c := range cases {
		got := run(t, c.opt, refGrads)
		for k := range got {
			for i := range got[k] {
				assert.InDelta(t, c.want[k][i], got[k][i], refTol*math.Max(1, math.Abs(c.want[k][i])), "%v step %d [%d]", c.opt, k+1, i)
			}
		}
	}
}

func TestParameterFreeStrings(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "dog(learning_rate=1.0, alpha=1e-06)", optimizers.DoG(0).String())
	assert.Equal(t, "dowg(learning_rate=1.0, alpha=1e-06)", optimizers.DoWG(0).String())
	assert.Equal(t, "prodigy(learning_rate=1.0, beta1=0.9, beta2=0.999, epsilon=1e-08, d0=1e-06)", optimizers.Prodigy(0).String())
	assert.Equal(t, "stan_advi(learning_rate=1.0)", optimizers.StanADVI(0).String())
	for _, bad := range []optimizers.Optimizer{
		optimizers.DoG(0, optimizers.Alpha(0)), optimizers.DoWG(0, optimizers.Alpha(math.Inf(1))),
		optimizers.Prodigy(0, optimizers.D0(-1)), optimizers.DoG(-1), optimizers.DoG(0, optimizers.NWin(3)),
		optimizers.StanADVI(0, optimizers.Alpha(1)),
	} {
		_, err := bad.NewState(2)
		assert.Error(t, err, "%v", bad)
	}
}

// TestDoGZeroGradient: a zero first gradient leaves the parameters unchanged (no 0/0).
func TestDoGZeroGradient(t *testing.T) {
	t.Parallel()
	for _, opt := range []optimizers.Optimizer{optimizers.DoG(0), optimizers.DoWG(0), optimizers.Prodigy(0)} {
		st, err := opt.NewState(2)
		require.NoError(t, err)
		p := []float64{1, 2}
		st.Update(p, []float64{0, 0})
		assert.Equal(t, []float64{1, 2}, p, "%v", opt)
		st.Update(p, []float64{1, 0})
		assert.False(t, math.IsNaN(p[0]) || math.IsNaN(p[1]), "%v", opt)
		assert.Less(t, p[0], 1.0, "%v", opt)
	}
}

// TestParameterFreeMinimiseIllScaled minimises f(x) = sum c_i (x_i - 3)^2 from x = 0 with
// no tuning. DoG and DoWG share one step size, which the largest curvature limits: with
// curvatures 0.1 to 10 they converge, while with 1e-2 to 1e2 DoG's x_0 is still at 0.80
// after 20000 steps (measured). Prodigy's Adam scaling is per coordinate: it converges on
// the 1e4 condition number in 3000 steps.
func TestParameterFreeMinimiseIllScaled(t *testing.T) {
	t.Parallel()
	const tol = 1e-3
	for _, tc := range []struct {
		opt   optimizers.Optimizer
		c     []float64
		steps int
	}{
		{optimizers.DoG(0), []float64{0.1, 1, 10}, 20000},
		{optimizers.DoWG(0), []float64{0.1, 1, 10}, 20000},
		{optimizers.Prodigy(0), []float64{1e-2, 1, 1e2}, 3000},
	} {
		st, err := tc.opt.NewState(3)
		require.NoError(t, err)
		x, g := make([]float64, 3), make([]float64, 3)
		for range tc.steps {
			for i := range x {
				g[i] = 2 * tc.c[i] * (x[i] - 3)
			}
			st.Update(x, g)
		}
		for i := range x {
			assert.InDelta(t, 3, x[i], tol, "%v x[%d]", tc.opt, i)
		}
	}
}

func TestPolynomialAverage(t *testing.T) {
	t.Parallel()
	xs := [][]float64{{1, -2}, {4, 0}, {-3, 5}, {10, 1}}
	for _, eta := range []float64{0, 1, 8} {
		a, err := optimizers.NewPolynomialAverage(eta, 2)
		require.NoError(t, err)
		for k, x := range xs {
			a.Add(x)
			// Explicit weights: the average after t iterates is sum_s w_s x_s with
			// w_t = (eta+1)/(t+eta) and earlier weights scaled by (1 - w_t).
			want := make([]float64, 2)
			for s := 0; s <= k; s++ {
				w := (eta + 1) / (float64(s+1) + eta)
				for u := s + 1; u <= k; u++ {
					w *= 1 - (eta+1)/(float64(u+1)+eta)
				}
				for i := range want {
					want[i] += w * xs[s][i]
				}
			}
			for i := range want {
				assert.InDelta(t, want[i], a.Value()[i], 1e-12, "eta %v after %d", eta, k+1)
			}
		}
		assert.Equal(t, 4, a.Count())
	}
	// eta = 0 is the plain mean.
	a, _ := optimizers.NewPolynomialAverage(0, 2)
	for _, x := range xs {
		a.Add(x)
	}
	assert.InDelta(t, 3, a.Value()[0], 1e-12)
	assert.InDelta(t, 1, a.Value()[1], 1e-12)
	_, err := optimizers.NewPolynomialAverage(-1, 2)
	assert.Error(t, err)
	_, err = optimizers.NewPolynomialAverage(math.NaN(), 2)
	assert.Error(t, err)
	_, err = optimizers.NewPolynomialAverage(1, 0)
	assert.Error(t, err)
	assert.ErrorContains(t, a.Add([]float64{1}), "iterate of length 1, the average's is 2")
}

func TestWithLearningRate(t *testing.T) {
	t.Parallel()
	base := optimizers.AdagradWindow(0, optimizers.NWin(5))
	o, err := optimizers.WithLearningRate(base, 0.5)
	require.NoError(t, err)
	assert.Equal(t, "adagrad_window(learning_rate=0.5, epsilon=0.1, n_win=5)", o.String())
	assert.Equal(t, "adagrad_window(learning_rate=0.001, epsilon=0.1, n_win=5)", base.String(), "the original is unchanged")
	lr, ok := optimizers.LearningRate(o)
	assert.True(t, ok)
	assert.Equal(t, 0.5, lr)
	_, err = optimizers.WithLearningRate(base, 0)
	assert.Error(t, err)
	_, err = optimizers.WithLearningRate(optimizers.Adam(0, optimizers.NWin(1)), 1)
	assert.Error(t, err, "a broken optimizer stays broken")
	_, err = optimizers.WithLearningRate(foreign{}, 1)
	assert.ErrorContains(t, err, "not a rule of package optimizers")
	_, ok = optimizers.LearningRate(foreign{})
	assert.False(t, ok)
}

type foreign struct{}

func (foreign) NewState(int) (optimizers.State, error) { return nil, nil }
func (foreign) String() string                         { return "foreign" }
