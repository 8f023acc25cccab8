package plots

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// linGrid returns n evenly spaced values on [a, b].
func linGrid(a, b float64, n int) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = a + (b-a)*float64(i)/float64(n-1)
	}
	return x
}

// gridOf samples f on the grid of xs and ys in mgrid order.
func gridOf(xs, ys []float64, f func(x, y float64) float64) *Grid2D {
	g := &Grid2D{X: xs, Y: ys}
	for _, x := range xs {
		for _, y := range ys {
			g.Z = append(g.Z, f(x, y))
		}
	}
	return g
}

// rasterGrid paints each pixel with the field interpolated bilinearly at the pixel's
// centre, which is exact for a bilinear function: the values paint receives, column by
// column from the left and each from the bottom, are f at the pixels' centres.
func TestRasterGrid(t *testing.T) {
	t.Parallel()
	f := func(x, y float64) float64 { return 2*x - 3*y + 0.5*x*y + 1 }
	g := gridOf(linGrid(-1, 2, 4), linGrid(-2, 3, 6), f)
	const side = 7
	var got []float64
	img := rasterGrid(g, side, func(z float64) color.Color {
		got = append(got, z)
		return color.Black
	})
	if b := img.Bounds(); b.Dx() != side || b.Dy() != side || len(got) != side*side {
		t.Fatalf("image %v, %d values", b, len(got))
	}
	for px := range side {
		for py := range side {
			x := -1 + 3*(float64(px)+0.5)/side
			y := -2 + 5*(float64(py)+0.5)/side
			if want := f(x, y); math.Abs(got[px*side+py]-want) > 1e-12 {
				t.Fatalf("pixel (%d, %d): %v, want f(%v, %v) = %v", px, py, got[px*side+py], x, y, want)
			}
		}
	}
}

// Contour levels are multiples of one nice step covering the values with less than a step
// to spare at each end: the BNN tutorial's probabilities in [0.02, 0.97] get the bands of
// 0.1 from 0 to 1, its sds in [0.003, 0.41] bands of 0.05; a constant surface one band.
func TestContourLevels(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		lo, hi float64
		n      int
		want   []float64
	}{
		{0.02, 0.97, 7, []float64{0, 0.1, 0.2, 0.30000000000000004, 0.4, 0.5, 0.6000000000000001, 0.7000000000000001, 0.8, 0.9, 1}},
		{0.003, 0.41, 7, []float64{0, 0.05, 0.1, 0.15000000000000002, 0.2, 0.25, 0.30000000000000004, 0.35000000000000003, 0.4, 0.45}},
		{-1, 1, 2, []float64{-1, 0, 1}},
		{3, 3, 7, []float64{2.5, 3.5}},
	} {
		got := contourLevels(c.lo, c.hi, c.n)
		if len(got) != len(c.want) {
			t.Errorf("levels(%v, %v, %d) = %v, want %v", c.lo, c.hi, c.n, got, c.want)
			continue
		}
		for i := range got {
			if math.Abs(got[i]-c.want[i]) > 1e-12 {
				t.Errorf("levels(%v, %v, %d) = %v, want %v", c.lo, c.hi, c.n, got, c.want)
				break
			}
		}
	}
	// Random ranges: the first edge is at most lo, the last at least hi, a step apart.
	for _, r := range [][2]float64{{-7.3, 12.1}, {1e-4, 3e-4}, {1234, 98765}, {-0.5, -0.25}} {
		lv := contourLevels(r[0], r[1], 7)
		step := lv[1] - lv[0]
		if lv[0] > r[0] || lv[0]+step <= r[0] || lv[len(lv)-1] < r[1] || lv[len(lv)-1]-step >= r[1] || len(lv) > 12 {
			t.Errorf("levels over %v: %v", r, lv)
		}
	}
}

