package plots_test

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/gopymc/gopymc/plots"
)

func ExampleKDE() {
	r := rand.New(rand.NewPCG(1, 1))
	x := make([]float64, 5000)
	for i := range x {
		x[i] = r.NormFloat64()
	}
	d, err := plots.KDE(x) // Silverman's rule, open tails
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("bandwidth %.3f, integral %.4f\n", d.Bandwidth, d.Integral())
	fmt.Printf("density at 0: %.2f (exact %.2f)\n", d.At(0), 1/math.Sqrt(2*math.Pi))

	// A scale parameter: no draw is negative, so the estimate is reflected at 0.
	for i := range x {
		x[i] = math.Abs(x[i])
	}
	d, _ = plots.KDE(x)
	fmt.Printf("half-normal: grid from %g, reflected %v, density at 0: %.2f (exact %.2f)\n",
		d.Lo, d.ReflectLo, d.At(0), 2/math.Sqrt(2*math.Pi))
	// Output:
	// bandwidth 0.162, integral 1.0000
	// density at 0: 0.41 (exact 0.40)
	// half-normal: grid from 0, reflected true, density at 0: 0.85 (exact 0.80)
}
