package plots

import (
	"fmt"
	"image/color"
	"math"
	"strings"
)

// Option configures a figure or a density estimate. Options mirror matplotlib's, seaborn's
// and ArviZ's keyword arguments; each prints as its constructor call. A function given an
// option it does not use returns an error naming the option and the function, and an
// option with an invalid value (a zero size, a negative DPI) makes the function return an
// error naming the value.
type Option interface {
	apply(c *config) error
	kind() optKind
	String() string
}

// optKind says which functions accept an option.
type optKind uint32

const (
	kSize optKind = 1 << iota
	kDPI
	kTitle
	kFontSize
	kColors
	kMaxElements
	kHDIProb
	kColumns
	kKDE
	kBins
	kLabels
	kSurface // PlotContour and PlotHeatMap: Colormap, Levels, ColorBarLabel
)

// Options accepted by each function.
const (
	kFigure        = kSize | kDPI | kTitle | kFontSize | kColors
	kForKDE        = kKDE
	kForPosterior  = kFigure | kMaxElements | kHDIProb | kColumns | kKDE
	kForTrace      = kFigure | kMaxElements | kKDE
	kForCompare    = kFigure | kKDE | kLabels
	kForTracker    = kFigure | kMaxElements
	kForProgress   = kFigure | kLabels
	kForHistogram  = kSize | kDPI | kFontSize | kColors | kKDE | kBins | kLabels
	maxPixels      = 20000 // largest width or height of a raster figure, in pixels
	defaultDPI     = 100   // matplotlib's figure.dpi
	defaultFont    = 11.0  // tick labels, points; titles and labels are larger
	defaultHDIProb = 0.94  // ArviZ's hdi_prob
	defaultMaxElem = 10    // panels or lines per vector variable
	defaultGrid    = 512   // KDE grid points, as ArviZ
)

// config holds every option's value; zero means the documented default.
type config struct {
	width, height float64 // inches
	dpi           int
	title         string
	titleSet      bool
	fontSize      float64
	colors        []color.Color
	maxElements   int
	hdiProb       float64
	columns       int

	rule      BandwidthRule
	bandwidth float64
	adjust    float64
	boundsSet bool
	lo, hi    float64
	gridSize  int

	bins           int
	xlabel, ylabel string
	xlabelSet      bool
	ylabelSet      bool

	surface surfaceConfig // options of PlotContour and PlotHeatMap (surface.go)
}

// newConfig applies opts for the function named target, which accepts the option kinds
// in allowed, and fills defaults.
func newConfig(target string, allowed optKind, opts []Option) (*config, error) {
	c := &config{}
	for i, o := range opts {
		if o == nil {
			return nil, fmt.Errorf("plots: %s: option %d is nil", target, i)
		}
		if o.kind()&allowed == 0 {
			return nil, fmt.Errorf("plots: option %v does not apply to %s", o, target)
		}
		if err := o.apply(c); err != nil {
			return nil, err
		}
	}
	if c.dpi == 0 {
		c.dpi = defaultDPI
	}
	if c.fontSize == 0 {
		c.fontSize = defaultFont
	}
	if c.maxElements == 0 {
		c.maxElements = defaultMaxElem
	}
	if c.hdiProb == 0 {
		c.hdiProb = defaultHDIProb
	}
	if c.adjust == 0 {
		c.adjust = 1
	}
	if len(c.colors) == 0 {
		c.colors = palette
	}
	return c, nil
}

// size returns the figure size in inches, dw×dh unless Size was given, and checks the
// raster size.
func (c *config) size(dw, dh float64) (w, h float64, err error) {
	w, h = c.width, c.height
	if w == 0 {
		w, h = dw, dh
	}
	if w*float64(c.dpi) > maxPixels || h*float64(c.dpi) > maxPixels {
		return 0, 0, fmt.Errorf("plots: figure of %g×%g inches at %d DPI exceeds %d pixels a side; reduce Size or DPI", w, h, c.dpi, maxPixels)
	}
	return w, h, nil
}

// color returns the i-th colour of the cycle.
func (c *config) color(i int) color.Color { return c.colors[i%len(c.colors)] }

