package plots

import (
	"image/color"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// palette is matplotlib's "tab10" colour cycle (C0 … C9).
var palette = []color.Color{
	rgb(0x1f77b4), rgb(0xff7f0e), rgb(0x2ca02c), rgb(0xd62728), rgb(0x9467bd),
	rgb(0x8c564b), rgb(0xe377c2), rgb(0x7f7f7f), rgb(0xbcbd22), rgb(0x17becf),
}

// rgb returns the opaque colour 0xRRGGBB.
func rgb(v uint32) color.NRGBA {
	return color.NRGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xff}
}

// withAlpha returns c with opacity a in [0, 1].
func withAlpha(c color.Color, a float64) color.NRGBA {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = uint8(a*float64(n.A) + 0.5)
	return n
}

// sansFont is the sans-serif face used for all text (gonum/plot's default is a serif).
var sansFont = font.Font{Typeface: "Liberation", Variant: "Sans"}

// Relative text sizes: tick labels and legends use the base size.
const (
	labelScale       = 1.1
	panelTitleScale  = 1.2
	figureTitleScale = 1.4
)

// textStyle returns a text style of the given size in points.
func textStyle(size float64, xa text.XAlignment, ya text.YAlignment) text.Style {
	return text.Style{
		Color:   color.Black,
		Font:    font.From(sansFont, vg.Length(size)),
		XAlign:  xa,
		YAlign:  ya,
		Handler: plot.DefaultTextHandler,
	}
}

// newPanel returns a plot styled for a paper figure: sans-serif text sized from the
// config, a light grid, the given title and axis labels.
func newPanel(c *config, title, xlabel, ylabel string) *plot.Plot {
	p := plot.New()
	base := c.fontSize
	p.Title.Text = title
	p.Title.TextStyle.Font = font.From(sansFont, vg.Length(base*panelTitleScale))
	p.Title.Padding = vg.Length(base * 0.6)
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Label.TextStyle.Font = font.From(sansFont, vg.Length(base*labelScale))
		ax.Tick.Label.Font = font.From(sansFont, vg.Length(base))
		ax.Tick.Length = vg.Length(base * 0.4)
		ax.Label.Padding = vg.Length(base * 0.3)
		ax.Padding = vg.Length(base * 0.3)
		ax.Tick.Marker = niceTicks{n: 5}
	}
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	p.Legend.TextStyle.Font = font.From(sansFont, vg.Length(base))
	p.Legend.Top = true
	p.Legend.Padding = vg.Length(base * 0.25)
	p.Legend.ThumbnailWidth = vg.Length(base * 2)
	p.Legend.XOffs = -vg.Length(base * 0.5)
	p.Legend.YOffs = -vg.Length(base * 0.3)
	g := plotter.NewGrid()
	g.Vertical.Color = color.Gray{Y: 225}
	g.Horizontal.Color = color.Gray{Y: 225}
	g.Vertical.Width = vg.Points(0.5)
	g.Horizontal.Width = vg.Points(0.5)
	p.Add(g)
	return p
}

// lineStyle returns a solid line of colour col and width w points.
func lineStyle(col color.Color, w float64) draw.LineStyle {
	return draw.LineStyle{Color: col, Width: vg.Points(w)}
}

// trackTitle turns a tracked value's name into a panel title as the tutorial's: "mean"
// becomes "Mean track".
func trackTitle(name string) string {
	r, n := utf8.DecodeRuneInString(name)
	return string(unicode.ToUpper(r)) + name[n:] + " track"
}

// elementLabel returns ArviZ's label of element e of a variable of the given shape:
// the name for a scalar, "beta[0, 1]" otherwise (row-major, 0-based).
func elementLabel(name string, shape []int, e int) string {
	if len(shape) == 0 {
		return name
	}
	idx := make([]string, len(shape))
	for k := len(shape) - 1; k >= 0; k-- {
		idx[k] = strconv.Itoa(e % shape[k])
		e /= shape[k]
	}
	return name + "[" + strings.Join(idx, ", ") + "]"
}
