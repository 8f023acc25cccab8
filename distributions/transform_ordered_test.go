package distributions

import (
	"math"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// TestOrderedKnownValues: PyMC's ordered transform maps y = (-1, log 2, 0) to the cumulative
// sums (-1, 1, 2), with log|J| = log 2 + 0; the positive variant maps it to (e⁻¹, e⁻¹ + 2,
// e⁻¹ + 3), with log|J| = -1 + log 2; forward inverts both. The transforms' name is PyMC's
// "ordered".
func TestOrderedKnownValues(t *testing.T) {
	t.Parallel()
	const tol = 1e-15
	y := []float64{-1, math.Ln2, 0}
	e := math.Exp(-1)
	for _, c := range []struct {
		tr        Transform
		x         []float64
		logJacDet float64
	}{
		{NewOrderedTransform(), []float64{-1, 1, 2}, math.Ln2},
		{NewPositiveOrderedTransform(), []float64{e, e + 2, e + 3}, -1 + math.Ln2},
	} {
		g := G.NewGraph()
		yn := constNode(g, "y", tensor.Shape{3}, y)
		x, err := c.tr.Backward(yn)
		if err != nil {
			t.Fatal(err)
		}
		lj, err := c.tr.LogJacDet(yn)
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range evalNode(t, x) {
			if !closeTo(v, c.x[i], tol) {
				t.Errorf("%v: backward[%d] = %v, want %v", c.tr, i, v, c.x[i])
			}
		}
		if got := evalNode(t, lj)[0]; !closeTo(got, c.logJacDet, tol) {
			t.Errorf("%v: log|J| = %v, want %v", c.tr, got, c.logJacDet)
		}
		if c.tr.Name() != "ordered" {
			t.Errorf("name %q, want ordered", c.tr.Name())
		}
	}
}

// TestOrderedForwardGradFD: the gradient of Forward (used when an initial value is mapped
// in a differentiated graph) agrees with central finite differences.
func TestOrderedForwardGradFD(t *testing.T) {
	t.Parallel()
	for _, tr := range []Transform{NewOrderedTransform(), NewPositiveOrderedTransform()} {
		inputs := []gpInput{{name: "x", shape: tensor.Shape{2, 3}, val: []float64{0.5, 1.1, 3, 0.2, 0.25, 1}, wrt: true}}
		gp := newGP(t, inputs, func(g *G.ExprGraph, in []*G.Node) (*G.Node, error) {
			y, err := tr.Forward(in[0])
			if err != nil {
				return nil, err
			}
			return weighted(g, y, "fwd")
		})
		checkGradFD(t, gp)
	}
}

// TestOrderedBadInput: a scalar has no last axis to order.
func TestOrderedBadInput(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	s := constNode(g, "s", tensor.Shape{}, []float64{1})
	if _, err := NewOrderedTransform().Backward(s); err == nil {
		t.Error("Backward of a scalar: no error")
	}
	if _, err := NewOrderedTransform().UnconstrainedShape(tensor.Shape{}); err == nil {
		t.Error("UnconstrainedShape of a scalar: no error")
	}
}
