package main

import (
	"github.com/gopymc/gopymc/optimizers"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gopymc/gopymc/model"
)

// handBNN is one mean-field ADVI iteration of the tutorial's network written by hand in
// plain Go, the baseline of BenchmarkBNNADVI: a standard normal draw per weight, z = mu +
// softplus(rho)·eps, the network's forward pass on the training rows, its Bernoulli log
// likelihood (on the logit, log σ(s) = -log(1 + e^-s)) and N(0, 1) priors, the backward pass,
// the reparameterisation and entropy gradients, and one update of the library's
// adagrad_window(0.001), PyMC's default. The flat layout is the model's (off), so that
// logPGrad can be checked against the compiled log density.
type handBNN struct {
	x, y        []float64 // rows × 2 inputs, row-major; labels
	off         [3]int    // offsets of w_in_1 (2×5), w_1_2 (5×5), w_2_out (5)
	rng         *rand.Rand
	params      []float64 // mu then rho
	eps, z, sig []float64
	g, grad     []float64
	opt         optimizers.State // adagrad_window(0.001), PyMC's default
	h1, h2, d1  [nHidden]float64
	loss        float64
}

const nWeights = 2*nHidden + nHidden*nHidden + nHidden

func newHandBNN(x [][]float64, y []float64, off [3]int, seed uint64) *handBNN {
	s := &handBNN{y: y, off: off, rng: rand.New(rand.NewPCG(seed, 9)),
		params: make([]float64, 2*nWeights), eps: make([]float64, nWeights), z: make([]float64, nWeights),
		sig: make([]float64, nWeights), g: make([]float64, nWeights), grad: make([]float64, 2*nWeights)}
	for _, r := range x {
		s.x = append(s.x, r[0], r[1])
	}
	for i := range nWeights {
		s.params[i] = 0.5 * math.Sin(float64(i)) // any start; rho = 0 as PyMC's
	}
	opt, err := optimizers.AdagradWindow(0.001).NewState(2 * nWeights)
	if err != nil {
		panic(err) // 2·nWeights > 0 and PyMC's settings are valid
	}
	s.opt = opt
	return s
}

// logPGrad returns the model's log density at z and writes its gradient into g.
func (s *handBNN) logPGrad(g, z []float64) float64 {
	w1, w2, w3 := z[s.off[0]:s.off[0]+2*nHidden], z[s.off[1]:s.off[1]+nHidden*nHidden], z[s.off[2]:s.off[2]+nHidden]
	g1, g2, g3 := g[s.off[0]:s.off[0]+2*nHidden], g[s.off[1]:s.off[1]+nHidden*nHidden], g[s.off[2]:s.off[2]+nHidden]
	lp := 0.0
	for i, v := range z {
		lp += -0.5*v*v - lnSqrt2Pi
		g[i] = -v
	}
	for r, y := range s.y {
		x0, x1 := s.x[2*r], s.x[2*r+1]
		for j := range nHidden {
			s.h1[j] = math.Tanh(x0*w1[j] + x1*w1[nHidden+j])
		}
		for j := range nHidden {
			a := 0.0
			for k := range nHidden {
				a += s.h1[k] * w2[k*nHidden+j]
			}
			s.h2[j] = math.Tanh(a)
		}
		a := 0.0
		for k := range nHidden {
			a += s.h2[k] * w3[k]
		}
		// y log σ(a) + (1 - y) log(1 - σ(a)) = y·a - log(1 + e^a), computed stably.
		lp += y*a - math.Max(a, 0) - math.Log1p(math.Exp(-math.Abs(a)))
		ds := y - 1/(1+math.Exp(-a))
		for k := range nHidden {
			g3[k] += ds * s.h2[k]
		}
		for k := range nHidden {
			s.d1[k] = 0
		}
		for j := range nHidden {
			d2 := ds * w3[j] * (1 - s.h2[j]*s.h2[j])
			for k := range nHidden {
				g2[k*nHidden+j] += s.h1[k] * d2
				s.d1[k] += w2[k*nHidden+j] * d2
			}
		}
		for k := range nHidden {
			d := s.d1[k] * (1 - s.h1[k]*s.h1[k])
			g1[k] += x0 * d
			g1[nHidden+k] += x1 * d
		}
	}
	return lp
}

// step is one ADVI iteration.
func (s *handBNN) step() {
	mu, rho := s.params[:nWeights], s.params[nWeights:]
	logq := 0.0
	for j := range s.eps {
		e := s.rng.NormFloat64()
		sp := math.Log1p(math.Exp(rho[j]))
		s.eps[j], s.sig[j] = e, sp
		s.z[j] = mu[j] + sp*e
		logq += -0.5*e*e - math.Log(sp) - lnSqrt2Pi
	}
	s.loss = logq - s.logPGrad(s.g, s.z)
	for j := range nWeights {
		dsp := 1 / (1 + math.Exp(-rho[j])) // d softplus / d rho
		s.grad[j] = -s.g[j]
		s.grad[nWeights+j] = -s.g[j]*s.eps[j]*dsp - dsp/s.sig[j]
	}
	s.opt.Update(s.params, s.grad)
}

const lnSqrt2Pi = 0.91893853320467274178 // log √(2π)

// layout returns the offsets of the network's weights in the model's flat vector.
func layout(tb testing.TB, ld *model.LogDensity) [3]int {
	tb.Helper()
	off := map[string]int{}
	for _, v := range ld.Ordering() {
		off[v.Name] = v.Offset
	}
	for _, name := range []string{"w_in_1", "w_1_2", "w_2_out"} {
		if _, ok := off[name]; !ok {
			tb.Fatalf("no %s in the model's ordering %v", name, ld.Ordering())
		}
	}
	return [3]int{off["w_in_1"], off["w_1_2"], off["w_2_out"]}
}

// The hand-written log density and gradient equal the compiled model's at several points,
// so the benchmark's baseline computes the same thing.
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
	h := newHandBNN(d.xTrain, d.yTrain, layout(t, ld), 1)
	grad, hand := make([]float64, nWeights), make([]float64, nWeights)
	for _, scale := range []float64{0.3, 1, 2.5} {
		z := make([]float64, nWeights)
		for i := range z {
			z[i] = scale * math.Sin(1.7*float64(i)+scale)
		}
		lp, err := ld.LogPGrad(grad, z)
		if err != nil {
			t.Fatal(err)
		}
		want := h.logPGrad(hand, z)
		if math.Abs(lp-want) > 1e-9*math.Abs(want) {
			t.Fatalf("scale %v: logp %v, hand %v", scale, lp, want)
		}
		for i := range grad {
			if math.Abs(grad[i]-hand[i]) > 1e-8*math.Max(1, math.Abs(hand[i])) {
				t.Fatalf("scale %v: grad[%d] %v, hand %v", scale, i, grad[i], hand[i])
			}
		}
	}
}
