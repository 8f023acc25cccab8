package plots

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

// maxBuckets is the number of buckets a long line is reduced to: about twice as many
// points as a wide figure has pixels, so nothing visible is lost.
const maxBuckets = 1500

// envelope returns the points (x0 + i·dx, y[i]) of a line, reduced when it has more than
// 2·buckets points: the points are split into buckets consecutive runs and each run keeps
// its minimum and maximum, in their original order, and the first and last points stay. The drawn line keeps every spike and
// the band the draws cover, and SVG and PDF files stay small for long traces.
func envelope(y []float64, x0, dx float64, buckets int) plotter.XYs {
	n := len(y)
	if n <= 2*buckets {
		out := make(plotter.XYs, n)
		for i, v := range y {
			out[i] = plotter.XY{X: x0 + float64(i)*dx, Y: v}
		}
		return out
	}
	// The first and last points are kept so that the line spans the whole range.
	out := make(plotter.XYs, 0, 2*buckets+2)
	out = append(out, plotter.XY{X: x0, Y: y[0]})
	for b := range buckets {
		lo, hi := b*n/buckets, (b+1)*n/buckets
		imin, imax := lo, lo
		for i := lo + 1; i < hi; i++ {
			if y[i] < y[imin] {
				imin = i
			}
			if y[i] > y[imax] {
				imax = i
			}
		}
		first, second := imin, imax
		if imax < imin {
			first, second = imax, imin
		}
		for _, i := range []int{first, second} {
			if len(out) == 0 || out[len(out)-1].X != x0+float64(i)*dx {
				out = append(out, plotter.XY{X: x0 + float64(i)*dx, Y: y[i]})
			}
		}
	}
	if last := x0 + float64(n-1)*dx; out[len(out)-1].X != last {
		out = append(out, plotter.XY{X: last, Y: y[n-1]})
	}
	return out
}

// newLine returns a line through xys of the given colour and width in points.
func newLine(xys plotter.XYs, col color.Color, width float64) *plotter.Line {
	return &plotter.Line{XYs: xys, LineStyle: lineStyle(col, width)}
}

// chunkLen is the number of segments stroked as one path by newLines.
const chunkLen = 64

// newLines returns the line through xys as consecutive pieces of chunkLen segments that
// share their end points. The raster backend's rasterizer (freetype) slows down
// quadratically with the number of cells one path covers, so a long, jagged trace drawn
// as one path takes seconds; in pieces it takes milliseconds and looks the same.
func newLines(xys plotter.XYs, col color.Color, width float64) []plot.Plotter {
	if len(xys) <= chunkLen+1 {
		return []plot.Plotter{newLine(xys, col, width)}
	}
	var out []plot.Plotter
	for i := 0; i < len(xys)-1; i += chunkLen {
		end := min(i+chunkLen+1, len(xys))
		out = append(out, newLine(xys[i:end], col, width))
	}
	return out
}

// densityXYs returns the points of a density's curve.
func densityXYs(d *Density) plotter.XYs {
	out := make(plotter.XYs, len(d.X))
	for i := range d.X {
		out[i] = plotter.XY{X: d.X[i], Y: d.Y[i]}
	}
	return out
}