func positiveFinite(v float64) bool { return v > 0 && !math.IsInf(v, 1) }

type sizeOption struct{ w, h float64 }

// Size sets the figure size in inches, as matplotlib's figsize=(width, height). The pixel
// size of a PNG is width·DPI × height·DPI, rounded. Both must be positive and finite.
// Defaults depend on the figure (each function documents its own).
func Size(widthInches, heightInches float64) Option { return sizeOption{widthInches, heightInches} }

func (o sizeOption) kind() optKind  { return kSize }
func (o sizeOption) String() string { return fmt.Sprintf("Size(%g, %g)", o.w, o.h) }
func (o sizeOption) apply(c *config) error {
	if !positiveFinite(o.w) || !positiveFinite(o.h) {
		return fmt.Errorf("plots: %v: width and height must be positive, finite inches", o)
	}
	c.width, c.height = o.w, o.h
	return nil
}

type dpiOption int

// DPI sets the raster resolution in dots per inch (matplotlib's dpi); the default is 100.
// It must be positive. Vector formats (SVG, PDF) ignore it except for their page size,
// which is the figure size in points.
func DPI(dpi int) Option { return dpiOption(dpi) }

func (o dpiOption) kind() optKind  { return kDPI }
func (o dpiOption) String() string { return fmt.Sprintf("DPI(%d)", int(o)) }
func (o dpiOption) apply(c *config) error {
	if o <= 0 {
		return fmt.Errorf("plots: %v: DPI must be positive", o)
	}
	c.dpi = int(o)
	return nil
}

type titleOption string

// Title sets the title: the figure title above all panels for multi-panel figures
// (PlotPosterior, PlotTrace, PlotTracker), the panel title for single-panel figures.
// An empty string removes the default title.
func Title(s string) Option { return titleOption(s) }

func (o titleOption) kind() optKind  { return kTitle }
func (o titleOption) String() string { return fmt.Sprintf("Title(%q)", string(o)) }
func (o titleOption) apply(c *config) error {
	c.title, c.titleSet = string(o), true
	return nil
}

type fontSizeOption float64

// FontSize sets the size of tick labels and legend text in points (default 11); axis
// labels are 1.1 times and panel titles 1.2 times as large, the figure title 1.4 times.
// It must be positive and at most 72.
func FontSize(points float64) Option { return fontSizeOption(points) }

func (o fontSizeOption) kind() optKind  { return kFontSize }
func (o fontSizeOption) String() string { return fmt.Sprintf("FontSize(%g)", float64(o)) }
func (o fontSizeOption) apply(c *config) error {
	if !(o > 0 && o <= 72) {
		return fmt.Errorf("plots: %v: font size must be in (0, 72] points", o)
	}
	c.fontSize = float64(o)
	return nil
}

type colorsOption []color.Color

// Colors sets the colour cycle: series i (a sample of KDECompare, a chain of PlotTrace,
// an element of a tracked vector, a series of PlotTrainingProgress) gets colour i modulo
// the count; PlotPosterior and PlotDistribution use the first colour. The default is
// matplotlib's "tab10" cycle (C0 = #1f77b4, C1 = #ff7f0e, …).
// golang.org/x/image/colornames has the CSS names (colornames.Lightseagreen). At least
// one colour is required and none may be nil.
func Colors(cs ...color.Color) Option { return colorsOption(cs) }

func (o colorsOption) kind() optKind { return kColors }
func (o colorsOption) String() string {
	parts := make([]string, len(o))
	for i, c := range o {
		if c == nil {
			parts[i] = "nil"
			continue
		}
		r, g, b, _ := c.RGBA()
		parts[i] = fmt.Sprintf("#%02x%02x%02x", r>>8, g>>8, b>>8)
	}
	return "Colors(" + strings.Join(parts, ", ") + ")"
}
func (o colorsOption) apply(c *config) error {
	if len(o) == 0 {
		return fmt.Errorf("plots: Colors(): at least one colour is required")
	}
	for i, col := range o {
		if col == nil {
			return fmt.Errorf("plots: %v: colour %d is nil", o, i)
		}
	}
	c.colors = append([]color.Color(nil), o...)
	return nil
}

type maxElementsOption int

