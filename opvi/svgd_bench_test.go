package opvi

// This file is in package opvi (not opvi_test) so that it can check the kernel's median
// window on problems large enough to use it; the models are therefore built with packages
// model and distributions directly instead of pm (which imports opvi).

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/gopymc/gopymc/config"
	"github.com/gopymc/gopymc/data"
	"github.com/gopymc/gopymc/distributions"
	"github.com/gopymc/gopymc/graph"
	"github.com/gopymc/gopymc/internal/testmodels"
	"github.com/gopymc/gopymc/model"
	"github.com/gopymc/gopymc/optimizers"
	G "gorgonia.org/gorgonia"
)

// The options the benchmarks use, as pm makes them.
func particlesOpt(n int) config.Option {
	return config.New("Particles", n, func(s *config.Settings) { s.Particles = n })
}
func seedOpt(seed uint64) config.Option {
	return config.New("Seed", seed, func(s *config.Settings) { s.Seed = seed })
}
func optimizerOpt(o optimizers.Optimizer) config.Option {
	return config.New("ObjOptimizer", o, func(s *config.Settings) { s.ObjOptimizer = o })
}
func silentOpt() config.Option {
	return config.New("Output", nil, func(s *config.Settings) { s.Output = nil })
}

// irisModel is the tutorial's softmax regression on the 112-flower training split of the
// iris data (scikit-learn's default test_size 0.25): beta ~ Normal(0, 100) of shape (4, 3),
// a ~ Flat of shape 3, p = softmax(Xt·beta + a), obs ~ Categorical(p) observed yt, with Xt
// and yt shared values.
func irisModel(tb testing.TB) *model.Model {
	tb.Helper()
	return irisModelWith(tb, func(x *G.Node) (*G.Node, error) { return graph.SoftMax(x) })
}

func irisModelWith(tb testing.TB, softmax func(*G.Node) (*G.Node, error)) *model.Model {
	tb.Helper()
	iris, err := data.LoadIris()
	if err != nil {
		tb.Fatal(err)
	}
	train, _, err := data.TrainTestSplit(len(iris.Target), 0.25, 1)
	if err != nil {
		tb.Fatal(err)
	}
	x := make([][]float64, len(train))
	y := make([]float64, len(train))
	for k, i := range train {
		x[k], y[k] = iris.Features[i], float64(iris.Target[i])
	}
	m := model.New()
	xt, err := graph.NewShared(m.Graph(), "Xt", x)
	if err != nil {
		tb.Fatal(err)
	}
	yt, err := graph.NewShared(m.Graph(), "yt", y)
	if err != nil {
		tb.Fatal(err)
	}
	beta := testmodels.Normal(m, "beta", 0.0, 1e2, model.FreeOptions{Shape: []int{4, 3}})
	flat, err := distributions.NewFlat()
	if err != nil {
		tb.Fatal(err)
	}
	a := m.AddFree("a", flat, model.FreeOptions{Shape: []int{3}})
	if err := m.Err(); err != nil {
		tb.Fatal(err)
	}
	logits := G.Must(G.BroadcastAdd(G.Must(G.Mul(xt.Node(), beta)), a, nil, []byte{0}))
	p := G.Must(softmax(logits))
	cat, err := distributions.NewCategorical(p)
	if err != nil {
		tb.Fatal(err)
	}
	m.AddObserved("obs", cat, yt.Node(), nil)
	if err := m.Err(); err != nil {
		tb.Fatal(err)
	}
	return m
}

