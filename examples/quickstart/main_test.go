package main

import (
	"testing"

	"github.com/gopymc/gopymc/examples/internal/tutorial"
)

// The tutorial runs end to end in quick mode and writes every figure.
func TestQuickstartQuick(t *testing.T) {
	dir := t.TempDir()
	if err := run(dir, 1, true); err != nil {
		t.Fatal(err)
	}
	tutorial.CheckFigures(t, dir,
		"nuts_trace_x2_sin_x.png", "advi_posterior.png", "advi_hist_relative.png", "advi_hist_absolute.png",
		"tracker_20000.png", "tracker_refined.png", "nuts_vs_advi.png", "nuts_advi_svgd.png",
		"x2_distribution.png", "x2_distribution_size1000.png", "iris_training_100.png",
		"iris_training_adamax.png", "minibatch_hist.png")
}
