// Command empirical runs PyMC3's "Empirical approximation overview" in Go, cell by cell: a
// NUTS trace of the quickstart's two-mode mixture becomes an Empirical approximation (its
// histogram holds the trace's draws), which is sampled, evaluated with SampleNode and
// compared with the trace; then a correlated 2-D normal, whose Empirical covariance and
// mean are checked against the trace's (PyMC's trace_cov). It prints the tutorial's numbers
// and writes its figures into a folder.
//
//	go run ./examples/empirical [-figures DIR] [-seed N] [-quick]
package main

import (
	"fmt"

	"github.com/gopymc/gopymc/examples/internal/tutorial"
)

func main() {
	tutorial.Main("empirical", func(dir string, seed uint64, quick bool) error {
		res, err := run(dir, seed, quick)
		if err != nil {
			return err
		}
		return tutorial.Conclusions(res.check())
	})
}

// cells carries what the tutorial's cells share: the run's settings and figures' folder.
type cells struct{ *tutorial.Run }

// draws scales a number of draws down in quick mode.
func (t *cells) draws(n int) int { return t.Scale(n, 50, 200) }

var section = tutorial.Section

// results are the numbers the tutorial's conclusions rest on.
type results struct {
	mixture  mixtureResults
	mvnormal mvnormalResults
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
		tutorial.Step{Name: "mixture", Do: func() error { return t.mixture(&res.mixture) }},
		tutorial.Step{Name: "2-d normal", Do: func() error { return t.mvnormal(&res.mvnormal) }},
	)
	if err != nil {
		return nil, err
	}
	return res, nil
}

func (r *results) print() {
	m, v := r.mixture, r.mvnormal
	fmt.Printf("Mixture: Empirical of %d draws; its mean %.4f is the trace's %.4f (difference %g);\n", m.particles, m.empMean, m.traceMean, m.empMean-m.traceMean)
	fmt.Printf("  %d resampled draws have mean %.4f and left-mode mass %.3f (the trace's %.3f).\n", m.resampled, m.sampleMean, m.sampleLeft, m.traceLeft)
	fmt.Printf("2-d normal: Empirical covariance × n/(n-1) differs from trace_cov by at most %.1e (relative);\n", v.covRelDiff)
	fmt.Printf("  Empirical mean %.4f, %.4f (the trace's %.4f, %.4f); correlation %.3f (exact 0.5).\n", v.empMean[0], v.empMean[1], v.traceMean[0], v.traceMean[1], v.corr)
}

// check states the tutorial's conclusions from our numbers: the Empirical approximation
// holds exactly the trace's draws, so its mean equals the trace's (the same sum in the same
// order) and its covariance is trace_cov with divisor n instead of n - 1; draws from it
// reproduce the trace's distribution (within 4 standard errors of draws with replacement).
func (r *results) check() error {
	m, v := r.mixture, r.mvnormal
	switch {
	case !m.histogramIsTrace:
		return fmt.Errorf("the histogram's rows are not the trace's draws, chain after chain")
	case m.empMean != m.traceMean:
		return fmt.Errorf("the Empirical's mean %v differs from the trace's %v", m.empMean, m.traceMean)
	case m.useMeanNode != m.empMean:
		return fmt.Errorf("SampleNode(x, UseMean()) gives %v, the histogram's mean is %v", m.useMeanNode, m.empMean)
	case !near(m.sampleLeft, m.traceLeft, 4*m.seLeft):
		return fmt.Errorf("resampled left-mode mass %.3f, the trace's %.3f (standard error %.3f)", m.sampleLeft, m.traceLeft, m.seLeft)
	case !near(m.nodeX2, m.traceX2, 4*m.seX2):
		return fmt.Errorf("SampleNode's E[x²] %.4f, the trace's %.4f (standard error %.4f)", m.nodeX2, m.traceX2, m.seX2)
	case v.covRelDiff > 1e-13:
		return fmt.Errorf("the Empirical's covariance × n/(n-1) differs from trace_cov by %g", v.covRelDiff)
	case !v.diagExact:
		return fmt.Errorf("the Empirical's variances are not the trace's (divisor n)")
	case v.empMean != v.traceMean:
		return fmt.Errorf("the Empirical's mean %v differs from the trace's %v", v.empMean, v.traceMean)
	case !near(v.corr, 0.5, 0.1):
		return fmt.Errorf("the trace's correlation %.3f is far from 0.5", v.corr)
	}
	return nil
}

func near(a, b, tol float64) bool { return a-b <= tol && b-a <= tol }
