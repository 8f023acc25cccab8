package distributions

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// dirClosedForm is the Dirichlet log density written out with math.Lgamma.
func dirClosedForm(x, a []float64) float64 {
	s, lp := 0.0, 0.0
	for k := range a {
		s += a[k]
		lg, _ := math.Lgamma(a[k])
		lp += (a[k]-1)*math.Log(x[k]) - lg
	}
	lg, _ := math.Lgamma(s)
	return lp + lg
}

func TestDirichletReference(t *testing.T) {
	t.Parallel()
	const tol = 1e-10
	// Reference values from gonum v0.17.0 stat/distmv.Dirichlet.LogProb with
	// a = (0.7, 2.5, 1.3), computed in a scratch module (see TestMvNormalAgainstGonum).
	a := []float64{0.7, 2.5, 1.3}
	ref := []struct {
		x    []float64
		want float64
	}{
		{[]float64{0.2, 0.5, 0.3}, 1.0982800249382485},
		{[]float64{0.05, 0.9, 0.05}, 1.8583204898589778},
		{[]float64{1.0 / 3, 1.0 / 3, 1.0 / 3}, 0.36844283034355252},
		{[]float64{0.6, 0.1, 0.3}, -1.6454605303133349},
	}
	var xs []float64
	for _, c := range ref {
		xs = append(xs, c.x...)
	}
	g := G.NewGraph()
	d, err := NewDirichlet(constNode(g, "a", tensor.Shape{3}, a))
	if err != nil {
		t.Fatal(err)
	}
	e, err := d.LogPElem(constNode(g, "x", tensor.Shape{4, 3}, xs), true)
	if err != nil {
		t.Fatal(err)
	}
	for i, got := range evalNode(t, e) {
		if !closeTo(got, ref[i].want, tol) {
			t.Errorf("logp(%v) = %.15g, gonum %.15g", ref[i].x, got, ref[i].want)
		}
		if want := dirClosedForm(ref[i].x, a); !closeTo(got, want, tol) {
			t.Errorf("logp(%v) = %.15g, closed form %.15g", ref[i].x, got, want)
		}
	}
}

func TestDirichletBatchAndSupport(t *testing.T) {
	t.Parallel()
	const tol = 1e-12
	// One concentration row per value row, and values off the simplex: -Inf.
	a := []float64{1.5, 2, 0.8, 3, 1, 1, 0.5, 0.5, 4, 2, 2, 2}
	x := []float64{0.2, 0.5, 0.3, 0.1, 0.6, 0.3, -0.1, 0.6, 0.5, 0.3, 0.3, 0.5}
	g := G.NewGraph()
	d, err := NewDirichlet(constNode(g, "a", tensor.Shape{4, 3}, a))
	if err != nil {
		t.Fatal(err)
	}
	e, err := d.LogPElem(constNode(g, "x", tensor.Shape{4, 3}, x), true)
	if err != nil {
		t.Fatal(err)
	}
	got := evalNode(t, e)
	want := []float64{dirClosedForm(x[:3], a[:3]), dirClosedForm(x[3:6], a[3:6]), math.Inf(-1), math.Inf(-1)}
	for i := range want {
		if !closeTo(got[i], want[i], tol) {
			t.Errorf("row %d: logp = %v, want %v", i, got[i], want[i])
		}
	}
	// A boundary value with a_k = 1 keeps a finite density: log Γ(3) = log 2 for a = (1,1,1).
	g2 := G.NewGraph()
	d2, _ := NewDirichlet(constNode(g2, "a", tensor.Shape{3}, []float64{1, 1, 1}))
	e2, _ := d2.LogP(constNode(g2, "x", tensor.Shape{3}, []float64{0, 0.4, 0.6}), true)
	if v := evalNode(t, e2)[0]; !closeTo(v, math.Log(2), tol) {
		t.Errorf("flat Dirichlet at a boundary point: %v, want log 2", v)
	}
}

