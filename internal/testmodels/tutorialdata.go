package testmodels

import (
	"math"
	"math/rand/v2"
)

// The shape of the tutorial's large data set.
const (
	TutorialRows = 40000
	TutorialCols = 100
)

// TutorialData makes the quickstart's large data set from a seed, as the tutorial's NumPy
// does: uniform [0, 1) values, each column scaled by an integer in [1, 10) and shifted by a
// uniform [0, 10) value. It returns TutorialRows × TutorialCols values, row-major.
func TutorialData(seed uint64) []float64 {
	rng := rand.New(rand.NewPCG(seed, 0))
	x := make([]float64, TutorialRows*TutorialCols)
	for i := range x {
		x[i] = rng.Float64()
	}
	scale, shift := make([]float64, TutorialCols), make([]float64, TutorialCols)
	for j := range scale {
		scale[j] = float64(1 + rng.IntN(9))
	}
	for j := range shift {
		shift[j] = rng.Float64() * 10
	}
	for i := 0; i < TutorialRows; i++ {
		row := x[i*TutorialCols : (i+1)*TutorialCols]
		for j := range row {
			row[j] = row[j]*scale[j] + shift[j]
		}
	}
	return x
}

// lnSqrt2Pi is log √(2π).
const lnSqrt2Pi = 0.91893853320467274178

// NormalColumnsLogPGrad is the hand-written reference the benchmarks compare the compiled
// log density with: for x with cols columns (row-major) and z = (mu, ls) of length 2·cols, it
// returns Σ_rj log N(x_rj | mu_j, exp(ls_j)) and writes its gradient with respect to z into g,
// in one pass over the data.
func NormalColumnsLogPGrad(g, z, x []float64, cols int) float64 {
	mu, ls := z[:cols], z[cols:2*cols]
	gmu, gls := g[:cols], g[cols:2*cols]
	var buf [128]float64 // the tutorial's 100 columns fit: no allocation
	var inv []float64
	if cols <= len(buf) {
		inv = buf[:cols]
	} else {
		inv = make([]float64, cols)
	}
	for j := range inv {
		inv[j] = math.Exp(-ls[j])
		gmu[j], gls[j] = 0, 0
	}
	sq := 0.0
	for r := 0; r < len(x); r += cols {
		row := x[r : r+cols]
		for j, v := range row {
			e := (v - mu[j]) * inv[j]
			e2 := e * e
			sq += e2
			gmu[j] += e * inv[j]
			gls[j] += e2
		}
	}
	n := float64(len(x) / cols)
	lsum := 0.0
	for j := range gls {
		lsum += ls[j]
		gls[j] -= n
	}
	return -0.5*sq - n*lsum - n*float64(cols)*lnSqrt2Pi
}
