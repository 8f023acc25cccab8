package graph_test

import (
	"fmt"

	"github.com/gopymc/gopymc/graph"
	G "gorgonia.org/gorgonia"
)

// Compile a log density and its gradient, then run the compiled copy.
func ExampleCompile() {
	g := G.NewGraph()
	x := G.NewScalar(g, G.Float64, G.WithName("x"))
	// log N(x | 0, 1) up to a constant: -x²/2.
	logp := G.Must(G.Mul(G.NewConstant(-0.5, G.WithName("minus half")), G.Must(G.Square(x))))

	f, err := graph.Compile([]*G.Node{logp}, graph.Inputs(x), graph.Grad(logp, x))
	if err != nil {
		fmt.Println(err)
		return
	}
	out, err := f.Run(2.0)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("logp:", out[0], "gradient:", out[1])
	// Output: logp: -2 gradient: -2
}

// A Shared value is read by compiled functions at run time, as theano.shared.
func ExampleShared() {
	g := G.NewGraph()
	data, _ := graph.NewShared(g, "data", []float64{1, 2, 3})
	total := G.Must(G.Sum(data.Node()))

	v, _ := graph.Eval(total)
	fmt.Println(v)
	_ = data.SetValue([]float64{10, 20, 30})
	v, _ = graph.Eval(total)
	fmt.Println(v)
	// Output:
	// 6
	// 60
}

// Seeded random nodes give fresh draws at every evaluation, reproducibly.
func ExampleRandomNormal() {
	g := G.NewGraph()
	eps, _ := graph.RandomNormal(g, 42, 2)
	f, _ := graph.Compile([]*G.Node{eps})
	a, _ := f.Run()
	b, _ := f.Run()
	fmt.Println(a[0].Data().([]float64)[0] != b[0].Data().([]float64)[0])
	// Output: true
}

// Clone replaces a node inside its own graph, as theano.clone.
func ExampleClone() {
	g := G.NewGraph()
	x := G.NewScalar(g, G.Float64, G.WithName("x"))
	y := G.Must(G.Square(x))
	out, _ := graph.Clone([]*G.Node{y}, map[*G.Node]any{x: 3.0})
	v, _ := graph.Eval(out[0])
	fmt.Println(v)
	// Output: 9
}
