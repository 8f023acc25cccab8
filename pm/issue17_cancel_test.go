package pm_test

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/gopymc/gopymc/internal/testmodels"
	"github.com/gopymc/gopymc/pm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Issue 17: every long loop sees cancellation within about 100 ms on the tutorial's
// 40000×100 data (one log-density evaluation there takes a few ms), and a cancelled run
// keeps what it made. The tests check that a cancelled run returns context.Canceled and
// keeps a usable result; they log the latencies, which BenchmarkIssue17CancelLatency
// reports, and assert none (a loaded machine stretches them).

// cancelWait is how long a run goes on before it is cancelled: long enough to be inside
// its loop (past compiling), far shorter than the run.
const cancelWait = 400 * time.Millisecond

// longRun is one of the long loops: it runs with ctx until cancelled and returns its error
// and a check of what it kept (nil when the partial result is usable).
type longRun struct {
	name string
	run  func(ctx context.Context) (kept func() error, err error)
}

// bigModel is the tutorial's full-data model (cells 56-59): mu ~ Flat(100),
// sd ~ HalfNormal(1, 100), likelihood ~ Normal(mu, sd) observed on 40000×100 data.
func bigModel(tb testing.TB) *pm.Model {
	tb.Helper()
	x := tensor.New(tensor.WithShape(testmodels.TutorialRows, testmodels.TutorialCols), tensor.WithBacking(testmodels.TutorialData(1)))
	m := pm.NewModel()
	mu := pm.Flat(m, "mu", pm.Shape(testmodels.TutorialCols))
	sd := pm.HalfNormal(m, "sd", 1.0, pm.Shape(testmodels.TutorialCols))
	pm.Normal(m, "likelihood", mu, sd, pm.Observed(x))
	if err := m.Err(); err != nil {
		tb.Fatal(err)
	}
	return m
}

// finiteParams is a kept-check: the approximation's parameters are all finite.
func finiteParams(q pm.Approximation) func() error {
	return func() error {
		if q == nil {
			return errors.New("no approximation came back")
		}
		for _, p := range q.FlatParams() {
			if math.IsNaN(p) || math.IsInf(p, 0) {
				return errors.New("a kept parameter is not finite")
			}
		}
		return nil
	}
}

// longRuns are the long loops on m, a big model, with q an approximation of it.
func longRuns(m *pm.Model, q pm.Approximation) []longRun {
	fit := func(method string, opts ...pm.Option) longRun {
		return longRun{"Fit " + method, func(ctx context.Context) (func() error, error) {
			a, err := pm.FitContext(ctx, m, append([]pm.Option{pm.Method(method), pm.N(1 << 40), pm.Seed(1), silent}, opts...)...)
			return finiteParams(a), err
		}}
	}
	return []longRun{
		fit("advi"),
		fit("fullrank_advi"),
		fit("nfvi"),
		// 1000 particles: a step computes 1000 gradients (seconds) then the kernel.
		fit("svgd", pm.InfKwargs(pm.Particles(1000))),
		{"Sample (NUTS)", func(ctx context.Context) (func() error, error) {
			tr, err := pm.SampleContext(ctx, m, pm.Draws(1<<40), pm.Chains(1), pm.Seed(1), silent)
			return func() error {
				if tr == nil {
					return errors.New("no trace came back")
				}
				return nil
			}, err
		}},
		{"SamplePosteriorPredictive", func(ctx context.Context) (func() error, error) {
			_, err := pm.SamplePosteriorPredictiveContext(ctx, m, q, pm.Samples(1<<30), pm.Seed(1))
			return nil, err
		}},
		{"PosteriorFunction", func(ctx context.Context) (func() error, error) {
			f, err := pm.NewPosteriorFunction(q, nil, []*G.Node{m.ObservedVars()[0].LogP}, pm.Size(1<<30))
			if err != nil {
				return nil, err
			}
			_, err = f.CallContext(ctx)
			return nil, err
		}},
		{"PSIS", func(ctx context.Context) (func() error, error) {
			_, err := pm.PSISContext(ctx, q, pm.Draws(1<<30))
			return nil, err
		}},
	}
}

// cancelLatency runs r, cancels it after wait and returns the time it took to return after
// the cancel, with its kept-check and error.
func cancelLatency(r longRun, wait time.Duration) (time.Duration, func() error, error) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	type result struct {
		err  error
		kept func() error
		at   time.Time
	}
	done := make(chan result, 1)
	go func() {
		kept, err := r.run(ctx)
		done <- result{err, kept, time.Now()}
	}()
	select {
	case res := <-done:
		return 0, res.kept, errors.Join(errors.New("returned before it was cancelled"), res.err)
	case <-time.After(wait):
	}
	cancelled := time.Now()
	cancel()
	res := <-done
	return res.at.Sub(cancelled), res.kept, res.err
}

func TestIssue17CancelLatency(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the 40000×100 model")
	}
	m := bigModel(t)
	q, err := pm.Fit(m, pm.N(2), pm.Seed(1), silent)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range longRuns(m, q) {
		lat, kept, err := cancelLatency(r, cancelWait)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s: err = %v, want context.Canceled", r.name, err)
			continue
		}
		// Logged, not asserted: no test may depend on timing (a loaded machine took 2.7 s
		// for NUTS); BenchmarkIssue17CancelLatency reports the latencies.
		t.Logf("%s: returned %v after the cancel (target 100 ms)", r.name, lat.Round(time.Millisecond))
		if kept != nil {
			if err := kept(); err != nil {
				t.Errorf("%s: %v", r.name, err)
			}
		}
	}
}

// BenchmarkIssue17CancelLatency reports, per long loop, the time from a cancel to the
// return (ms/cancel), on the 40000×100 model. Each iteration runs the loop for 200 ms first.
func BenchmarkIssue17CancelLatency(b *testing.B) {
	m := bigModel(b)
	q, err := pm.Fit(m, pm.N(2), pm.Seed(1), silent)
	if err != nil {
		b.Fatal(err)
	}
	for _, r := range longRuns(m, q) {
		b.Run(r.name, func(b *testing.B) {
			var total time.Duration
			n := 0
			for b.Loop() {
				lat, _, err := cancelLatency(r, 200*time.Millisecond)
				if !errors.Is(err, context.Canceled) {
					b.Fatalf("err = %v", err)
				}
				total += lat
				n++
			}
			b.ReportMetric(float64(total.Microseconds())/1000/float64(n), "ms/cancel")
		})
	}
}