// benchmarkSVGD measures SVGD iterations on m: a first Fit sets the step up, then every
// loop iteration is one Refine step. It reports iterations per second ("it/s", the unit of
// PyMC's progress bar).
func benchmarkSVGD(b *testing.B, m *model.Model, particles int, opt optimizers.Optimizer) {
	inf, err := NewSVGD(m, particlesOpt(particles), seedOpt(1))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := inf.Fit(1, optimizerOpt(opt), silentOpt()); err != nil {
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

// The tutorial's SVGD run: 1000 particles on the mixture with sgd(0.01); PyMC3 ran it at
// 6.6 it/s.
func BenchmarkSVGDMixture1000(b *testing.B) {
	benchmarkSVGD(b, testmodels.Mixture(), 1000, optimizers.SGD(0.01))
}

// The tutorial's iris fit: 500 particles with adamax(0.1); PyMC3 ran it at about 10 it/s.
func BenchmarkSVGDIris500(b *testing.B) {
	benchmarkSVGD(b, irisModel(b), 500, optimizers.Adamax(0.1))
}

// The kernel alone, at the benchmarks' sizes.
func BenchmarkRBFKernel(b *testing.B) {
	for _, c := range []struct {
		name string
		n, d int
	}{{"Mixture1000", 1000, 1}, {"Iris500", 500, 15}} {
		b.Run(c.name, func(b *testing.B) {
			rng := rand.New(rand.NewPCG(1, 2))
			x, g, dst := make([]float64, c.n*c.d), make([]float64, c.n*c.d), make([]float64, c.n*c.d)
			for i := range x {
				x[i], g[i] = rng.NormFloat64(), rng.NormFloat64()
			}
			r := newRBF(c.n, c.d, 2)
			b.ReportAllocs()
			for b.Loop() {
				_, _ = r.phi(b.Context(), dst, x, g, 1, 1)
			}
		})
	}
}

// The kernel on problems large enough for the median window (n² ≥ 4·medianSample) agrees
// with the direct computation of PyMC's formulas (directPhi, kernel_test.go), bit for bit
// whatever the number of workers and whether the window is used, misses or is skipped;
// ties (duplicated particles) included, in one and several dimensions.
func TestRBFKernelMedianWindow(t *testing.T) {
	t.Parallel()
	const tol = 1e-12
	rng := rand.New(rand.NewPCG(7, 8))
	for _, c := range []struct {
		n, d int
		ties bool
	}{{182, 1, false}, {201, 1, false}, {256, 3, true}, {300, 6, false}, {203, 5, true}} {
		x, g := make([]float64, c.n*c.d), make([]float64, c.n*c.d)
		for i := range x {
			x[i], g[i] = rng.NormFloat64(), rng.NormFloat64()
			if c.ties {
				x[i] = float64(rng.IntN(4))
			}
		}
		want := directPhi(x, g, c.n, c.d, 0.7, 2)
		var first []float64
		var firstBW float64
		for _, v := range []struct {
			workers        int
			noWindow, miss bool
		}{{1, false, false}, {2, false, false}, {3, false, false}, {2, true, false}, {3, false, true}} {
			r := newRBF(c.n, c.d, v.workers)
			if r.pairs == nil {
				t.Fatalf("n=%d: the window is not used", c.n)
			}
			r.noWindow, r.missWindow = v.noWindow, v.miss
			got := make([]float64, c.n*c.d)
			bw, _ := r.phi(t.Context(), got, x, g, 0.7, 2)
			for i := range got {
				if math.Abs(got[i]-want[i]) > tol*math.Max(1, math.Abs(want[i])) {
					t.Fatalf("n=%d d=%d %+v: phi[%d] = %v, want %v", c.n, c.d, v, i, got[i], want[i])
				}
			}
			if first == nil {
				first, firstBW = got, bw
			} else if bw != firstBW || !slices.Equal(got, first) {
				t.Fatalf("n=%d d=%d %+v: not bit for bit the result with 1 worker", c.n, c.d, v)
			}
		}
	}
}

// The median is NumPy's (mean of the two middle entries for an even count) over H's n²
// entries, for window, no window and a missed window.
func TestRBFKernelMedian(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(9, 10))
	for _, n := range []int{181, 182, 200, 257} {
		x := make([]float64, n)
		for i := range x {
			x[i] = rng.NormFloat64()
		}
		all := make([]float64, 0, n*n)
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				all = append(all, (x[i]-x[j])*(x[i]-x[j]))
			}
		}
		slices.Sort(all)
		want := all[len(all)/2]
		if len(all)%2 == 0 {
			want = 0.5 * (all[len(all)/2-1] + all[len(all)/2])
		}
		for _, hook := range []int{0, 1, 2} {
			r := newRBF(n, 1, 2)
			r.noWindow, r.missWindow = hook == 1, hook == 2
			bw, _ := r.phi(t.Context(), make([]float64, n), x, make([]float64, n), 1, 1)
			if got := 2 * bw * math.Log(float64(n)+1); math.Abs(got-want) > 1e-14*want {
				t.Errorf("n=%d hook %d: median %v, want %v", n, hook, got, want)
			}
		}
	}
}

// One particle's log density and gradient on the iris model: the SVGD step's other half.
func BenchmarkIrisLogPGrad(b *testing.B) {
	m := irisModel(b)
	ld, err := m.LogDensity()
	if err != nil {
		b.Fatal(err)
	}
	x, grad := make([]float64, ld.Dim()), make([]float64, ld.Dim())
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ld.LogPGrad(grad, x); err != nil {
			b.Fatal(err)
		}
	}
}
