package plots

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Formats lists the file formats a Figure is written in, by extension without the dot.
var formats = []string{"png", "svg", "pdf"}

// Figure is a figure of one or more gonum/plot panels laid out in rows under an optional
// title, with a size in inches and a raster resolution (matplotlib's figsize and dpi).
// Rows may hold different numbers of panels (the tracker figure has two panels above one
// that spans the width); panels within a row share its width equally and rows share the
// height equally. A Figure is not safe for concurrent use.
type Figure struct {
	rows     [][]*plot.Plot
	title    string
	width    float64 // inches
	height   float64 // inches
	dpi      int
	fontSize float64
	legend   *topLegend  // drawn under the title, nil for none
	widths   [][]float64 // relative panel widths per row of equal rows (colorbar.go); nil for equal
	warnings []string
}

// newFigure returns a figure with the config's title, font size and DPI and the given
// size in inches.
func newFigure(c *config, rows [][]*plot.Plot, title string, w, h float64) *Figure {
	return &Figure{rows: rows, title: title, width: w, height: h, dpi: c.dpi, fontSize: c.fontSize}
}

// Panels returns the figure's panels row by row (top first, left to right), for changes
// through gonum/plot's API before saving: axis limits, extra plotters, labels. A nil
// entry is an empty cell. The slices are the figure's own.
func (f *Figure) Panels() [][]*plot.Plot { return f.rows }

// Title returns the figure title drawn above the panels ("" for none; a single-panel
// figure's title is its panel's).
func (f *Figure) Title() string { return f.title }

// Size returns the figure size in inches.
func (f *Figure) Size() (width, height float64) { return f.width, f.height }

// DPI returns the raster resolution in dots per inch.
func (f *Figure) DPI() int { return f.dpi }

// Warnings returns notes about what the figure leaves out (elements beyond MaxElements),
// nil if nothing was left out.
func (f *Figure) Warnings() []string { return slices.Clone(f.warnings) }

// Save writes the figure to path in the format given by its extension: .png (raster, at
// the figure's DPI), .svg or .pdf (vector, sized in points), case-insensitive. It returns
// an error for any other extension, naming the three, or if the file cannot be written.
// The file is not created when the format is unknown.
func (f *Figure) Save(path string) error {
	ext := strings.ToLower(strings.TrimPrefix(filepath.Ext(path), "."))
	if !slices.Contains(formats, ext) {
		return fmt.Errorf("plots: cannot save %q: unknown extension %q; use .png, .svg or .pdf", path, filepath.Ext(path))
	}
	var buf bytes.Buffer
	if err := f.Render(&buf, ext); err != nil {
		return err
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("plots: saving figure: %w", err)
	}
	return nil
}

// Render writes the figure to w in format "png", "svg" or "pdf" (case-insensitive, a
// leading dot allowed). It returns an error for another format or if writing fails.
func (f *Figure) Render(w io.Writer, format string) (err error) {
	format = strings.ToLower(strings.TrimPrefix(format, "."))
	var cw vg.CanvasWriterTo
	switch format {
	case "png":
		c, err := f.raster()
		if err != nil {
			return err
		}
		cw = vgimg.PngCanvas{Canvas: c}
	case "svg", "pdf":
		width, height := vg.Length(f.width)*vg.Inch, vg.Length(f.height)*vg.Inch
		if format == "svg" {
			cw = vgsvg.New(width, height)
		} else {
			cw = pdfCanvas{vgpdf.New(width, height)}
		}
		if err := f.drawOn(draw.New(cw)); err != nil {
			return err
		}
	default:
		return fmt.Errorf("plots: unknown format %q; use png, svg or pdf", format)
	}
	if _, err := cw.WriteTo(w); err != nil {
		return fmt.Errorf("plots: writing %s: %w", format, err)
	}
	return nil
}

// Image renders the figure as a raster image of width·DPI × height·DPI pixels, for
// display in a notebook (gophernotes shows an image.Image).
func (f *Figure) Image() (image.Image, error) {
	c, err := f.raster()
	if err != nil {
		return nil, err
	}
	return c.Image(), nil
}

