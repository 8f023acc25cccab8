// Command quickstart runs PyMC3's "Variational API quickstart" in Go, cell by cell: the
// mixture model with NUTS, ADVI, convergence checks, parameter tracking, SVGD and
// expressions under the posterior with SampleNode; multinomial logistic regression on Iris
// with replacements and tracked accuracies; and minibatch ADVI on a large data set. It prints
// the numbers the tutorial shows and writes its figures into a folder.
//
//	go run ./examples/quickstart [-figures DIR] [-seed N] [-quick]
package main

import "github.com/gopymc/gopymc/examples/internal/tutorial"

func main() {
	tutorial.Main("quickstart", run)
}

// cells carries what the tutorial's cells share: the run's settings and figures' folder.
type cells struct{ *tutorial.Run }

// iters scales an iteration count down in quick mode.
func (t *cells) iters(n int) int { return t.Scale(n, 20, 10) }

var section = tutorial.Section

func run(dir string, seed uint64, quick bool) error {
	r, err := tutorial.Start(dir, seed, quick)
	if err != nil {
		return err
	}
	t := &cells{r}
	var mix *mixtureResults
	_, err = tutorial.Steps(func() { mix.print() },
		tutorial.Step{Name: "mixture", Do: func() (err error) { mix, err = t.mixture(); return err }},
		tutorial.Step{Name: "iris", Do: t.iris},
		tutorial.Step{Name: "minibatch", Do: t.minibatch},
	)
	return err
}
