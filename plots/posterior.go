package plots

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/gopymc/gopymc/trace"
)

// PlotPosterior draws one panel per variable, and per element of a vector variable up to
// MaxElements (default 10), as ArviZ's plot_posterior: the kernel density of all draws of
// all chains, the mean marked by a dashed line and labelled "mean=…" above the curve,
// and the highest-density interval (HDIProb, default 0.94; ArviZ's single narrowest
// interval, trace.HDIOf) drawn as a thick bar on the axis with its ends labelled and
// "94% HDI" written above it. The y axis is hidden, as ArviZ does.
//
// vars names the variables; nil or empty means every variable of the trace that is not
// Transformed. Panels are laid out in Columns columns (default: up to 3), each titled
// with ArviZ's element label ("beta[0, 1]"), and all drawn in the first colour of Colors
// (default C0; the tutorial's color='LightSeaGreen' is Colors(colornames.Lightseagreen)).
// The default size is 5×3.6 inches a panel. Title sets a figure title above the panels.
// KDE options (KDERule, KDEAdjust, KDEBandwidth, KDEBounds, GridSize) apply to every panel.
//
// It returns an error if t is nil or has no draws, if a name is not in the trace, if a
// variable has no elements, holds a NaN or ±Inf, or is constant, or for an invalid
// option.
func PlotPosterior(t *trace.Trace, vars []string, opts ...Option) (*Figure, error) {
	const target = "PlotPosterior"
	c, err := newConfig(target, kForPosterior, opts)
	if err != nil {
		return nil, err
	}
	elems, warnings, err := traceElements(t, vars, c.maxElements, target)
	if err != nil {
		return nil, err
	}
	n := len(elems)
	cols := c.columns
	if cols == 0 {
		cols = min(n, 3)
	}
	cols = min(cols, n)
	rows := (n + cols - 1) / cols
	w, h, err := c.size(5*float64(cols), 3.6*float64(rows))
	if err != nil {
		return nil, err
	}
	grid := make([][]*plot.Plot, rows)
	for j := range grid {
		grid[j] = make([]*plot.Plot, cols)
	}
	cache := map[string][]float64{}
	for k, pe := range elems {
		values, ok := cache[pe.v.Name]
		if !ok {
			values = t.Values(pe.v.Name)
			cache[pe.v.Name] = values
		}
		x := elementOf(values, pe.size, pe.e)
		p, err := posteriorPanel(x, pe.label, c)
		if err != nil {
			return nil, err
		}
		grid[k/cols][k%cols] = p
	}
	fig := newFigure(c, grid, c.titleOr(""), w, h)
	fig.warnings = warnings
	return fig, nil
}

// posteriorPanel draws the density, mean and HDI of the draws x of one element.
func posteriorPanel(x []float64, label string, c *config) (*plot.Plot, error) {
	what := fmt.Sprintf("variable %q", label)
	d, err := kdeOf(x, what, c)
	if err != nil {
		return nil, err
	}
	lo, hi, err := trace.HDIOf(x, c.hdiProb)
	if err != nil {
		return nil, fmt.Errorf("plots: %s: %w", what, err)
	}
	var mean float64
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	peak := 0.0
	for _, y := range d.Y {
		peak = math.Max(peak, y)
	}

	col := c.color(0)
	p := newPanel(c, label, "", "")
	p.Add(newLine(densityXYs(d), col, 2))
	p.Add(&annotation{
		mean: mean, lo: lo, hi: hi, prob: c.hdiProb,
		atMean: d.At(mean), peak: peak, fontSize: c.fontSize,
	})
	p.HideY()
	p.Y.Min, p.Y.Max = 0, peak*1.22
	p.X.Min = math.Min(d.Lo, lo)
	p.X.Max = math.Max(d.Hi, hi)
	return p, nil
}

