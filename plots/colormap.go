package plots

import (
	"fmt"
	"image/color"
	"maps"
	"math"
	"slices"
	"strings"
)

// colormap maps a value in [0, 1] to a colour. Values outside [0, 1] are clamped.
type colormap interface {
	at(t float64) color.NRGBA
}

// linearMap interpolates linearly in RGB between colours spaced evenly over [0, 1], as
// matplotlib's LinearSegmentedColormap.from_list and seaborn's blend_palette do.
type linearMap []color.NRGBA

func (m linearMap) at(t float64) color.NRGBA {
	if len(m) == 1 {
		return m[0]
	}
	t = clamp01(t)
	pos := t * float64(len(m)-1)
	i := min(int(pos), len(m)-2)
	f := pos - float64(i)
	a, b := m[i], m[i+1]
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + f*(float64(y)-float64(x)))) }
	return color.NRGBA{R: mix(a.R, b.R), G: mix(a.G, b.G), B: mix(a.B, b.B), A: mix(a.A, b.A)}
}

// mapOf returns the linear colour map through the anchors, low values first.
func mapOf(anchors []color.Color) linearMap {
	m := make(linearMap, len(anchors))
	for i, a := range anchors {
		m[i] = color.NRGBAModel.Convert(a).(color.NRGBA)
	}
	return m
}

// cubehelixMap is Green's cubehelix scheme as seaborn's cubehelix_palette(light=1,
// as_cmap=True) uses it: matplotlib's cubehelix(gamma=1, s=start, r=rot, h=hue) evaluated
// from lambda = light at t = 0 to lambda = dark at t = 1, so low values are light.
//
// References:
//   - Green: A colour scheme for the display of astronomical intensity images. Bulletin of
//     the Astronomical Society of India 39, 289-295, 2011 (equation 2).
type cubehelixMap struct{ start, rot, hue, dark, light float64 }

func (m cubehelixMap) at(t float64) color.NRGBA {
	lambda := m.light + clamp01(t)*(m.dark-m.light)
	a := m.hue * lambda * (1 - lambda) / 2
	phi := 2 * math.Pi * (m.start/3 + m.rot*lambda)
	c := func(p0, p1 float64) uint8 {
		return uint8(math.Round(255 * clamp01(lambda+a*(p0*math.Cos(phi)+p1*math.Sin(phi)))))
	}
	return color.NRGBA{R: c(-0.14861, 1.78277), G: c(-0.29227, -0.90649), B: c(1.97294, 0), A: 0xff}
}

func clamp01(t float64) float64 {
	if !(t > 0) { // NaN too
		return 0
	}
	return math.Min(t, 1)
}

// colormaps are the named colour maps of Colormap.
var colormaps = map[string]colormap{
	// matplotlib's default, from its table at t = 0, 1/9, …, 1.
	"viridis": linearMap{rgb(0x440154), rgb(0x482878), rgb(0x3e4989), rgb(0x31688e), rgb(0x26828e),
		rgb(0x1f9e89), rgb(0x35b779), rgb(0x6ece58), rgb(0xb5de2b), rgb(0xfde725)},
	// seaborn's diverging_palette(250, 12, s=85, l=25, as_cmap=True) of the BNN tutorial's
	// probability surface: dark blue through light grey (its center="light") to dark red,
	// blended in RGB as seaborn does. The ends are its HUSL colours (250°, 85%, 25%) =
	// #173d65 and (12°, 85%, 25%) = #771213 in sRGB; seaborn's light tints of them beside
	// the grey centre (#eaf2fa, #fce9e9) are left out, a difference of at most 8/255.
	"diverging": linearMap{rgb(0x173d65), rgb(0xf2f2f2), rgb(0x771213)},
	// seaborn's cubehelix_palette(light=1, as_cmap=True) of the BNN tutorial's uncertainty
	// surface: white to a dark purple (seaborn's default dark=.15, start=0, rot=.4, hue=.8).
	"cubehelix": cubehelixMap{start: 0, rot: 0.4, hue: 0.8, dark: 0.15, light: 1},
	// Greys, white to black.
	"greys": linearMap{rgb(0xffffff), rgb(0x000000)},
	// matplotlib's inferno, PlotDensity2D's default for filled contours.
	"inferno": mapOf(inferno),
}

// colormapNames returns the names Colormap accepts, sorted.
func colormapNames() []string { return slices.Sorted(maps.Keys(colormaps)) }

type colormapOption string

// Colormap sets the colour map of PlotContour and PlotHeatMap by name: "viridis"
// (matplotlib's default, the default here), "diverging" (seaborn's diverging_palette(250,
// 12, s=85, l=25): dark blue, light grey, dark red, the BNN tutorial's probability
// surface), "cubehelix" (seaborn's cubehelix_palette(light=1): white to dark purple, its
// uncertainty surface), "inferno" or "greys". Low values take the map's first colour. An unknown
// name is an error listing the names.
func Colormap(name string) Option { return colormapOption(name) }

func (o colormapOption) kind() optKind  { return kSurface }
func (o colormapOption) String() string { return fmt.Sprintf("Colormap(%q)", string(o)) }
func (o colormapOption) apply(c *config) error {
	m, ok := colormaps[string(o)]
	if !ok {
		return fmt.Errorf("plots: %v: unknown colour map; use one of %s", o, strings.Join(colormapNames(), ", "))
	}
	c.surface.cmap = m
	return nil
}
