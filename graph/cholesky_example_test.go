package graph_test

import (
	"fmt"

	"github.com/gopymc/gopymc/graph"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// The Cholesky factor of a 2×2 covariance, and the gradient of its (1, 0) entry with
// respect to the matrix (zero above the diagonal, which is not read).
func ExampleCholesky() {
	g := G.NewGraph()
	a := G.NewMatrix(g, G.Float64, G.WithShape(2, 2), G.WithName("a"))
	l, err := graph.Cholesky(a)
	if err != nil {
		fmt.Println(err)
		return
	}
	pick := g.AddNode(G.NewConstant(tensor.New(tensor.WithShape(2, 2), tensor.WithBacking([]float64{0, 0, 1, 0})), G.WithName("pick10")))
	l10 := G.Must(G.Sum(G.Must(G.HadamardProd(l, pick))))
	f, err := graph.Compile([]*G.Node{l, l10}, graph.Inputs(a), graph.Grad(l10, a))
	if err != nil {
		fmt.Println(err)
		return
	}
	out, err := f.Run(tensor.New(tensor.WithShape(2, 2), tensor.WithBacking([]float64{4, 2, 2, 5})))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("L =", out[0].Data())
	// L10 = a10 / sqrt(a00): d/da10 = 1/2, d/da00 = -a10/(2 a00^1.5) = -1/8.
	fmt.Println("dL10/da =", out[2].Data())
	// Output:
	// L = [2 0 1 2]
	// dL10/da = [-0.125 0 0.5 0]
}