// MaxElements limits how many elements of a vector variable are drawn (default 10): panels
// per variable in PlotPosterior and PlotTrace, lines per tracked value in PlotTracker.
// Elements are taken in row-major order; the figure's Warnings say what was left out.
// It must be positive.
func MaxElements(n int) Option { return maxElementsOption(n) }

func (o maxElementsOption) kind() optKind  { return kMaxElements }
func (o maxElementsOption) String() string { return fmt.Sprintf("MaxElements(%d)", int(o)) }
func (o maxElementsOption) apply(c *config) error {
	if o <= 0 {
		return fmt.Errorf("plots: %v: the element limit must be positive", o)
	}
	c.maxElements = int(o)
	return nil
}

type hdiProbOption float64

// HDIProb sets the probability of the highest-density interval of PlotPosterior (ArviZ's
// hdi_prob, default 0.94). It must be in (0, 1).
func HDIProb(p float64) Option { return hdiProbOption(p) }

func (o hdiProbOption) kind() optKind  { return kHDIProb }
func (o hdiProbOption) String() string { return fmt.Sprintf("HDIProb(%g)", float64(o)) }
func (o hdiProbOption) apply(c *config) error {
	if !(o > 0 && o < 1) {
		return fmt.Errorf("plots: %v: the probability must be in (0, 1)", o)
	}
	c.hdiProb = float64(o)
	return nil
}

type columnsOption int

// Columns sets the number of panel columns of PlotPosterior (default: the number of
// panels up to 3). It must be positive.
func Columns(n int) Option { return columnsOption(n) }

func (o columnsOption) kind() optKind  { return kColumns }
func (o columnsOption) String() string { return fmt.Sprintf("Columns(%d)", int(o)) }
func (o columnsOption) apply(c *config) error {
	if o <= 0 {
		return fmt.Errorf("plots: %v: the number of columns must be positive", o)
	}
	c.columns = int(o)
	return nil
}

type binsOption int

// Bins sets the number of histogram bins of PlotDistribution (default: NumPy's "auto",
// the larger of Sturges' and the Freedman-Diaconis count, at most 200). It must be
// positive.
func Bins(n int) Option { return binsOption(n) }

func (o binsOption) kind() optKind  { return kBins }
func (o binsOption) String() string { return fmt.Sprintf("Bins(%d)", int(o)) }
func (o binsOption) apply(c *config) error {
	if o <= 0 {
		return fmt.Errorf("plots: %v: the number of bins must be positive", o)
	}
	c.bins = int(o)
	return nil
}

type xlabelOption string

// XLabel sets the x-axis label of KDECompare, PlotDistribution, PlotTrainingProgress,
// PlotScatter, PlotHistory, PlotContour and PlotHeatMap.
func XLabel(s string) Option { return xlabelOption(s) }

func (o xlabelOption) kind() optKind  { return kLabels }
func (o xlabelOption) String() string { return fmt.Sprintf("XLabel(%q)", string(o)) }
func (o xlabelOption) apply(c *config) error {
	c.xlabel, c.xlabelSet = string(o), true
	return nil
}

type ylabelOption string

// YLabel sets the y-axis label of KDECompare, PlotDistribution, PlotTrainingProgress,
// PlotScatter, PlotHistory, PlotContour and PlotHeatMap.
func YLabel(s string) Option { return ylabelOption(s) }

func (o ylabelOption) kind() optKind  { return kLabels }
func (o ylabelOption) String() string { return fmt.Sprintf("YLabel(%q)", string(o)) }
func (o ylabelOption) apply(c *config) error {
	c.ylabel, c.ylabelSet = string(o), true
	return nil
}

// xlabelOr returns the XLabel option's value, or def.
func (c *config) xlabelOr(def string) string {
	if c.xlabelSet {
		return c.xlabel
	}
	return def
}

// ylabelOr returns the YLabel option's value, or def.
func (c *config) ylabelOr(def string) string {
	if c.ylabelSet {
		return c.ylabel
	}
	return def
}

// titleOr returns the Title option's value, or def.
func (c *config) titleOr(def string) string {
	if c.titleSet {
		return c.title
	}
	return def
}
