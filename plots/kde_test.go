package plots

import (
	"math"
	"strings"
	"testing"

	"github.com/gopymc/gopymc/plots/internal/synth"
)

// normPDF is the N(mu, sd²) density.
func normPDF(x, mu, sd float64) float64 {
	z := (x - mu) / sd
	return math.Exp(-z*z/2) / (sd * math.Sqrt(2*math.Pi))
}

// mixturePDF is the density of the quickstart's mixture 0.2·N(-0.3, 0.1²) + 0.8·N(0.5, 0.1²).
func mixturePDF(x float64) float64 {
	return 0.2*normPDF(x, -0.3, 0.1) + 0.8*normPDF(x, 0.5, 0.1)
}

func TestKDEIntegratesToOne(t *testing.T) {
	t.Parallel()
	// The estimate is a density: its trapezoidal integral over the grid is 1, up to the
	// kernel mass past an open end (Φ(-3) of a few extreme draws) and the trapezoid error.
	const tol = 1e-3
	r := synth.Rand(11)
	exp := make([]float64, 5000)
	for i := range exp {
		exp[i] = r.ExpFloat64()
	}
	unif := make([]float64, 5000)
	for i := range unif {
		unif[i] = r.Float64()
	}
	cases := []struct {
		name string
		x    []float64
		opts []Option
	}{
		{"normal Silverman", synth.Normal(r, 20000, 0, 1), nil},
		{"normal Scott", synth.Normal(r, 20000, 0, 1), []Option{KDERule(Scott)}},
		{"mixture", synth.Mixture(r, 2000), nil},
		{"half-normal reflected at 0", synth.Map(synth.Normal(r, 5000, 0, 1), math.Abs), nil},
		{"exponential", exp, nil},
		{"uniform reflected at 0 and 1", unif, nil},
		{"declared bounds", unif, []Option{KDEBounds(-1, 2)}},
		{"positive, far from 0", synth.Normal(r, 3000, 50, 2), nil},
		{"small sample", synth.Normal(r, 10, 0, 1), []Option{GridSize(2048)}},
		{"wide bandwidth", synth.Normal(r, 500, 0, 1), []Option{KDEAdjust(3)}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d, err := KDE(tc.x, tc.opts...)
			if err != nil {
				t.Fatal(err)
			}
			if got := d.Integral(); math.Abs(got-1) > tol {
				t.Errorf("integral = %.6f, want 1 ± %g (bandwidth %g, grid [%g, %g])", got, tol, d.Bandwidth, d.Lo, d.Hi)
			}
		})
	}
}

func TestKDEMatchesNormalDensity(t *testing.T) {
	t.Parallel()
	// 20,000 seeded N(0, 1) draws; the expected values are the closed-form density. The
	// error is the kernel bias (h²/2·φ'' ≈ 0.003 at the mode) plus sampling noise (sd ≈
	// 0.007 at the mode).
	const tol = 0.02
	x := synth.Normal(synth.Rand(3), 20000, 0, 1)
	for _, rule := range []BandwidthRule{Silverman, Scott} {
		d, err := KDE(x, KDERule(rule))
		if err != nil {
			t.Fatal(err)
		}
		worst := 0.0
		for g := -3.5; g <= 3.5; g += 0.05 {
			worst = math.Max(worst, math.Abs(d.At(g)-normPDF(g, 0, 1)))
		}
		if worst > tol {
			t.Errorf("%v: largest |KDE - φ| on [-3.5, 3.5] = %.4f, want ≤ %g", rule, worst, tol)
		}
	}
}

