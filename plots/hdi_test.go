package plots

import (
	"math"
	"testing"

	"github.com/gopymc/gopymc/plots/internal/synth"
	"github.com/gopymc/gopymc/trace"
)

// mixture is a two-component normal mixture w·N(m1, s1²) + (1-w)·N(m2, s2²).
type mixture struct{ w, m1, s1, m2, s2 float64 }

func (m mixture) cdf(x float64) float64 {
	phi := func(z float64) float64 { return 0.5 * math.Erfc(-z/math.Sqrt2) }
	return m.w*phi((x-m.m1)/m.s1) + (1-m.w)*phi((x-m.m2)/m.s2)
}

func (m mixture) quantile(p float64) float64 {
	lo, hi := -50.0, 50.0
	for range 200 {
		mid := (lo + hi) / 2
		if m.cdf(mid) < p {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}

// narrowest returns the exact narrowest single interval of probability prob, found by
// scanning the lower tail probability on a grid of 1e-5 and refining by golden section.
func (m mixture) narrowest(prob float64) (lo, hi float64) {
	width := func(p float64) float64 { return m.quantile(p+prob) - m.quantile(p) }
	best := 1e-9
	for p := 1e-9; p < 1-prob; p += 1e-4 {
		if width(p) < width(best) {
			best = p
		}
	}
	a, b := math.Max(1e-12, best-1e-4), math.Min(1-prob-1e-12, best+1e-4)
	g := (math.Sqrt(5) - 1) / 2
	for range 60 {
		c, d := b-g*(b-a), a+g*(b-a)
		if width(c) < width(d) {
			b = d
		} else {
			a = c
		}
	}
	p := (a + b) / 2
	return m.quantile(p), m.quantile(p + prob)
}

func (m mixture) sample(n int, seed uint64) []float64 {
	r := synth.Rand(seed)
	out := make([]float64, n)
	for i := range out {
		if r.Float64() < m.w {
			out[i] = m.m1 + m.s1*r.NormFloat64()
		} else {
			out[i] = m.m2 + m.s2*r.NormFloat64()
		}
	}
	return out
}

// TestHDI checks the interval PlotPosterior marks (trace.HDIOf, ArviZ's rule) on the
// samples the brief names. For a multimodal sample we follow ArviZ's default
// (az.hdi(..., multimodal=False)): one contiguous interval, the narrowest holding the
// probability, which spans the low-density gap between the modes instead of splitting
// into one interval per mode.
func TestHDI(t *testing.T) {
	t.Parallel()
	// N(0, 1): the 94% HDI is ±Φ⁻¹(0.97) = ±1.880794 (closed form). The narrowest
	// interval's position is poorly determined (its width is flat in the shift), so its
	// endpoints converge like n^(-1/3), not n^(-1/2) as quantiles do: over 20 seeds the
	// larger endpoint error averaged 0.041 sd at 2·10⁴ draws, 0.016 at 2·10⁵, 0.009 at
	// 10⁶ (worst 0.022) and 0.006 at 4·10⁶ (worst 0.017). Hence 4·10⁶ draws for 0.02 sd.
	const tolSD = 0.02
	x := synth.Normal(synth.Rand(21), 4000000, 0, 1)
	lo, hi, err := trace.HDIOf(x, 0.94)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(lo+1.880794) > tolSD || math.Abs(hi-1.880794) > tolSD {
		t.Errorf("normal 94%% HDI = [%.4f, %.4f], want ±1.8808 ± %g", lo, hi, tolSD)
	}

	// Mixtures: the expected interval is the exact narrowest 94% interval of the mixture,
	// computed above from its closed-form CDF.
	const tol = 0.02
	cases := []struct {
		name string
		m    mixture
		gap  float64 // a point between the modes that the single interval must cover
	}{
		{"tutorial mixture", mixture{0.2, -0.3, 0.1, 0.5, 0.1}, 0.1},
		{"equal modes", mixture{0.5, -2, 0.5, 2, 0.5}, 0},
	}
	for _, tc := range cases {
		wantLo, wantHi := tc.m.narrowest(0.94)
		lo, hi, err := trace.HDIOf(tc.m.sample(200000, 22), 0.94)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(lo-wantLo) > tol || math.Abs(hi-wantHi) > tol {
			t.Errorf("%s: 94%% HDI = [%.4f, %.4f], want [%.4f, %.4f] ± %g", tc.name, lo, hi, wantLo, wantHi, tol)
		}
		if !(lo < tc.gap && tc.gap < hi) {
			t.Errorf("%s: HDI [%.4f, %.4f] does not span the gap at %g", tc.name, lo, hi, tc.gap)
		}
	}
}
