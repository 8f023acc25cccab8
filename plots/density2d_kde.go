package plots

import (
	"cmp"
	"fmt"
	"math"
)

// defaultGrid2D is the number of grid points per axis of KDE2D (seaborn's bivariate
// gridsize=100).
const defaultGrid2D = 100

// KDE2D returns a Gaussian kernel density estimate of the points (x[k], y[k]) on a grid,
// as seaborn's bivariate kdeplot and jointplot(kind="kde") compute it with SciPy's
// gaussian_kde: the kernel's covariance is the points' covariance times f², with Scott's
// factor f = n^(-1/6) (Silverman's rule gives the same factor in two dimensions) times
// KDEAdjust. The grid has GridSize points per axis (default 100) and runs 3 kernel sds past
// the extreme points on each axis (seaborn's cut=3); kernels are summed out to a
// Mahalanobis distance of 6.
//
// Options: KDEAdjust, GridSize, KDERule (Scott or Silverman, equal here). KDEBandwidth and
// KDEBounds are one-dimensional and are refused. It returns an error if x and y differ in
// length or hold fewer than 3 points, naming the first NaN or ±Inf, or if the points lie
// on a line (their covariance is singular).
//
// References: Scott, D. W. (1992), Multivariate Density Estimation, Wiley, eq. (6.42);
// SciPy's scipy.stats.gaussian_kde.
func KDE2D(x, y []float64, opts ...Option) (*Grid2D, error) {
	c, err := newConfig("KDE2D", kForKDE, opts)
	if err != nil {
		return nil, err
	}
	if c.bandwidth != 0 || c.boundsSet {
		return nil, fmt.Errorf("plots: KDE2D: KDEBandwidth and KDEBounds are one-dimensional; use KDEAdjust to scale the kernel")
	}
	grid := cmp.Or(c.gridSize, defaultGrid2D)
	if err := d2CheckPoints("KDE2D", x, y, 3); err != nil {
		return nil, err
	}
	n := float64(len(x))
	mx, my := d2Mean(x), d2Mean(y)
	var sxx, syy, sxy float64
	for k := range x {
		dx, dy := x[k]-mx, y[k]-my
		sxx += dx * dx
		syy += dy * dy
		sxy += dx * dy
	}
	sxx, syy, sxy = sxx/(n-1), syy/(n-1), sxy/(n-1) // NumPy's cov, as gaussian_kde
	f := math.Pow(n, -1.0/6) * c.adjust
	hxx, hyy, hxy := sxx*f*f, syy*f*f, sxy*f*f
	det := hxx*hyy - hxy*hxy
	if !(det > 1e-12*hxx*hyy) {
		return nil, fmt.Errorf("plots: KDE2D: the points lie on a line (correlation %.6f); a 2-D density cannot be estimated", sxy/math.Sqrt(sxx*syy))
	}
	// The inverse kernel covariance and the kernels' normalising constant.
	ixx, iyy, ixy := hyy/det, hxx/det, -hxy/det
	norm := 1 / (n * 2 * math.Pi * math.Sqrt(det))
	sx, sy := math.Sqrt(hxx), math.Sqrt(hyy)
	xmin, xmax := d2Span(x)
	ymin, ymax := d2Span(y)
	g := &Grid2D{X: d2Linspace(xmin-tailCut*sx, xmax+tailCut*sx, grid), Y: d2Linspace(ymin-tailCut*sy, ymax+tailCut*sy, grid)}
	g.Z = make([]float64, grid*grid)
	stepX := g.X[1] - g.X[0]
	stepY := g.Y[1] - g.Y[0]
	// Each point adds its kernel to the grid points within kernelCut sds on each axis
	// (the box holds the Mahalanobis ellipse of radius kernelCut).
	for k := range x {
		i0 := max(0, int(math.Ceil((x[k]-kernelCut*sx-g.X[0])/stepX)))
		i1 := min(grid-1, int((x[k]+kernelCut*sx-g.X[0])/stepX))
		j0 := max(0, int(math.Ceil((y[k]-kernelCut*sy-g.Y[0])/stepY)))
		j1 := min(grid-1, int((y[k]+kernelCut*sy-g.Y[0])/stepY))
		for i := i0; i <= i1; i++ {
			dx := g.X[i] - x[k]
			row := g.Z[i*grid : (i+1)*grid]
			for j := j0; j <= j1; j++ {
				dy := g.Y[j] - y[k]
				q := ixx*dx*dx + 2*ixy*dx*dy + iyy*dy*dy
				if q < kernelCut*kernelCut {
					row[j] += math.Exp(-q / 2)
				}
			}
		}
	}
	for i := range g.Z {
		g.Z[i] *= norm
	}
	return g, nil
}

func d2Mean(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

func d2Span(x []float64) (lo, hi float64) {
	lo, hi = x[0], x[0]
	for _, v := range x[1:] {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	return lo, hi
}
