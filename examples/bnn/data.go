package main

import (
	"fmt"
	"image/color"

	"github.com/gopymc/gopymc/data"
	"github.com/gopymc/gopymc/examples/internal/tutorial"
	"github.com/gopymc/gopymc/plots"
)

// red is matplotlib's "r", the tutorial's colour of class 1.
var red = color.RGBA{R: 0xff, A: 0xff}

// c0 is matplotlib's first cycle colour, the tutorial's class 0.
var c0 = color.RGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff}

// dataset is the tutorial's moons: all points and the two halves.
type dataset struct {
	X             [][]float64
	Y             []float64
	xTrain, xTest [][]float64
	yTrain, yTest []float64
}

// data makes the moons and draws them.
func (t *cells) data() (*dataset, error) {
	tutorial.Section("Generating data")
	d, err := makeMoons(t.Seed)
	if err != nil {
		return nil, err
	}
	fmt.Printf("%d points in two moons (noise 0.2), standardised: %d to train, %d to test\n", len(d.X), len(d.xTrain), len(d.xTest))
	err = t.Save("bnn_data.png")(plots.PlotScatter(byClass(d.X, d.Y, "Class"),
		plots.Colors(c0, red), plots.Title("Toy binary classification data set")))
	return d, err
}

// makeMoons makes the tutorial's data: make_moons(noise=0.2, n_samples=1000), scaled,
// split in halves, from a seed.
func makeMoons(seed uint64) (*dataset, error) {
	moons, err := data.NewMoons(1000, 0.2, seed)
	if err != nil {
		return nil, err
	}
	X, err := data.Scale(moons.X)
	if err != nil {
		return nil, err
	}
	train, test, err := data.TrainTestSplit(len(X), 0.5, seed)
	if err != nil {
		return nil, err
	}
	d := &dataset{X: X, Y: make([]float64, len(X))}
	for i, y := range moons.Y {
		d.Y[i] = float64(y)
	}
	for _, i := range train {
		d.xTrain, d.yTrain = append(d.xTrain, X[i]), append(d.yTrain, d.Y[i])
	}
	for _, i := range test {
		d.xTest, d.yTest = append(d.xTest, X[i]), append(d.yTest, d.Y[i])
	}
	return d, nil
}

// byClass splits points into two sets by label (0 or 1, or a prediction), named
// "<prefix> 0" and "<prefix> 1".
func byClass(X [][]float64, label []float64, prefix string) []plots.PointSet {
	sets := []plots.PointSet{{Name: prefix + " 0"}, {Name: prefix + " 1"}}
	for i, row := range X {
		k := 0
		if label[i] == 1 {
			k = 1
		}
		sets[k].X = append(sets[k].X, row[0])
		sets[k].Y = append(sets[k].Y, row[1])
	}
	return sets
}
