package plots

import (
	"bytes"
	"encoding/xml"
	"errors"
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gopymc/gopymc/plots/internal/synth"
)

// figureCases builds one figure of every kind from small seeded inputs, with the options
// given.
func figureCases(t *testing.T, opts ...Option) map[string]*Figure {
	t.Helper()
	r := synth.Rand(31)
	tr := synth.Trace(r, 2, 300)
	mean, std, loss := synth.Tracker(r, 400, 1)
	vmean, vstd, _ := synth.Tracker(r, 400, 3)
	acc := synth.Accuracies(r, 60, 20, 0.9)
	build := map[string]func() (*Figure, error){
		"posterior": func() (*Figure, error) {
			return PlotPosterior(tr, []string{"x", "beta"}, slices.Concat(opts, []Option{MaxElements(2)})...)
		},
		"trace": func() (*Figure, error) { return PlotTrace(tr, []string{"x", "sigma"}, opts...) },
		"compare": func() (*Figure, error) {
			return KDECompare([]NamedSample{{"NUTS", synth.Mixture(r, 2000)}, {"ADVI", synth.Normal(r, 1000, 0.4, 0.3)}}, opts...)
		},
		"tracker": func() (*Figure, error) {
			return PlotTracker([]Series{{"mean", mean}, {"std", std}}, loss, opts...)
		},
		"tracker vector": func() (*Figure, error) {
			return PlotTracker([]Series{{"mean", vmean}, {"std", vstd}}, nil, opts...)
		},
		"progress": func() (*Figure, error) {
			return PlotTrainingProgress([]Series{{"test_accuracy", acc}, {"train_accuracy", acc[10:]}}, opts...)
		},
		"distribution": func() (*Figure, error) {
			return PlotDistribution(synth.Map(synth.Mixture(r, 1000), func(v float64) float64 { return v * v }), "x² distribution", opts...)
		},
	}
	out := map[string]*Figure{}
	for name, f := range build {
		fig, err := f()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = fig
	}
	return out
}

// lumaVariance returns the variance of the pixels' grey level (0-255).
func lumaVariance(img image.Image) float64 {
	b := img.Bounds()
	var s, ss, n float64
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			l := (0.299*float64(r) + 0.587*float64(g) + 0.114*float64(bl)) / 257
			s += l
			ss += l * l
			n++
		}
	}
	m := s / n
	return ss/n - m*m
}

func TestRenderPNGSizeAndContent(t *testing.T) {
	t.Parallel()
	// A blank white image has variance 0; a figure with axes, text and curves on white
	// has a few hundred. The floor separates the two with a wide margin.
	const varianceFloor = 50
	sizes := []struct {
		w, h   float64
		dpi    int
		pw, ph int
	}{
		{6.4, 4.8, 50, 320, 240}, // matplotlib's default figsize at a low DPI
		{8, 3, 60, 480, 180},
	}
	for _, sz := range sizes {
		for name, fig := range figureCases(t, Size(sz.w, sz.h), DPI(sz.dpi)) {
			var buf bytes.Buffer
			if err := fig.Render(&buf, "png"); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			img, err := png.Decode(&buf)
			if err != nil {
				t.Fatalf("%s: invalid PNG: %v", name, err)
			}
			if b := img.Bounds(); b.Dx() != sz.pw || b.Dy() != sz.ph {
				t.Errorf("%s: Size(%g, %g) DPI(%d): PNG is %d×%d, want %d×%d", name, sz.w, sz.h, sz.dpi, b.Dx(), b.Dy(), sz.pw, sz.ph)
			}
			if v := lumaVariance(img); v < varianceFloor {
				t.Errorf("%s: pixel variance %.1f below %d: the figure looks blank", name, v, varianceFloor)
			}
		}
	}
}

func TestRenderSVGAndPDF(t *testing.T) {
	t.Parallel()
	for name, fig := range figureCases(t, Size(5, 3)) {
		var buf bytes.Buffer
		if err := fig.Render(&buf, "SVG"); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		dec := xml.NewDecoder(&buf)
		root := ""
		for {
			tok, err := dec.Token()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("%s: SVG does not parse: %v", name, err)
			}
			if se, ok := tok.(xml.StartElement); ok && root == "" {
				root = se.Name.Local
				for _, a := range se.Attr {
					if a.Name.Local == "width" && a.Value != "360pt" {
						t.Errorf("%s: SVG width %q, want 360pt (5 inches)", name, a.Value)
					}
				}
			}
		}
		if root != "svg" {
			t.Errorf("%s: SVG root element %q, want svg", name, root)
		}
		buf.Reset()
		if err := fig.Render(&buf, ".pdf"); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if b := buf.Bytes(); !bytes.HasPrefix(b, []byte("%PDF-")) || !bytes.Contains(b[max(0, len(b)-32):], []byte("%%EOF")) {
			t.Errorf("%s: output is not a complete PDF", name)
		}
	}
}

