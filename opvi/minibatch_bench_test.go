package opvi_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gopymc/gopymc/internal/testmodels"
	"github.com/gopymc/gopymc/optimizers"
	"github.com/gopymc/gopymc/pm"
	"gorgonia.org/tensor"
)

// The quickstart's minibatch model (cells 55-60): 40000×100 data, batches of 500 rows.
const (
	benchRows  = 40000
	benchCols  = 100
	benchBatch = 500
)

// BenchmarkMinibatchADVI is one ADVI iteration (Refine(1)) on the quickstart's minibatch
// model, mu ~ Flat(100), sd ~ HalfNormal(1, 100), likelihood ~ Normal(mu, sd) observed on
// pm.NewMinibatch(data, 500) with total_size (40000, 100), with the default optimizer:
// drawing the batch, the compiled log density and gradient, the reparameterisation and
// entropy gradients, and adagrad_window. Compare with BenchmarkMinibatchADVIHand.
func BenchmarkMinibatchADVI(b *testing.B) {
	x := tensor.New(tensor.WithShape(benchRows, benchCols), tensor.WithBacking(testmodels.TutorialData(1)))
	m := pm.NewModel()
	mu := pm.Flat(m, "mu", pm.Shape(benchCols))
	sd := pm.HalfNormal(m, "sd", 1, pm.Shape(benchCols))
	pm.Normal(m, "likelihood", mu, sd, pm.Observed(pm.NewMinibatch(x, benchBatch)), pm.TotalSize(benchRows, benchCols))
	inf, err := pm.NewADVI(m, pm.Seed(1))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := inf.Fit(1, quiet, pm.ObjOptimizer(optimizers.AdagradWindow(0.1))); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := inf.Refine(1); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "it/s")
}

// BenchmarkMinibatchADVIHand is BenchmarkMinibatchADVI's iteration written by hand in plain
// Go: 500 row indices and the rows gathered into a batch buffer (as the minibatch node
// does: computing on the rows in place is slower, ~200 ns of memory latency a row, since
// the arithmetic on one row keeps the next row's loads from starting early), one standard
// normal draw per parameter, z = mu + softplus(rho)·eps, the Normal log density of the batch
// and its gradient wrt mu and log sd, the HalfNormal prior with its log-Jacobian, the loss
// divided by N/n, and one adagrad_window(0.1, n_win=10) update.
func BenchmarkMinibatchADVIHand(b *testing.B) {
	s, logpGrad := newHandADVI(testmodels.TutorialData(1), 1)
	b.ReportAllocs()
	for b.Loop() {
		s.Step(logpGrad)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "it/s")
	if math.IsNaN(s.Loss) {
		b.Fatal("NaN loss")
	}
}

// newHandADVI is testmodels.HandADVI on the minibatch model: each step draws 500 row
// indices and gathers the rows into a batch buffer, then computes the Normal log density of
// the batch and its gradient wrt mu and log sd, the HalfNormal prior with its log-Jacobian,
// scaled by N/n, with the loss divided by N/n (the normalising constant).
func newHandADVI(data []float64, seed uint64) (*testmodels.HandADVI, func(g, z []float64) float64) {
	const (
		d     = 2 * benchCols
		scale = float64(benchRows) / benchBatch // total_size (40000, 100) on a (500, 100) batch
	)
	rng := rand.New(rand.NewPCG(seed, 1))
	idx := make([]int, benchBatch)
	batch := make([]float64, benchBatch*benchCols)
	s := testmodels.NewHandADVI(d, 0.1, seed)
	s.T = scale
	logpGrad := func(g, z []float64) float64 {
		for i := range idx {
			idx[i] = rng.IntN(benchRows)
		}
		for i, r := range idx {
			copy(batch[i*benchCols:(i+1)*benchCols], data[r*benchCols:(r+1)*benchCols])
		}
		logp := scale * testmodels.NormalColumnsLogPGrad(g, z, batch, benchCols)
		// HalfNormal(1) prior on sd = exp(z) with the log transform's Jacobian.
		for j := benchCols; j < d; j++ {
			sd := math.Exp(z[j])
			logp += 0.5*math.Log(2) - lnSqrt2Pi - 0.5*sd*sd + z[j]
			g[j] = scale*g[j] - sd*sd + 1
		}
		for j := range benchCols {
			g[j] *= scale
		}
		return logp
	}
	return s, logpGrad
}

const lnSqrt2Pi = 0.91893853320467274178 // log √(2π)
