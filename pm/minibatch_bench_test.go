package pm_test

import (
	"math"
	"testing"

	"github.com/gopymc/gopymc/internal/testmodels"
	"github.com/gopymc/gopymc/optimizers"
	"github.com/gopymc/gopymc/pm"
)

// benchPoint is a point of the quickstart model's flat space: mu_j = 5, log sd_j = 0.5.
func benchPoint() []float64 {
	x := make([]float64, 2*tutorialCols)
	for j := range tutorialCols {
		x[j], x[tutorialCols+j] = 5, 0.5
	}
	return x
}

// BenchmarkFullDataLogPGrad is one evaluation of the log density and gradient of the
// quickstart's full-data model (cell 56: 40000×100 observations, 200 parameters), the
// computation that makes each iteration of its non-minibatch fit slow. Compare with
// BenchmarkFullDataLogPGradHand.
func BenchmarkFullDataLogPGrad(b *testing.B) {
	x, _, _ := tutorialData(1)
	m := tutorialModel(x)
	if err := m.Err(); err != nil {
		b.Fatal(err)
	}
	ld, err := m.LogDensity()
	if err != nil {
		b.Fatal(err)
	}
	p, g := benchPoint(), make([]float64, 2*tutorialCols)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ld.LogPGrad(g, p); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "evals/s")
}

// BenchmarkFullDataLogPGradHand is BenchmarkFullDataLogPGrad written by hand: one pass over
// the 40000×100 values accumulating the Normal log density and its gradient wrt mu and
// log sd, plus the HalfNormal prior with its log-Jacobian.
func BenchmarkFullDataLogPGradHand(b *testing.B) {
	x, _, _ := tutorialData(1)
	data := x.Float64s()
	p, g := benchPoint(), make([]float64, 2*tutorialCols)
	var lp float64
	b.ReportAllocs()
	for b.Loop() {
		lp = handLogPGrad(g, p, data)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "evals/s")
	if math.IsNaN(lp) {
		b.Fatal("NaN")
	}
}

// BenchmarkQuickstartMinibatchFit is the quickstart's cell 60 end to end through pm.Fit:
// 1000 iterations of ADVI on the minibatch model per op, compilation included; it/s is the
// iterations per second.
func BenchmarkQuickstartMinibatchFit(b *testing.B) {
	x, _, _ := tutorialData(1)
	X := pm.NewMinibatch(x, tutorialBatch)
	m := tutorialModel(X, pm.TotalSize(tutorialRows, tutorialCols))
	if err := m.Err(); err != nil {
		b.Fatal(err)
	}
	const n = 1000
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pm.Fit(m, pm.N(n), pm.Seed(1), pm.Output(nil), pm.ObjOptimizer(optimizers.AdagradWindow(0.1))); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "it/s")
}

const lnSqrt2Pi = 0.91893853320467274178 // log √(2π)

// handLogPGrad returns the log density of the quickstart's full-data model at z = (mu, log sd)
// and writes its gradient into g: Σ_ij log N(x_ij | mu_j, sd_j) + Σ_j [log HalfNormal(sd_j | 1)
// + log sd_j] (the Flat prior adds nothing).
func handLogPGrad(g, z, data []float64) float64 {
	const d = tutorialCols
	lp := testmodels.NormalColumnsLogPGrad(g, z, data, d)
	for j := range d {
		ls := z[d+j]
		sd := math.Exp(ls)
		lp += 0.5*math.Log(2) - lnSqrt2Pi - 0.5*sd*sd + ls
		g[d+j] += -sd*sd + 1
	}
	return lp
}