// The rasterised surface colours each point by its band: with Z = x on [-1, 1] and two
// bands, the left half takes greys at 1/4 and the right half at 3/4; a heat map colours by
// the value itself, so its left edge is near white and its right edge near black.
func TestSurfaceImage(t *testing.T) {
	t.Parallel()
	g := gridOf(linGrid(-1, 1, 5), linGrid(0, 1, 3), func(x, _ float64) float64 { return x })
	s := &surface{grid: g, cmap: colormaps["greys"], levels: []float64{-1, 0, 1}, lo: -1, hi: 1}
	img := s.image()
	left, right := colormaps["greys"].at(0.25), colormaps["greys"].at(0.75)
	for _, py := range []int{0, rasterSide / 2, rasterSide - 1} {
		if got := img.NRGBAAt(10, py); got != left {
			t.Errorf("row %d, left: %v, want %v", py, got, left)
		}
		if got := img.NRGBAAt(rasterSide-10, py); got != right {
			t.Errorf("row %d, right: %v, want %v", py, got, right)
		}
	}
	heat := &surface{grid: g, cmap: colormaps["greys"], lo: -1, hi: 1}
	img = heat.image()
	if l, r := img.NRGBAAt(0, 0).R, img.NRGBAAt(rasterSide-1, 0).R; l < 250 || r > 5 {
		t.Errorf("heat map edges %d and %d, want near 255 and 0", l, r)
	}
}

// A contour figure renders with the surface's band colours filling much of the image, the
// points over it, and a colour bar whose column is about 1.3 inches of the 10.
func TestPlotContourRenders(t *testing.T) {
	t.Parallel()
	g := gridOf(linGrid(-3, 3, 40), linGrid(-3, 3, 30), func(x, y float64) float64 { return 1 / (1 + math.Exp(-(x + y))) })
	pts := []PointSet{{"class 0", []float64{-1, -2}, []float64{-1, 0}}, {"class 1", []float64{1}, []float64{2}}}
	fig, err := PlotContour(g, pts, Colormap("diverging"), ColorBarLabel("probability"), Title("surface"))
	if err != nil {
		t.Fatal(err)
	}
	if w, h := fig.Size(); w != 10 || h != 6 || len(fig.Panels()[0]) != 2 {
		t.Fatalf("size %v×%v with %d panels", w, h, len(fig.Panels()[0]))
	}
	img := renderPNG(t, fig)
	if b := img.Bounds(); b.Dx() != 1000 || b.Dy() != 600 {
		t.Fatalf("image %v", b)
	}
	// Band 0 of 10 ([0, 0.1]) and band 9 ([0.9, 1]) each cover a corner of the surface.
	for _, band := range []int{0, 9} {
		want := colormaps["diverging"].at((float64(band) + 0.5) / 10)
		if n := countColor(img, want); n < 10000 {
			t.Errorf("band %d colour %v on %d pixels, want a corner's worth", band, want, n)
		}
	}
	// The heat map renders too, with the cubehelix map.
	heat, err := PlotHeatMap(g, nil, Colormap("cubehelix"))
	if err != nil {
		t.Fatal(err)
	}
	if err := heat.Render(io.Discard, "svg"); err != nil {
		t.Fatal(err)
	}
}

// renderPNG renders fig as a PNG and decodes it.
func renderPNG(t *testing.T, fig *Figure) image.Image {
	t.Helper()
	var buf bytes.Buffer
	if err := fig.Render(&buf, "png"); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// countColor counts the pixels of img equal to c (within 1 per channel).
func countColor(img image.Image, c color.NRGBA) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			p := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			d := func(a, b uint8) bool { return a-b <= 1 || b-a <= 1 }
			if d(p.R, c.R) && d(p.G, c.G) && d(p.B, c.B) {
				n++
			}
		}
	}
	return n
}

// reweigh keeps the row's extent and gaps and shares the rest by weight.
func TestReweigh(t *testing.T) {
	t.Parallel()
	row := []draw.Canvas{
		{Rectangle: vg.Rectangle{Min: vg.Point{X: 10}, Max: vg.Point{X: 100}}},
		{Rectangle: vg.Rectangle{Min: vg.Point{X: 110}, Max: vg.Point{X: 200}}},
	}
	reweigh(row, []float64{0.8, 0.2})
	if row[0].Min.X != 10 || row[1].Max.X != 200 || row[1].Min.X-row[0].Max.X != 10 {
		t.Fatalf("extent or gap changed: %v", row)
	}
	if w0, w1 := row[0].Max.X-row[0].Min.X, row[1].Max.X-row[1].Min.X; math.Abs(float64(w0-4*w1)) > 1e-9 {
		t.Fatalf("widths %v and %v, want 4:1", w0, w1)
	}
	before := row[0]
	reweigh(row, []float64{1})
	if row[0] != before {
		t.Fatal("mismatched weights changed the row")
	}
}

