package testmodels

import "math"

// TanhNet is the Bayesian neural network of PyMC's tutorial "Variational Inference: Bayesian
// Neural Networks" written by hand: two tanh hidden layers of H units without biases,
//
//	out_i ~ Bernoulli(sigmoid(tanh(tanh(X_i W1) W2) w3)),  W1 (D×H), W2 (H×H), w3 (H) ~ N(0, 1),
//
// the likelihood scaled by Scale (total_size / rows). LogPGrad is its log density and
// gradient in one pass over the rows with math.Tanh and math.Exp, as a Go programmer would
// write it: the baseline of the compiled graph's dense layers.
type TanhNet struct {
	X     [][]float64 // rows of D inputs
	Y     []float64   // 0 or 1 per row
	H     int         // hidden units per layer
	Scale float64     // the likelihood's weight
}

// TanhNetLayout gives the offsets of W1, W2 and w3 (each row-major) in a flat point.
type TanhNetLayout struct{ W1, W2, W3 int }

// LogPGrad returns the log density at x (laid out by at) and sets grad to its gradient.
// work holds at least 6·H floats.
func (n *TanhNet) LogPGrad(grad, x []float64, at TanhNetLayout, work []float64) float64 {
	const lnSqrt2Pi = 0.91893853320467274178
	h := n.H
	d := len(n.X[0])
	w1, w2, w3 := x[at.W1:at.W1+d*h], x[at.W2:at.W2+h*h], x[at.W3:at.W3+h]
	g1, g2, g3 := grad[at.W1:at.W1+d*h], grad[at.W2:at.W2+h*h], grad[at.W3:at.W3+h]
	a1, a2, d1, d2 := work[:h], work[h:2*h], work[2*h:3*h], work[3*h:4*h]
	clear(grad)
	lp := 0.0
	for _, w := range [][]float64{w1, w2, w3} {
		for _, v := range w {
			lp += -0.5*v*v - lnSqrt2Pi
		}
	}
	like := 0.0
	for i, xi := range n.X {
		for j := range h {
			s := 0.0
			for k, xk := range xi {
				s += xk * w1[k*h+j]
			}
			a1[j] = math.Tanh(s)
		}
		for j := range h {
			s := 0.0
			for k := range h {
				s += a1[k] * w2[k*h+j]
			}
			a2[j] = math.Tanh(s)
		}
		z := 0.0
		for k := range h {
			z += a2[k] * w3[k]
		}
		// log p(y | z) = y z - softplus(z); d/dz = y - sigmoid(z).
		sp := z
		if z > 0 {
			sp += math.Log1p(math.Exp(-z))
		} else {
			sp = math.Log1p(math.Exp(z))
		}
		like += n.Y[i]*z - sp
		dz := (n.Y[i] - 1/(1+math.Exp(-z))) * n.Scale
		for k := range h {
			g3[k] += dz * a2[k]
			d2[k] = dz * w3[k] * (1 - a2[k]*a2[k])
		}
		for k := range h {
			s := 0.0
			for j := range h {
				g2[k*h+j] += a1[k] * d2[j]
				s += w2[k*h+j] * d2[j]
			}
			d1[k] = s * (1 - a1[k]*a1[k])
		}
		for k, xk := range xi {
			for j := range h {
				g1[k*h+j] += xk * d1[j]
			}
		}
	}
	for _, p := range [][2][]float64{{w1, g1}, {w2, g2}, {w3, g3}} {
		for j, v := range p[0] {
			p[1][j] -= v
		}
	}
	return lp + n.Scale*like
}
