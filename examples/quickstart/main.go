// Command quickstart runs PyMC3's "Variational API quickstart" in Go, cell by cell: the
// mixture model with NUTS, ADVI, convergence checks, parameter tracking, SVGD and
// expressions under the posterior with SampleNode; multinomial logistic regression on Iris
// with replacements and tracked accuracies; and minibatch ADVI on a large data set. It prints
// the numbers the tutorial shows and writes its figures into a folder.
//
//	go run ./examples/quickstart [-figures DIR] [-seed N] [-quick]
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/gopymc/gopymc/plots"
)

func main() {
	dir := flag.String("figures", "figures", "folder to write the figures into")
	seed := flag.Uint64("seed", 1, "seed of every random stream")
	quick := flag.Bool("quick", false, "fewer iterations everywhere (for a fast check)")
	flag.Parse()
	if err := run(*dir, *seed, *quick); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// tutorial carries what the cells share: settings and the figures' folder.
type tutorial struct {
	dir   string
	seed  uint64
	quick bool
}

// iters scales an iteration count down in quick mode.
func (t *tutorial) iters(n int) int {
	if t.quick {
		return max(n/20, 10)
	}
	return n
}

// save returns a function that saves a figure under the folder and prints its path:
// t.save("name.png")(plots.PlotX(...)).
func (t *tutorial) save(name string) func(*plots.Figure, error) error {
	return func(f *plots.Figure, err error) error {
		if err != nil {
			return fmt.Errorf("figure %s: %w", name, err)
		}
		path := filepath.Join(t.dir, name)
		if err := f.Save(path); err != nil {
			return err
		}
		fmt.Println("figure:", path)
		return nil
	}
}

func section(title string) {
	fmt.Printf("\n## %s\n\n", title)
}

func run(dir string, seed uint64, quick bool) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	t := &tutorial{dir: dir, seed: seed, quick: quick}
	start := time.Now()
	mix, err := t.mixture()
	if err != nil {
		return fmt.Errorf("mixture: %w", err)
	}
	if err := t.iris(); err != nil {
		return fmt.Errorf("iris: %w", err)
	}
	if err := t.minibatch(); err != nil {
		return fmt.Errorf("minibatch: %w", err)
	}
	section("Summary")
	mix.print()
	fmt.Printf("\nThe tutorial ran in %.1f s.\n", time.Since(start).Seconds())
	return nil
}
