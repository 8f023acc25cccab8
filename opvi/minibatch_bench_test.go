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
	s := newHandADVI(testmodels.TutorialData(1), 1)
	b.ReportAllocs()
	for b.Loop() {
		s.step()
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "it/s")
	if math.IsNaN(s.loss) {
		b.Fatal("NaN loss")
	}
}

// handADVI is the state of the hand-written minibatch ADVI.
type handADVI struct {
	data   []float64
	rng    *rand.Rand
	idx    []int
	batch  []float64 // the gathered rows
	params []float64 // mu (200) then rho (200), as approximations.MeanField
	eps    []float64
	z      []float64
	sigma  []float64
	g      []float64 // d logp / dz
	grad   []float64 // d loss / d params
	win    [][]float64
	k      int
	loss   float64
}

func newHandADVI(data []float64, seed uint64) *handADVI {
	const d = 2 * benchCols
	s := &handADVI{data: data, rng: rand.New(rand.NewPCG(seed, 0)), idx: make([]int, benchBatch),
		batch:  make([]float64, benchBatch*benchCols),
		params: make([]float64, 2*d), eps: make([]float64, d), z: make([]float64, d),
		sigma: make([]float64, d), g: make([]float64, d), grad: make([]float64, 2*d)}
	for i := d; i < 2*d; i++ {
		s.params[i] = math.Log(math.E - 1) // softplus(rho) = 1, PyMC's start
	}
	s.win = make([][]float64, 10)
	for i := range s.win {
		s.win[i] = make([]float64, 2*d)
	}
	return s
}

func (s *handADVI) step() {
	const (
		d     = 2 * benchCols
		scale = float64(benchRows) / benchBatch // total_size (40000, 100) on a (500, 100) batch
		t     = scale                           // the normalising constant
		lr    = 0.1
	)
	for i := range s.idx {
		s.idx[i] = s.rng.IntN(benchRows)
	}
	for i, r := range s.idx {
		copy(s.batch[i*benchCols:(i+1)*benchCols], s.data[r*benchCols:(r+1)*benchCols])
	}
	mu, rho := s.params[:d], s.params[d:]
	logq := 0.0
	for j := range s.eps {
		e := s.rng.NormFloat64()
		sp := math.Log1p(math.Exp(rho[j]))
		s.eps[j], s.sigma[j] = e, sp
		s.z[j] = mu[j] + sp*e
		logq += -0.5*e*e - math.Log(sp) - lnSqrt2Pi
	}
	logp := scale * testmodels.NormalColumnsLogPGrad(s.g, s.z, s.batch, benchCols)
	// HalfNormal(1) prior on sd = exp(z) with the log transform's Jacobian.
	for j := benchCols; j < d; j++ {
		sd := math.Exp(s.z[j])
		logp += 0.5*math.Log(2) - lnSqrt2Pi - 0.5*sd*sd + s.z[j]
		s.g[j] = scale*s.g[j] - sd*sd + 1
	}
	for j := range benchCols {
		s.g[j] *= scale
	}
	s.loss = (-logp + logq) / t
	for j := range d {
		sig := 1 / (1 + math.Exp(-rho[j])) // d softplus / d rho
		s.grad[j] = -s.g[j] / t
		s.grad[d+j] = -s.g[j]*s.eps[j]*sig/t - sig/s.sigma[j]/t
	}
	// adagrad_window: the window holds the last 10 squared gradients.
	w := s.win[s.k]
	for i, gi := range s.grad {
		w[i] = gi * gi
	}
	s.k = (s.k + 1) % len(s.win)
	for i, gi := range s.grad {
		acc := 0.0
		for _, wk := range s.win {
			acc += wk[i]
		}
		s.params[i] -= lr * gi / math.Sqrt(acc+0.1)
	}
}

const lnSqrt2Pi = 0.91893853320467274178 // log √(2π)
