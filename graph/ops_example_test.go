package graph_test

import (
	"fmt"

	"github.com/gopymc/gopymc/graph"
	G "gorgonia.org/gorgonia"
)

// Take gathers by integer indices; the gradient adds up over repeated indices.
func ExampleTake() {
	g := G.NewGraph()
	a := G.NewVector(g, G.Float64, G.WithShape(3), G.WithName("a"))
	idx, _ := graph.NewConstant(g, "idx", []int{2, 0, 2, 2})
	y := G.Must(graph.Take(a, idx, 0))
	cost := G.Must(G.Sum(y))
	f, err := graph.Compile([]*G.Node{y, cost}, graph.Inputs(a), graph.Grad(cost, a))
	if err != nil {
		fmt.Println(err)
		return
	}
	out, err := f.Run([]float64{10, 20, 30})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("a[idx] =", out[0].Data())
	fmt.Println("d Σ a[idx] / da =", out[2].Data())
	// Output:
	// a[idx] = [30 10 30 30]
	// d Σ a[idx] / da = [1 0 3]
}

// LogSumExp is stable where exp overflows, along any axis.
func ExampleLogSumExp() {
	g := G.NewGraph()
	x, _ := graph.NewConstant(g, "x", [][]float64{{1, 2, 3}, {1000, 1000, 1000}})
	rows := G.Must(graph.LogSumExp(x, 1))
	v, err := graph.Eval(rows)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%.4f\n", v.Data())
	// Output: [3.4076 1001.0986]
}

// Constants that differ only in the middle of a long vector stay two nodes (Gorgonia's own
// constants would be merged: it identifies them by their printed form, which elides the
// middle).
func ExampleNewConstant() {
	g := G.NewGraph()
	a, b := make([]float64, 9), make([]float64, 9)
	a[4], b[4] = 1, 2
	ca, _ := graph.NewConstant(g, "a", a)
	cb, _ := graph.NewConstant(g, "a", b)
	fmt.Println(ca == cb, ca.Name(), cb.Name())
	// Output: false a a#2
}
