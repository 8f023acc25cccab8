package pm_test

import (
	"math"
	"testing"

	"github.com/gopymc/gopymc/internal/benchcpu"
	"github.com/gopymc/gopymc/internal/testmodels"
)

// The hand-written log density agrees with the compiled one in every formulation (value and
// gradient), at several points and over repeated calls: the benchmark's baseline computes
// the same thing, and the one-hot and Take forms are the same model.
func TestHierarchicalHandLoop(t *testing.T) {
	t.Parallel()
	h := testmodels.NewHierarchical(1)
	for _, form := range []hierForm{formTake, formOneHot} {
		ld, err := hierModel(t, h, form).LogDensity()
		if err != nil {
			t.Fatal(err)
		}
		at := hierLayout(t, ld)
		grad, hand := make([]float64, ld.Dim()), make([]float64, ld.Dim())
		work := make([]float64, 4*testmodels.HierGroups)
		for _, shift := range []float64{0, 0.3, -0.2, 0} {
			x := hierPoint(ld.Dim(), at, shift)
			lp, err := ld.LogPGrad(grad, x)
			if err != nil {
				t.Fatal(err)
			}
			want := h.LogPGrad(hand, x, at, work)
			if math.Abs(lp-want) > 1e-10*math.Abs(want) {
				t.Fatalf("%v at shift %v: logp %v, hand %v", form, shift, lp, want)
			}
			for i := range grad {
				if math.Abs(grad[i]-hand[i]) > 1e-9*math.Max(1, math.Abs(hand[i])) {
					t.Fatalf("%v at shift %v: grad[%d] %v, hand %v", form, shift, i, grad[i], hand[i])
				}
			}
		}
	}
}

// BenchmarkHierarchicalLogPGrad times the log density and gradient of the 919-row, 85-group
// varying-intercept, varying-slope model with each row's group parameters picked by
// gopymc's gather (pm.Index), by a one-hot matrix product, by Gorgonia's ByIndices op, and by
// the hand-written loop (testmodels.Hierarchical.LogPGrad). Compare with
//
//	go test -run '^$' -bench HierarchicalLogPGrad -benchmem ./pm
func BenchmarkHierarchicalLogPGrad(b *testing.B) {
	h := testmodels.NewHierarchical(1)
	for _, form := range []hierForm{formTake, formOneHot, formByIndices} {
		b.Run(form.String(), func(b *testing.B) {
			ld, err := hierModel(b, h, form).LogDensity()
			if err != nil {
				b.Fatal(err)
			}
			x := hierPoint(ld.Dim(), hierLayout(b, ld), 0)
			grad := make([]float64, ld.Dim())
			b.ReportAllocs()
			defer benchcpu.Start(b)()
			for b.Loop() {
				if _, err := ld.LogPGrad(grad, x); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("HandLoop", func(b *testing.B) {
		ld, err := hierModel(b, h, formTake).LogDensity()
		if err != nil {
			b.Fatal(err)
		}
		at := hierLayout(b, ld)
		x := hierPoint(ld.Dim(), at, 0)
		grad := make([]float64, ld.Dim())
		work := make([]float64, 4*testmodels.HierGroups)
		b.ReportAllocs()
		defer benchcpu.Start(b)()
		for b.Loop() {
			h.LogPGrad(grad, x, at, work)
		}
	})
}
