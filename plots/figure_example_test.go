package plots_test

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"math/rand/v2"
	"strings"

	"github.com/gopymc/gopymc/plots"
	"github.com/gopymc/gopymc/trace"
)

// mixture returns n draws of the quickstart's mixture 0.2·N(-0.3, 0.1²) + 0.8·N(0.5, 0.1²).
func mixture(r *rand.Rand, n int) []float64 {
	x := make([]float64, n)
	for i := range x {
		if r.Float64() < 0.2 {
			x[i] = -0.3 + 0.1*r.NormFloat64()
		} else {
			x[i] = 0.5 + 0.1*r.NormFloat64()
		}
	}
	return x
}

// lightSeaGreen is CSS's LightSeaGreen (golang.org/x/image/colornames.Lightseagreen).
var lightSeaGreen = color.RGBA{R: 0x20, G: 0xb2, B: 0xaa, A: 0xff}

func ExamplePlotPosterior() {
	r := rand.New(rand.NewPCG(1, 1))
	post, _ := trace.New([]trace.Var{{Name: "x"}, {Name: "beta", Shape: []int{2}}}, 1)
	_ = post.SetChain(0, "x", mixture(r, 1000))
	beta := make([]float64, 2000)
	for i := range beta {
		beta[i] = float64(i%2) + r.NormFloat64()
	}
	_ = post.SetChain(0, "beta", beta)

	// pm.plot_posterior(trace, color='LightSeaGreen') at figsize=(12, 3.5):
	fig, err := plots.PlotPosterior(post, nil,
		plots.Colors(lightSeaGreen), plots.Size(12, 3.5))
	if err != nil {
		fmt.Println(err)
		return
	}
	var titles []string
	for _, p := range fig.Panels()[0] {
		titles = append(titles, p.Title.Text)
	}
	fmt.Println(strings.Join(titles, "; "))
	// fig.Save("posterior.png") writes the file; here it goes nowhere.
	fmt.Println(fig.Render(io.Discard, "png"))

	_, err = plots.PlotPosterior(post, []string{"mu"})
	fmt.Println(err)
	// Output:
	// x; beta[0]; beta[1]
	// <nil>
	// plots: PlotPosterior: unknown variable "mu"; the trace has "x", "beta"
}

func ExamplePlotTracker() {
	// Tracker(mean=approx.mean.eval, std=approx.std.eval) over 1000 iterations of a scalar
	// model, converted to one-element slices, and the loss history approx.hist.
	n := 1000
	mean := make([][]float64, n)
	std := make([][]float64, n)
	hist := make([]float64, n)
	for i := range n {
		f := math.Exp(-float64(i) / 200)
		mean[i] = []float64{0.34 * (1 - f)}
		std[i] = []float64{0.1 + 0.59*f}
		hist[i] = 1.9 + 30*f
	}
	fig, err := plots.PlotTracker([]plots.Series{{Name: "mean", Values: mean}, {Name: "std", Values: std}}, hist)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, row := range fig.Panels() {
		var titles []string
		for _, p := range row {
			titles = append(titles, p.Title.Text)
		}
		fmt.Println(strings.Join(titles, "; "))
	}
	w, h := fig.Size()
	fmt.Printf("%g×%g inches, %d×%d pixels\n", w, h, int(w)*fig.DPI(), int(h)*fig.DPI())
	// Output:
	// Mean track; Std track
	// Negative ELBO track
	// 16×9 inches, 1600×900 pixels
}

func ExampleKDECompare() {
	r := rand.New(rand.NewPCG(2, 1))
	advi := make([]float64, 10000)
	for i := range advi {
		advi[i] = 0.37 + 0.37*r.NormFloat64()
	}
	fig, err := plots.KDECompare([]plots.NamedSample{
		{Name: "NUTS", Values: mixture(r, 50000)},
		{Name: "ADVI", Values: advi},
		{Name: "SVGD", Values: mixture(r, 2000)},
	}, plots.XLabel("x"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(fig.Panels()[0][0].Title.Text)
	// Output:
	// Kernel density estimates
}

func ExamplePlotTrainingProgress() {
	// eval_tracker['test_accuracy']: at each of 100 iterations, 50 sampled accuracies.
	r := rand.New(rand.NewPCG(3, 1))
	acc := make([][]float64, 100)
	for i := range acc {
		acc[i] = make([]float64, 50)
		for j := range acc[i] {
			acc[i][j] = math.Min(1, 0.6+0.003*float64(i)+0.05*r.NormFloat64())
		}
	}
	fig, err := plots.PlotTrainingProgress([]plots.Series{{Name: "test_accuracy", Values: acc}},
		plots.YLabel("accuracy"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(fig.Panels()[0][0].Title.Text)
	_, err = plots.PlotTrainingProgress([]plots.Series{{Name: "test_accuracy", Values: acc}}, plots.Size(0, 4))
	fmt.Println(err)
	// Output:
	// Training Progress
	// plots: Size(0, 4): width and height must be positive, finite inches
}

func ExamplePlotDistribution() {
	r := rand.New(rand.NewPCG(4, 1))
	x2 := mixture(r, 1000)
	for i, v := range x2 {
		x2[i] = v * v
	}
	fig, err := plots.PlotDistribution(x2, "x² distribution", plots.XLabel("x²"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(fig.Panels()[0][0].Title.Text)
	// Output:
	// x² distribution
}
