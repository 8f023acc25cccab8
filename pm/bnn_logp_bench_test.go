package pm_test

import (
	"math"
	"testing"

	"github.com/gopymc/gopymc/internal/benchcpu"
	"github.com/gopymc/gopymc/internal/testmodels"
	"github.com/gopymc/gopymc/model"
	"github.com/gopymc/gopymc/pm"
)

// tanhNet is the hand-written form of b's model over its training rows.
func (b *bnn) tanhNet() *testmodels.TanhNet {
	return &testmodels.TanhNet{X: b.xTrain, Y: b.yTrain, H: b.nHidden, Scale: 1}
}

// tanhNetLayout reads the weights' offsets from a log density's ordering.
func tanhNetLayout(ld *model.LogDensity) testmodels.TanhNetLayout {
	var at testmodels.TanhNetLayout
	for _, v := range ld.Ordering() {
		switch v.Name {
		case "w_in_1":
			at.W1 = v.Offset
		case "w_1_2":
			at.W2 = v.Offset
		case "w_2_out":
			at.W3 = v.Offset
		}
	}
	return at
}

// bnnPoint is a point of the BNN's weights, varied by shift: sizeable weights, so that the
// hidden units spread over tanh's range.
func bnnPoint(dim int, shift float64) []float64 {
	x := make([]float64, dim)
	for i := range x {
		x[i] = 1.3*math.Sin(0.7*float64(i)+shift) + 0.2*shift
	}
	return x
}

// The hand-written BNN (testmodels.TanhNet) agrees with the compiled log density and
// gradient at several points: the benchmark's baseline computes the same thing.
func TestBNNHandLoop(t *testing.T) {
	t.Parallel()
	b := newBNN(t)
	ld, err := b.m.LogDensity()
	if err != nil {
		t.Fatal(err)
	}
	net, at := b.tanhNet(), tanhNetLayout(ld)
	grad, hand := make([]float64, ld.Dim()), make([]float64, ld.Dim())
	work := make([]float64, 6*b.nHidden)
	for _, shift := range []float64{0, 0.4, -1.1, 0} {
		x := bnnPoint(ld.Dim(), shift)
		lp, err := ld.LogPGrad(grad, x)
		if err != nil {
			t.Fatal(err)
		}
		want := net.LogPGrad(hand, x, at, work)
		if math.Abs(lp-want) > 1e-10*math.Abs(want) {
			t.Fatalf("shift %v: logp %v, hand %v", shift, lp, want)
		}
		for i := range grad {
			if math.Abs(grad[i]-hand[i]) > 1e-9*math.Max(1, math.Abs(hand[i])) {
				t.Fatalf("shift %v: grad[%d] %v, hand %v", shift, i, grad[i], hand[i])
			}
		}
	}
}

// BenchmarkBNNLogPGrad times the log density and gradient of the tutorial's BNN (2-5-5-1,
// 500 training rows) compiled from its graph, against the hand-written loop
// (testmodels.TanhNet, with math.Tanh). The target is the graph at >= 0.9x the hand
// loop's speed. Compare with
//
//	go test -run '^$' -bench BNNLogPGrad -count 10 ./pm
func BenchmarkBNNLogPGrad(b *testing.B) {
	n := newBNN(b)
	ld, err := n.m.LogDensity()
	if err != nil {
		b.Fatal(err)
	}
	x := bnnPoint(ld.Dim(), 0)
	grad := make([]float64, ld.Dim())
	b.Run("Graph", func(b *testing.B) {
		b.ReportAllocs()
		defer benchcpu.Start(b)()
		for b.Loop() {
			if _, err := ld.LogPGrad(grad, x); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("HandLoop", func(b *testing.B) {
		net, at := n.tanhNet(), tanhNetLayout(ld)
		work := make([]float64, 6*n.nHidden)
		b.ReportAllocs()
		defer benchcpu.Start(b)()
		for b.Loop() {
			net.LogPGrad(grad, x, at, work)
		}
	})
}

// BenchmarkBNNADVI times one mean-field ADVI iteration on the tutorial's BNN (Refine(1) of
// pm.NewADVI with the default optimizer, adagrad_window(0.001)) against the same iteration
// written by hand around testmodels.TanhNet (testmodels.HandADVI). The target is the
// Inference at >= 0.9x the hand loop's it/s. Compare with
//
//	go test -run '^$' -bench BNNADVI -count 10 ./pm
func BenchmarkBNNADVI(b *testing.B) {
	n := newBNN(b)
	b.Run("Refine", func(b *testing.B) {
		inf, err := pm.NewADVI(n.m, pm.Seed(1))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := inf.Fit(10, pm.Progressbar(false), pm.Output(nil)); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		defer benchcpu.Start(b)()
		for b.Loop() {
			if err := inf.Refine(1); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "it/s")
	})
	b.Run("HandLoop", func(b *testing.B) {
		ld, err := n.m.LogDensity()
		if err != nil {
			b.Fatal(err)
		}
		net, at := n.tanhNet(), tanhNetLayout(ld)
		work := make([]float64, 6*n.nHidden)
		logpGrad := func(g, z []float64) float64 { return net.LogPGrad(g, z, at, work) }
		s := testmodels.NewHandADVI(ld.Dim(), 0.001, 1)
		b.ReportAllocs()
		defer benchcpu.Start(b)()
		for b.Loop() {
			s.Step(logpGrad)
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "it/s")
		if math.IsNaN(s.Loss) {
			b.Fatal("NaN loss")
		}
	})
}