// raster draws the figure on a new image canvas.
func (f *Figure) raster() (*vgimg.Canvas, error) {
	if !positiveFinite(f.width) || !positiveFinite(f.height) || f.dpi <= 0 {
		return nil, fmt.Errorf("plots: invalid figure size %g×%g inches at %d DPI", f.width, f.height, f.dpi)
	}
	c := vgimg.NewWith(
		vgimg.UseWH(vg.Length(f.width)*vg.Inch, vg.Length(f.height)*vg.Inch),
		vgimg.UseDPI(f.dpi),
		vgimg.UseBackgroundColor(color.White),
	)
	if err := f.drawOn(draw.New(c)); err != nil {
		return nil, err
	}
	return c, nil
}

// drawOn draws the figure on dc, turning a panic inside gonum/plot into an error.
func (f *Figure) drawOn(dc draw.Canvas) (err error) {
	if len(f.rows) == 0 {
		return errors.New("plots: the figure has no panels")
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("plots: drawing the figure failed: %v", r)
		}
	}()
	f.draw(dc)
	return nil
}

// draw lays the title and panels out on dc.
func (f *Figure) draw(dc draw.Canvas) {
	dc.FillPolygon(color.White, []vg.Point{
		dc.Min, {X: dc.Max.X, Y: dc.Min.Y}, dc.Max, {X: dc.Min.X, Y: dc.Max.Y},
	})
	base := vg.Length(f.fontSize)
	margin := base * 0.8
	if f.title != "" {
		sty := textStyle(f.fontSize*figureTitleScale, text.XCenter, text.YTop)
		top := dc.Max.Y - margin
		dc.FillText(sty, vg.Point{X: (dc.Min.X + dc.Max.X) / 2, Y: top}, f.title)
		dc.Max.Y = top - sty.Height(f.title) - base*0.4
	}
	if f.legend != nil {
		if f.title == "" {
			dc.Max.Y -= margin
		}
		h := f.legend.height()
		f.legend.drawAt(dc, (dc.Min.X+dc.Max.X)/2, dc.Max.Y-h)
		dc.Max.Y -= h
	}
	tiles := func(rows, cols int) draw.Tiles {
		return draw.Tiles{
			Rows: rows, Cols: cols,
			PadX: base * 2, PadY: base * 1.6,
			PadTop: margin, PadBottom: margin, PadLeft: margin, PadRight: margin,
		}
	}
	cols := len(f.rows[0])
	equal := true
	for _, r := range f.rows {
		equal = equal && len(r) == cols
	}
	if equal {
		ts := tiles(len(f.rows), cols)
		for j, row := range f.rows {
			for i, p := range row {
				if p != nil {
					adaptTicks(p, ts.At(dc, i, j))
				}
			}
		}
		cs := plot.Align(f.rows, ts, dc)
		for j := range cs {
			if j < len(f.widths) {
				reweigh(cs[j], f.widths[j])
			}
		}
		f.drawRows(f.rows, cs)
		return
	}
	// Rows of different widths: split the height equally, align within each row, then
	// line up the left edges of the rows' first data areas and the right edges of their
	// last ones.
	n := vg.Length(len(f.rows))
	h := (dc.Max.Y - dc.Min.Y) / n
	all := make([][]draw.Canvas, len(f.rows))
	var left, right vg.Length
	for j, row := range f.rows {
		rc := dc
		rc.Max.Y = dc.Max.Y - vg.Length(j)*h
		rc.Min.Y = rc.Max.Y - h
		ts := tiles(1, len(row))
		for i, p := range row {
			if p != nil {
				adaptTicks(p, ts.At(rc, i, 0))
			}
		}
		all[j] = plot.Align([][]*plot.Plot{row}, ts, rc)[0]
		if p := row[0]; p != nil {
			left = max(left, p.DataCanvas(all[j][0]).Min.X-all[j][0].Min.X)
		}
		if k := len(row) - 1; row[k] != nil {
			right = max(right, all[j][k].Max.X-row[k].DataCanvas(all[j][k]).Max.X)
		}
	}
	for j, row := range f.rows {
		if p := row[0]; p != nil {
			all[j][0].Min.X += left - (p.DataCanvas(all[j][0]).Min.X - all[j][0].Min.X)
		}
		if k := len(row) - 1; row[k] != nil {
			all[j][k].Max.X -= right - (all[j][k].Max.X - row[k].DataCanvas(all[j][k]).Max.X)
		}
	}
	f.drawRows(f.rows, all)
}

