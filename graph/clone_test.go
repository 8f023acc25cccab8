package graph

import (
	"math"
	"strings"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

func TestCloneSharesUntouchedSubgraphs(t *testing.T) {
	t.Parallel()
	g, x, w, cost := sinModel()
	y := G.NewVector(g, G.Float64, G.WithShape(3), G.WithName("y"))
	wsum := G.Must(G.Sum(w))
	out, err := Clone([]*G.Node{cost, wsum}, map[*G.Node]any{x: y})
	if err != nil {
		t.Fatal(err)
	}
	if out[1] != wsum {
		t.Error("a subgraph without replacements was copied")
	}
	if out[0] == cost {
		t.Fatal("the replaced cost is the original")
	}
	v, err := Eval(out[0], Given{y, []float64{1, 2, 3}}, Given{w, []float64{0, 0, 0}})
	if err != nil {
		t.Fatal(err)
	}
	want := math.Pow(math.Sin(1), 2) + math.Pow(math.Sin(2), 2) + math.Pow(math.Sin(3), 2) + 0.5
	if got := floatsOf(t, v)[0]; !closeRel(got, want, tol) {
		t.Fatalf("clone = %v, want %v", got, want)
	}
}

// theano.clone semantics: replace={x: f(x)} means f of the original x.
func TestCloneReplacementUsingTheReplacedNode(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	x := G.NewScalar(g, G.Float64, G.WithName("x"))
	sq := G.Must(G.Square(x))
	twice := G.Must(G.Mul(x, G.NewConstant(2.0, G.WithName("two"))))
	out, err := Clone([]*G.Node{sq}, map[*G.Node]any{x: twice})
	if err != nil {
		t.Fatal(err)
	}
	v, err := Eval(out[0], Given{x, 3.0})
	if err != nil || floatsOf(t, v)[0] != 36 {
		t.Fatalf("(2x)² at 3 = %v, %v; want 36", v, err)
	}
}

// PyMC3's test_cloning_available: (minibatch)² with the minibatch replaced by other data.
func TestCloneMinibatchByValue(t *testing.T) {
	t.Parallel()
	_, X, beta, a, p := softmaxRegression(2)
	full := tensor.New(tensor.WithShape(5, 4), tensor.WithBacking(seq(20, 0.2)))
	out, err := Clone([]*G.Node{p}, map[*G.Node]any{X: full})
	if err != nil {
		t.Fatal(err)
	}
	v, err := Eval(out[0], Given{beta, tensor.New(tensor.WithShape(4, 3), tensor.WithBacking(seq(12, 0.1)))}, Given{a, []float64{0, 0, 0}})
	if err != nil {
		t.Fatal(err)
	}
	if !v.Shape().Eq(tensor.Shape{5, 3}) {
		t.Fatalf("shape %v, want (5, 3)", v.Shape())
	}
}

func TestCloneErrors(t *testing.T) {
	t.Parallel()
	_, x, _, cost := sinModel()
	_, ox, _, _ := sinModel()
	if _, err := Clone([]*G.Node{cost}, map[*G.Node]any{ox: []float64{1, 2, 3}}); err == nil || !strings.Contains(err.Error(), "not in the graph") {
		t.Errorf("foreign key: %v", err)
	}
	if _, err := Clone([]*G.Node{cost}, map[*G.Node]any{x: 1.0}); err == nil || !strings.Contains(err.Error(), `"x"`) {
		t.Errorf("rank change: %v", err)
	}
	if _, err := Clone(nil, nil); err == nil {
		t.Error("no outputs accepted")
	}
	// Reshape cannot follow a changed shape.
	g := G.NewGraph()
	m := G.NewMatrix(g, G.Float64, G.WithShape(2, 3), G.WithName("m"))
	r := G.Must(G.Reshape(m, tensor.Shape{3, 2}))
	if _, err := Clone([]*G.Node{r}, map[*G.Node]any{m: [][]float64{{1, 2}, {3, 4}}}); err == nil || !strings.Contains(err.Error(), "reshape") {
		t.Errorf("reshape after shape change: %v", err)
	}
}
