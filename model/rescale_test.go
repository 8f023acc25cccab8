package model_test

import (
	"math"
	"testing"

	"github.com/gopymc/gopymc/model"
	"github.com/gopymc/gopymc/pm"
)

// A replacement of observed data by data of another shape rescales total_size as PyMC does
// (the factor follows the shape the log density is evaluated on): fitting a full-data model
// with its data replaced by a minibatch.
func TestReplacementRescalesTotalSize(t *testing.T) {
	t.Parallel()
	full := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	m := pm.NewModel()
	mu := pm.Normal(m, "mu", 0, 10)
	x := pm.Normal(m, "x", mu, 1, pm.Observed(full), pm.TotalSize(10))
	if err := m.Err(); err != nil {
		t.Fatal(err)
	}
	ld, err := m.LogDensity()
	if err != nil {
		t.Fatal(err)
	}
	if ld.NormalizingConstant() != 1 {
		t.Fatalf("full data: normalising constant %v, want 1", ld.NormalizingConstant())
	}
	batch := []float64{3, 4}
	small, err := m.LogDensity(model.Replace(x, batch))
	if err != nil {
		t.Fatal(err)
	}
	if small.NormalizingConstant() != 5 {
		t.Fatalf("2-row batch: normalising constant %v, want 10/2", small.NormalizingConstant())
	}
	if _, err := small.LogP([]float64{2.5}); err != nil {
		t.Fatal(err)
	}
	_, datalp := small.Parts()
	// 5 × Σ log N(b | 2.5, 1) over the batch.
	want := 0.0
	for _, b := range batch {
		want += -0.5*(b-2.5)*(b-2.5) - 0.5*math.Log(2*math.Pi)
	}
	if math.Abs(datalp-5*want) > 1e-12 {
		t.Fatalf("datalogp %v, want %v", datalp, 5*want)
	}
}
