package diagnostics_test

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/gopymc/gopymc/diagnostics"
)

// ExamplePSIS weighs 2000 draws of a standard normal proposal against a Student-t target
// with 3 degrees of freedom: the normal's tails are too light, so the importance weights are
// heavy-tailed (their tail index is 1) and k-hat exceeds 0.7.
func ExamplePSIS() {
	rng := rand.New(rand.NewPCG(1, 2))
	logT3 := func(z float64) float64 { return -2 * math.Log1p(z*z/3) } // up to a constant
	logN := func(z float64) float64 { return -0.5 * z * z }
	ratios := make([]float64, 2000)
	for i := range ratios {
		z := rng.NormFloat64()
		ratios[i] = logT3(z) - logN(z)
	}
	res, err := diagnostics.PSIS(ratios)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("k-hat %.2f, threshold %.2f, tail %d, reliable %v\n", res.KHat, res.Threshold, res.TailLength, res.Reliable())
	fmt.Println(res.Summary())
	// Output:
	// k-hat 0.85, threshold 0.70, tail 135, reliable false
	// Pareto k-hat 0.85 > 0.7 (S = 2000 draws, tail 135): the approximation is unreliable: it is far from the posterior, and importance weighting cannot repair it.
}

// ExampleGPDFit fits a generalised Pareto distribution to exponential draws: k is near 0.
func ExampleGPDFit() {
	rng := rand.New(rand.NewPCG(3, 4))
	x := make([]float64, 5000)
	for i := range x {
		x[i] = rng.ExpFloat64()
	}
	k, sigma, err := diagnostics.GPDFit(x)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("k %.2f, sigma %.2f\n", k, sigma)
	// Output:
	// k -0.01, sigma 1.01
}
