package pm_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/gopymc/gopymc/pm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// normalLogp returns a DensityDist log density of N(mu, sd), element-wise, from Gorgonia ops.
// Its constants are named after sd: Gorgonia merges constants of equal names.
func normalLogp(mu *G.Node, sd float64) func(x *G.Node) (*G.Node, error) {
	return func(x *G.Node) (*G.Node, error) {
		d, err := G.Sub(x, mu)
		if err != nil {
			return nil, err
		}
		sq, err := G.Square(d)
		if err != nil {
			return nil, err
		}
		c := G.NewConstant(-0.5/(sd*sd), G.WithName(fmt.Sprintf("dd_scale_%v", sd)))
		t, err := G.HadamardProd(sq, c)
		if err != nil {
			return nil, err
		}
		return G.Sub(t, G.NewConstant(math.Log(sd)+0.5*math.Log(2*math.Pi), G.WithName(fmt.Sprintf("dd_norm_%v", sd))))
	}
}

// TestDensityDist: a DensityDist likelihood and prior written with Gorgonia ops give the
// same log density as pm.Normal at several points, with total_size on the observed and the
// free variable; its Random function drives predictive sampling.
func TestDensityDist(t *testing.T) {
	t.Parallel()
	data := []float64{0.3, -1.1, 2.4, 0.7}
	ref := pm.NewModel()
	rmu := pm.Normal(ref, "mu", 0, 2)
	pm.Normal(ref, "y", rmu, 1.5, pm.Observed(data), pm.TotalSize(40))

	m := pm.NewModel()
	zero := G.NewConstant(0.0, G.WithName("zero"))
	mu := pm.DensityDist(m, "mu", normalLogp(zero, 2))
	pm.DensityDist(m, "y", normalLogp(mu, 1.5), pm.Observed(data), pm.TotalSize(40),
		pm.Random(func(rng *rand.Rand, p []*tensor.Dense, shape tensor.Shape) (*tensor.Dense, error) {
			out := make([]float64, shape.TotalSize())
			for i := range out {
				out[i] = p[0].Data().(float64) + 1.5*rng.NormFloat64()
			}
			return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(out)), nil
		}, mu))
	if err := m.Err(); err != nil {
		t.Fatal(err)
	}
	for _, x := range []float64{-1, 0, 0.4, 2.5} {
		a, err := ref.LogP(map[string]any{"mu": x})
		if err != nil {
			t.Fatal(err)
		}
		b, err := m.LogP(map[string]any{"mu": x})
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(a-b) > 1e-10*math.Abs(a) {
			t.Errorf("at mu = %v: DensityDist log density %v, pm.Normal's %v", x, b, a)
		}
	}
	tr, err := pm.Sample(m, pm.Seed(1), pm.Chains(2), pm.Draws(300), pm.Tune(300), pm.Output(nil))
	if err != nil {
		t.Fatal(err)
	}
	post, err := pm.SamplePosteriorPredictive(m, tr, pm.Seed(2))
	if err != nil {
		t.Fatal(err)
	}
	if got := post.Shape("y"); len(got) != 1 || got[0] != 4 || post.Len() != 600 {
		t.Errorf("posterior predictive of y: shape %v, %d draws", got, post.Len())
	}
	// Free with total_size: the prior term is scaled by 10/1.
	s := pm.NewModel()
	pm.DensityDist(s, "z", normalLogp(G.NewConstant(0.0, G.WithName("zero2")), 1), pm.TotalSize(10))
	lp, err := s.LogP(map[string]any{"z": 0.5})
	if err != nil {
		t.Fatal(err)
	}
	if want := 10 * (-0.125 - 0.5*math.Log(2*math.Pi)); math.Abs(lp-want) > 1e-12 {
		t.Errorf("free DensityDist with total_size: %v, want %v", lp, want)
	}
	// Without a Random function, predictive sampling names the variable.
	if _, err := pm.SamplePriorPredictive(s); err == nil || !strings.Contains(err.Error(), `"z" (DensityDist)`) {
		t.Errorf("prior predictive without Random: %v", err)
	}
}

