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
	dir, seed, quick := tutorial.Flags()
	seeds := flag.Int("study", 0, "fit U4 with the robust setting for seeds 1..N and stop")
	flag.Parse()
	if *seeds > 0 {
		start := time.Now()
		tutorial.ExitOn("flows", study(robust, *seeds))
		fmt.Printf("\nThe study ran in %.1f s.\n", time.Since(start).Seconds())
		return
	}
	res, err := run(*dir, *seed, *quick)
	tutorial.ExitOn("flows", err)
	if err := res.check(*quick); err != nil {
		tutorial.ExitOn("flows", fmt.Errorf("a conclusion does not hold: %w", err))
	}
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
	start := time.Now()
	res := &results{}
	steps := []struct {
		name string
		f    func(*results) error
	}{
		{"flow patterns", func(r *results) error { return t.patterns(&r.patterns) }},
		{"potentials", func(*results) error { return t.potentials() }},
		{"U1", func(r *results) error { return t.pot1(&r.pot1) }},
		{"U4", func(r *results) error { return t.pot4(&r.pot4) }},
		{"gallery", func(r *results) error { return t.gallery(&r.gallery) }},
	}
	for _, s := range steps {
		if err := s.f(res); err != nil {
			return nil, fmt.Errorf("%s: %w", s.name, err)
		}
	}
	res.seconds = time.Since(start).Seconds()
	section("Summary")
	res.print()
	fmt.Printf("\nThe tutorial ran in %.1f s.\n", res.seconds)
	return res, nil
}
