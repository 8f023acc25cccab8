package plots_test

import (
	"fmt"
	"io"
	"math"

	"github.com/gopymc/gopymc/plots"
)

// The BNN tutorial's probability surface: a function on a 100×100 grid over [-3, 3]²
// (np.mgrid[-3:3:100j, -3:3:100j]) as filled contours with seaborn's diverging palette, a
// colour bar and points over it.
func ExamplePlotContour() {
	g, err := plots.EvalGrid2D(func(x, y float64) float64 { return 1 / (1 + math.Exp(-(2*x - y*y + 1))) },
		-3, 3, 100, -3, 3, 100)
	if err != nil {
		fmt.Println(err)
		return
	}
	points := []plots.PointSet{
		{Name: "predicted 0", X: []float64{-1, 0}, Y: []float64{0, 1}},
		{Name: "predicted 1", X: []float64{1, 2}, Y: []float64{-1, -2}},
	}
	fig, err := plots.PlotContour(g, points, plots.Colormap("diverging"),
		plots.ColorBarLabel("Posterior predictive mean probability of class label = 0"))
	if err != nil {
		fmt.Println(err)
		return
	}
	w, h := fig.Size()
	fmt.Printf("%g×%g inches, %d panels (the surface and its colour bar)\n", w, h, len(fig.Panels()[0]))
	fmt.Println(fig.Render(io.Discard, "png")) // fig.Save("surface.png") writes a file
	// Output:
	// 10×6 inches, 2 panels (the surface and its colour bar)
	// <nil>
}

// The last figure of PyMC's minibatch-ADVI tutorial: each variable's ADVI Gaussians
// against histograms of NUTS draws.
func ExamplePlotMarginals() {
	nuts := make([]float64, 400)
	for i := range nuts {
		nuts[i] = 1.49 + 0.05*math.Sin(float64(i)) // stand-in draws
	}
	fig, err := plots.PlotMarginals([]plots.Marginal{
		{Name: "mu_alpha", Mean: []float64{1.488}, SD: []float64{0.040}, Draws: [][]float64{nuts}},
		{Name: "eps_interval__", Mean: []float64{-4.905}, SD: []float64{0.027}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, row := range fig.Panels() {
		fmt.Println(row[0].Title.Text)
	}
	// Output:
	// mu_alpha
	// eps_interval__
}