func TestDirichletGradFD(t *testing.T) {
	t.Parallel()
	// The gradient with respect to a by finite differences (values fixed on the simplex).
	for _, elem := range []bool{false, true} {
		gp := newGP(t, []gpInput{
			{name: "x", shape: tensor.Shape{2, 3}, val: []float64{0.2, 0.5, 0.3, 0.1, 0.6, 0.3}},
			{name: "a", shape: tensor.Shape{3}, val: []float64{0.7, 2.5, 1.3}, wrt: true},
		}, func(g *G.ExprGraph, in []*G.Node) (*G.Node, error) {
			d, err := NewDirichlet(in[1])
			if err != nil {
				return nil, err
			}
			return logpCost(g, d, in[0], true, elem, "dir")
		})
		checkGradFD(t, gp)
	}
	// The gradient with respect to the value through the default transform, as a model
	// evaluates it: logp(backward(y)) + log|J|(y), differentiated with respect to y.
	gp := newGP(t, []gpInput{
		{name: "y", shape: tensor.Shape{2, 3}, val: []float64{0.3, -0.4, 1.1, -1, 0.2, 0.5}, wrt: true},
		{name: "a", shape: tensor.Shape{2, 4}, val: []float64{0.7, 2.5, 1.3, 2, 1, 1, 3, 0.9}, wrt: true},
	}, func(g *G.ExprGraph, in []*G.Node) (*G.Node, error) {
		d, err := NewDirichlet(in[1])
		if err != nil {
			return nil, err
		}
		tr := d.DefaultTransform()
		x, err := tr.Backward(in[0])
		if err != nil {
			return nil, err
		}
		lp, err := d.LogP(x, false)
		if err != nil {
			return nil, err
		}
		lj, err := tr.LogJacDet(in[0])
		if err != nil {
			return nil, err
		}
		return G.Add(lp, lj)
	})
	checkGradFD(t, gp)
}

func TestDirichletValueGradient(t *testing.T) {
	t.Parallel()
	// d/dx_k = (a_k - 1)/x_k (closed form), and along simplex directions e_i - e_j the
	// directional derivative matches central finite differences.
	x := []float64{0.2, 0.5, 0.3}
	a := []float64{0.7, 2.5, 1.3}
	gp := newGP(t, []gpInput{
		{name: "x", shape: tensor.Shape{3}, val: x, wrt: true},
		{name: "a", shape: tensor.Shape{3}, val: a, wrt: true},
	}, func(g *G.ExprGraph, in []*G.Node) (*G.Node, error) {
		d, err := NewDirichlet(in[1])
		if err != nil {
			return nil, err
		}
		return d.LogP(in[0], false)
	})
	vals := gp.values()
	_, grads, err := gp.eval(vals)
	if err != nil {
		t.Fatal(err)
	}
	for k := range x {
		if want := (a[k] - 1) / x[k]; !closeTo(grads[0][k], want, 1e-14) {
			t.Errorf("d/dx_%d = %v, want %v", k, grads[0][k], want)
		}
		// d/da_k = ψ(Σa) - ψ(a_k) + log x_k.
		if want := digamma(4.5) - digamma(a[k]) + math.Log(x[k]); !closeTo(grads[1][k], want, 1e-14) {
			t.Errorf("d/da_%d = %v, want %v", k, grads[1][k], want)
		}
	}
	const h = 1e-6
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			if i == j {
				continue
			}
			at := func(s float64) float64 {
				v := [][]float64{append([]float64(nil), x...), a}
				v[0][i] += s
				v[0][j] -= s
				lp, _, err := gp.eval(v)
				if err != nil {
					t.Fatal(err)
				}
				return lp
			}
			fd := (at(h) - at(-h)) / (2 * h)
			if want := grads[0][i] - grads[0][j]; !closeTo(want, fd, fdTol) {
				t.Errorf("derivative along e_%d - e_%d: %v, finite differences %v", i, j, want, fd)
			}
		}
	}
}

