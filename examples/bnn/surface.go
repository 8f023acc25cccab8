package main

import (
	"fmt"
	"math"

	"github.com/gopymc/gopymc/examples/internal/tutorial"
	"github.com/gopymc/gopymc/plots"
)

// gridSide is the tutorial's np.mgrid[-3:3:100j, -3:3:100j].
const gridSide = 100

// surface evaluates the posterior predictive on a 100×100 grid over [-3, 3]² and draws
// its mean (the probability surface) and standard deviation (the uncertainty), with the
// test points by predicted class over them.
func (t *cells) surface(d *dataset, f *fitted, res *results) error {
	tutorial.Section("What the classifier has learned")
	g := &plots.Grid2D{}
	for i := range gridSide {
		v := -3 + 6*float64(i)/(gridSide-1)
		g.X, g.Y = append(g.X, v), append(g.Y, v)
	}
	rows := make([][]float64, 0, gridSide*gridSide) // grid_2d = grid.reshape(2, -1).T
	for _, x := range g.X {
		for _, y := range g.Y {
			rows = append(rows, []float64{x, y})
		}
	}
	draws := t.Pick(500, 100)
	probs, err := f.sampleProba(rows, draws)
	if err != nil {
		return err
	}
	p := probs[0].Float64s()
	mean, sd := make([]float64, len(rows)), make([]float64, len(rows))
	for i := range rows {
		var s, ss float64
		for r := range draws {
			v := p[r*len(rows)+i]
			s += v
			ss += v * v
		}
		mean[i] = s / float64(draws)
		sd[i] = math.Sqrt(math.Max(0, ss/float64(draws)-mean[i]*mean[i]))
	}
	points := byClass(d.xTest, f.pred, "Predicted")
	g.Z = mean
	if err := t.Save("bnn_probability_surface.png")(plots.PlotContour(g, points,
		plots.Colormap("diverging"), plots.Colors(c0, red), plots.Size(16, 9),
		plots.ColorBarLabel("Posterior predictive mean probability of class label = 1"))); err != nil {
		return err
	}
	g.Z = sd
	if err := t.Save("bnn_uncertainty.png")(plots.PlotContour(g, points,
		plots.Colormap("cubehelix"), plots.Colors(c0, red), plots.Size(16, 9),
		plots.ColorBarLabel("Uncertainty (posterior predictive standard deviation)"))); err != nil {
		return err
	}
	res.sdNear, res.nNear, res.sdFar, res.nFar = boundarySD(mean, sd)
	fmt.Printf("Mean predictive sd %.3f near the decision boundary (mean probability within 0.1 of 0.5, %d grid points), %.3f far from it (beyond 0.45, %d points)\n",
		res.sdNear, res.nNear, res.sdFar, res.nFar)
	return nil
}

// boundarySD returns the mean sd of the grid points whose mean probability is within 0.1
// of 0.5 (near the decision boundary) and of those within 0.05 of 0 or 1 (far from it),
// with their counts.
func boundarySD(mean, sd []float64) (near float64, nNear int, far float64, nFar int) {
	for i, m := range mean {
		switch d := math.Abs(m - 0.5); {
		case d < 0.1:
			near += sd[i]
			nNear++
		case d > 0.45:
			far += sd[i]
			nFar++
		}
	}
	return near / float64(max(nNear, 1)), nNear, far / float64(max(nFar, 1)), nFar
}
