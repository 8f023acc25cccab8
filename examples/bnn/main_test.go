package main

import (
	"testing"

	"github.com/gopymc/gopymc/examples/internal/tutorial"
)

// The tutorial runs end to end in quick mode, writes every figure and reaches its
// conclusions: the network classifies at least 94% of the test moons right (PyMC3's
// tutorial: 94.2%), the posterior predictive sd is larger near the decision boundary than
// far from it (the uncertainty figure), the labels drawn by sample_posterior_predictive
// agree with the compiled function's probabilities, and the minibatch fit classifies about
// as well.
func TestBNNQuick(t *testing.T) {
	dir := t.TempDir()
	res, err := run(dir, 1, true)
	if err != nil {
		t.Fatal(err)
	}
	if res.accuracy < 0.94 {
		t.Errorf("test accuracy %.3f, want >= 0.94", res.accuracy)
	}
	if !(res.sdNear > 3*res.sdFar) || res.nNear < 100 || res.nFar < 1000 {
		t.Errorf("predictive sd %.3f near the boundary (%d points), %.3f far (%d points): want 3 times larger near",
			res.sdNear, res.nNear, res.sdFar, res.nFar)
	}
	if res.ppcAccuracy < 0.85 || res.tutorialAccuracy < 0.85 {
		t.Errorf("accuracies before refining: %.3f (posterior predictive), %.3f (function); want >= 0.85", res.ppcAccuracy, res.tutorialAccuracy)
	}
	if res.minibatchAcc < 0.9 {
		t.Errorf("minibatch accuracy %.3f, want >= 0.9", res.minibatchAcc)
	}
	tutorial.CheckFigures(t, dir, "bnn_data.png", "bnn_elbo.png", "bnn_trace.png", "bnn_elbo_refined.png",
		"bnn_predicted.png", "bnn_probability_surface.png", "bnn_uncertainty.png", "bnn_minibatch_elbo.png")
}