func TestDirichletRuntimeBadParams(t *testing.T) {
	t.Parallel()
	gp := newGP(t, []gpInput{
		{name: "x", shape: tensor.Shape{3}, val: []float64{0.2, 0.5, 0.3}, wrt: true},
		{name: "a", shape: tensor.Shape{3}, val: []float64{1, 2, 3}, wrt: true},
	}, func(g *G.ExprGraph, in []*G.Node) (*G.Node, error) {
		d, err := NewDirichlet(in[1])
		if err != nil {
			return nil, err
		}
		return d.LogP(in[0], false)
	})
	for _, c := range []struct {
		name string
		x, a []float64
	}{
		{"zero a", []float64{0.2, 0.5, 0.3}, []float64{0, 2, 3}},
		{"negative a", []float64{0.2, 0.5, 0.3}, []float64{1, -2, 3}},
		{"NaN a", []float64{0.2, 0.5, 0.3}, []float64{1, math.NaN(), 3}},
		{"sum", []float64{0.2, 0.5, 0.4}, []float64{1, 2, 3}},
		{"negative x", []float64{-0.2, 0.9, 0.3}, []float64{1, 2, 3}},
		{"boundary", []float64{0, 0.5, 0.5}, []float64{2, 2, 3}},
	} {
		checkNegInfFinite(t, gp, c.name, [][]float64{c.x, c.a})
	}
}

func TestDirichletParamErrors(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	cases := []struct {
		shape tensor.Shape
		a     []float64
		want  string
	}{
		{tensor.Shape{3}, []float64{1, 0, 2}, "a must be positive"},
		{tensor.Shape{2}, []float64{1, math.Inf(1)}, "a must be positive and finite"},
		{tensor.Shape{1}, []float64{1}, "at least 2 entries"},
		{tensor.Shape{}, []float64{1}, "at least 2 entries"},
	}
	for i, c := range cases {
		if _, err := NewDirichlet(constNode(g, "a"+string(rune('a'+i)), c.shape, c.a)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("a = %v: error %v, want %q", c.a, err, c.want)
		}
	}
	d, _ := NewDirichlet(constNode(g, "a3", tensor.Shape{3}, []float64{1, 1, 1}))
	if _, err := d.LogP(constNode(g, "x4", tensor.Shape{4}, []float64{.25, .25, .25, .25}), true); err == nil {
		t.Error("value of 4 entries for K = 3: no error")
	}
}

func TestDirichletSupportPointAndRand(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	a := []float64{0.7, 2.5, 1.3}
	d, err := NewDirichlet(constNode(g, "a", tensor.Shape{3}, a))
	if err != nil {
		t.Fatal(err)
	}
	if d.DefaultTransform().Name() != "stickbreaking" || d.Support().Kind != Simplex {
		t.Error("Dirichlet: want the stickbreaking transform and simplex support")
	}
	params := []*tensor.Dense{tensor.New(tensor.WithShape(3), tensor.WithBacking(a))}
	sp, err := d.SupportPoint(params, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range sp.Data().([]float64) {
		if !closeTo(v, a[i]/4.5, 1e-15) {
			t.Errorf("support point %v, want a / Σa", sp.Data())
		}
	}
	// Mean of 20000 draws within 4 standard errors of a/a0, Var(x_k) =
	// a_k (a0 - a_k) / (a0² (a0 + 1)); every draw on the simplex.
	const n = 20000
	x, err := d.Rand(rand.New(rand.NewPCG(2, 3)), params, tensor.Shape{n, 3})
	if err != nil {
		t.Fatal(err)
	}
	xs := x.Data().([]float64)
	var mean [3]float64
	for r := 0; r < n; r++ {
		s := 0.0
		for k := 0; k < 3; k++ {
			v := xs[r*3+k]
			if v < 0 {
				t.Fatalf("negative draw %v", v)
			}
			s += v
			mean[k] += v / n
		}
		if math.Abs(s-1) > 1e-12 {
			t.Fatalf("draw sums to %v", s)
		}
	}
	const a0 = 4.5
	for k := range a {
		se := math.Sqrt(a[k] * (a0 - a[k]) / (a0 * a0 * (a0 + 1)) / n)
		if math.Abs(mean[k]-a[k]/a0) > 4*se {
			t.Errorf("mean[%d] = %v, want %v ± %v", k, mean[k], a[k]/a0, 4*se)
		}
	}
}
