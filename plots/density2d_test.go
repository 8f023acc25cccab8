package plots

import (
	"bytes"
	"image/color"
	"math"
	"strings"
	"testing"

	"github.com/gopymc/gopymc/plots/internal/synth"
)

// EvalGrid2D evaluates f at np.mgrid's points, ends included, in the documented layout.
func TestEvalGrid2D(t *testing.T) {
	t.Parallel()
	g, err := EvalGrid2D(func(x, y float64) float64 { return 10*x + y }, -1, 1, 5, 0, 3, 4)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.X) != 5 || len(g.Y) != 4 || g.X[0] != -1 || g.X[4] != 1 || g.Y[0] != 0 || g.Y[3] != 3 {
		t.Fatalf("axes %v %v", g.X, g.Y)
	}
	for i, x := range g.X {
		for j, y := range g.Y {
			if g.At(i, j) != 10*x+y || g.Z[i*4+j] != 10*x+y {
				t.Errorf("At(%d, %d) = %v, want %v", i, j, g.At(i, j), 10*x+y)
			}
		}
	}
	if g.Max() != 13 {
		t.Errorf("Max %v", g.Max())
	}
}

// The midpoint-rule integral of a standard bivariate normal over [-6, 6]² is 1 to the
// rule's error, (h²/24)·∫Δp ≈ 0 with h = 0.06 plus the tail mass 4e-9.
func TestGrid2DIntegral(t *testing.T) {
	t.Parallel()
	g, err := EvalGrid2D(func(x, y float64) float64 { return math.Exp(-(x*x+y*y)/2) / (2 * math.Pi) }, -6, 6, 201, -6, 6, 201)
	if err != nil {
		t.Fatal(err)
	}
	if got := g.Integral(); math.Abs(got-1) > 1e-6 {
		t.Errorf("integral %v, want 1", got)
	}
}