func TestSave(t *testing.T) {
	t.Parallel()
	fig := figureCases(t, Size(3, 2), DPI(40))["compare"]
	dir := t.TempDir()
	for _, name := range []string{"a.png", "b.svg", "c.pdf", "d.PNG"} {
		path := filepath.Join(dir, name)
		if err := fig.Save(path); err != nil {
			t.Fatalf("Save(%q): %v", name, err)
		}
		if st, err := os.Stat(path); err != nil || st.Size() == 0 {
			t.Errorf("Save(%q) wrote nothing: %v", name, err)
		}
	}
	for _, name := range []string{"e.jpg", "f", "g.png.txt"} {
		path := filepath.Join(dir, name)
		err := fig.Save(path)
		if err == nil || !strings.Contains(err.Error(), "use .png, .svg or .pdf") {
			t.Errorf("Save(%q) = %v, want an error naming .png, .svg and .pdf", name, err)
		}
		if _, serr := os.Stat(path); !os.IsNotExist(serr) {
			t.Errorf("Save(%q) created a file despite the error", name)
		}
	}
	if err := fig.Save(filepath.Join(dir, "missing", "x.png")); err == nil {
		t.Error("Save into a missing folder: no error")
	}
	if err := fig.Render(io.Discard, "bmp"); err == nil || !strings.Contains(err.Error(), `unknown format "bmp"`) {
		t.Errorf("Render(bmp) = %v, want an unknown-format error", err)
	}
	img, err := fig.Image()
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 120 || b.Dy() != 80 {
		t.Errorf("Image() is %d×%d, want 120×80", b.Dx(), b.Dy())
	}
}

func TestLayout(t *testing.T) {
	t.Parallel()
	r := synth.Rand(41)
	tr := synth.Trace(r, 3, 200)
	mean, std, loss := synth.Tracker(r, 100, 2)
	rowLens := func(f *Figure) []int {
		var out []int
		for _, row := range f.Panels() {
			out = append(out, len(row))
		}
		return out
	}
	cases := []struct {
		name     string
		make     func() (*Figure, error)
		rows     []int
		w, h     float64
		warnings int
	}{
		{"posterior default vars", func() (*Figure, error) { return PlotPosterior(tr, nil) }, []int{3, 3, 3, 3}, 15, 14.4, 0},
		{"posterior MaxElements", func() (*Figure, error) { return PlotPosterior(tr, []string{"beta"}, MaxElements(4)) }, []int{3, 3}, 15, 7.2, 1},
		{"posterior Columns", func() (*Figure, error) { return PlotPosterior(tr, []string{"x", "x2"}, Columns(1)) }, []int{1, 1}, 5, 7.2, 0},
		{"trace", func() (*Figure, error) { return PlotTrace(tr, []string{"x", "beta"}, MaxElements(3)) }, []int{2, 2, 2, 2}, 12, 10.4, 1},
		{"tracker 2+1", func() (*Figure, error) { return PlotTracker([]Series{{"mean", mean}, {"std", std}}, loss) }, []int{2, 1}, 16, 9, 0},
		{"tracker loss only", func() (*Figure, error) { return PlotTracker(nil, loss) }, []int{1}, 16, 4.5, 0},
		{"tracker no loss", func() (*Figure, error) { return PlotTracker([]Series{{"mean", mean}}, nil) }, []int{1}, 16, 4.5, 0},
		{"tracker 4 series", func() (*Figure, error) {
			return PlotTracker([]Series{{"a", mean}, {"b", std}, {"c", mean}, {"d", std}}, loss, MaxElements(1))
		}, []int{2, 2, 1}, 16, 13.5, 4},
	}
	for _, tc := range cases {
		fig, err := tc.make()
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := rowLens(fig); !equalInts(got, tc.rows) {
			t.Errorf("%s: rows %v, want %v", tc.name, got, tc.rows)
		}
		if w, h := fig.Size(); w != tc.w || h != tc.h {
			t.Errorf("%s: size %g×%g, want %g×%g", tc.name, w, h, tc.w, tc.h)
		}
		if got := len(fig.Warnings()); got != tc.warnings {
			t.Errorf("%s: %d warnings %q, want %d", tc.name, got, fig.Warnings(), tc.warnings)
		}
		if err := fig.Render(io.Discard, "png"); err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	// Titles: the posterior panels carry ArviZ's element labels, the tracker the
	// tutorial's titles.
	fig, _ := PlotPosterior(tr, []string{"beta"}, MaxElements(2))
	if got := fig.Panels()[0][1].Title.Text; got != "beta[0, 1]" {
		t.Errorf("posterior panel title %q, want beta[0, 1]", got)
	}
	fig, _ = PlotTracker([]Series{{"mean", mean}, {"std", std}}, loss)
	var titles []string
	for _, row := range fig.Panels() {
		for _, p := range row {
			titles = append(titles, p.Title.Text)
		}
	}
	if strings.Join(titles, "|") != "Mean track|Std track|Negative ELBO track" {
		t.Errorf("tracker titles %q", titles)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// BenchmarkRender measures building and rendering the tutorial's figures as PNG at their
// default sizes and 100 DPI.
func BenchmarkRender(b *testing.B) {
	r := synth.Rand(61)
	tr := synth.Trace(r, 4, 5000)
	mean, std, loss := synth.Tracker(r, 20000, 1)
	cases := []struct {
		name string
		make func() (*Figure, error)
	}{
		{"Posterior", func() (*Figure, error) { return PlotPosterior(tr, []string{"x"}) }},
		{"Trace", func() (*Figure, error) { return PlotTrace(tr, []string{"x", "sigma"}) }},
		{"Tracker", func() (*Figure, error) { return PlotTracker([]Series{{"mean", mean}, {"std", std}}, loss) }},
	}
	for _, bc := range cases {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				fig, err := bc.make()
				if err != nil {
					b.Fatal(err)
				}
				if err := fig.Render(io.Discard, "png"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
