package tutorial

import (
	"flag"
	"fmt"
	"time"
)

// Main is a tutorial program's main: it defines Flags beside any flags the program defined
// before calling it, parses the command line, calls run with the flags' values and, when run
// returns an error, prints "program: err" to stderr and exits with status 1 (ExitOn).
func Main(program string, run func(dir string, seed uint64, quick bool) error) {
	dir, seed, quick := Flags()
	flag.Parse()
	ExitOn(program, run(*dir, *seed, *quick))
}

// Step is one named part of a tutorial's program; an error it returns is reported with
// its name.
type Step struct {
	Name string
	Do   func() error
}

// Steps runs steps in order and stops at the first that fails, returning its error as
// "name: err"; when all succeed it prints the Summary section (Section, then summary) and
// the run time, and returns the run time in seconds.
func Steps(summary func(), steps ...Step) (seconds float64, err error) {
	start := time.Now()
	for _, s := range steps {
		if err := s.Do(); err != nil {
			return 0, fmt.Errorf("%s: %w", s.Name, err)
		}
	}
	seconds = time.Since(start).Seconds()
	Section("Summary")
	summary()
	fmt.Printf("\nThe tutorial ran in %.1f s.\n", seconds)
	return seconds, nil
}

// Conclusions wraps the error of a program's check of the tutorial's conclusions as "a
// conclusion does not hold: err"; nil stays nil.
func Conclusions(err error) error {
	if err != nil {
		return fmt.Errorf("a conclusion does not hold: %w", err)
	}
	return nil
}
