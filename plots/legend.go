package plots

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// legendItem is one legend entry: a line swatch, or a line over a translucent band.
type legendItem struct {
	label string
	color color.Color
	band  bool
}

// topLegend is a horizontal legend drawn between a panel's title and its data area, in
// space reserved by enlarging the title padding, so that it never covers data. Entries
// are broken into lines when they do not fit the panel's width (decided when the panel
// is built, from the figure size).
type topLegend struct {
	lines [][]legendItem
	style text.Style
	lineH vg.Length
	gap   vg.Length
}

// Swatch and spacing sizes, in multiples of the font size.
const (
	swatchLen  = 1.8
	swatchGap  = 0.4
	entrySep   = 1.2
	legendLine = 1.35
)

// addTopLegend adds a legend of items above p's data area. widthPts is the panel's
// estimated data width in points, used to break the entries into lines. p must have a
// title (a blank one is set otherwise) because the space is reserved in its padding.
func addTopLegend(p *plot.Plot, c *config, items []legendItem, widthPts float64) {
	if len(items) == 0 {
		return
	}
	l := newTopLegend(c, items, widthPts)
	if p.Title.Text == "" {
		p.Title.Text = " "
	}
	p.Title.Padding += l.height() + l.gap
	p.Add(l)
}

// newTopLegend returns a legend of items broken into lines of at most widthPts points.
func newTopLegend(c *config, items []legendItem, widthPts float64) *topLegend {
	base := vg.Length(c.fontSize)
	l := &topLegend{
		style: textStyle(c.fontSize, text.XLeft, text.YCenter),
		lineH: base * legendLine,
		gap:   base * 0.5,
	}
	var line []legendItem
	var w vg.Length
	for _, it := range items {
		ew := l.entryWidth(it)
		if len(line) > 0 && w+ew > vg.Length(widthPts) {
			l.lines = append(l.lines, line)
			line, w = nil, 0
		}
		line = append(line, it)
		w += ew
	}
	l.lines = append(l.lines, line)
	return l
}

// height is the height of the legend's lines.
func (l *topLegend) height() vg.Length { return vg.Length(len(l.lines)) * l.lineH }

// entryWidth is the width of one entry including the separation after it.
func (l *topLegend) entryWidth(it legendItem) vg.Length {
	s := l.style.Font.Size
	return s*(swatchLen+swatchGap+entrySep) + l.style.Width(it.label)
}

// Plot draws the legend above c, centred on it.
func (l *topLegend) Plot(c draw.Canvas, _ *plot.Plot) {
	l.drawAt(c, (c.Min.X+c.Max.X)/2, c.Max.Y+l.gap)
}

// drawAt draws the legend centred on x with its lowest line's bottom at y.
func (l *topLegend) drawAt(c draw.Canvas, cx, y0 vg.Length) {
	s := l.style.Font.Size
	for k, line := range l.lines {
		var w vg.Length
		for _, it := range line {
			w += l.entryWidth(it)
		}
		w -= s * entrySep
		x := cx - w/2
		y := y0 + (vg.Length(len(l.lines)-k)-0.5)*l.lineH
		for _, it := range line {
			x0, x1 := x, x+s*swatchLen
			if it.band {
				h := s * 0.35
				c.FillPolygon(withAlpha(it.color, 0.25), []vg.Point{
					{X: x0, Y: y - h}, {X: x1, Y: y - h}, {X: x1, Y: y + h}, {X: x0, Y: y + h},
				})
			}
			c.StrokeLine2(lineStyle(it.color, 2), x0, y, x1, y)
			x = x1 + s*swatchGap
			c.FillText(l.style, vg.Point{X: x, Y: y}, it.label)
			x += l.style.Width(it.label) + s*entrySep
		}
	}
}
