package graph

import (
	"fmt"
	"strings"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

func TestSharedValueIsReadAtRunTime(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	s, err := NewShared(g, "data", []float64{1, 2, 3})
	if err != nil {
		t.Fatal(err)
	}
	w := G.NewVector(g, G.Float64, G.WithShape(3), G.WithName("w"))
	dot := G.Must(G.Sum(G.Must(G.HadamardProd(s.Node(), w))))
	f, err := Compile([]*G.Node{dot}, Inputs(w), Grad(dot, w))
	if err != nil {
		t.Fatal(err)
	}
	out := runBoth(t, f, tol, vec(1, 1, 1))
	if got := floatsOf(t, out[0])[0]; got != 6 {
		t.Fatalf("sum = %v, want 6", got)
	}
	if err := s.SetValue([]float64{10, 20, 30}); err != nil {
		t.Fatal(err)
	}
	out = runBoth(t, f, tol, vec(1, 1, 1))
	if got := floatsOf(t, out[0])[0]; got != 60 {
		t.Fatalf("after SetValue: sum = %v, want 60", got)
	}
	if got := floatsOf(t, out[1]); !equalFloats(got, []float64{10, 20, 30}) {
		t.Fatalf("gradient %v, want the data", got)
	}
	if v, err := Eval(dot, Given{w, []float64{0, 0, 1}}); err != nil || floatsOf(t, v)[0] != 30 {
		t.Fatalf("Eval = %v, %v; want 30", v, err)
	}
	// In-place updates through Data are seen too.
	s.Data()[0] = 100
	if v, _ := Eval(dot, Given{w, []float64{1, 0, 0}}); floatsOf(t, v)[0] != 100 {
		t.Fatalf("after Data update: %v", v)
	}
}

func TestSharedScalar(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	s, err := NewShared(g, "lr", 0.5)
	if err != nil {
		t.Fatal(err)
	}
	y := G.Must(G.Mul(s.Node(), G.NewConstant(4.0, G.WithName("four"))))
	if v, err := Eval(y); err != nil || floatsOf(t, v)[0] != 2 {
		t.Fatalf("Eval = %v, %v", v, err)
	}
	if err := s.SetValue(0.25); err != nil {
		t.Fatal(err)
	}
	if v, _ := Eval(y); floatsOf(t, v)[0] != 1 {
		t.Fatalf("after SetValue: %v", v)
	}
}

func TestSharedErrors(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	s, err := NewShared(g, "x", []float64{1, 2, 3})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		v    any
		want string
	}{
		{[]float64{1, 2}, "shape"},
		{[][]float64{{1, 2, 3}}, "dimensions"},
		{1.0, "dimensions"},
		{[]int{1, 2, 3}, "dtype int does not match the node's float64"},
		{[]string{"a"}, "cannot use"},
	} {
		if err := s.SetValue(c.v); err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), `"x"`) {
			t.Errorf("SetValue(%v): %v, want an error about %s naming x", c.v, err, c.want)
		}
	}
	if _, err := NewShared(g, "x", 1.0); err == nil {
		t.Error("a second shared value named x was accepted")
	}
	if _, err := NewShared(g, "", 1.0); err == nil {
		t.Error("an empty name was accepted")
	}
	if _, err := NewShared(g, "y", "text"); err == nil {
		t.Error("a string value was accepted")
	}
}

// Integer data stays integer: an int Shared value takes []int, [][]int and int tensors, and
// refuses float data.
func TestSharedInt(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	s, err := NewShared(g, "idx", []int{3, 1, 2})
	if err != nil {
		t.Fatal(err)
	}
	if s.Node().Dtype() != tensor.Int || s.Value().Dtype() != tensor.Int {
		t.Fatalf("dtype %v, want int", s.Node().Dtype())
	}
	if err := s.SetValue([]int{0, 0, 1}); err != nil {
		t.Fatal(err)
	}
	v, err := Eval(s.Node())
	if err != nil || fmt.Sprint(v.Data()) != "[0 0 1]" {
		t.Fatalf("Eval = %v, %v", v, err)
	}
	if err := s.SetValue([]float64{0, 0, 1}); err == nil || !strings.Contains(err.Error(), "dtype float64 does not match the node's int") {
		t.Fatalf("float data accepted by an int shared value: %v", err)
	}
	m, err := NewShared(g, "groups", [][]int{{1, 2}, {3, 4}})
	if err != nil || !m.Node().Shape().Eq(tensor.Shape{2, 2}) || m.Node().Dtype() != tensor.Int {
		t.Fatalf("[][]int: %v %v", m, err)
	}
}

// Replacing a node by a Shared value's node binds the Shared value (found by the data
// package's tests).
func TestReplaceBySharedNode(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	x := G.NewVector(g, G.Float64, G.WithShape(3), G.WithName("x"))
	s, err := NewShared(g, "full", []float64{1, 2, 3})
	if err != nil {
		t.Fatal(err)
	}
	sum := G.Must(G.Sum(x))
	f, err := Compile([]*G.Node{sum}, Replace(x, s.Node()))
	if err != nil {
		t.Fatal(err)
	}
	out := runBoth(t, f, tol)
	if got := floatsOf(t, out[0])[0]; got != 6 {
		t.Fatalf("sum = %v, want 6", got)
	}
}
