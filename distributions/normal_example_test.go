package distributions_test

import (
	"fmt"

	"github.com/gopymc/gopymc/distributions"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// A Normal likelihood of observed data: one fused op for the summed log density, one for
// its gradient.
func ExampleNormal() {
	g := G.NewGraph()
	mu := G.NewScalar(g, G.Float64, G.WithName("mu"), G.WithValue(0.5))
	sigma := G.NewConstant(2.0, G.WithName("sigma_f64_2"))
	data := tensor.New(tensor.WithShape(3), tensor.WithBacking([]float64{0.1, 1.2, -0.4}))
	x := G.NewVector(g, G.Float64, G.WithShape(3), G.WithName("x"), G.WithValue(data))

	d, err := distributions.NewNormal(mu, sigma)
	if err != nil {
		fmt.Println(err)
		return
	}
	logp, err := d.LogP(x, true) // observed: no gradient for the data
	if err != nil {
		fmt.Println(err)
		return
	}
	grads, err := G.Grad(logp, mu)
	if err != nil {
		fmt.Println(err)
		return
	}
	m := G.NewTapeMachine(g)
	defer m.Close()
	if err := m.RunAll(); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("logp %.4f, d logp/d mu %.4f\n", logp.Value().Data(), grads[0].Value().Data())
	// Output:
	// logp -5.0188, d logp/d mu -0.1500
}
