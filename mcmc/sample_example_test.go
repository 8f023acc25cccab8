package mcmc_test

import (
	"context"
	"fmt"

	"github.com/gopymc/gopymc/mcmc"
)

// normal is the log density of N(mu, sigma²) in one dimension.
type normal struct{ mu, sigma float64 }

func (n normal) Dim() int { return 1 }

func (n normal) LogPGrad(grad, x []float64) (float64, error) {
	z := (x[0] - n.mu) / n.sigma
	grad[0] = -z / n.sigma
	return -0.5 * z * z, nil
}

func ExampleSample() {
	// Two chains, one target each, the defaults otherwise (1000 tune, 1000 draws, Stan's
	// adaptation). The mean is within two standard errors (2/√2000 ≈ 0.045) of 3.
	targets := []mcmc.LogDensity{normal{3, 2}, normal{3, 2}}
	res, err := mcmc.Sample(context.Background(), targets, []float64{0}, mcmc.Settings{Seed: 42})
	if err != nil {
		fmt.Println(err)
		return
	}
	var sum float64
	n := 0
	for c := range res.Chains {
		for _, x := range res.Chains[c].Draws {
			sum += x
			n++
		}
	}
	fmt.Printf("%d chains × %d draws, mean %.1f\n", len(res.Chains), res.NumDraws(0), sum/float64(n))
	fmt.Println("warnings:", len(mcmc.Warnings(res)))
	// Output:
	// 2 chains × 1000 draws, mean 2.9
	// warnings: 0
}

func ExampleWarnings() {
	// 50 draws per chain: PyMC warns that diagnostics need longer chains.
	res, err := mcmc.Sample(context.Background(), []mcmc.LogDensity{normal{0, 1}}, []float64{0},
		mcmc.Settings{Seed: 1, Draws: 50})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, w := range mcmc.Warnings(res) {
		fmt.Println(w)
	}
	// Output:
	// Only 50 samples per chain. Reliable r-hat and ESS diagnostics require longer chains for accurate estimate.
}
