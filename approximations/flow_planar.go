package approximations

import (
	"math"
	"math/rand/v2"
)

// planarEps keeps û defined at w = 0, as PyMC3 does.
const planarEps = 1e-10

// planarLayer is z' = z + û·tanh(wᵀz + b) (PyMC3's PlanarFlow), with log-det
// log |1 + (1 - tanh²(wᵀz + b))·ûᵀw|. The raw parameters u, w, b are free; û is u moved
// along w so that ûᵀw = -1 + softplus(uᵀw) > -1, which keeps the map invertible (Rezende and
// Mohamed, appendix A.1):
//
//	û = u + (m(uᵀw) - uᵀw)·w/(|w|² + 1e-10),  m(x) = -1 + softplus(x).
//
// The inverse exists but has no closed form (it needs a scalar root search), so inverse
// reports false.
//
// References:
//   - Rezende, Mohamed: Variational Inference with Normalizing Flows. ICML 2015, eqs. (10)-(12)
//     and appendix A.1.
type planarLayer struct{ d int }

func (l planarLayer) kind() string { return "planar" }
func (l planarLayer) params() []flowParam {
	return []flowParam{{"b", nil}, {"u", []int{l.d}}, {"w", []int{l.d}}}
}
func (l planarLayer) affine() bool    { return false }
func (l planarLayer) scratchLen() int { return 0 }
func (l planarLayer) init(p []float64, jitter float64, rng *rand.Rand) {
	jitterFill(p, 0, jitter, rng)
}

// split returns b, u and w of the stored parameters.
func (l planarLayer) split(p []float64) (b float64, u, w []float64) {
	return p[0], p[1 : 1+l.d], p[1+l.d : 1+2*l.d]
}

// uHat returns the scalars of û = u + c·w: c = (m(s) - s)/n with s = uᵀw and n = |w|² + ε.
func planarCoef(u, w []float64) (c, s, n float64) {
	s, n = dot(u, w), dot(w, w)+planarEps
	return (-1 + softplus(s) - s) / n, s, n
}

func (l planarLayer) forward(out, in, p, _ []float64) float64 {
	b, u, w := l.split(p)
	c, _, _ := planarCoef(u, w)
	h := math.Tanh(dot(w, in) + b)
	uw := 0.0 // ûᵀw
	for i, ui := range u {
		uh := ui + c*w[i]
		uw += uh * w[i]
		out[i] = in[i] + uh*h
	}
	return math.Log(math.Abs(1 + (1-h*h)*uw))
}

// backward follows the forward pass in reverse. With a = wᵀz + b, h = tanh a, h' = 1 - h²
// and D = 1 + h'·ûᵀw:
//
//	∂L/∂û = g·h + cld·(h'/D)·w       ∂L/∂a = (gᵀû)·h' - 2h·h'·cld·ûᵀw/D
//	∂L/∂w = ∂L/∂a·z + cld·(h'/D)·û   (plus the path through û)   ∂L/∂b = ∂L/∂a
//	∂L/∂z = g + ∂L/∂a·w
//
// and û = u + c(s, n)·w carries ∂L/∂û back to u and w with
// ∂c/∂s = (sigmoid(s) - 1)/n and ∂c/∂n = -(m(s) - s)/n².
func (l planarLayer) backward(gin, gout, in, p, gp, _ []float64, cld float64) {
	b, u, w := l.split(p)
	_, gu, gw := l.split(gp)
	c, s, n := planarCoef(u, w)
	a := dot(w, in) + b
	h := math.Tanh(a)
	dh := 1 - h*h
	uw, gU := 0.0, 0.0 // ûᵀw and gᵀû
	for i, ui := range u {
		uh := ui + c*w[i]
		uw += uh * w[i]
		gU += gout[i] * uh
	}
	den := 1 + dh*uw
	kd := cld * dh / den // ∂L/∂(ûᵀw)
	da := gU*dh - 2*h*dh*cld*uw/den
	// ∂L/∂û·w, needed by the path through c.
	guw := 0.0
	for i := range u {
		guw += (gout[i]*h + kd*w[i]) * w[i]
	}
	cs := (sigmoid(s) - 1) / n
	cn := -(-1 + softplus(s) - s) / (n * n)
	gp[0] += da
	for i, ui := range u {
		uh := ui + c*w[i]
		gUh := gout[i]*h + kd*w[i]
		gu[i] += gUh + guw*cs*w[i]
		gw[i] += da*in[i] + kd*uh + c*gUh + guw*(cs*ui+2*cn*w[i])
	}
	for i, wi := range w {
		gin[i] = gout[i] + da*wi
	}
}

func (l planarLayer) inverse(_, _, _ []float64) bool { return false }
