package data_test

import (
	"fmt"
	"slices"

	"github.com/gopymc/gopymc/data"
	"github.com/gopymc/gopymc/graph"
	G "gorgonia.org/gorgonia"
)

// A minibatch of 500 rows of a 40000×100 matrix, as in the tutorial; every evaluation draws
// fresh rows.
func ExampleNewMinibatch() {
	rows := make([][]float64, 40000)
	for i := range rows {
		rows[i] = make([]float64, 100)
		rows[i][0] = float64(i)
	}
	X, err := data.NewMinibatch(rows, 500) // PyMC3's default seed, 42
	if err != nil {
		fmt.Println(err)
		return
	}
	a, _ := graph.Eval(X.Node())
	b, _ := graph.Eval(X.Node())
	fmt.Println("batch shape:", X.BatchShape(), "full data:", X.Data().Shape())
	fmt.Println("fresh rows:", a.Data().([]float64)[0] != b.Data().([]float64)[0])
	// Output:
	// batch shape: [500 100] full data: (40000, 100)
	// fresh rows: true
}

// A model built in its own graph imports the minibatch with NodeIn; compiled Functions then
// draw a batch at every run.
func ExampleMinibatch_NodeIn() {
	X, _ := data.NewMinibatch([]float64{1, 2, 3, 4, 5, 6, 7, 8}, 3)
	model := G.NewGraph()
	x, _ := X.NodeIn(model)
	mu := G.NewScalar(model, G.Float64, G.WithName("mu"))
	sse := G.Must(G.Sum(G.Must(G.Square(G.Must(G.Sub(x, mu)))))) // Σ (x - mu)²
	f, _ := graph.Compile([]*G.Node{sse, x}, graph.Inputs(mu), graph.Grad(sse, mu))
	out, _ := f.Run(0.0)
	batch := out[1].Data().([]float64)
	want := 0.0
	for _, v := range batch {
		want += v * v
	}
	fmt.Println(len(batch), out[0].Data() == want)
	// Output: 3 true
}

// Aligned arrays share one row index (PyMC v5's Minibatch(A, B, batch_size=10)).
func ExampleAligned() {
	A := make([]float64, 1000)
	B := make([]float64, 1000)
	for i := range A {
		A[i], B[i] = float64(i), -float64(i)
	}
	mb, _ := data.NewMinibatch(A, 10, data.Aligned(B))
	f, _ := graph.Compile(mb.Nodes())
	aligned := true
	for range 100 {
		out, _ := f.Run()
		mA, mB := out[0].Data().([]float64), out[1].Data().([]float64)
		for i := range mA {
			aligned = aligned && mA[i] == -mB[i]
		}
	}
	fmt.Println("mA == -mB:", aligned)
	// Output: mA == -mB: true
}

// PyMC3's multi-dimensional batch sizes: sizes, (size, seed) pairs, None and Ellipsis.
func ExampleNewMinibatchND() {
	more := make([]float64, 10*20*30*4*5)
	shape := func(sizes ...any) []int {
		mb, err := data.NewMinibatchND(tensorOf(more, 10, 20, 30, 4, 5), sizes)
		if err != nil {
			fmt.Println(err)
			return nil
		}
		return mb.BatchShape()
	}
	fmt.Println(shape(2, data.Ellipsis, 3))
	fmt.Println(shape(2, data.None, 20))
	fmt.Println(shape(2, data.None, data.SizeSeed{Size: 20, Seed: 7}, data.Ellipsis, 3))
	fmt.Println(shape(2, data.Ellipsis, data.Ellipsis) == nil)
	// Output:
	// [2 20 30 4 3]
	// [2 20 20 4 5]
	// [2 20 20 4 3]
	// data: NewMinibatchND: batch sizes [2 Ellipsis Ellipsis]: Double Ellipsis is restricted (give at most one)
	// true
}

// SetValue swaps the full data; compiled Functions draw from the new data at their next run.
func ExampleMinibatch_SetValue() {
	ones := slices.Repeat([]float64{1}, 10)
	mb, _ := data.NewMinibatch(ones, 4)
	f, _ := graph.Compile([]*G.Node{mb.Node()})
	out, _ := f.Run()
	fmt.Println(out[0])
	_ = mb.SetValue(slices.Repeat([]float64{2}, 30)) // more rows are fine
	out, _ = f.Run()
	fmt.Println(out[0])
	fmt.Println(mb.SetValue([][]float64{{1, 2}}))
	// Output:
	// [1  1  1  1]
	// [2  2  2  2]
	// data: Minibatch "Minibatch": SetValue: shape (1, 2) does not match the data's shape (30) (only the number of rows may change)
}

func ExampleLoadIris() {
	iris, err := data.LoadIris()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(iris.Features), "rows of", iris.FeatureNames)
	fmt.Println(iris.ClassNames)
	fmt.Println(iris.Features[0], iris.ClassNames[iris.Target[0]])
	// Output:
	// 150 rows of [sepal_length sepal_width petal_length petal_width]
	// [setosa versicolor virginica]
	// [5.1 3.5 1.4 0.2] setosa
}

func ExampleTrainTestSplit() {
	train, test, err := data.TrainTestSplit(150, 0.25, 42)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(train), len(test))
	// Output: 112 38
}