func TestBandwidthRules(t *testing.T) {
	t.Parallel()
	const tol = 1e-9
	// x = 1, …, 10: sd (n-1) = 3.0276503540974917, IQR (type 7) = 7.75 - 3.25 = 4.5,
	// n^(-1/5) = 0.6309573444801932. Silverman: 0.9·min(3.02765, 4.5/1.34)·n^(-1/5), as
	// R's bw.nrd0(1:10) = 1.719290; Scott: sd·n^(-1/5), as SciPy's gaussian_kde(x).factor
	// times the sample sd = 1.910322.
	x := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	sd := 3.0276503540974917
	f := math.Pow(10, -0.2)
	cases := []struct {
		opts []Option
		want float64
	}{
		{nil, 0.9 * sd * f},
		{[]Option{KDERule(Silverman)}, 0.9 * sd * f},
		{[]Option{KDERule(Scott)}, sd * f},
		{[]Option{KDERule(Scott), KDEAdjust(0.5)}, 0.5 * sd * f},
		{[]Option{KDEBandwidth(0.25)}, 0.25},
	}
	for _, tc := range cases {
		d, err := KDE(x, tc.opts...)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(d.Bandwidth-tc.want) > tol {
			t.Errorf("KDE(1..10, %v).Bandwidth = %.12g, want %.12g", tc.opts, d.Bandwidth, tc.want)
		}
	}
	// A sample whose mass sits in two separated modes has IQR/1.34 < sd, so Silverman's
	// rule is narrower than Scott's: here the tutorial mixture, sd ≈ 0.34, IQR ≈ 0.20.
	m := synth.Mixture(synth.Rand(5), 2000)
	ds, _ := KDE(m, KDERule(Silverman))
	dc, _ := KDE(m, KDERule(Scott))
	if !(ds.Bandwidth < 0.6*dc.Bandwidth) {
		t.Errorf("mixture: Silverman bandwidth %g not well below Scott's %g", ds.Bandwidth, dc.Bandwidth)
	}
}

func TestKDEMultimodal(t *testing.T) {
	t.Parallel()
	// 2,000 draws of the tutorial mixture (the SVGD sample size): both modes are resolved
	// and the gap between them is nearly empty. Expected values: the closed-form mixture
	// density, 0.80 at -0.3, 3.19 at 0.5, 0.0013 at 0.1.
	const tol = 0.35
	d, err := KDE(synth.Mixture(synth.Rand(7), 2000))
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range []float64{-0.3, 0.1, 0.5} {
		if got, want := d.At(x), mixturePDF(x); math.Abs(got-want) > tol {
			t.Errorf("density at %g = %.3f, want %.3f ± %g", x, got, want, tol)
		}
	}
	if got := d.At(0.1); got > 0.1 {
		t.Errorf("density in the gap at 0.1 = %.3f, want < 0.1", got)
	}
}

