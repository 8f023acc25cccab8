// Package tutorial holds what the programs of the ported tutorials share: their main and
// their run as named steps ending in a summary and the run time (program.go); the folder
// their figures go to, the seed, the quick mode of their tests, saving a figure and printing
// a section title; PyMC's average loss and the share of a sample below a threshold (fit.go);
// and, for their benchmarks, iteration rates per second of wall and CPU time (bench.go).
package tutorial

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/gopymc/gopymc/plots"
)

// Flags defines the programs' flags on the default flag set: -figures (the folder, default
// "figures"), -seed (default 1) and -quick.
func Flags() (dir *string, seed *uint64, quick *bool) {
	dir = flag.String("figures", "figures", "folder to write the figures into")
	seed = flag.Uint64("seed", 1, "seed of every random stream")
	quick = flag.Bool("quick", false, "fewer iterations and draws everywhere (for a fast check)")
	return dir, seed, quick
}

// ExitOn prints "program: err" to stderr and exits with status 1 when err is not nil.
func ExitOn(program string, err error) {
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", program, err)
		os.Exit(1)
	}
}

// Run is one run of a tutorial's program.
type Run struct {
	Dir   string // the folder figures are written to
	Seed  uint64 // the seed of every random stream
	Quick bool   // fewer iterations and draws everywhere, for a test
}

// Start returns a run writing its figures into dir, which it makes if needed.
func Start(dir string, seed uint64, quick bool) (*Run, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	return &Run{Dir: dir, Seed: seed, Quick: quick}, nil
}

// Scale returns n, or in quick mode n/div but at least least.
func (r *Run) Scale(n, div, least int) int {
	if r.Quick {
		return max(n/div, least)
	}
	return n
}

// Save returns a function that saves a figure under the folder and prints its path:
// r.Save("name.png")(plots.PlotX(...)). A failed plot comes back as an error naming the
// figure.
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

// Section prints a section title as the tutorials' headings.
func Section(title string) {
	fmt.Printf("\n## %s\n\n", title)
}

// CheckFigures fails t for each named figure missing from dir or smaller than 1000 bytes.
func CheckFigures(t testing.TB, dir string, names ...string) {
	t.Helper()
	for _, name := range names {
		info, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("figure %s: %v", name, err)
		} else if info.Size() < 1000 {
			t.Errorf("figure %s has only %d bytes", name, info.Size())
		}
	}
}
