package approximations

import (
	"math"
	"math/rand/v2"
)

// The affine layers of PyMC3's flows (pymc3/variational/flows.py): scale, loc and
// Householder reflections. A stack of them maps N(0, I) to a Gaussian: 'scale-loc' is the
// mean-field family of ADVI, and 'scale-hh*K-loc' has covariance H_K…H_1 S² H_1…H_K, a
// diagonal scale rotated by K reflections (a full covariance when K ≥ d-1; with K < d-1 the
// rotation is a product of few reflections, Tomczak and Welling's low-rank family).

// scaleLayer is z' = σ ⊙ z with σ = softplus(rho) (PyMC3's ScaleFlow, rho2sigma): log-det
// Σ log σ_i.
type scaleLayer struct{ d int }

func (l scaleLayer) kind() string        { return "scale" }
func (l scaleLayer) params() []flowParam { return []flowParam{{"rho", []int{l.d}}} }
func (l scaleLayer) affine() bool        { return true }
func (l scaleLayer) scratchLen() int     { return 0 }
func (l scaleLayer) init(p []float64, jitter float64, rng *rand.Rand) {
	jitterFill(p, 0, jitter, rng)
}

func (l scaleLayer) forward(out, in, p, _ []float64) float64 {
	ld := 0.0
	for i, r := range p {
		s := softplus(r)
		out[i] = s * in[i]
		ld += math.Log(s)
	}
	return ld
}

// backward: ∂z'_i/∂rho_i = z_i·sigmoid(rho_i), ∂log σ_i/∂rho_i = sigmoid(rho_i)/σ_i.
func (l scaleLayer) backward(gin, gout, in, p, gp, _ []float64, cld float64) {
	for i, r := range p {
		s, ds := softplus(r), sigmoid(r)
		gp[i] += (gout[i]*in[i] + cld/s) * ds
		gin[i] = gout[i] * s
	}
}

func (l scaleLayer) inverse(in, out, p []float64) bool {
	for i, r := range p {
		in[i] = out[i] / softplus(r)
	}
	return true
}

// locLayer is z' = z + loc (PyMC3's LocFlow): log-det 0.
type locLayer struct{ d int }

func (l locLayer) kind() string        { return "loc" }
func (l locLayer) params() []flowParam { return []flowParam{{"loc", []int{l.d}}} }
func (l locLayer) affine() bool        { return true }
func (l locLayer) scratchLen() int     { return 0 }
func (l locLayer) init(p []float64, jitter float64, rng *rand.Rand) {
	jitterFill(p, 0, jitter, rng)
}

func (l locLayer) forward(out, in, p, _ []float64) float64 {
	for i, m := range p {
		out[i] = in[i] + m
	}
	return 0
}

func (l locLayer) backward(gin, gout, _, p, gp, _ []float64, _ float64) {
	for i := range p {
		gp[i] += gout[i]
		gin[i] = gout[i]
	}
}

func (l locLayer) inverse(in, out, p []float64) bool {
	for i, m := range p {
		in[i] = out[i] - m
	}
	return true
}

// householderLayer is z' = H z with H = I - 2vvᵀ/|v|² (PyMC3's HouseholderFlow): a
// reflection, so log-det 0 and H⁻¹ = H. PyMC3 divides by |v|² + 1e-10 so that v = 0 gives
// H = I; that makes H a reflection only up to 1e-10/|v|², with a log-det of up to that size
// which PyMC3 counts as 0. Here v = 0 gives H = I and every other v an exact reflection, so
// the log-det is exactly 0 and the inverse exact; the two agree to 1e-10/|v|².
//
// References:
//   - Tomczak, Welling: Improving Variational Auto-Encoders using Householder Flow.
//     arXiv:1611.09630, 2016, eq. (8).
type householderLayer struct{ d int }

func (l householderLayer) kind() string        { return "hh" }
func (l householderLayer) params() []flowParam { return []flowParam{{"v", []int{l.d}}} }
func (l householderLayer) affine() bool        { return true }
func (l householderLayer) scratchLen() int     { return 0 }
func (l householderLayer) init(p []float64, jitter float64, rng *rand.Rand) {
	jitterFill(p, 0, jitter, rng)
}

func (l householderLayer) forward(out, in, v, _ []float64) float64 {
	n := dot(v, v)
	if n == 0 {
		copy(out, in)
		return 0
	}
	c := 2 * dot(v, in) / n
	for i, vi := range v {
		out[i] = in[i] - c*vi
	}
	return 0
}

// backward: with n = |v|², p = v·z and q = v·g, L = gᵀz - 2pq/n gives
// ∂L/∂z = g - 2qv/n and ∂L/∂v = -2(qz + pg)/n + 4pqv/n² (0 at v = 0, where H = I).
func (l householderLayer) backward(gin, gout, in, v, gp, _ []float64, _ float64) {
	n := dot(v, v)
	if n == 0 {
		copy(gin, gout)
		return
	}
	p, q := dot(v, in), dot(v, gout)
	for i, vi := range v {
		gp[i] += -2*(q*in[i]+p*gout[i])/n + 4*p*q*vi/(n*n)
	}
	c := 2 * q / n
	for i, vi := range v {
		gin[i] = gout[i] - c*vi
	}
}

func (l householderLayer) inverse(in, out, v []float64) bool {
	l.forward(in, out, v, nil)
	return true
}