func TestKDEBoundaries(t *testing.T) {
	t.Parallel()
	// |N(0, 1)| has density 2φ(0) = 0.7979 at 0 and none below; U(0, 1) has density 1 on
	// [0, 1]. Reflection keeps the estimate at the bound close to the truth where an
	// unreflected estimate would be about half of it.
	const tol = 0.08
	r := synth.Rand(9)
	half := synth.Map(synth.Normal(r, 20000, 0, 1), math.Abs)
	unif := make([]float64, 20000)
	for i := range unif {
		unif[i] = r.Float64()
	}
	cases := []struct {
		name         string
		x            []float64
		opts         []Option
		at, want     float64
		lo, hi       float64
		refLo, refHi bool
	}{
		{"half-normal at 0", half, nil, 0, 2 * normPDF(0, 0, 1), 0, math.NaN(), true, false},
		{"uniform at 0", unif, nil, 0, 1, 0, 1, true, true},
		{"uniform at 1", unif, nil, 1, 1, 0, 1, true, true},
		{"declared half-line", half, []Option{KDEBounds(0, math.Inf(1))}, 0, 2 * normPDF(0, 0, 1), 0, math.NaN(), true, false},
	}
	for _, tc := range cases {
		d, err := KDE(tc.x, tc.opts...)
		if err != nil {
			t.Fatal(err)
		}
		if got := d.At(tc.at); math.Abs(got-tc.want) > tol {
			t.Errorf("%s: density = %.3f, want %.3f ± %g", tc.name, got, tc.want, tol)
		}
		if d.Lo != tc.lo || (!math.IsNaN(tc.hi) && d.Hi != tc.hi) || d.ReflectLo != tc.refLo || d.ReflectHi != tc.refHi {
			t.Errorf("%s: grid [%g, %g] reflect (%v, %v), want [%g, %g] (%v, %v)", tc.name, d.Lo, d.Hi, d.ReflectLo, d.ReflectHi, tc.lo, tc.hi, tc.refLo, tc.refHi)
		}
		if got := d.At(tc.lo - 0.01); got != 0 {
			t.Errorf("%s: density below the bound = %g, want 0", tc.name, got)
		}
	}
	// An unbounded sample gets open tails 3 bandwidths past its extremes (seaborn cut=3).
	x := synth.Normal(r, 1000, 0, 1)
	d, err := KDE(x)
	if err != nil {
		t.Fatal(err)
	}
	lo, hi := x[0], x[0]
	for _, v := range x {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	if d.ReflectLo || d.ReflectHi || math.Abs(d.Lo-(lo-3*d.Bandwidth)) > 1e-12 || math.Abs(d.Hi-(hi+3*d.Bandwidth)) > 1e-12 {
		t.Errorf("normal sample: grid [%g, %g] reflect (%v, %v), want [%g, %g] open", d.Lo, d.Hi, d.ReflectLo, d.ReflectHi, lo-3*d.Bandwidth, hi+3*d.Bandwidth)
	}
}

func TestKDEErrors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		x    []float64
		opts []Option
		want string
	}{
		{"empty", nil, nil, "has 0 draws"},
		{"one draw", []float64{1}, nil, "has 1 draws"},
		{"NaN", []float64{1, math.NaN(), 2}, nil, "non-finite value NaN at index 1"},
		{"Inf", []float64{1, 2, math.Inf(1)}, nil, "non-finite value +Inf at index 2"},
		{"constant", []float64{2, 2, 2}, nil, "is constant"},
		{"outside bounds", []float64{-1, 2}, []Option{KDEBounds(0, 3)}, "outside KDEBounds(0, 3)"},
		{"zero bandwidth", []float64{1, 2}, []Option{KDEBandwidth(0)}, "KDEBandwidth(0): the bandwidth must be positive"},
		{"bad adjust", []float64{1, 2}, []Option{KDEAdjust(-1)}, "KDEAdjust(-1)"},
		{"reversed bounds", []float64{1, 2}, []Option{KDEBounds(3, 0)}, "lo < hi"},
		{"small grid", []float64{1, 2}, []Option{GridSize(3)}, "at least 16 points"},
		{"unknown rule", []float64{1, 2}, []Option{KDERule(BandwidthRule(7))}, "unknown bandwidth rule"},
		{"foreign option", []float64{1, 2}, []Option{Size(4, 3)}, "option Size(4, 3) does not apply to KDE"},
		{"nil option", []float64{1, 2}, []Option{nil}, "option 0 is nil"},
	}
	for _, tc := range cases {
		_, err := KDE(tc.x, tc.opts...)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "plots: ") {
			t.Errorf("%s: err = %v, want a plots error containing %q", tc.name, err, tc.want)
		}
	}
}

func TestDensityAt(t *testing.T) {
	t.Parallel()
	const tol = 1e-12
	d := &Density{X: []float64{0, 1, 2}, Y: []float64{0, 2, 1}}
	cases := []struct{ x, want float64 }{
		{-0.1, 0}, {0, 0}, {0.5, 1}, {1, 2}, {1.5, 1.5}, {2, 1}, {2.1, 0}, {math.NaN(), 0},
	}
	for _, tc := range cases {
		if got := d.At(tc.x); math.Abs(got-tc.want) > tol {
			t.Errorf("At(%g) = %g, want %g", tc.x, got, tc.want)
		}
	}
}

func BenchmarkKDE(b *testing.B) {
	for _, bc := range []struct {
		name string
		n    int
	}{{"Small", 1000}, {"Medium", 20000}, {"Large", 200000}} {
		x := synth.Mixture(synth.Rand(1), bc.n)
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := KDE(x); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
