package main

import (
	"math"
	"testing"

	"github.com/gopymc/gopymc/examples/internal/tutorial"
	"github.com/gopymc/gopymc/internal/testmodels"
	"github.com/gopymc/gopymc/model"
)

// handBNN is the baseline of BenchmarkBNNADVI: one mean-field ADVI iteration of the
// tutorial's network written by hand in plain Go, testmodels.HandADVI (the draws, the
// reparameterisation and entropy gradients, PyMC's default adagrad_window(0.001)) around
// testmodels.TanhNet (the network's log density and gradient on the training rows), with
// the weights laid out as in the compiled model so that the two can be compared.
type handBNN struct {
	net  *testmodels.TanhNet
	at   testmodels.TanhNetLayout
	work []float64
	advi *testmodels.HandADVI
}

func newHandBNN(x [][]float64, y []float64, at testmodels.TanhNetLayout, dim int, seed uint64) *handBNN {
	return &handBNN{net: &testmodels.TanhNet{X: x, Y: y, H: nHidden, Scale: 1}, at: at,
		work: make([]float64, 6*nHidden), advi: testmodels.NewHandADVI(dim, 0.001, seed)}
}

// logPGrad returns the model's log density at z and writes its gradient into g.
func (s *handBNN) logPGrad(g, z []float64) float64 { return s.net.LogPGrad(g, z, s.at, s.work) }

// step is one ADVI iteration.
func (s *handBNN) step() { s.advi.Step(s.logPGrad) }

// layout returns the offsets of the network's weights in the model's flat vector.
func layout(tb testing.TB, ld *model.LogDensity) testmodels.TanhNetLayout {
	tb.Helper()
	at := tutorial.Offsets(tb, ld, "w_in_1", "w_1_2", "w_2_out")
	return testmodels.TanhNetLayout{W1: at[0], W2: at[1], W3: at[2]}
}

// The hand-written log density and gradient equal the compiled model's at several points,
// so the benchmark's baseline computes the same thing; and its ADVI iterations stay finite.
func TestHandLogPGrad(t *testing.T) {
	t.Parallel()
	d, err := makeMoons(1)
	if err != nil {
		t.Fatal(err)
	}
	nn, err := constructNN(d.xTrain, d.yTrain, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	ld, err := nn.model.LogDensity()
	if err != nil {
		t.Fatal(err)
	}
	dim := ld.Dim()
	if want := 2*nHidden + nHidden*nHidden + nHidden; dim != want {
		t.Fatalf("the model has %d weights, want %d", dim, want)
	}
	h := newHandBNN(d.xTrain, d.yTrain, layout(t, ld), dim, 1)
	var points [][]float64
	for _, scale := range []float64{0.3, 1, 2.5} {
		z := make([]float64, dim)
		for i := range z {
			z[i] = scale * math.Sin(1.7*float64(i)+scale)
		}
		points = append(points, z)
	}
	tutorial.CheckLogPGrad(t, ld, h.logPGrad, points...)
	for range 20 {
		h.step()
	}
	if math.IsNaN(h.advi.Loss) || math.IsInf(h.advi.Loss, 0) {
		t.Fatalf("the hand loop's loss is %v after 20 iterations", h.advi.Loss)
	}
}
