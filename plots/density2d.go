package plots

import (
	"errors"
	"fmt"
	"math"
)

// Grid2D is a function of two variables on a rectangular grid, as np.mgrid gives it:
// Z[i*len(Y)+j] is the value at (X[i], Y[j]). X and Y are increasing and evenly spaced.
// EvalGrid2D, KDE2D and Histogram2D make one; PlotDensity2D draws it as filled contours or
// contour lines.
type Grid2D struct {
	X, Y []float64
	Z    []float64
}

// At returns the value at grid point (i, j).
func (g *Grid2D) At(i, j int) float64 { return g.Z[i*len(g.Y)+j] }

// Max returns the largest value of the grid (NaN values are skipped; -Inf if all are).
func (g *Grid2D) Max() float64 {
	m := math.Inf(-1)
	for _, v := range g.Z {
		if v > m {
			m = v
		}
	}
	return m
}

// Integral returns the integral of the grid's values over its rectangle by the midpoint
// rule, each value standing for the cell of width dx·dy around its point: 1 up to the
// mass beyond the grid for a density of KDE2D or Histogram2D.
func (g *Grid2D) Integral() float64 {
	if len(g.X) < 2 || len(g.Y) < 2 {
		return 0
	}
	dx := (g.X[len(g.X)-1] - g.X[0]) / float64(len(g.X)-1)
	dy := (g.Y[len(g.Y)-1] - g.Y[0]) / float64(len(g.Y)-1)
	s := 0.0
	for _, v := range g.Z {
		s += v
	}
	return s * dx * dy
}

// check returns an error naming the grid if its axes are not increasing and evenly
// spaced with at least 2 points each, if Z has the wrong length, or if a value is NaN or
// ±Inf.
func (g *Grid2D) check(name string) error {
	if g == nil {
		return fmt.Errorf("%s is nil", name)
	}
	for _, a := range []struct {
		axis string
		v    []float64
	}{{"X", g.X}, {"Y", g.Y}} {
		if err := d2EvenAxis(a.v); err != nil {
			return fmt.Errorf("%s: %s %w", name, a.axis, err)
		}
	}
	if len(g.Z) != len(g.X)*len(g.Y) {
		return fmt.Errorf("%s: Z has %d values; a %d×%d grid needs %d", name, len(g.Z), len(g.X), len(g.Y), len(g.X)*len(g.Y))
	}
	return checkFinite(g.Z, name)
}

// d2EvenAxis returns an error unless v has at least 2 finite, increasing, evenly spaced
// points (to 1e-6 of the step).
func d2EvenAxis(v []float64) error {
	if len(v) < 2 {
		return fmt.Errorf("has %d points; at least 2 are needed", len(v))
	}
	step := (v[len(v)-1] - v[0]) / float64(len(v)-1)
	if !(step > 0) || math.IsInf(step, 0) {
		return fmt.Errorf("must be finite and increasing, from %v to %v", v[0], v[len(v)-1])
	}
	for i := 1; i < len(v); i++ {
		if math.Abs(v[i]-v[i-1]-step) > 1e-6*step {
			return fmt.Errorf("is not evenly spaced at index %d (%v after %v, step %v)", i, v[i], v[i-1], step)
		}
	}
	return nil
}

// d2Linspace returns n evenly spaced points from lo to hi, both included (np.d2Linspace).
func d2Linspace(lo, hi float64, n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = lo + (hi-lo)*float64(i)/float64(n-1)
	}
	v[n-1] = hi
	return v
}

// d2CheckRange returns an error unless lo < hi are finite and n >= 2.
func d2CheckRange(what string, lo, hi float64, n int) error {
	if !(lo < hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return fmt.Errorf("the %s range [%v, %v] must be finite with lo < hi", what, lo, hi)
	}
	if n < 2 {
		return fmt.Errorf("the %s axis needs at least 2 points, got %d", what, n)
	}
	return nil
}

// EvalGrid2D evaluates f on nx×ny points evenly spaced over [x0, x1]×[y0, y1], ends
// included (the tutorial's np.mgrid[-5:5:100j, -5:5:100j]). It returns an error if a range
// is empty or not finite, if an axis has fewer than 2 points, or naming the first point
// where f is NaN or ±Inf.
func EvalGrid2D(f func(x, y float64) float64, x0, x1 float64, nx int, y0, y1 float64, ny int) (*Grid2D, error) {
	if f == nil {
		return nil, errors.New("plots: EvalGrid2D: nil function")
	}
	if err := d2CheckRange("x", x0, x1, nx); err != nil {
		return nil, fmt.Errorf("plots: EvalGrid2D: %w", err)
	}
	if err := d2CheckRange("y", y0, y1, ny); err != nil {
		return nil, fmt.Errorf("plots: EvalGrid2D: %w", err)
	}
	g := &Grid2D{X: d2Linspace(x0, x1, nx), Y: d2Linspace(y0, y1, ny), Z: make([]float64, nx*ny)}
	for i, x := range g.X {
		for j, y := range g.Y {
			v := f(x, y)
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("plots: EvalGrid2D: f(%v, %v) = %v", x, y, v)
			}
			g.Z[i*ny+j] = v
		}
	}
	return g, nil
}

// Histogram2D counts the points (x[k], y[k]) in nx×ny equal bins over [x0, x1)×[y0, y1)
// and returns the density of each bin at its centre, count/(n·bin area) with n all the
// points, so that the grid integrates to the share of the points inside (np.histogram2d
// with density over the points in range). Points outside the rectangle are left out. It
// returns an error if x and y differ in length or are empty, naming the first NaN or ±Inf,
// or for a bad range.
func Histogram2D(x, y []float64, x0, x1 float64, nx int, y0, y1 float64, ny int) (*Grid2D, error) {
	if err := d2CheckPoints("Histogram2D", x, y, 1); err != nil {
		return nil, err
	}
	if err := d2CheckRange("x", x0, x1, nx); err != nil {
		return nil, fmt.Errorf("plots: Histogram2D: %w", err)
	}
	if err := d2CheckRange("y", y0, y1, ny); err != nil {
		return nil, fmt.Errorf("plots: Histogram2D: %w", err)
	}
	dx, dy := (x1-x0)/float64(nx), (y1-y0)/float64(ny)
	g := &Grid2D{X: d2Linspace(x0+dx/2, x1-dx/2, nx), Y: d2Linspace(y0+dy/2, y1-dy/2, ny), Z: make([]float64, nx*ny)}
	w := 1 / (float64(len(x)) * dx * dy)
	for k := range x {
		if !(x[k] >= x0 && x[k] < x1 && y[k] >= y0 && y[k] < y1) {
			continue
		}
		i := min(int((x[k]-x0)/dx), nx-1)
		j := min(int((y[k]-y0)/dy), ny-1)
		g.Z[i*ny+j] += w
	}
	return g, nil
}

// d2CheckPoints returns an error naming the function if x and y differ in length, hold
// fewer than least points, or hold a NaN or ±Inf.
func d2CheckPoints(fn string, x, y []float64, least int) error {
	if len(x) != len(y) {
		return fmt.Errorf("plots: %s: x has %d values and y %d; they must pair up", fn, len(x), len(y))
	}
	if len(x) < least {
		return fmt.Errorf("plots: %s: %d points; at least %d are needed", fn, len(x), least)
	}
	if err := checkFinite(x, "x"); err != nil {
		return fmt.Errorf("plots: %s: %w", fn, err)
	}
	if err := checkFinite(y, "y"); err != nil {
		return fmt.Errorf("plots: %s: %w", fn, err)
	}
	return nil
}
