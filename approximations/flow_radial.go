package approximations

import (
	"math"
	"math/rand/v2"
)

// radialLayer is z' = z + β·h(α, r)·(z - z_ref) with r = |z - z_ref| and h = 1/(α + r)
// (PyMC3's RadialFlow), where α = exp(a) > 0 and β = -α + softplus(b) ≥ -α keep it
// invertible (Rezende and Mohamed, appendix A.2). Its log-det, as PyMC3 writes it, is
//
//	log[(1 + βh)^(d-1)·(1 + βh + βh'r)],  h' = -1/(α + r)².
//
// The inverse exists but needs a scalar root search, so inverse reports false.
//
// References:
//   - Rezende, Mohamed: Variational Inference with Normalizing Flows. ICML 2015, eqs. (14)-(15)
//     and appendix A.2.
type radialLayer struct{ d int }

func (l radialLayer) kind() string { return "radial" }
func (l radialLayer) params() []flowParam {
	return []flowParam{{"a", nil}, {"b", nil}, {"z_ref", []int{l.d}}}
}
func (l radialLayer) affine() bool    { return false }
func (l radialLayer) scratchLen() int { return 0 }

// init draws a, b and z_ref around 0 (PyMC3 centres z_ref at the input's test value, which
// its flows do not have: 0).
func (l radialLayer) init(p []float64, jitter float64, rng *rand.Rand) {
	jitterFill(p, 0, jitter, rng)
}

// coefs returns α, β and, for backward, sigmoid(b) = ∂β/∂b.
func (l radialLayer) coefs(p []float64) (alpha, beta, db float64) {
	alpha = math.Exp(p[0])
	return alpha, -alpha + softplus(p[1]), sigmoid(p[1])
}

func (l radialLayer) forward(out, in, p, _ []float64) float64 {
	alpha, beta, _ := l.coefs(p)
	zr := p[2:]
	r2 := 0.0
	for i, x := range in {
		r2 += (x - zr[i]) * (x - zr[i])
	}
	r := math.Sqrt(r2)
	h := 1 / (alpha + r)
	for i, x := range in {
		out[i] = x + beta*h*(x-zr[i])
	}
	A := 1 + beta*h
	B := A - beta*h*h*r
	return float64(l.d-1)*math.Log(A) + math.Log(B)
}

// backward: with δ = z - z_ref, A = 1 + βh and B = A - βh²r,
//
//	∂L/∂β = (gᵀδ)h + cld[(d-1)h/A + (h - h²r)/B]
//	∂L/∂h = (gᵀδ)β + cld[(d-1)β/A + (β - 2βhr)/B]
//	∂L/∂r = -h²·∂L/∂h - cld·βh²/B       (h = 1/(α + r))
//	∂L/∂α = -h²·∂L/∂h - ∂L/∂β            (β = -α + softplus(b))
//	∂L/∂a = α·∂L/∂α,  ∂L/∂b = sigmoid(b)·∂L/∂β
//	∂L/∂δ = βh·g + ∂L/∂r·δ/r,  ∂L/∂z = g + ∂L/∂δ,  ∂L/∂z_ref = -∂L/∂δ.
func (l radialLayer) backward(gin, gout, in, p, gp, _ []float64, cld float64) {
	alpha, beta, db := l.coefs(p)
	zr := p[2:]
	r2, gd := 0.0, 0.0
	for i, x := range in {
		r2 += (x - zr[i]) * (x - zr[i])
		gd += gout[i] * (x - zr[i])
	}
	r := math.Sqrt(r2)
	h := 1 / (alpha + r)
	A := 1 + beta*h
	B := A - beta*h*h*r
	dm1 := float64(l.d - 1)
	gBeta := gd*h + cld*(dm1*h/A+(h-h*h*r)/B)
	gH := gd*beta + cld*(dm1*beta/A+(beta-2*beta*h*r)/B)
	gR := -h*h*gH - cld*beta*h*h/B
	gAlpha := -h*h*gH - gBeta
	gp[0] += alpha * gAlpha
	gp[1] += db * gBeta
	rc := 0.0 // ∂L/∂r / r; r = 0 is a measure-zero point where |δ| has no gradient
	if r > 0 {
		rc = gR / r
	}
	for i, x := range in {
		dd := beta*h*gout[i] + rc*(x-zr[i])
		gp[2+i] -= dd
		gin[i] = gout[i] + dd
	}
}

func (l radialLayer) inverse(_, _, _ []float64) bool { return false }
