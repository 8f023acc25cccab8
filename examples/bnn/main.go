// Command bnn runs PyMC3's "Variational Inference: Bayesian Neural Networks" in Go, cell by
// cell: a neural network with two hidden layers of five tanh units classifies the two
// moons, fitted with mean-field ADVI; its posterior predictive gives the test accuracy, the
// probability surface and its uncertainty on a grid; then the same network is fitted on
// minibatches. It prints the tutorial's numbers, writes its figures into a folder and
// prints its run time.
//
//	go run ./examples/bnn [-figures DIR] [-seed N] [-quick]
package main

import (
	"fmt"

	"github.com/gopymc/gopymc/examples/internal/tutorial"
)

func main() {
	tutorial.Main("bnn", func(dir string, seed uint64, quick bool) error {
		_, err := run(dir, seed, quick)
		return err
	})
}

// cells runs the tutorial's cells with the settings of one run.
type cells struct{ *tutorial.Run }

// results are the numbers the tutorial's conclusions rest on.
type results struct {
	tutorialAccuracy float64 // test accuracy after the tutorial's iterations
	accuracy         float64 // test accuracy after the refinement
	ppcAccuracy      float64 // the same from sample_posterior_predictive's draws
	sdNear, sdFar    float64 // mean predictive sd near the decision boundary and far from it
	nNear, nFar      int     // grid points in each
	minibatchAcc     float64 // test accuracy of the minibatch fit
	fullRate, mbRate float64 // iterations per second of the full-batch and minibatch fits
}

func (r *results) print() {
	fmt.Printf("Test accuracy: %.1f%% after the tutorial's iterations, %.1f%% after refining (PyMC3's tutorial: 94.2%%)\n",
		100*r.tutorialAccuracy, 100*r.accuracy)
	fmt.Printf("Posterior predictive accuracy from sample_posterior_predictive: %.1f%%\n", 100*r.ppcAccuracy)
	fmt.Printf("Mean predictive sd: %.3f near the decision boundary (%d grid points), %.3f far from it (%d points)\n",
		r.sdNear, r.nNear, r.sdFar, r.nFar)
	fmt.Printf("Minibatch ADVI: test accuracy %.1f%%\n", 100*r.minibatchAcc)
	fmt.Printf("ADVI rates: %.0f it/s full batch, %.0f it/s on minibatches of 50 (PyMC3's tutorial: ~2,100-3,000 it/s full batch)\n",
		r.fullRate, r.mbRate)
}

func run(dir string, seed uint64, quick bool) (*results, error) {
	r, err := tutorial.Start(dir, seed, quick)
	if err != nil {
		return nil, err
	}
	t := &cells{r}
	res := &results{}
	var (
		d  *dataset
		nn *fitted
	)
	_, err = tutorial.Steps(res.print,
		tutorial.Step{Name: "data", Do: func() (err error) { d, err = t.data(); return err }},
		tutorial.Step{Name: "ADVI", Do: func() (err error) { nn, err = t.fullBatch(d, res); return err }},
		tutorial.Step{Name: "probability surface", Do: func() error { return t.surface(d, nn, res) }},
		tutorial.Step{Name: "minibatch", Do: func() error { return t.minibatch(d, nn, res) }},
	)
	if err != nil {
		return nil, err
	}
	return res, nil
}