// TestOrderedTransformOption: pm.Transform(pm.OrderedTransform()) keeps NUTS draws of a
// vector increasing, with the value variable x_ordered__; the positive variant keeps them
// positive too; an initial value outside the support is a clear error.
func TestOrderedTransformOption(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		tr       pm.Option
		positive bool
	}{{pm.Transform(pm.OrderedTransform()), false}, {pm.Transform(pm.PositiveOrderedTransform()), true}} {
		m := pm.NewModel()
		pm.Normal(m, "x", 0, 3, pm.Shape(3), c.tr, pm.InitVal([]float64{0.5, 1, 2}))
		tr, err := pm.Sample(m, pm.Seed(3), pm.Chains(2), pm.Draws(300), pm.Tune(300), pm.Output(nil))
		if err != nil {
			t.Fatal(err)
		}
		if !tr.Has("x_ordered__") {
			t.Fatalf("no value variable x_ordered__ in %v", tr.Vars())
		}
		x := tr.Values("x")
		for k := 0; k < len(x); k += 3 {
			if !(x[k] < x[k+1] && x[k+1] < x[k+2]) || (c.positive && !(x[k] > 0)) {
				t.Fatalf("draw %d: %v is not ordered (positive %v)", k/3, x[k:k+3], c.positive)
			}
		}
		if c.positive {
			continue
		}
		// Three ordered N(0, 3) draws: order statistics, mean of the smallest -3·0.8463.
		if m0 := tr.Mean("x")[0]; math.Abs(m0+3*0.8463) > 0.6 {
			t.Errorf("mean of the smallest %v, want %v", m0, -3*0.8463)
		}
	}
	m := pm.NewModel()
	pm.Normal(m, "x", 0, 3, pm.Shape(3), pm.Transform(pm.OrderedTransform()), pm.InitVal([]float64{2, 1, 3}))
	if _, err := pm.Sample(m, pm.Output(nil)); err == nil || !strings.Contains(err.Error(), "outside the support") {
		t.Errorf("unordered initial value: %v", err)
	}
	bad := pm.NewModel()
	pm.Normal(bad, "y", 0, 1, pm.Observed([]float64{1, 2}), pm.Transform(pm.OrderedTransform()))
	if err := bad.Err(); err == nil || !strings.Contains(err.Error(), "Transform does not apply to an observed variable") {
		t.Errorf("Transform on an observed variable: %v", err)
	}
}

// TestPotentialTotalSize: a potential given total_size is scaled like an observed variable
// over a minibatch (N/n on its first axis) and sets the normalising constant.
func TestPotentialTotalSize(t *testing.T) {
	t.Parallel()
	m := pm.NewModel()
	x := pm.Normal(m, "x", 0, 1)
	rows := G.NewConstant(tensor.New(tensor.WithShape(4), tensor.WithBacking([]float64{1, 2, 3, 4})), G.WithName("rows"))
	pm.Potential(m, "pot", G.Must(G.HadamardProd(rows, x)), pm.TotalSize(100))
	if err := m.Err(); err != nil {
		t.Fatal(err)
	}
	lp, err := m.LogP(map[string]any{"x": 0.5})
	if err != nil {
		t.Fatal(err)
	}
	if want := -0.125 - 0.5*math.Log(2*math.Pi) + 25*(10*0.5); math.Abs(lp-want) > 1e-12 {
		t.Errorf("log density %v, want %v", lp, want)
	}
	if got := m.NormalizingConstant(); got != 25 {
		t.Errorf("normalising constant %v, want 25", got)
	}
	pm.Potential(m, "bad", x, pm.Draws(3))
	if err := m.Err(); err == nil || !strings.Contains(err.Error(), "does not apply") {
		t.Errorf("bad option: %v", err)
	}
}
