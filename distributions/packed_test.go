package distributions

import (
	"math"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

func TestPackedScalarFunctionsFD(t *testing.T) {
	t.Parallel()
	// Every op with a scalar value and an input needing a partial is packed: the value and
	// its partials in one pass, the value picked out, the partials copied out by the
	// gradient nodes. Beside the summed log densities (every family's tests), that covers
	// scalar functions that are not sums: the transforms of a scalar, with bounds that are
	// variables too, and the per-element log density of a scalar. Checked against central
	// finite differences.
	scalar := func(name string, v float64) gpInput {
		return gpInput{name: name, shape: tensor.Shape{}, val: []float64{v}, wrt: true}
	}
	cases := []struct {
		name   string
		inputs []gpInput
		build  func(g *G.ExprGraph, in []*G.Node) (*G.Node, error)
	}{
		{"log Forward", []gpInput{scalar("x", 1.7)}, func(_ *G.ExprGraph, in []*G.Node) (*G.Node, error) {
			return NewLogTransform().Forward(in[0])
		}},
		{"logodds Backward", []gpInput{scalar("y", -0.4)}, func(_ *G.ExprGraph, in []*G.Node) (*G.Node, error) {
			return NewLogOddsTransform().Backward(in[0])
		}},
		{"interval Backward, variable bounds", []gpInput{scalar("y", 0.3), scalar("lo", -1), scalar("hi", 2.5)},
			func(_ *G.ExprGraph, in []*G.Node) (*G.Node, error) {
				tr, err := NewIntervalTransform(in[1], in[2])
				if err != nil {
					return nil, err
				}
				return tr.Backward(in[0])
			}},
		{"interval Forward, variable bounds", []gpInput{scalar("x", 0.3), scalar("lo", -1), scalar("hi", 2.5)},
			func(_ *G.ExprGraph, in []*G.Node) (*G.Node, error) {
				tr, err := NewIntervalTransform(in[1], in[2])
				if err != nil {
					return nil, err
				}
				return tr.Forward(in[0])
			}},
		{"Normal LogPElem of a scalar", []gpInput{scalar("x", 0.8), scalar("mu", -0.2), scalar("sigma", 1.3)},
			func(_ *G.ExprGraph, in []*G.Node) (*G.Node, error) {
				d, err := NewNormal(in[1], in[2])
				if err != nil {
					return nil, err
				}
				return d.LogPElem(in[0], false)
			}},
		{"NormalMixture LogPElem of a scalar", []gpInput{scalar("x", 0.1),
			{name: "mu", shape: tensor.Shape{2}, val: []float64{-0.3, 0.5}, wrt: true}},
			func(g *G.ExprGraph, in []*G.Node) (*G.Node, error) {
				d, err := NewNormalMixture(constNode(g, "w", tensor.Shape{2}, []float64{.2, .8}), in[1],
					constNode(g, "sd", tensor.Shape{2}, []float64{.3, .2}))
				if err != nil {
					return nil, err
				}
				return d.LogPElem(in[0], false)
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			gp := newGP(t, c.inputs, c.build)
			if op, ok := gp.cost.Op().(*pickOp); !ok {
				t.Errorf("value node's op is %T, want the pick of a packed op", gp.cost.Op())
			} else if _, ok := children(gp.cost)[0].Op().(*fusedOp); !ok || op != pickValue {
				t.Errorf("picked node's op is %T, want a packed fused op", children(gp.cost)[0].Op())
			}
			checkGradFD(t, gp)
		})
	}
}

func TestPackedOpShapes(t *testing.T) {
	t.Parallel()
	// The packed vector holds the value and the partials of the inputs that need one: not
	// the observed value, not constants.
	g := G.NewGraph()
	x := uvMat(4, 3, uvSeq(12, 0, 0.1)...).node(g, "x")
	mu := G.NewVector(g, G.Float64, G.WithShape(3), G.WithName("mu"))
	s := G.NewScalar(g, G.Float64, G.WithName("s"))
	c := constNode(g, "c", tensor.Shape{}, []float64{2})
	cases := []struct {
		name     string
		sigma    *G.Node
		observed bool
		want     int
	}{
		{"observed, variable mu and sigma", s, true, 1 + 3 + 1},
		{"observed, constant sigma", c, true, 1 + 3},
		{"free value, variable mu and sigma", s, false, 1 + 12 + 3 + 1},
	}
	for _, cs := range cases {
		d, err := NewNormal(mu, cs.sigma)
		if err != nil {
			t.Fatal(err)
		}
		lp, err := d.LogP(x, cs.observed)
		if err != nil {
			t.Fatal(err)
		}
		packed := children(lp)[0]
		if got := packed.Shape(); len(got) != 1 || got[0] != cs.want {
			t.Errorf("%s: packed vector of shape %v, want (%d)", cs.name, got, cs.want)
		}
	}
}

func TestPackedMatchesTwoPassesExactly(t *testing.T) {
	t.Parallel()
	// The packed op's one pass gives the same numbers, to the last bit, as the value op
	// followed by the gradient op (two passes): sampler trajectories, and the tests that
	// pin a seed, depend on every bit. Normal and NormalTau have fused loops of their own;
	// runs whose length is not a multiple of 4, broadcast parameters and the value's
	// partial exercise their every branch.
	cases := []struct {
		name     string
		tau      bool
		x, mu, s uvArr
		observed bool
	}{
		{"normal, rows of 7", false, uvMat(5, 7, uvSeq(35, -2, 0.13)...), uvVec(uvSeq(7, -0.5, 0.1)...), uvVec(uvSeq(7, 0.6, 0.05)...), true},
		{"normal, free value", false, uvMat(3, 6, uvSeq(18, -1, 0.17)...), uvVec(uvSeq(6, 0.2, -0.1)...), uvSc(1.3), false},
		{"normal, long rows", false, uvVec(uvSeq(601, -3, 0.01)...), uvSc(0.1), uvSc(0.9), false},
		// A scalar sigma runs logpGradSumScalarSigma: runs of 256 and their tails, a vector mu.
		{"normal, scalar sigma, 919 observed rows", false, uvVec(uvSeq(919, -2, 0.005)...), uvVec(uvSeq(919, 1, -0.002)...), uvSc(0.8), true},
		{"normal, scalar sigma, free value of 3", false, uvVec(uvSeq(3, -1, 0.7)...), uvVec(uvSeq(3, 0.4, 0.3)...), uvSc(1.7), false},
		{"normal, scalar sigma, rows of 258", false, uvMat(3, 258, uvSeq(774, -2, 0.006)...), uvVec(uvSeq(258, 0.2, 0.001)...), uvSc(1.1), false},
		{"normal, one sigma per row of 258", false, uvMat(3, 258, uvSeq(774, -2, 0.006)...), uvVec(uvSeq(258, 0.2, 0.001)...), uvMat(3, 1, 0.5, 0.9, 1.4), false},
		{"normal, one sigma per row, observed", false, uvMat(4, 7, uvSeq(28, -2, 0.15)...), uvSc(0.3), uvMat(4, 1, 0.5, 0.9, 1.4, 2), true},
		// A scalar sigma out of its domain: -Inf and zero partials, through the row buffers.
		{"normal, scalar sigma out of domain, free value", false, uvVec(uvSeq(9, -1, 0.3)...), uvVec(uvSeq(9, 0.4, 0.1)...), uvSc(-0.5), false},
		{"normal, scalar sigma NaN, observed", false, uvVec(uvSeq(300, -1, 0.01)...), uvVec(uvSeq(300, 0.4, 0.002)...), uvSc(math.NaN()), true},
		{"normal, scalar sigma, a mean out of domain", false, uvVec(uvSeq(300, -1, 0.01)...), uvVec(append(uvSeq(299, 0.4, 0.002), math.Inf(1))...), uvSc(0.7), false},
		{"tau, rows of 5", true, uvMat(4, 5, uvSeq(20, -2, 0.2)...), uvVec(uvSeq(5, -0.5, 0.2)...), uvVec(uvSeq(5, 0.5, 0.3)...), true},
		{"tau, free value", true, uvVec(uvSeq(11, -1, 0.2)...), uvSc(0.3), uvSc(2.2), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			g := G.NewGraph()
			xn, mun, sn := c.x.node(g, "x"), c.mu.node(g, "mu"), c.s.node(g, "s")
			var k elemKernel = normalKernel{}
			if c.tau {
				k = normalTauKernel{}
			}
			op, err := newLogpOp("Normal", k, xn, G.Nodes{mun, sn}, c.observed, false)
			if err != nil {
				t.Fatal(err)
			}
			vals := []G.Value{c.x.value(), c.mu.value(), c.s.value()}
			packed, err := op.Do(vals...)
			if err != nil {
				t.Fatal(err)
			}
			two := *op
			two.packed, two.outDims = false, 0
			v, err := two.Do(vals...)
			if err != nil {
				t.Fatal(err)
			}
			gv, err := newGradOp(&two, uvSc(1).node(g, "up"), G.Nodes{xn, mun, sn}).Do(append([]G.Value{G.NewF64(1)}, vals...)...)
			if err != nil {
				t.Fatal(err)
			}
			want := append([]float64{float64(*v.(*G.F64))}, uvFloats(t, gv)...)
			got := uvFloats(t, packed)
			if len(got) != len(want) {
				t.Fatalf("packed vector of %d entries, want %d", len(got), len(want))
			}
			for i := range want {
				if got[i] != want[i] {
					t.Errorf("entry %d: one pass %v, two passes %v", i, got[i], want[i])
				}
			}
		})
	}
}