// Histogram2D's densities are count/(n·area) in the right bins; points outside are left
// out, so the grid integrates to the share inside.
func TestHistogram2D(t *testing.T) {
	t.Parallel()
	x := []float64{0.1, 0.6, 0.6, 0.99, -0.5, 0.5}
	y := []float64{0.1, 0.2, 0.9, 0.99, 0.5, 1.0} // the 5th is left of x0, the 6th on y1
	g, err := Histogram2D(x, y, 0, 1, 2, 0, 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	w := 1 / (6 * 0.25) // one point's density in a 0.5×0.5 bin
	want := []float64{w, 0, w, 2 * w}
	for k, v := range want {
		if math.Abs(g.Z[k]-v) > 1e-15 {
			t.Errorf("bin %d: %v, want %v", k, g.Z[k], v)
		}
	}
	if g.X[0] != 0.25 || g.X[1] != 0.75 || g.Y[0] != 0.25 {
		t.Errorf("bin centres %v %v", g.X, g.Y)
	}
	if got := g.Integral(); math.Abs(got-4.0/6) > 1e-15 {
		t.Errorf("integral %v, want 4/6", got)
	}
}

// KDE2D is SciPy's gaussian_kde: at every grid point, the sum of the points' Gaussian
// kernels with covariance cov·n^(-1/3), computed here directly from the definition.
func TestKDE2DMatchesDefinition(t *testing.T) {
	t.Parallel()
	x := []float64{0, 1, 2, 0.5, 1.5}
	y := []float64{0, 0.5, 2.5, 1, 1}
	g, err := KDE2D(x, y, GridSize(20))
	if err != nil {
		t.Fatal(err)
	}
	n := 5.0
	mx, my := 1.0, 1.0
	var sxx, syy, sxy float64
	for k := range x {
		sxx += (x[k] - mx) * (x[k] - mx) / (n - 1)
		syy += (y[k] - my) * (y[k] - my) / (n - 1)
		sxy += (x[k] - mx) * (y[k] - my) / (n - 1)
	}
	f2 := math.Pow(n, -1.0/3)
	a, b, c := sxx*f2, sxy*f2, syy*f2
	det := a*c - b*b
	for i, gx := range g.X {
		for j, gy := range g.Y {
			want := 0.0
			for k := range x {
				dx, dy := gx-x[k], gy-y[k]
				q := (c*dx*dx - 2*b*dx*dy + a*dy*dy) / det
				if q < 36 {
					want += math.Exp(-q/2) / (2 * math.Pi * math.Sqrt(det) * n)
				}
			}
			if math.Abs(g.At(i, j)-want) > 1e-14 {
				t.Fatalf("at (%v, %v): %v, want %v", gx, gy, g.At(i, j), want)
			}
		}
	}
	// The grid runs 3 kernel sds past the points.
	if lo := -3 * math.Sqrt(a); math.Abs(g.X[0]-lo) > 1e-12 {
		t.Errorf("grid starts at %v, want %v", g.X[0], lo)
	}
}

// On many draws of a correlated normal the estimate is close to the exact density
// convolved with the kernel, N(0, Σ(1 + n^(-1/3))), and integrates to 1.
func TestKDE2DConverges(t *testing.T) {
	t.Parallel()
	r := synth.Rand(3)
	const n = 20000
	x, y := make([]float64, n), make([]float64, n)
	for k := range x {
		a, b := r.NormFloat64(), r.NormFloat64()
		x[k], y[k] = a, 0.5*a+math.Sqrt(0.75)*b // corr 0.5, unit variances
	}
	g, err := KDE2D(x, y, GridSize(80))
	if err != nil {
		t.Fatal(err)
	}
	if got := g.Integral(); math.Abs(got-1) > 2e-3 {
		t.Errorf("integral %v, want 1", got)
	}
	s := 1 + math.Pow(n, -1.0/3)
	det := s * s * 0.75
	worst := 0.0
	for i, gx := range g.X {
		for j, gy := range g.Y {
			q := s * s * (gx*gx - gx*gy + gy*gy) / det // (Σs)⁻¹ with Σ = [[1, .5], [.5, 1]]
			want := math.Exp(-q/2) / (2 * math.Pi * math.Sqrt(det))
			worst = math.Max(worst, math.Abs(g.At(i, j)-want))
		}
	}
	// The peak is 0.17; the estimate's sd there is about √(p/(n·4π|H|^½)) ≈ 0.006.
	if worst > 0.02 {
		t.Errorf("largest error %v against the smoothed density", worst)
	}
}

func TestDensity2DBadInput(t *testing.T) {
	t.Parallel()
	field, err := EvalGrid2D(func(x, y float64) float64 { return x * y }, 0, 1, 3, 0, 1, 3)
	if err != nil {
		t.Fatal(err)
	}
	flat := &Grid2D{X: []float64{0, 1}, Y: []float64{0, 1}, Z: []float64{2, 2, 2, 2}}
	uneven := &Grid2D{X: []float64{0, 1, 3}, Y: []float64{0, 1}, Z: make([]float64, 6)}
	short := &Grid2D{X: []float64{0, 1}, Y: []float64{0, 1}, Z: make([]float64, 3)}
	withNaN := &Grid2D{X: []float64{0, 1}, Y: []float64{0, 1}, Z: []float64{0, math.NaN(), 1, 2}}
	cases := []struct {
		name string
		call func() error
		want string
	}{
		{"eval nil", func() error { _, err := EvalGrid2D(nil, 0, 1, 2, 0, 1, 2); return err }, "EvalGrid2D: nil function"},
		{"eval range", func() error {
			_, err := EvalGrid2D(func(x, y float64) float64 { return 0 }, 1, 0, 2, 0, 1, 2)
			return err
		}, "x range [1, 0] must be finite with lo < hi"},
		{"eval points", func() error {
			_, err := EvalGrid2D(func(x, y float64) float64 { return 0 }, 0, 1, 2, 0, 1, 1)
			return err
		}, "y axis needs at least 2 points, got 1"},
		{"eval NaN", func() error {
			_, err := EvalGrid2D(func(x, y float64) float64 { return math.Log(x) }, -1, 1, 3, 0, 1, 2)
			return err
		}, "f(-1, 0) = NaN"},
		{"hist lengths", func() error { _, err := Histogram2D([]float64{1}, nil, 0, 1, 2, 0, 1, 2); return err }, "x has 1 values and y 0"},
		{"hist Inf", func() error {
			_, err := Histogram2D([]float64{1, 2}, []float64{0, math.Inf(1)}, 0, 1, 2, 0, 1, 2)
			return err
		}, "y has a non-finite value +Inf at index 1"},
		{"kde few", func() error { _, err := KDE2D([]float64{1, 2}, []float64{1, 3}); return err }, "2 points; at least 3"},
		{"kde line", func() error { _, err := KDE2D([]float64{1, 2, 3}, []float64{2, 4, 6}); return err }, "points lie on a line"},
		{"kde bandwidth", func() error {
			_, err := KDE2D([]float64{1, 2, 3}, []float64{2, 1, 6}, KDEBandwidth(1))
			return err
		}, "KDEBandwidth and KDEBounds are one-dimensional"},
		{"kde option", func() error { _, err := KDE2D([]float64{1, 2, 3}, []float64{2, 1, 6}, Size(2, 2)); return err }, "option Size(2, 2) does not apply to KDE2D"},
		{"plot none", func() error { _, err := PlotDensity2D(nil); return err }, "PlotDensity2D: no panels"},
		{"plot empty panel", func() error { _, err := PlotDensity2D([]Panel2D{{Title: "a"}}); return err }, `panel 0 ("a") has neither a field nor points`},
		{"plot uneven", func() error { _, err := PlotDensity2D([]Panel2D{{Field: uneven}}); return err }, "X is not evenly spaced at index 1 (1 after 0, step 1.5)"},
		{"plot short", func() error { _, err := PlotDensity2D([]Panel2D{{Field: short}}); return err }, "Z has 3 values; a 2×2 grid needs 4"},
		{"plot NaN field", func() error { _, err := PlotDensity2D([]Panel2D{{Field: withNaN}}); return err }, "field has a non-finite value NaN at index 1"},
		{"plot flat", func() error { _, err := PlotDensity2D([]Panel2D{{Field: flat}}); return err }, "the field is constant (2)"},
		{"plot levels", func() error { _, err := PlotDensity2D([]Panel2D{{Field: field, Levels: -1}}); return err }, "Levels must be >= 0, got -1"},
		{"plot alpha", func() error {
			_, err := PlotDensity2D([]Panel2D{{X: []float64{1}, Y: []float64{1}, PointAlpha: 2}})
			return err
		}, "PointAlpha must be in (0, 1], got 2"},
		{"plot lim", func() error { _, err := PlotDensity2D([]Panel2D{{Field: field, XLim: [2]float64{1, 1}}}); return err }, "XLim [1 1] must be finite and increasing"},
		{"plot points", func() error {
			_, err := PlotDensity2D([]Panel2D{{Field: field}, {X: []float64{1, 2}, Y: []float64{1}}})
			return err
		}, `panel 1 (""): plots: PlotDensity2D: x has 2 values and y 1`},
		{"plot option", func() error { _, err := PlotDensity2D([]Panel2D{{Field: field}}, HDIProb(0.9)); return err }, "option HDIProb(0.9) does not apply to PlotDensity2D"},
	}
	for _, c := range cases {
		err := c.call()
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "plots: ") {
			t.Errorf("%s: got %v, want an error containing %q", c.name, err, c.want)
		}
	}
}

