package tutorial

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/gopymc/gopymc/plots"
)

// Run is the settings of one run of a tutorial program: the folder its figures go to, the
// seed of every random stream, and whether it runs in quick mode (fewer iterations and
// draws, for tests).
type Run struct {
	Dir   string
	Seed  uint64
	Quick bool
}

// Pick returns full in a full run and quick in quick mode.
func (r *Run) Pick(full, quick int) int {
	if r.Quick {
		return quick
	}
	return full
}

// Save returns a function that saves a figure under the folder and prints its path:
// r.Save("name.png")(plots.PlotX(...)). The error of the plotting call is returned, named
// after the figure.
func (r *Run) Save(name string) func(*plots.Figure, error) error {
	return func(f *plots.Figure, err error) error {
		if err != nil {
			return fmt.Errorf("figure %s: %w", name, err)
		}
		path := filepath.Join(r.Dir, name)
		if err := f.Save(path); err != nil {
			return err
		}
		fmt.Println("figure:", path)
		return nil
	}
}

// Section prints a section header, as the tutorial's headings.
func Section(title string) {
	fmt.Printf("\n## %s\n\n", title)
}

// AverageLoss is PyMC's "Average Loss": the mean of the last 1,000 losses of a history (of
// all of a shorter one), 0 for none.
func AverageLoss(h []float64) float64 {
	k := min(len(h), 1000)
	if k == 0 {
		return 0
	}
	s := 0.0
	for _, v := range h[len(h)-k:] {
		s += v
	}
	return s / float64(k)
}

// Main parses the flags every tutorial program takes, -figures DIR (default "figures"),
// -seed N (default 1) and -quick, runs the tutorial with them and, on an error, prints it
// after the program's name and exits with status 1.
func Main(name string, run func(r *Run) error) {
	r := &Run{}
	flag.StringVar(&r.Dir, "figures", "figures", "folder to write the figures into")
	flag.Uint64Var(&r.Seed, "seed", 1, "seed of every random stream")
	flag.BoolVar(&r.Quick, "quick", false, "fewer iterations and draws (for a fast check)")
	flag.Parse()
	if err := run(r); err != nil {
		fmt.Fprintln(os.Stderr, name+":", err)
		os.Exit(1)
	}
}