// Colour bar labels share one number of decimals, enough for the step.
func TestTickLabels(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		v    []float64
		want string
	}{
		{[]float64{0, 0.15, 0.30000000000000004}, "0.00 0.15 0.30"},
		{[]float64{0, 5, 10}, "0 5 10"},
		{[]float64{-0.5, 0, 0.5}, "-0.5 0.0 0.5"},
		{[]float64{-2.5, 0, 2.5}, "-2.5 0.0 2.5"},
		{[]float64{3}, "3"},
	} {
		if got := strings.Join(tickLabels(c.v), " "); got != c.want {
			t.Errorf("tickLabels(%v) = %q, want %q", c.v, got, c.want)
		}
	}
}

// Bad grids, points and options are errors naming what is wrong.
func TestPlotSurfaceErrors(t *testing.T) {
	t.Parallel()
	good := gridOf([]float64{0, 1}, []float64{0, 1, 2}, func(x, y float64) float64 { return x + y })
	nan := gridOf([]float64{0, 1}, []float64{0, 1}, func(x, y float64) float64 { return x / y })
	for _, c := range []struct {
		name string
		run  func() error
		want string
	}{
		{"nil grid", func() error { _, err := PlotContour(nil, nil); return err },
			"plots: PlotContour: the grid is nil"},
		{"short X", func() error {
			_, err := PlotContour(&Grid2D{X: []float64{0}, Y: good.Y, Z: good.Z}, nil)
			return err
		}, "plots: PlotContour: the grid: X has 1 points; at least 2 are needed"},
		{"uneven Y", func() error {
			_, err := PlotHeatMap(&Grid2D{X: good.X, Y: []float64{0, 2, 3}, Z: good.Z}, nil)
			return err
		}, "plots: PlotHeatMap: the grid: Y is not evenly spaced at index 1 (2 after 0, step 1.5)"},
		{"Z length", func() error {
			_, err := PlotContour(&Grid2D{X: good.X, Y: good.Y, Z: good.Z[:5]}, nil)
			return err
		}, "plots: PlotContour: the grid: Z has 5 values; a 2×3 grid needs 6"},
		{"NaN in Z", func() error { _, err := PlotContour(nan, nil); return err },
			"plots: PlotContour: plots: the grid has a non-finite value NaN at index 0; remove or fix non-finite values before plotting"},
		{"points", func() error {
			_, err := PlotContour(good, []PointSet{{"a", []float64{1, 2}, []float64{1}}})
			return err
		}, `plots: PlotContour: point set 0 ("a") has 2 x values and 1 y values`},
		{"Levels on a heat map", func() error { _, err := PlotHeatMap(good, nil, Levels(5)); return err },
			"plots: option Levels(5) does not apply to PlotHeatMap; use PlotContour for bands"},
		{"bad Levels", func() error { _, err := PlotContour(good, nil, Levels(0)); return err },
			"plots: Levels(0): the number of levels must be positive"},
		{"Bins", func() error { _, err := PlotContour(good, nil, Bins(3)); return err },
			"plots: option Bins(3) does not apply to PlotContour"},
		{"Colormap on a scatter", func() error {
			_, err := PlotScatter([]PointSet{{"a", []float64{1}, []float64{1}}}, Colormap("greys"))
			return err
		}, `plots: option Colormap("greys") does not apply to PlotScatter`},
	} {
		err := c.run()
		if err == nil || err.Error() != c.want {
			t.Errorf("%s: got %v, want %q", c.name, err, c.want)
		}
	}
}

// A constant surface draws: one band around its value in a contour plot, the map's middle in
// a heat map.
func TestPlotSurfaceConstant(t *testing.T) {
	t.Parallel()
	g := gridOf(linGrid(0, 1, 3), linGrid(0, 1, 4), func(_, _ float64) float64 { return 2 })
	for _, plot := range []func(*Grid2D, []PointSet, ...Option) (*Figure, error){PlotContour, PlotHeatMap} {
		fig, err := plot(g, nil, Colormap("greys"))
		if err != nil {
			t.Fatal(err)
		}
		if n := countColor(renderPNG(t, fig), colormaps["greys"].at(0.5)); n < 100000 {
			t.Errorf("mid-grey on %d pixels, want the whole surface", n)
		}
	}
}
