package opvi_test

import (
	"math"
	"slices"
	"testing"

	"github.com/gopymc/gopymc/internal/testmodels"
	"github.com/gopymc/gopymc/optimizers"
	"github.com/gopymc/gopymc/pm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// conjugateMinibatch is PyMC's test_fit_oo "mini" model (spec/pymc-semantics.md §7.1):
// mu ~ N(4, 2) with initval 0 and x ~ N(mu, 3) observed on a minibatch of batch rows of the
// conjugate data, with total_size n.
func conjugateMinibatch(c *testmodels.Conjugate, batch int, opts ...pm.Option) *pm.Model {
	m := pm.NewModel()
	mu := pm.Normal(m, "mu", 4, 2, pm.InitVal(0.0))
	pm.Normal(m, "x", mu, 3, pm.Observed(pm.NewMinibatch(c.Data, batch, opts...)), pm.TotalSize(len(c.Data)))
	return m
}

// PyMC's test_fit_oo with a 128-row minibatch (P3 default batch; P5 Minibatch(data, 128)),
// its fixture's scale_cost_to_minibatch = False, and its settings: ADVI with
// adagrad_window(0.01, n_win=50) and FullRankADVI with adagrad_window(0.007, n_win=50), 12000
// iterations, seed 42. The mean of 10000 draws is within 5% of the exact posterior mean, the
// sd within 20% of the exact posterior sd (testmodels.NewConjugate's closed forms).
func TestMinibatchConjugatePosterior(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		method string
		lr     float64
	}{
		{"advi", 0.01},
		{"fullrank_advi", 0.007},
	} {
		t.Run(tc.method, func(t *testing.T) {
			t.Parallel()
			c := testmodels.NewConjugate(1000, 1)
			m := conjugateMinibatch(c, 128)
			approx, err := pm.Fit(m, pm.Method(tc.method), pm.N(12000), pm.Seed(42), quiet,
				pm.ObjOptimizer(optimizers.AdagradWindow(tc.lr, optimizers.NWin(50))),
				pm.ScaleCostToMinibatch(false))
			if err != nil {
				t.Fatal(err)
			}
			checkPosterior(t, c, approx)
		})
	}
}

// The model's normalising constant is the largest total_size scale N/n (PyMC's
// symbolic_normalizing_constant, spec/pymc-semantics.md §5.4), and the loss and its gradient
// are divided by it unless ScaleCostToMinibatch(false). With one seed both fits see the same
// draw and the same batch at their first step, so the unscaled loss is exactly t times the
// scaled one, and with SGD the unscaled step is t times the scaled step.
func TestMinibatchNormalizingConstant(t *testing.T) {
	t.Parallel()
	const tol = 1e-12
	c := testmodels.NewConjugate(1000, 2)
	const want = 1000.0 / 128
	if got := conjugateMinibatch(c, 128).NormalizingConstant(); got != want {
		t.Errorf("NormalizingConstant = %v, want N/n = %v", got, want)
	}
	if got := testmodels.NewConjugate(1000, 2).Model.NormalizingConstant(); got != 1 {
		t.Errorf("full data: NormalizingConstant = %v, want 1", got)
	}
	// Two minibatched observed variables: the larger scale, 5000/100 = 50.
	m := conjugateMinibatch(c, 128)
	pm.Normal(m, "z", 0, 1, pm.Observed(pm.NewMinibatch(c.Data, 100, pm.Seed(3))), pm.TotalSize(5000))
	if got := m.NormalizingConstant(); got != 50 {
		t.Errorf("two observed variables: NormalizingConstant = %v, want 50", got)
	}

	step := func(scale bool) (loss float64, delta []float64) {
		m := conjugateMinibatch(c, 128)
		inf, err := pm.NewADVI(m, pm.Seed(42))
		if err != nil {
			t.Fatal(err)
		}
		before := slices.Clone(inf.Approx().FlatParams())
		approx, err := inf.Fit(1, quiet, pm.ObjOptimizer(optimizers.SGD(0.001)), pm.ScaleCostToMinibatch(scale))
		if err != nil {
			t.Fatal(err)
		}
		after := approx.FlatParams()
		delta = make([]float64, len(after))
		for i := range after {
			delta[i] = after[i] - before[i]
		}
		return approx.Hist()[0], delta
	}
	lossScaled, stepScaled := step(true)
	lossRaw, stepRaw := step(false)
	if math.Abs(lossRaw-want*lossScaled) > tol*math.Abs(lossRaw) {
		t.Errorf("unscaled loss %v, want %v × scaled loss %v = %v", lossRaw, want, lossScaled, want*lossScaled)
	}
	for i := range stepRaw {
		if math.Abs(stepRaw[i]-want*stepScaled[i]) > 1e-9*math.Abs(stepRaw[i]) {
			t.Errorf("parameter %d: unscaled step %v, want %v × scaled step %v", i, stepRaw[i], want, stepScaled[i])
		}
	}
}

// PyMC's test_multiple_minibatch_variables (tests/variational/test_inference.py): a one-hot
// regression on feature = repeat(eye(10), 10000, axis=0) (100000 rows) and y = feature·w
// with w = (-5, 5)×5, fitted through aligned minibatches of one row:
// weights ~ N(0, 10, shape 10), y ~ N(feature_mb·weights, 0.01, observed y_mb,
// total_size 100000), pm.Fit 10000 iterations with adam(0.01). The fitted mean is within 10%
// of w (PyMC's rtol 0.1).
func TestMinibatchOneHotRegression(t *testing.T) {
	t.Parallel()
	const rows, k = 100000, 10
	w := []float64{-5, 5, -5, 5, -5, 5, -5, 5, -5, 5}
	feature := make([]float64, rows*k)
	y := make([]float64, rows)
	for r := range rows {
		j := r / (rows / k) // np.repeat repeats each row of eye(10) 10000 times in a block
		feature[r*k+j] = 1
		y[r] = w[j]
	}
	X := pm.NewMinibatch(tensor.New(tensor.WithShape(rows, k), tensor.WithBacking(feature)), 1, pm.Aligned(y))
	m := pm.NewModel()
	nodes, err := X.NodesIn(m.Graph())
	if err != nil {
		t.Fatal(err)
	}
	weights := pm.Normal(m, "weights", 0, 10, pm.Shape(k))
	pm.Normal(m, "y", G.Must(G.Mul(nodes[0], weights)), 0.01, pm.Observed(nodes[1]), pm.TotalSize(rows))
	approx, err := pm.Fit(m, pm.N(10000), pm.ObjOptimizer(optimizers.Adam(0.01)), pm.Seed(1), quiet)
	if err != nil {
		t.Fatal(err)
	}
	for j, got := range approx.MeanValues() {
		if math.Abs(got-w[j]) > 0.1*math.Abs(w[j]) {
			t.Errorf("weight %d: fitted mean %v, want %v ± 10%%", j, got, w[j])
		}
	}
}
