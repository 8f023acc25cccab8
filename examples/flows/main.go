// Command flows runs PyMC3's "Normalizing flows overview" in Go, cell by cell: flow formulas
// (mean-field, full-rank and low-rank Gaussians as scale, hh and loc layers); the four 2-D
// potentials of Rezende and Mohamed (2015); the ring U₁ with NUTS and with planar flows,
// tracking the flow's parameters and the objective's gradient; the forked sinusoid U₄ with
// NUTS and a planar flow; and, beyond the tutorial, every potential fitted by a full-rank
// Gaussian (scale-hh) and by a radial-planar flow, and U₄'s branch masses over several
// seeds. It prints the tutorial's numbers and writes its figures into a folder.
//
//	go run ./examples/flows [-figures DIR] [-seed N] [-quick] [-study N]
//
// -study N fits U₄ with the robust setting for seeds 1..N and prints each seed's
// lower-branch mass (see study.go).
package main

import (
	"flag"
	"fmt"
	"time"

	"github.com/gopymc/gopymc/examples/internal/tutorial"
)

func main() {
	seeds := flag.Int("study", 0, "fit U4 with the robust setting for seeds 1..N and stop")
	tutorial.Main("flows", func(dir string, seed uint64, quick bool) error {
		if *seeds > 0 {
			start := time.Now()
			if err := study(robust, *seeds); err != nil {
				return err
			}
			fmt.Printf("\nThe study ran in %.1f s.\n", time.Since(start).Seconds())
			return nil
		}
		res, err := run(dir, seed, quick)
		if err != nil {
			return err
		}
		return tutorial.Conclusions(res.check(quick))
	})
}

// cells carries what the tutorial's cells share: the run's settings and figures' folder.
type cells struct{ *tutorial.Run }

// iters scales an iteration count down in quick mode.
func (t *cells) iters(n int) int { return t.Scale(n, 25, 100) }

var section = tutorial.Section

// results are the numbers the tutorial's conclusions rest on.
type results struct {
	patterns patternResults
	pot1     pot1Results
	pot4     pot4Results
	gallery  galleryResults
	seconds  float64
}

func run(dir string, seed uint64, quick bool) (*results, error) {
	r, err := tutorial.Start(dir, seed, quick)
	if err != nil {
		return nil, err
	}
	t := &cells{r}
	res := &results{}
	res.seconds, err = tutorial.Steps(res.print,
		tutorial.Step{Name: "flow patterns", Do: func() error { return t.patterns(&res.patterns) }},
		tutorial.Step{Name: "potentials", Do: t.potentials},
		tutorial.Step{Name: "U1", Do: func() error { return t.pot1(&res.pot1) }},
		tutorial.Step{Name: "U4", Do: func() error { return t.pot4(&res.pot4) }},
		tutorial.Step{Name: "gallery", Do: func() error { return t.gallery(&res.gallery) }},
	)
	if err != nil {
		return nil, err
	}
	return res, nil
}
