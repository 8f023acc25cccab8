package predictive_test

import (
	"context"
	"fmt"

	"github.com/gopymc/gopymc/distributions"
	"github.com/gopymc/gopymc/internal/testmodels"
	"github.com/gopymc/gopymc/model"
	"github.com/gopymc/gopymc/predictive"
	"github.com/gopymc/gopymc/trace"
)

// A normal model of two observations: mu ~ N(0, 1), y ~ N(mu, 0.5). The posterior
// predictive draws y afresh at each of three draws of mu; the prior predictive draws mu from
// its prior first.
func Example() {
	m := model.New()
	mu := testmodels.Normal(m, "mu", 0.0, 1.0, model.FreeOptions{})
	sd, _ := m.Param("y", "sigma", 0.5)
	like, _ := distributions.NewNormal(mu, sd)
	m.AddObserved("y", like, []float64{0.2, -0.1}, nil)

	tr, _ := trace.New([]trace.Var{{Name: "mu"}}, 1)
	for _, v := range []float64{-1, 0, 1} {
		_ = tr.Append(0, [][]float64{{v}})
	}
	post, err := predictive.Posterior(context.Background(), m, tr, predictive.Settings{Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("posterior predictive y:", post.Shape("y"), post.Len(), "draws")
	for k, y := range [][]float64{post.Values("y")[0:2], post.Values("y")[2:4], post.Values("y")[4:6]} {
		fmt.Printf("mu = %2.0f: y = %5.2f\n", tr.Values("mu")[k], y)
	}
	prior, err := predictive.Prior(context.Background(), m, predictive.Settings{Seed: 1, Samples: 4})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, v := range prior.Vars() {
		fmt.Println("prior predictive:", v.Name, v.Shape, prior.Draws(0), "draws")
	}
	// Output:
	// posterior predictive y: [2] 3 draws
	// mu = -1: y = [-0.54 -0.50]
	// mu =  0: y = [-0.38  0.00]
	// mu =  1: y = [ 0.81  1.25]
	// prior predictive: mu [] 4 draws
	// prior predictive: y [2] 4 draws
}