// Filled contours colour each pixel by its band: the field x on [0, 1]² in 4 bands of
// the given colours, so the image's columns run through the colours left to right.
func TestFilledContoursBands(t *testing.T) {
	t.Parallel()
	g, err := EvalGrid2D(func(x, y float64) float64 { return x }, 0, 1, 11, 0, 1, 3)
	if err != nil {
		t.Fatal(err)
	}
	cols := []color.Color{rgb(0xff0000), rgb(0x00ff00), rgb(0x0000ff), rgb(0x000000)}
	im := bandImage(g, cols, 0, 1)
	for k := range 4 {
		px := (2*k + 1) * rasterSide / 8 // the middle of band k
		for _, py := range []int{0, rasterSide / 2, rasterSide - 1} {
			got := color.NRGBAModel.Convert(im.At(px, py)).(color.NRGBA)
			if want := cols[k].(color.NRGBA); got != want {
				t.Errorf("pixel (%d, %d): %v, want band %d's %v", px, py, got, k, want)
			}
		}
	}
}

// Lines, filled contours and points render in every format, also over each other.
func TestPlotDensity2DRenders(t *testing.T) {
	t.Parallel()
	r := synth.Rand(5)
	x, y := make([]float64, 500), make([]float64, 500)
	for k := range x {
		x[k], y[k] = r.NormFloat64(), r.NormFloat64()
	}
	kde, err := KDE2D(x, y)
	if err != nil {
		t.Fatal(err)
	}
	field, err := EvalGrid2D(func(a, b float64) float64 { return math.Exp(-(a*a + b*b) / 2) }, -3, 3, 50, -3, 3, 50)
	if err != nil {
		t.Fatal(err)
	}
	fig, err := PlotDensity2D([]Panel2D{
		{Title: "filled", Field: field},
		{Title: "lines", Field: kde, Lines: true, Levels: 6},
		{Title: "points", X: x, Y: y, PointAlpha: 0.1, XLim: [2]float64{-2, 2}, YLim: [2]float64{-2, 2}},
		{Title: "both", Field: field, X: x, Y: y, Colors: []color.Color{color.White, color.Black}},
	}, Columns(2), Title("four panels"))
	if err != nil {
		t.Fatal(err)
	}
	if w, h := fig.Size(); w != 12 || h != 11 {
		t.Errorf("size %v×%v, want 12×11", w, h)
	}
	if rows := fig.Panels(); len(rows) != 2 || len(rows[0]) != 2 || len(rows[1]) != 2 {
		t.Errorf("layout %d rows", len(rows))
	}
	for _, format := range []string{"png", "svg", "pdf"} {
		var buf bytes.Buffer
		if err := fig.Render(&buf, format); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		if buf.Len() < 5000 {
			t.Errorf("%s: only %d bytes", format, buf.Len())
		}
	}
}

