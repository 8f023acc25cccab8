package distributions_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/gopymc/gopymc/distributions"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// The quickstart's mixture: its log density and gradient at the support point, which PyMC
// prints as the initial value 0.34, and a few seeded draws.
func ExampleNewNormalMixture() {
	vec := func(v ...float64) *tensor.Dense { return tensor.New(tensor.WithShape(len(v)), tensor.WithBacking(v)) }
	w, mu, sd := vec(.2, .8), vec(-.3, .5), vec(.1, .1)

	g := G.NewGraph()
	x := G.NewScalar(g, G.Float64, G.WithName("x"))
	d, err := distributions.NewNormalMixture(
		G.NewConstant(w, G.In(g), G.WithName("w")),
		G.NewConstant(mu, G.In(g), G.WithName("mu")),
		G.NewConstant(sd, G.In(g), G.WithName("sd")))
	if err != nil {
		fmt.Println(err)
		return
	}
	logp, err := d.LogP(x, false) // one fused op
	if err != nil {
		fmt.Println(err)
		return
	}
	grads, err := G.Grad(logp, x) // one fused gradient op
	if err != nil {
		fmt.Println(err)
		return
	}

	params := []*tensor.Dense{w, mu, sd}
	start, _ := d.SupportPoint(params, nil)
	fmt.Printf("support point: %.2f\n", start.Data())

	m := G.NewTapeMachine(g)
	defer m.Close()
	if err := G.Let(x, start.Data().(float64)); err != nil {
		fmt.Println(err)
		return
	}
	if err := m.RunAll(); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("logp = %.4f, dlogp/dx = %.4f\n", logp.Value().Data(), grads[0].Value().Data())

	draws, _ := d.Rand(rand.New(rand.NewPCG(1, 2)), params, tensor.Shape{4})
	fmt.Printf("draws: %.2f\n", draws.Data())
	// Output:
	// support point: 0.34
	// logp = -0.1195, dlogp/dx = 16.0000
	// draws: [0.51 0.39 0.19 0.67]
}

// The stick-breaking transform, Dirichlet's default: y = 0 is the centre of the simplex.
func ExampleNewStickBreakingTransform() {
	g := G.NewGraph()
	y := G.NewVector(g, G.Float64, G.WithShape(3), G.WithName("y"))
	sb := distributions.NewStickBreakingTransform()
	x, err := sb.Backward(y)
	if err != nil {
		fmt.Println(err)
		return
	}
	logJac, err := sb.LogJacDet(y)
	if err != nil {
		fmt.Println(err)
		return
	}
	m := G.NewTapeMachine(g)
	defer m.Close()
	if err := G.Let(y, tensor.New(tensor.WithShape(3), tensor.WithBacking([]float64{0, 0, 0}))); err != nil {
		fmt.Println(err)
		return
	}
	if err := m.RunAll(); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s: x = %.2f, log|J| = %.4f\n", sb.Name(), x.Value().Data(), logJac.Value().Data())
	// Output:
	// stickbreaking: x = [0.25 0.25 0.25 0.25], log|J| = -5.5452
}
