// Command radon runs PyMC3's "GLM: Mini-batch ADVI on hierarchical regression model" in
// Go, cell by cell: the log radon level of 919 Minnesota houses regressed on the floor of
// the measurement with an intercept and a slope per county (85 counties) drawn from common
// group distributions, fitted with ADVI on aligned minibatches of 100 houses and compared
// with NUTS on all houses, started from the approximation and using its covariance as the
// mass matrix. It prints the tutorial's numbers, writes its figures into a folder and
// prints its run time.
//
//	go run ./examples/radon [-figures DIR] [-seed N] [-quick]
package main

import (
	"fmt"

	"github.com/gopymc/gopymc/data"
	"github.com/gopymc/gopymc/examples/internal/tutorial"
	"github.com/gopymc/gopymc/pm"
)

func main() {
	tutorial.Main("radon", func(dir string, seed uint64, quick bool) error {
		_, err := run(dir, seed, quick)
		return err
	})
}

// cells runs the tutorial's cells with the settings of one run.
type cells struct{ *tutorial.Run }

// results are the numbers the tutorial's conclusions rest on.
type results struct {
	iterations  int     // ADVI iterations run (the convergence check may stop it early)
	rate        float64 // ADVI iterations per second
	avgLoss     float64 // PyMC's "Average Loss": the mean of the last 1,000 losses
	divergences int     // NUTS's divergent transitions after tuning
	draws       int     // NUTS draws kept, all chains
	maxRHat     float64 // the largest R-hat of NUTS's draws
	// worstZ is, per variable, the largest |ADVI mean - NUTS mean| / NUTS sd over its
	// elements, in unconstrained space as the tutorial's figure compares them.
	worstZ map[string]float64
	vars   []string // the variables of worstZ, in the tutorial's order
}

func (r *results) print() {
	fmt.Printf("ADVI on minibatches of 100: %d iterations at %.0f it/s, average loss %.2f (PyMC3: 100,000 at 2,270 it/s, 120.48)\n",
		r.iterations, r.rate, r.avgLoss)
	fmt.Printf("NUTS: %d draws, %d divergences at target_accept 0.9, largest R-hat %.3f\n", r.draws, r.divergences, r.maxRHat)
	fmt.Println("Largest distance of an ADVI mean from NUTS's, in NUTS posterior sds:")
	for _, v := range r.vars {
		fmt.Printf("  %-24s %.2f\n", v, r.worstZ[v])
	}
}

func run(dir string, seed uint64, quick bool) (*results, error) {
	r, err := tutorial.Start(dir, seed, quick)
	if err != nil {
		return nil, err
	}
	t := &cells{r}
	res := &results{}
	var (
		radon  *data.Radon
		approx pm.Approximation
	)
	_, err = tutorial.Steps(res.print,
		tutorial.Step{Name: "data", Do: func() (err error) {
			if radon, err = data.LoadRadon(); err == nil {
				fmt.Printf("%d houses in %d counties; %d measured on the first floor\n", len(radon.LogRadon), len(radon.Counties), countOnes(radon.Floor))
			}
			return err
		}},
		tutorial.Step{Name: "ADVI", Do: func() (err error) { approx, err = t.advi(radon, res); return err }},
		tutorial.Step{Name: "NUTS", Do: func() error { return t.nuts(radon, approx, res) }},
	)
	if err != nil {
		return nil, err
	}
	return res, nil
}

// countOnes counts the entries equal to 1.
func countOnes(x []float64) int {
	n := 0
	for _, v := range x {
		if v == 1 {
			n++
		}
	}
	return n
}