// drawRows draws each non-nil panel on its canvas. Panel titles are drawn by the figure
// rather than by gonum/plot, at one height across a row and centred on the data area as
// matplotlib does: aligning the data areas leaves the panels' canvases at slightly
// different heights (a tick label at the top pads a panel), which would stagger titles.
func (f *Figure) drawRows(rows [][]*plot.Plot, cs [][]draw.Canvas) {
	for j, row := range rows {
		var top vg.Length
		for i, p := range row {
			if p != nil {
				top = max(top, cs[j][i].Max.Y)
			}
		}
		for i, p := range row {
			if p == nil {
				continue
			}
			cv := cs[j][i]
			title := p.Title.Text
			if title == "" {
				p.Draw(cv)
				continue
			}
			sty := p.Title.TextStyle
			data := p.DataCanvas(cv)
			inner := cv
			inner.Max.Y -= sty.Rectangle(title).Size().Y + p.Title.Padding
			drawUntitled(p, inner)
			cv.FillText(sty, vg.Point{X: data.Center().X, Y: top + sty.FontExtents().Descent}, title)
		}
	}
}

// adaptTicks sets the number of ticks of p's axes from the size of its tile, so that
// labels never crowd a small panel: about one x tick per six and one y tick per 3.5 font
// sizes, from 3 to 6. Axes whose Marker was replaced by the user are left alone.
func adaptTicks(p *plot.Plot, c draw.Canvas) {
	if _, ok := p.X.Tick.Marker.(niceTicks); ok {
		per := float64(p.X.Tick.Label.Font.Size) * 6
		p.X.Tick.Marker = niceTicks{n: min(5, max(2, int(float64(c.Max.X-c.Min.X)/per)))}
	}
	if _, ok := p.Y.Tick.Marker.(niceTicks); ok {
		per := float64(p.Y.Tick.Label.Font.Size) * 3.5
		p.Y.Tick.Marker = niceTicks{n: min(5, max(2, int(float64(c.Max.Y-c.Min.Y)/per)))}
	}
}

// drawUntitled draws p on c without its title, restoring the title afterwards even if
// drawing panics.
func drawUntitled(p *plot.Plot, c draw.Canvas) {
	title := p.Title.Text
	p.Title.Text = ""
	defer func() { p.Title.Text = title }()
	p.Draw(c)
}

// pdfCanvas corrects translucent colours in gonum/plot's PDF backend, which passes
// premultiplied components (color.Color.RGBA) to the PDF as if they were straight, so a
// white at 80% opacity comes out grey. It hands the backend straight components.
type pdfCanvas struct{ *vgpdf.Canvas }

// SetColor sets the colour with straight (non-premultiplied) components.
func (c pdfCanvas) SetColor(col color.Color) {
	if col != nil {
		col = straightColor{color.NRGBA64Model.Convert(col).(color.NRGBA64)}
	}
	c.Canvas.SetColor(col)
}

// straightColor reports its straight components from RGBA, for pdfCanvas only.
type straightColor struct{ c color.NRGBA64 }

// RGBA returns the straight, not premultiplied, components.
func (s straightColor) RGBA() (r, g, b, a uint32) {
	return uint32(s.c.R), uint32(s.c.G), uint32(s.c.B), uint32(s.c.A)
}
