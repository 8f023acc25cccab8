package distributions

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// laplaceLogp is log p(x) = -|x - m| - log 2, element-wise, as a user would write it.
func laplaceLogp(m *G.Node) LogPFunc {
	return func(x *G.Node) (*G.Node, error) {
		d, err := G.Sub(x, m)
		if err != nil {
			return nil, err
		}
		a, err := G.Abs(d)
		if err != nil {
			return nil, err
		}
		return G.Sub(G.NewConstant(-math.Ln2, G.WithName("minus_ln2")), a)
	}
}

// TestDensityDistLogP: LogP sums the user's element-wise log density, LogPElem keeps it, and
// the gradient through the user's graph agrees with finite differences.
func TestDensityDistLogP(t *testing.T) {
	t.Parallel()
	x := []float64{0.3, -1.2, 2.5}
	inputs := []gpInput{{name: "x", shape: tensor.Shape{3}, val: x, wrt: true}, {name: "m", shape: tensor.Shape{}, val: []float64{0.1}, wrt: true}}
	gp := newGP(t, inputs, func(g *G.ExprGraph, in []*G.Node) (*G.Node, error) {
		d, err := NewDensityDist(laplaceLogp(in[1]), nil)
		if err != nil {
			return nil, err
		}
		return d.LogP(in[0], false)
	})
	checkGradFD(t, gp)
	v, _, err := gp.eval(gp.values())
	if err != nil {
		t.Fatal(err)
	}
	want := 0.0
	for _, xi := range x {
		want += -math.Abs(xi-0.1) - math.Ln2
	}
	if !closeTo(v, want, 1e-14) {
		t.Errorf("LogP = %v, want %v", v, want)
	}
}

// TestDensityDistRand: the random function gets the parameters' values and its draw's
// shape is checked; without one, Rand fails with a clear error; the support point is 0.
func TestDensityDistRand(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	m := G.NewScalar(g, G.Float64, G.WithName("m"))
	random := func(rng *rand.Rand, p []*tensor.Dense, shape tensor.Shape) (*tensor.Dense, error) {
		c := p[0].Data().(float64)
		out := make([]float64, shape.TotalSize())
		for i := range out {
			out[i] = c + rng.ExpFloat64() - rng.ExpFloat64()
		}
		return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(out)), nil
	}
	d, err := NewDensityDist(laplaceLogp(m), random, m)
	if err != nil {
		t.Fatal(err)
	}
	// Laplace(2, 1): mean 2, variance 2, excess kurtosis 3.
	uvMoments(t, d, []float64{2}, 2, 2, 3)
	bad, _ := NewDensityDist(laplaceLogp(m), func(*rand.Rand, []*tensor.Dense, tensor.Shape) (*tensor.Dense, error) {
		return tensor.New(tensor.WithShape(2), tensor.WithBacking([]float64{1, 2})), nil
	}, m)
	if _, err := bad.Rand(nil, []*tensor.Dense{tensor.New(tensor.FromScalar(1.0))}, tensor.Shape{3}); err == nil || !strings.Contains(err.Error(), "returned shape (2), want (3)") {
		t.Errorf("wrong shape: %v", err)
	}
	failing, _ := NewDensityDist(laplaceLogp(m), func(*rand.Rand, []*tensor.Dense, tensor.Shape) (*tensor.Dense, error) {
		return nil, errors.New("boom")
	})
	if _, err := failing.Rand(nil, nil, tensor.Shape{3}); err == nil || !strings.Contains(err.Error(), "the random function: boom") {
		t.Errorf("failing random: %v", err)
	}
	none, _ := NewDensityDist(laplaceLogp(m), nil)
	if _, err := none.Rand(nil, nil, tensor.Shape{3}); err == nil || !strings.Contains(err.Error(), "no random function") {
		t.Errorf("no random function: %v", err)
	}
	sp, err := none.SupportPoint(nil, tensor.Shape{2, 2})
	if err != nil || !sp.Shape().Eq(tensor.Shape{2, 2}) || sp.Float64s()[3] != 0 {
		t.Errorf("support point %v, %v", sp, err)
	}
}

// TestDensityDistBadInput: a nil function, a function returning nil, another graph's node,
// an int node or panicking are errors, not panics.
func TestDensityDistBadInput(t *testing.T) {
	t.Parallel()
	if _, err := NewDensityDist(nil, nil); err == nil {
		t.Error("nil log density: no error")
	}
	g := G.NewGraph()
	x := G.NewVector(g, G.Float64, G.WithShape(3), G.WithName("x"))
	other := G.NewScalar(G.NewGraph(), G.Float64, G.WithName("o"))
	for _, c := range []struct {
		f    LogPFunc
		want string
	}{
		{func(*G.Node) (*G.Node, error) { return nil, nil }, "returned a nil node"},
		{func(*G.Node) (*G.Node, error) { return other, nil }, "another graph"},
		{func(*G.Node) (*G.Node, error) { return G.NewScalar(g, G.Int, G.WithName("i")), nil }, "dtype int"},
		{func(*G.Node) (*G.Node, error) { panic("oops") }, "oops"},
		{func(*G.Node) (*G.Node, error) { return nil, errors.New("bad") }, "bad"},
	} {
		d, _ := NewDensityDist(c.f, nil)
		if _, err := d.LogP(x, true); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("error %v, want one containing %q", err, c.want)
		}
	}
}