// spread keeps the anchors at its ends and interpolates between them.
func TestSpread(t *testing.T) {
	t.Parallel()
	got := spread([]color.Color{rgb(0x000000), rgb(0xffffff)}, 3)
	want := []color.NRGBA{rgb(0x000000), {R: 128, G: 128, B: 128, A: 255}, rgb(0xffffff)}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("colour %d: %v, want %v", i, got[i], want[i])
		}
	}
	if one := spread(inferno, 1); len(one) != 1 {
		t.Errorf("one colour: %v", one)
	}
}

// Without GridSize, KDE2D's grid has seaborn's 100 points per axis and KDE's ArviZ's 512;
// GridSize sets either.
func TestGridSizeDefaults(t *testing.T) {
	t.Parallel()
	x, y := []float64{0, 1, 3, 2}, []float64{1, 0, 2, 4}
	for _, tc := range []struct {
		opts []Option
		want int
	}{{nil, 100}, {[]Option{GridSize(30)}, 30}} {
		g, err := KDE2D(x, y, tc.opts...)
		if err != nil {
			t.Fatal(err)
		}
		if len(g.X) != tc.want || len(g.Y) != tc.want {
			t.Errorf("KDE2D%v: %d×%d grid, want %d×%d", tc.opts, len(g.X), len(g.Y), tc.want, tc.want)
		}
	}
	for _, tc := range []struct {
		opts []Option
		want int
	}{{nil, 512}, {[]Option{GridSize(30)}, 30}} {
		d, err := KDE(x, tc.opts...)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.X) != tc.want {
			t.Errorf("KDE%v: %d grid points, want %d", tc.opts, len(d.X), tc.want)
		}
	}
}
