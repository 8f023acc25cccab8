package trace_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/gopymc/gopymc/trace"
)

// ExampleTrace_Summary fills two chains of a scalar and a vector with seeded AR(1) draws
// and prints ArviZ's summary table.
func ExampleTrace_Summary() {
	tr, err := trace.New([]trace.Var{
		{Name: "mu"},
		{Name: "beta", Shape: []int{2}},
		{Name: "sigma_log__", Transformed: true}, // left out of the default summary
	}, 2)
	if err != nil {
		fmt.Println(err)
		return
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for c := range tr.Chains() {
		mu, b0, b1 := 0.0, 0.0, 0.0
		for range 1000 {
			mu = 0.5*mu + rng.NormFloat64() // AR(1), φ = 0.5
			b0 = 0.9*b0 + 0.1*rng.NormFloat64()
			b1 = rng.NormFloat64()
			if err := tr.Append(c, [][]float64{{1 + mu}, {b0, -2 + 3*b1}, {0}}); err != nil {
				fmt.Println(err)
				return
			}
		}
	}
	table, err := tr.Summary()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(table)
	// Output:
	// mean     sd  hdi_3%  hdi_97%  mcse_mean  ess_bulk  ess_tail  r_hat
	// mu        1.034  1.193  -1.095    3.330      0.048       620      1169   1.00
	// beta[0]  -0.000  0.243  -0.451    0.459      0.034        54        88   1.03
	// beta[1]  -1.937  2.945  -7.492    3.524      0.068      1886      1929   1.00
}

// ExampleHDIOf computes the 94% highest-density interval of exponential draws (exactly
// [0, -ln 0.06] = [0, 2.813]), which lies left of the equal-tailed interval.
func ExampleHDIOf() {
	rng := rand.New(rand.NewPCG(3, 4))
	x := make([]float64, 10000)
	for i := range x {
		x[i] = rng.ExpFloat64()
	}
	lo, hi, err := trace.HDIOf(x, 0.94)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("HDI 94%%: [%.3f, %.3f]\n", lo, hi)
	q03, _ := trace.QuantileOf(x, 0.03)
	q97, _ := trace.QuantileOf(x, 0.97)
	fmt.Printf("ETI 94%%: [%.3f, %.3f]\n", q03, q97)
	// Output:
	// HDI 94%: [0.000, 2.842]
	// ETI 94%: [0.032, 3.487]
}
