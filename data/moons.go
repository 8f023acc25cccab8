package data

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Moons is a two-class data set of two interleaving half circles, as scikit-learn's
// make_moons makes it: the data of PyMC's Bayesian neural network tutorial.
type Moons struct {
	// X holds one row per point with its two coordinates.
	X [][]float64
	// Y holds each point's class: 0 for the outer (upper) moon, 1 for the inner (lower).
	Y []int
}

// NewMoons makes n points on two interleaving half circles, with Gaussian noise of standard
// deviation noise added to every coordinate, in shuffled order, as scikit-learn's
// make_moons(n_samples=n, noise=noise, shuffle=True): n/2 (rounded down) points of class 0 at
// (cos t, sin t) and the others of class 1 at (1 - cos t, 1/2 - sin t), t evenly spaced on
// [0, π] on each moon. The noise and the shuffle come from rand.New(rand.NewPCG(seed, 0)), so
// a seed reproduces the data (not scikit-learn's numbers, which come from NumPy's
// generator). PyMC's tutorial uses n = 1000, noise = 0.2, then Scale and a 50/50 split
// (TrainTestSplit).
//
// It returns an error when n < 2 or noise is negative or not finite.
func NewMoons(n int, noise float64, seed uint64) (*Moons, error) {
	if n < 2 {
		return nil, fmt.Errorf("data: NewMoons: n is %d; need at least 2 points", n)
	}
	if !(noise >= 0) || math.IsInf(noise, 0) {
		return nil, fmt.Errorf("data: NewMoons: noise is %v; it must be finite and >= 0", noise)
	}
	nOut := n / 2
	nIn := n - nOut
	m := &Moons{X: make([][]float64, n), Y: make([]int, n)}
	at := func(i, k int) float64 { // the k-th of i evenly spaced angles on [0, π]
		if i == 1 {
			return 0
		}
		return math.Pi * float64(k) / float64(i-1)
	}
	for k := range nOut {
		t := at(nOut, k)
		m.X[k] = []float64{math.Cos(t), math.Sin(t)}
	}
	for k := range nIn {
		t := at(nIn, k)
		m.X[nOut+k] = []float64{1 - math.Cos(t), 0.5 - math.Sin(t)}
		m.Y[nOut+k] = 1
	}
	rng := rand.New(rand.NewPCG(seed, 0))
	rng.Shuffle(n, func(i, j int) {
		m.X[i], m.X[j] = m.X[j], m.X[i]
		m.Y[i], m.Y[j] = m.Y[j], m.Y[i]
	})
	for _, row := range m.X {
		row[0] += noise * rng.NormFloat64()
		row[1] += noise * rng.NormFloat64()
	}
	return m, nil
}

// Scale standardises each column of X to mean 0 and standard deviation 1 (the population
// sd, divisor n), as scikit-learn's preprocessing.scale, and returns new rows. A constant
// column becomes zeros. It returns an error when X is empty, its rows differ in length or a
// value is not finite.
func Scale(X [][]float64) ([][]float64, error) {
	if len(X) == 0 || len(X[0]) == 0 {
		return nil, fmt.Errorf("data: Scale: no data")
	}
	cols := len(X[0])
	mean := make([]float64, cols)
	for i, row := range X {
		if len(row) != cols {
			return nil, fmt.Errorf("data: Scale: row %d has %d columns, row 0 has %d", i, len(row), cols)
		}
		for j, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("data: Scale: row %d, column %d is %v", i, j, v)
			}
			mean[j] += v
		}
	}
	n := float64(len(X))
	sd := make([]float64, cols)
	for j := range mean {
		mean[j] /= n
	}
	for _, row := range X {
		for j, v := range row {
			sd[j] += (v - mean[j]) * (v - mean[j])
		}
	}
	out := make([][]float64, len(X))
	for i, row := range X {
		out[i] = make([]float64, cols)
		for j, v := range row {
			if s := math.Sqrt(sd[j] / n); s > 0 {
				out[i][j] = (v - mean[j]) / s
			}
		}
	}
	return out, nil
}
