package main

import (
	"fmt"
	"slices"

	"github.com/gopymc/gopymc/callbacks"
	"github.com/gopymc/gopymc/plots"
	"github.com/gopymc/gopymc/pm"
)

// tracking runs the tutorial's object-oriented cells: ADVI's parameters, the Tracker over
// 20,000 iterations, and a refinement of 100,000 more. It returns the approximation.
func (t *cells) tracking(model *pm.Model) (pm.Approximation, error) {
	section("Tracking parameters")
	advi, err := pm.NewADVI(model, pm.Seed(t.Seed))
	if err != nil {
		return nil, err
	}
	fmt.Println(advi.Approx())
	params := advi.Approx().SharedParams()
	names := make([]string, 0, len(params))
	for k := range params {
		names = append(names, k)
	}
	slices.Sort(names)
	fmt.Println("shared parameters:", names)
	mean, err := pm.Eval(advi.Approx().Mean())
	if err != nil {
		return nil, err
	}
	std, err := pm.Eval(advi.Approx().Std())
	if err != nil {
		return nil, err
	}
	fmt.Printf("approx.mean = %v, approx.std = %v (mu at the initial point, sd = softplus(0) = log 2)\n", mean.Data(), std.Data())

	tracker := callbacks.NewTracker(map[string]func() (any, error){
		"mean": func() (any, error) { return pm.Eval(advi.Approx().Mean()) },
		"std":  func() (any, error) { return pm.Eval(advi.Approx().Std()) },
	})
	approx, err := advi.Fit(t.iters(20000), pm.Callbacks(tracker))
	if err != nil {
		return nil, err
	}
	if err := t.trackerFigure("tracker_20000.png", tracker, advi.Hist()); err != nil {
		return nil, err
	}
	if err := advi.Refine(t.iters(100000)); err != nil {
		return nil, err
	}
	if err := t.trackerFigure("tracker_refined.png", tracker, advi.Hist()); err != nil {
		return nil, err
	}
	means, err := tracker.Floats("mean")
	if err != nil {
		return nil, err
	}
	last := means[len(means)-1][0]
	lo, hi := last, last
	for _, m := range means[len(means)/2:] {
		lo, hi = min(lo, m[0]), max(hi, m[0])
	}
	fmt.Printf("over the second half of %d iterations the mean wandered between %.3f and %.3f: a random walk, not convergence\n", len(means), lo, hi)
	return approx, nil
}

// trackerFigure draws the tutorial's 2+1 panels: mean track, std track, negative ELBO.
func (t *cells) trackerFigure(name string, tracker *callbacks.Tracker, hist []float64) error {
	var series []plots.Series
	for _, key := range []string{"mean", "std"} {
		v, err := tracker.Floats(key)
		if err != nil {
			return err
		}
		series = append(series, plots.Series{Name: key, Values: v})
	}
	return t.Save(name)(plots.PlotTracker(series, hist, plots.Size(16, 9)))
}
