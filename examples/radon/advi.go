package main

import (
	"fmt"
	"time"

	"github.com/gopymc/gopymc/callbacks"
	"github.com/gopymc/gopymc/data"
	"github.com/gopymc/gopymc/examples/internal/tutorial"
	"github.com/gopymc/gopymc/optimizers"
	"github.com/gopymc/gopymc/plots"
	"github.com/gopymc/gopymc/pm"
)

// The tutorial's fit: at most 100,000 iterations on minibatches of 100 houses, stopped by
// CheckParametersConvergence(tolerance=1e-4). The quick mode runs 15,000 iterations of
// adagrad_window with ten times PyMC's learning rate, which gets as close to NUTS.
const (
	batchSize  = 100
	adviIters  = 100000
	quickIters = 15000
)

// advi runs the cells from the minibatches to the loss history.
func (t *cells) advi(r *data.Radon, res *results) (pm.Approximation, error) {
	tutorial.Section("Mini-batch ADVI")
	model, err := hierarchical(r, batchSize)
	if err != nil {
		return nil, err
	}
	n := t.Pick(adviIters, quickIters)
	opts := []pm.Option{pm.N(n), pm.Seed(t.Seed), pm.Progressbar(false),
		pm.Callbacks(callbacks.NewCheckParametersConvergence(callbacks.Tolerance(1e-4)))}
	if t.Quick {
		opts = append(opts, pm.ObjOptimizer(optimizers.AdagradWindow(0.01)))
	}
	start := time.Now()
	approx, err := pm.Fit(model, opts...)
	if err != nil {
		return nil, err
	}
	elapsed := time.Since(start)
	hist := approx.Hist()
	res.iterations = len(hist)
	res.rate = float64(len(hist)) / elapsed.Seconds()
	res.avgLoss = tutorial.AverageLoss(hist)
	stopped := "the convergence check did not stop it, as in PyMC3"
	if len(hist) < n {
		stopped = "stopped by the convergence check"
	}
	fmt.Printf("%d iterations in %.2f s (%.0f it/s), %s; average loss %.2f (PyMC3: 120.48 after 100,000 iterations in 44 s)\n",
		len(hist), elapsed.Seconds(), res.rate, stopped, res.avgLoss)
	err = t.Save("radon_advi_hist.png")(plots.PlotHistory([]plots.NamedSample{{Name: "ADVI", Values: hist}},
		plots.Title("Loss of minibatch ADVI (negative ELBO of a batch, scaled)")))
	return approx, err
}
