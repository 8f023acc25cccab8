package data_test

import (
	"fmt"

	"github.com/gopymc/gopymc/data"
)

// The moons of PyMC's Bayesian neural network tutorial: 1000 points with noise 0.2,
// standardised and split in halves.
func ExampleNewMoons() {
	moons, err := data.NewMoons(1000, 0.2, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	X, err := data.Scale(moons.X)
	if err != nil {
		fmt.Println(err)
		return
	}
	train, test, err := data.TrainTestSplit(len(X), 0.5, 2)
	if err != nil {
		fmt.Println(err)
		return
	}
	ones := 0
	for _, y := range moons.Y {
		ones += y
	}
	fmt.Println(len(X), "points,", ones, "of class 1;", len(train), "to train,", len(test), "to test")
	// Output:
	// 1000 points, 500 of class 1; 500 to train, 500 to test
}
