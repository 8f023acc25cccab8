package plots_test

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"math/rand/v2"

	"github.com/gopymc/gopymc/plots"
)

// A density on the tutorial's grid, np.mgrid[-5:5:100j, -5:5:100j]: a standard bivariate
// normal, which integrates to 1 over the window.
func ExampleEvalGrid2D() {
	g, err := plots.EvalGrid2D(func(x, y float64) float64 {
		return math.Exp(-(x*x+y*y)/2) / (2 * math.Pi)
	}, -5, 5, 100, -5, 5, 100)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d×%d points, peak %.3f, integral %.3f\n", len(g.X), len(g.Y), g.Max(), g.Integral())
	// Output: 100×100 points, peak 0.159, integral 1.000
}

// seaborn's bivariate kdeplot of correlated draws: the estimate is a density.
func ExampleKDE2D() {
	r := rand.New(rand.NewPCG(1, 2))
	x, y := make([]float64, 2000), make([]float64, 2000)
	for i := range x {
		a, b := r.NormFloat64(), r.NormFloat64()
		x[i], y[i] = a, 0.5*a+math.Sqrt(0.75)*b
	}
	g, err := plots.KDE2D(x, y)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("integral %.2f\n", g.Integral())
	// Output: integral 1.00
}

// The tutorials' figure of a target density beside draws: filled contours, and a scatter
// with alpha 0.05 on the same axes.
func ExamplePlotDensity2D() {
	target, err := plots.EvalGrid2D(func(x, y float64) float64 {
		return math.Exp(-0.5 * math.Pow((y-math.Sin(math.Pi*x/2))/0.4, 2))
	}, -5, 5, 100, -5, 5, 100)
	if err != nil {
		fmt.Println(err)
		return
	}
	r := rand.New(rand.NewPCG(3, 4))
	x, y := make([]float64, 3000), make([]float64, 3000)
	for i := range x {
		x[i] = 10*r.Float64() - 5
		y[i] = math.Sin(math.Pi*x[i]/2) + 0.4*r.NormFloat64()
	}
	window := [2]float64{-5, 5}
	fig, err := plots.PlotDensity2D([]plots.Panel2D{
		{Title: "Target", Field: target},
		{Title: "Draws", X: x, Y: y, PointColor: color.NRGBA{B: 0xff, A: 0xff}, PointAlpha: 0.05, XLim: window, YLim: window},
	}, plots.Size(12, 6))
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := fig.Render(io.Discard, "png"); err != nil {
		fmt.Println(err)
		return
	}
	w, h := fig.Size()
	fmt.Printf("%d panels, %g×%g inches\n", len(fig.Panels()[0]), w, h)
	// Output: 2 panels, 12×6 inches
}
