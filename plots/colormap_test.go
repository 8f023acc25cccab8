package plots

import (
	"image/color"
	"math"
	"testing"
)

// The named colour maps at their ends and middles: viridis's table (matplotlib's _cm_listed
// at 0 and 1), the diverging map's three anchors (seaborn's HUSL ends converted in
// colormap.go, its light-grey centre 0.95), and cubehelix from white at 0 (lambda = light
// = 1: the helix's amplitude is 0 there) to lambda = 0.15 at 1.
func TestColormapAnchors(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		at   float64
		want color.NRGBA
	}{
		{"viridis", 0, rgb(0x440154)},
		{"viridis", 1, rgb(0xfde725)},
		{"viridis", -3, rgb(0x440154)}, // clamped
		{"viridis", math.NaN(), rgb(0x440154)},
		{"diverging", 0, rgb(0x173d65)},
		{"diverging", 0.5, rgb(0xf2f2f2)},
		{"diverging", 1, rgb(0x771213)},
		{"diverging", 0.25, color.NRGBA{R: 0x85, G: 0x98, B: 0xac, A: 0xff}}, // halfway blue–grey, rounded
		{"greys", 0.5, color.NRGBA{R: 128, G: 128, B: 128, A: 0xff}},
		{"cubehelix", 0, rgb(0xffffff)},
		{"cubehelix", 2, colormaps["cubehelix"].at(1)},
	} {
		if got := colormaps[c.name].at(c.at); got != c.want {
			t.Errorf("%s at %v = %v, want %v", c.name, c.at, got, c.want)
		}
	}
}

// Cubehelix's defining property (Green 2011, section 2): the perceived intensity falls
// monotonically from white to its dark end, here over 256 steps, and the dark end has the
// intensity lambda = 0.15 (luminance weights 0.30, 0.59, 0.11, as Green's).
func TestCubehelixMonotone(t *testing.T) {
	t.Parallel()
	m := colormaps["cubehelix"]
	luma := func(c color.NRGBA) float64 { return (0.30*float64(c.R) + 0.59*float64(c.G) + 0.11*float64(c.B)) / 255 }
	prev := luma(m.at(0))
	for i := 1; i <= 255; i++ {
		l := luma(m.at(float64(i) / 255))
		if l > prev+1.5/255 { // rounding to 8 bits
			t.Fatalf("intensity rises at step %d: %v after %v", i, l, prev)
		}
		prev = l
	}
	if math.Abs(prev-0.15) > 0.01 {
		t.Fatalf("dark end has intensity %v, want 0.15", prev)
	}
}

// Colormap accepts the names and rejects others with a message listing them.
func TestColormapOption(t *testing.T) {
	t.Parallel()
	c := &config{}
	for _, name := range colormapNames() {
		if err := Colormap(name).apply(c); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	err := Colormap("jet").apply(c)
	want := `plots: Colormap("jet"): unknown colour map; use one of cubehelix, diverging, greys, inferno, viridis`
	if err == nil || err.Error() != want {
		t.Fatalf("got %v, want %q", err, want)
	}
}
