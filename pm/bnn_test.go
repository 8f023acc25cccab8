package pm_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gopymc/gopymc/data"
	"github.com/gopymc/gopymc/pm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// bnn is PyMC's Bayesian neural network tutorial ("Variational Inference: Bayesian Neural
// Networks"): moons data (1000 points, noise 0.2, standardised, split 50/50), two tanh hidden
// layers of 5 units without biases, weights ~ N(0, 1) started at seeded N(0, 1) values, and
// out ~ Bernoulli(sigmoid(tanh(tanh(X W1) W2) w3)) observed with total_size.
type bnn struct {
	m               *pm.Model
	input, output   *pm.Shared
	act             *G.Node // the output probabilities, one per row of the input
	xTest           [][]float64
	yTest           []float64
	xTrain          [][]float64
	yTrain          []float64
	w1, w2, w3      *G.Node
	nInput, nHidden int
}

func newBNN(t testing.TB) *bnn {
	t.Helper()
	moons, err := data.NewMoons(1000, 0.2, 1)
	if err != nil {
		t.Fatal(err)
	}
	X, err := data.Scale(moons.X)
	if err != nil {
		t.Fatal(err)
	}
	train, test, err := data.TrainTestSplit(1000, 0.5, 2)
	if err != nil {
		t.Fatal(err)
	}
	b := &bnn{nInput: 2, nHidden: 5}
	for _, i := range train {
		b.xTrain = append(b.xTrain, X[i])
		b.yTrain = append(b.yTrain, float64(moons.Y[i]))
	}
	for _, i := range test {
		b.xTest = append(b.xTest, X[i])
		b.yTest = append(b.yTest, float64(moons.Y[i]))
	}
	rng := rand.New(rand.NewPCG(3, 4))
	randn := func(n int) []float64 {
		out := make([]float64, n)
		for i := range out {
			out[i] = rng.NormFloat64()
		}
		return out
	}
	m := pm.NewModel()
	b.input = pm.NewShared(m, "ann_input", b.xTrain)
	b.output = pm.NewShared(m, "ann_output", b.yTrain)
	b.w1 = pm.Normal(m, "w_in_1", 0, 1, pm.Shape(2, 5), pm.InitVal(tensor.New(tensor.WithShape(2, 5), tensor.WithBacking(randn(10)))))
	b.w2 = pm.Normal(m, "w_1_2", 0, 1, pm.Shape(5, 5), pm.InitVal(tensor.New(tensor.WithShape(5, 5), tensor.WithBacking(randn(25)))))
	b.w3 = pm.Normal(m, "w_2_out", 0, 1, pm.Shape(5), pm.InitVal(randn(5)))
	act1 := G.Must(G.Tanh(G.Must(G.Mul(b.input.Node(), b.w1))))
	act2 := G.Must(G.Tanh(G.Must(G.Mul(act1, b.w2))))
	b.act = G.Must(G.Sigmoid(G.Must(G.Mul(act2, b.w3))))
	pm.Bernoulli(m, "out", b.act, pm.Observed(b.output.Node()), pm.TotalSize(len(b.yTrain)))
	if err := m.Err(); err != nil {
		t.Fatal(err)
	}
	b.m = m
	return b
}

// fit runs the tutorial's ADVI: 50,000 iterations with PyMC's default optimizer.
func (b *bnn) fit(t testing.TB) pm.Approximation {
	t.Helper()
	approx, err := pm.Fit(b.m, pm.N(50000), pm.Seed(5), pm.Output(nil))
	if err != nil {
		t.Fatal(err)
	}
	return approx
}

// accuracy is the fraction of rows whose mean probability over draws (rows of p, draws ×
// rows) is on the side of 0.5 of the label.
func accuracy(p []float64, draws int, y []float64) float64 {
	rows := len(y)
	right := 0
	for i := range rows {
		s := 0.0
		for r := range draws {
			s += p[r*rows+i]
		}
		if (s/float64(draws) > 0.5) == (y[i] == 1) {
			right++
		}
	}
	return float64(right) / float64(rows)
}

