package testmodels

import (
	"math"
	"math/rand/v2"
)

// The shape of the radon data of PyMC's hierarchical-regression tutorials: 919 houses in 85
// Minnesota counties.
const (
	HierRows   = 919
	HierGroups = 85
)

// Hierarchical is a varying-intercept, varying-slope regression simulated with known
// parameters, shaped like the radon data (919 rows in 85 groups of very uneven sizes, from
// one row to about a hundred):
//
//	a_g = MuA + SigmaA·ARaw_g,  b_g = MuB + SigmaB·BRaw_g,  ARaw_g, BRaw_g ~ N(0, 1)
//	y_i ~ N(a[g_i] + b[g_i]·x_i, SigmaY),  x_i ~ N(0, 1).
//
// The model fitted to it (non-centred, as PyMC's tutorials recommend) has the priors
// mu_a, mu_b ~ N(0, 5); sigma_a, sigma_b, sigma_y ~ HalfNormal(2) (log-transformed);
// a_raw, b_raw ~ N(0, 1) of length 85; LogPGrad is its hand-written log density.
type Hierarchical struct {
	Group []int     // the group of each row, in [0, HierGroups)
	X, Y  []float64 // predictor and outcome of each row

	MuA, SigmaA, MuB, SigmaB, SigmaY float64   // the true hyperparameters
	A, B                             []float64 // the true group intercepts and slopes
}

// NewHierarchical simulates the data from a seed.
func NewHierarchical(seed uint64) *Hierarchical {
	rng := rand.New(rand.NewPCG(seed, 12))
	h := &Hierarchical{MuA: 1.5, SigmaA: 0.6, MuB: -0.7, SigmaB: 0.3, SigmaY: 0.8}
	h.A, h.B = make([]float64, HierGroups), make([]float64, HierGroups)
	for g := range h.A {
		h.A[g] = h.MuA + h.SigmaA*rng.NormFloat64()
		h.B[g] = h.MuB + h.SigmaB*rng.NormFloat64()
	}
	// Group sizes: one row each, then the rest spread with log-normal weights, so that
	// sizes run from 1 to about a hundred as in the radon data.
	w := make([]float64, HierGroups)
	total := 0.0
	for g := range w {
		w[g] = math.Exp(1.1 * rng.NormFloat64())
		total += w[g]
	}
	sizes := make([]int, HierGroups)
	left := HierRows - HierGroups
	given := 0
	for g := range sizes {
		sizes[g] = 1 + int(float64(left)*w[g]/total)
		given += sizes[g]
	}
	for g := 0; given < HierRows; g = (g + 1) % HierGroups {
		sizes[g]++
		given++
	}
	for g, n := range sizes {
		for range n {
			h.Group = append(h.Group, g)
		}
	}
	rng.Shuffle(len(h.Group), func(i, j int) { h.Group[i], h.Group[j] = h.Group[j], h.Group[i] })
	h.X, h.Y = make([]float64, HierRows), make([]float64, HierRows)
	for i, g := range h.Group {
		h.X[i] = rng.NormFloat64()
		h.Y[i] = h.A[g] + h.B[g]*h.X[i] + h.SigmaY*rng.NormFloat64()
	}
	return h
}

// HierLayout gives the offsets of the model's variables in a flat point, in unconstrained
// space: the log of each sigma.
type HierLayout struct {
	MuA, LogSigmaA, MuB, LogSigmaB, ARaw, BRaw, LogSigmaY int
}

// LogPGrad is the model's log density at x (laid out by at) and its gradient, written by
// hand in one pass over the rows: the baseline of the graph's gather. work holds
// 4·HierGroups floats.
func (h *Hierarchical) LogPGrad(grad, x []float64, at HierLayout, work []float64) float64 {
	const lnSqrt2Pi = 0.91893853320467274178
	const lnHalfNormal = -0.22579135264472743 // log √(2/π)
	muA, muB := x[at.MuA], x[at.MuB]
	uA, uB, uY := x[at.LogSigmaA], x[at.LogSigmaB], x[at.LogSigmaY]
	sA, sB, sY := math.Exp(uA), math.Exp(uB), math.Exp(uY)
	aRaw, bRaw := x[at.ARaw:at.ARaw+HierGroups], x[at.BRaw:at.BRaw+HierGroups]
	a, b := work[:HierGroups], work[HierGroups:2*HierGroups]
	clear(grad)

	// Priors: N(0, 5) on the means, HalfNormal(2) on the sigmas with the log Jacobian u.
	lp := 0.0
	for _, k := range []int{at.MuA, at.MuB} {
		lp += -lnSqrt2Pi - math.Log(5) - x[k]*x[k]/50
		grad[k] = -x[k] / 25
	}
	for _, k := range []int{at.LogSigmaA, at.LogSigmaB, at.LogSigmaY} {
		s := math.Exp(x[k])
		lp += lnHalfNormal - math.Log(2) - s*s/8 + x[k]
		grad[k] = -s*s/4 + 1
	}
	for g := range HierGroups {
		lp += -2*lnSqrt2Pi - 0.5*(aRaw[g]*aRaw[g]+bRaw[g]*bRaw[g])
		grad[at.ARaw+g] = -aRaw[g]
		grad[at.BRaw+g] = -bRaw[g]
		a[g] = muA + sA*aRaw[g]
		b[g] = muB + sB*bRaw[g]
	}
	// Likelihood, accumulating ∂/∂a_g and ∂/∂b_g.
	inv := 1 / (sY * sY)
	ss := 0.0
	lp -= float64(len(h.Y)) * (lnSqrt2Pi + uY)
	dA, dB := work[2*HierGroups:3*HierGroups], work[3*HierGroups:4*HierGroups]
	clear(dA)
	clear(dB)
	for i, g := range h.Group {
		r := h.Y[i] - (a[g] + b[g]*h.X[i])
		ss += r * r
		dA[g] += r * inv
		dB[g] += r * inv * h.X[i]
	}
	lp -= 0.5 * ss * inv
	grad[at.LogSigmaY] += -float64(len(h.Y)) + ss*inv
	for g := range HierGroups {
		grad[at.MuA] += dA[g]
		grad[at.MuB] += dB[g]
		grad[at.LogSigmaA] += dA[g] * aRaw[g] * sA
		grad[at.LogSigmaB] += dB[g] * bRaw[g] * sB
		grad[at.ARaw+g] += dA[g] * sA
		grad[at.BRaw+g] += dB[g] * sB
	}
	return lp
}
