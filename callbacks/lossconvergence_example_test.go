package callbacks_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/gopymc/gopymc/callbacks"
)

// ExampleCheckLossConvergence feeds the callback a loss that improves by about 1 per step
// for 1500 steps and then only wanders: it stops a little after the plateau begins.
func ExampleCheckLossConvergence() {
	rng := rand.New(rand.NewPCG(1, 1))
	cb := callbacks.NewCheckLossConvergence()
	fmt.Println(cb)
	var losses []float64
	loss := 1000.0
	for i := 1; i <= 5000; i++ {
		if i <= 1500 {
			loss -= 1
		}
		losses = append(losses, loss+0.5*rng.NormFloat64())
		if msg, stop := callbacks.IsStop(cb.Call(nil, losses, i)); stop {
			fmt.Println(msg)
			break
		}
	}
	// Output:
	// CheckLossConvergence(kappa=0.5, h=10, halflife=200, min_steps=1000, z_clip=4, sigma_floor=1e-12)
	// CheckLossConvergence: converged at step 1561 (S=10.09 > h=10)
}

// ExampleCheckRelativeELBO applies Stan's rule to a loss that decays geometrically towards
// 100: it stops when the mean or median relative change of the last 10 evaluations (every
// 100 iterations) is below 1%.
func ExampleCheckRelativeELBO() {
	cb := callbacks.NewCheckRelativeELBO()
	var losses []float64
	for i := 1; i <= 20000; i++ {
		losses = append(losses, 100+900*pow(0.999, i))
		if msg, stop := callbacks.IsStop(cb.Call(nil, losses, i)); stop {
			fmt.Println(msg)
			break
		}
	}
	// Output:
	// CheckRelativeELBO: mean ELBO converged at step 5000 (mean relative change 0.009837, median 0.009987 < tol_rel_obj 0.01)
}

func pow(b float64, n int) float64 {
	r := 1.0
	for range n {
		r *= b
	}
	return r
}