// annotation marks the mean and the HDI of a posterior panel as ArviZ does, keeping its
// labels inside the data area and apart from each other.
type annotation struct {
	mean, lo, hi, prob float64
	atMean, peak       float64 // density at the mean, largest density
	fontSize           float64
}

// Plot draws the HDI bar and labels and the mean line and label.
func (a *annotation) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	s := vg.Length(a.fontSize)
	sty := textStyle(a.fontSize, text.XCenter, text.YBottom)

	// Mean: a dashed line up to the curve and its label above the curve's peak.
	mx := trX(a.mean)
	dash := draw.LineStyle{Color: color.Gray{Y: 90}, Width: vg.Points(1), Dashes: []vg.Length{s * 0.4, s * 0.3}}
	c.StrokeLine2(dash, mx, trY(0), mx, trY(a.atMean))
	ml := "mean=" + formatNum(a.mean)
	labelBox(c, sty, vg.Point{X: clampCenter(mx, sty.Width(ml), c), Y: trY(a.peak) + s*0.4}, ml)

	// HDI: a thick black bar on the axis, its ends labelled just above it.
	y0 := trY(0)
	c.StrokeLine2(lineStyle(color.Black, 4), trX(a.lo), y0, trX(a.hi), y0)
	ll, rl := formatNum(a.lo), formatNum(a.hi)
	lw, rw := sty.Width(ll), sty.Width(rl)
	lx := clampCenter(trX(a.lo), lw, c)
	rx := clampCenter(trX(a.hi), rw, c)
	if need := (lw+rw)/2 + s*0.6; rx-lx < need {
		// Push the end labels apart, then back inside the data area.
		d := (need - (rx - lx)) / 2
		lx, rx = lx-d, rx+d
		if shift := c.Min.X - (lx - lw/2); shift > 0 {
			lx, rx = lx+shift, rx+shift
		}
		if shift := (rx + rw/2) - c.Max.X; shift > 0 {
			lx, rx = lx-shift, rx-shift
		}
	}
	ly := y0 + s*0.5
	labelBox(c, sty, vg.Point{X: lx, Y: ly}, ll)
	labelBox(c, sty, vg.Point{X: rx, Y: ly}, rl)

	// The HDI's name, centred over the bar one line above the end labels.
	hl := strconv.FormatFloat(100*a.prob, 'g', 4, 64) + "% HDI"
	hx := clampCenter((trX(a.lo)+trX(a.hi))/2, sty.Width(hl), c)
	labelBox(c, sty, vg.Point{X: hx, Y: ly + sty.Height(hl) + s*0.3}, hl)
}

// labelBox draws txt at pt over a translucent white box, so that the curve or the mean
// line beneath does not hide it.
func labelBox(c draw.Canvas, sty text.Style, pt vg.Point, txt string) {
	r := sty.Rectangle(txt)
	pad := sty.Font.Size * 0.15
	x0, y0 := pt.X+r.Min.X-pad, pt.Y+r.Min.Y
	x1, y1 := pt.X+r.Max.X+pad, pt.Y+r.Max.Y
	c.FillPolygon(color.NRGBA{R: 255, G: 255, B: 255, A: 210}, []vg.Point{
		{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1},
	})
	c.FillText(sty, pt, txt)
}

// clampCenter returns the centre x of a text of width w near x that keeps the text
// inside c horizontally.
func clampCenter(x, w vg.Length, c draw.Canvas) vg.Length {
	if x-w/2 < c.Min.X {
		x = c.Min.X + w/2
	}
	if x+w/2 > c.Max.X {
		x = c.Max.X - w/2
	}
	return x
}

// formatNum formats a value for a label with three significant digits, without an
// exponent between 0.0001 and 100000.
func formatNum(v float64) string {
	a := math.Abs(v)
	switch {
	case a == 0:
		return "0"
	case a >= 1000 && a < 1e5:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case a >= 1e-4 && a < 1000:
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	return strconv.FormatFloat(v, 'e', 2, 64)
}