// TestBNNMoons is the tutorial's workflow: after ADVI, the posterior predictive on the test
// data (pm.SetData, pm.SamplePosteriorPredictive of 500 draws from the approximation)
// classifies at least 94% of the test points right (the tutorial reports ~94.5%); a
// compiled posterior function (pm.Function over a placeholder and a size input) returns
// class probabilities for the 500 test rows and for a 100×100 grid from the same compiled
// function, with the same accuracy on the test rows; and the predictive sd of the
// probability is larger near the decision boundary (mean probability within 0.1 of 0.5)
// than far from it (beyond 0.45).
func TestBNNMoons(t *testing.T) {
	t.Parallel()
	b := newBNN(t)
	approx := b.fit(t)

	if err := pm.SetData(b.m, map[string]any{"ann_input": b.xTest, "ann_output": make([]float64, len(b.yTest))}); err != nil {
		t.Fatal(err)
	}
	ppc, err := pm.SamplePosteriorPredictive(b.m, approx, pm.Samples(500), pm.Seed(6))
	if err != nil {
		t.Fatal(err)
	}
	if got := ppc.Shape("out"); len(got) != 1 || got[0] != 500 || ppc.Len() != 500 {
		t.Fatalf("posterior predictive: shape %v, %d draws", got, ppc.Len())
	}
	acc := accuracy(ppc.Values("out"), 500, b.yTest)
	t.Logf("posterior predictive accuracy %.3f", acc)
	if acc < 0.94 {
		t.Errorf("posterior predictive accuracy %.3f, want >= 0.94", acc)
	}

	x := pm.Placeholder(b.m, "X", 1, 2)
	n := pm.IntScalar(b.m, "n")
	f, err := pm.Function(approx, []*G.Node{x, n}, []*G.Node{b.act}, pm.MoreReplacements(pm.Replace(b.input.Node(), x)), pm.Seed(7))
	if err != nil {
		t.Fatal(err)
	}
	probs, err := f(b.xTest, 500)
	if err != nil {
		t.Fatal(err)
	}
	if got := probs[0].Shape(); !got.Eq(tensor.Shape{500, 500}) {
		t.Fatalf("test probabilities of shape %v, want (500, 500)", got)
	}
	acc = accuracy(probs[0].Float64s(), 500, b.yTest)
	t.Logf("compiled function accuracy %.3f", acc)
	if acc < 0.94 {
		t.Errorf("compiled function accuracy %.3f, want >= 0.94", acc)
	}
	grid := make([][]float64, 0, 100*100)
	for i := range 100 {
		for j := range 100 {
			grid = append(grid, []float64{-3 + 6*float64(i)/99, -3 + 6*float64(j)/99})
		}
	}
	const draws = 200
	gp, err := f(grid, draws)
	if err != nil {
		t.Fatal(err)
	}
	if got := gp[0].Shape(); !got.Eq(tensor.Shape{draws, 10000}) {
		t.Fatalf("grid probabilities of shape %v, want (%d, 10000)", got, draws)
	}
	d := gp[0].Float64s()
	var near, far []float64
	for i := range 10000 {
		var s, ss float64
		for r := range draws {
			p := d[r*10000+i]
			if !(p >= 0 && p <= 1) {
				t.Fatalf("probability %v outside [0, 1]", p)
			}
			s += p
			ss += p * p
		}
		mean := s / draws
		sd := math.Sqrt(math.Max(0, ss/draws-mean*mean))
		switch dist := math.Abs(mean - 0.5); {
		case dist < 0.1:
			near = append(near, sd)
		case dist > 0.45:
			far = append(far, sd)
		}
	}
	avg := func(x []float64) float64 {
		s := 0.0
		for _, v := range x {
			s += v
		}
		return s / float64(len(x))
	}
	if len(near) == 0 || len(far) == 0 {
		t.Fatalf("%d grid points near the boundary, %d far from it", len(near), len(far))
	}
	t.Logf("mean predictive sd %.4f near the boundary (%d points), %.4f far (%d points)", avg(near), len(near), avg(far), len(far))
	if a, c := avg(near), avg(far); !(a > c) {
		t.Errorf("mean predictive sd %.4f near the boundary (%d points), %.4f far from it (%d points): want larger near", a, len(near), c, len(far))
	}
}
