package plots

import (
	"image"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// colorBar is matplotlib's colour bar beside a surface: a vertical strip of the surface's
// colours from its lowest value (bottom) to its highest (top), ticks and their labels on
// the right, and an optional label beyond them, rotated. It is the only plotter of a panel
// whose axes are hidden, so that the panel's whole canvas is its data area, aligned by the
// figure with the surface's data area.
type colorBar struct {
	s     *surface
	label string
	font  float64 // points
}

// newColorBarPanel returns the panel of the colour bar of s.
func newColorBarPanel(c *config, s *surface) *plot.Plot {
	p := plot.New()
	p.HideAxes()
	p.X.Padding, p.Y.Padding = 0, 0
	p.Add(&colorBar{s: s, label: c.surface.barLabel, font: c.fontSize})
	return p
}

// ticks returns the values to label: the band edges of a filled contour, or nice ticks
// over a heat map's range.
func (b *colorBar) ticks() []float64 {
	if b.s.levels != nil {
		return b.s.levels
	}
	var out []float64
	for _, t := range (niceTicks{n: 5}).Ticks(b.s.lo, b.s.hi) {
		out = append(out, t.Value)
	}
	return out
}

// Plot draws the strip in the left part of c, then the ticks, labels and bar label.
func (b *colorBar) Plot(c draw.Canvas, _ *plot.Plot) {
	base := vg.Length(b.font)
	width := base * 1.4
	x0, x1 := c.Min.X+base*0.3, c.Min.X+base*0.3+width
	y0, y1 := c.Min.Y, c.Max.Y
	const n = 256
	img := image.NewNRGBA(image.Rect(0, 0, 1, n))
	for i := range n {
		v := b.s.lo + (float64(n-1-i)+0.5)/n*(b.s.hi-b.s.lo)
		img.SetNRGBA(0, i, b.s.cmap.at(b.s.valueColor(v)))
	}
	c.DrawImage(vg.Rectangle{Min: vg.Point{X: x0, Y: y0}, Max: vg.Point{X: x1, Y: y1}}, img)
	edge := lineStyle(color.Black, 0.8)
	c.StrokeLines(edge, []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}, {X: x0, Y: y0}})
	ticks := b.ticks()
	labels := tickLabels(ticks)
	sty := textStyle(b.font, text.XLeft, text.YCenter)
	var widest vg.Length
	for i, v := range ticks {
		if v < b.s.lo-1e-12*math.Abs(b.s.hi-b.s.lo) || v > b.s.hi+1e-12*math.Abs(b.s.hi-b.s.lo) {
			continue
		}
		y := y0 + vg.Length((v-b.s.lo)/(b.s.hi-b.s.lo))*(y1-y0)
		c.StrokeLine2(edge, x1, y, x1+base*0.4, y)
		c.FillText(sty, vg.Point{X: x1 + base*0.6, Y: y}, labels[i])
		widest = max(widest, sty.Width(labels[i]))
	}
	if b.label != "" {
		ls := textStyle(b.font*labelScale, text.XCenter, text.YTop)
		ls.Rotation = math.Pi / 2
		c.FillText(ls, vg.Point{X: x1 + base*0.9 + widest, Y: (y0 + y1) / 2}, b.label)
	}
}

// tickLabels formats values spaced by multiples of a step with one number of decimals, the
// fewest that write the smallest gap between neighbours exactly (0.15 → 2, 2.5 → 1, 5 → 0),
// as matplotlib's ScalarFormatter labels a colour bar.
func tickLabels(v []float64) []string {
	gap := math.Inf(1)
	for i := 1; i < len(v); i++ {
		gap = math.Min(gap, math.Abs(v[i]-v[i-1]))
	}
	decimals := 0
	if !math.IsInf(gap, 1) && gap > 0 {
		for decimals < 10 {
			scaled := gap * math.Pow(10, float64(decimals))
			if math.Abs(scaled-math.Round(scaled)) < 1e-6*math.Max(1, scaled) {
				break
			}
			decimals++
		}
	}
	out := make([]string, len(v))
	for i, x := range v {
		out[i] = strconv.FormatFloat(x, 'f', decimals, 64)
		if out[i] == "-"+strconv.FormatFloat(0, 'f', decimals, 64) {
			out[i] = out[i][1:]
		}
	}
	return out
}

// reweigh gives the canvases of one row widths in proportion to weights, keeping the
// row's extent and the gaps between canvases (a surface beside its narrow colour bar).
// Nil or mismatched weights leave the row as it is.
func reweigh(row []draw.Canvas, weights []float64) {
	if len(weights) != len(row) || len(row) < 2 {
		return
	}
	total := 0.0
	for _, w := range weights {
		total += w
	}
	span := row[len(row)-1].Max.X - row[0].Min.X
	var gaps vg.Length
	for i := 1; i < len(row); i++ {
		gaps += row[i].Min.X - row[i-1].Max.X
	}
	avail := span - gaps
	x := row[0].Min.X
	for i := range row {
		gap := vg.Length(0)
		if i+1 < len(row) {
			gap = row[i+1].Min.X - row[i].Max.X
		}
		row[i].Min.X = x
		row[i].Max.X = x + avail*vg.Length(weights[i]/total)
		x = row[i].Max.X + gap
	}
}
