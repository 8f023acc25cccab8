package main

import (
	"testing"

	"github.com/gopymc/gopymc/examples/internal/tutorial"
)

// The tutorial runs end to end in quick mode, reaches its conclusions (results.check:
// the Empirical's histogram, mean and covariance are the trace's exactly, its draws and
// SampleNode reproduce the trace's distribution) and writes every figure; the same seed
// gives the same numbers.
func TestEmpiricalQuick(t *testing.T) {
	dir := t.TempDir()
	res, err := run(dir, 1, true)
	if err != nil {
		t.Fatal(err)
	}
	if err := res.check(); err != nil {
		t.Error(err)
	}
	tutorial.CheckFigures(t, dir, "mixture_trace.png", "empirical_trace.png", "mvnormal_trace.png", "mvnormal_kde.png")
	again, err := run(t.TempDir(), 1, true)
	if err != nil {
		t.Fatal(err)
	}
	again.seconds = res.seconds
	if *again != *res {
		t.Errorf("the same seed gave %+v, then %+v", res, again)
	}
}

// A check fails when a conclusion does not hold.
func TestEmpiricalCheckFails(t *testing.T) {
	good := results{
		mixture:  mixtureResults{histogramIsTrace: true, empMean: 0.3, traceMean: 0.3, useMeanNode: 0.3, sampleLeft: 0.2, traceLeft: 0.2, seLeft: 0.01, nodeX2: 0.2, traceX2: 0.2, seX2: 0.01},
		mvnormal: mvnormalResults{diagExact: true, corr: 0.5},
	}
	if err := good.check(); err != nil {
		t.Fatalf("good results fail: %v", err)
	}
	for name, spoil := range map[string]func(r *results){
		"histogram":  func(r *results) { r.mixture.histogramIsTrace = false },
		"mean":       func(r *results) { r.mixture.empMean += 1e-16 },
		"use mean":   func(r *results) { r.mixture.useMeanNode = 0.31 },
		"resampled":  func(r *results) { r.mixture.sampleLeft = 0.25 },
		"x2":         func(r *results) { r.mixture.nodeX2 = 0.25 },
		"covariance": func(r *results) { r.mvnormal.covRelDiff = 1e-10 },
		"variances":  func(r *results) { r.mvnormal.diagExact = false },
		"2-d mean":   func(r *results) { r.mvnormal.empMean[1] = 1 },
		"corr":       func(r *results) { r.mvnormal.corr = 0.2 },
	} {
		r := good
		spoil(&r)
		if r.check() == nil {
			t.Errorf("%s: a spoiled result passes", name)
		}
	}
}
