package distributions

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

func TestCategoricalClosedForm(t *testing.T) {
	t.Parallel()
	const tol = 1e-14
	// Rows of p (not normalised in the last row: PyMC divides by the sum) and values,
	// including invalid ones (-Inf): log p(x) = log(p_x / Σ p).
	p := []float64{
		.2, .5, .3,
		.1, .1, .8,
		.6, .3, .1,
		1, 2, 1, // sum 4: normalised at run time
		.2, .5, .3,
		.2, .5, .3,
		.2, .5, .3,
	}
	x := []float64{1, 2, 0, 1, 3, 1.5, -1}
	want := []float64{math.Log(.5), math.Log(.8), math.Log(.6), math.Log(.5), math.Inf(-1), math.Inf(-1), math.Inf(-1)}
	g := G.NewGraph()
	if _, err := NewCategorical(constNode(g, "p", tensor.Shape{7, 3}, p)); err == nil {
		t.Fatal("constant p with a row summing to 4: no error")
	}
	// p as an input node (not checked at build time) holding the same values.
	d, err := NewCategorical(G.NewTensor(g, G.Float64, 2, G.WithShape(7, 3), G.WithName("pin"),
		G.WithValue(tensor.New(tensor.WithShape(7, 3), tensor.WithBacking(p)))))
	if err != nil {
		t.Fatal(err)
	}
	e, err := d.LogPElem(constNode(g, "x", tensor.Shape{7}, x), true)
	if err != nil {
		t.Fatal(err)
	}
	got := evalNode(t, e)
	for i := range want {
		if !closeTo(got[i], want[i], tol) {
			t.Errorf("logp(x=%v) = %v, want %v", x[i], got[i], want[i])
		}
	}

	// logit_p: log p(x) = l_x - log Σ exp(l), here against a direct softmax.
	l := []float64{-1, 0.5, 2, 30, 29, -40}
	g2 := G.NewGraph()
	dl, err := NewCategoricalLogit(constNode(g2, "l", tensor.Shape{2, 3}, l))
	if err != nil {
		t.Fatal(err)
	}
	el, err := dl.LogPElem(constNode(g2, "x", tensor.Shape{2}, []float64{2, 1}), true)
	if err != nil {
		t.Fatal(err)
	}
	gotL := evalNode(t, el)
	want0 := 2 - math.Log(math.Exp(-1)+math.Exp(0.5)+math.Exp(2))
	want1 := 29 - (30 + math.Log(1+math.Exp(-1)+math.Exp(-70)))
	if !closeTo(gotL[0], want0, tol) || !closeTo(gotL[1], want1, tol) {
		t.Errorf("logit logp = %v, want [%v %v]", gotL, want0, want1)
	}
}

func TestCategoricalGradFD(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name         string
		xs, ps       tensor.Shape
		x, p         []float64
		logit, elem  bool
		softmaxInput bool
	}{
		{name: "rows", xs: tensor.Shape{4}, ps: tensor.Shape{4, 3}, x: []float64{0, 2, 1, 2},
			p: []float64{.2, .5, .3, .1, .1, .8, .6, .3, .1, .3, .3, .4}},
		{name: "rows elem", xs: tensor.Shape{4}, ps: tensor.Shape{4, 3}, x: []float64{0, 2, 1, 2},
			p: []float64{.2, .5, .3, .1, .1, .8, .6, .3, .1, .3, .3, .4}, elem: true},
		{name: "shared p", xs: tensor.Shape{5}, ps: tensor.Shape{3}, x: []float64{0, 2, 1, 2, 2},
			p: []float64{.2, .5, .3}, elem: true},
		{name: "scalar x", xs: tensor.Shape{}, ps: tensor.Shape{4}, x: []float64{3}, p: []float64{.1, .2, .3, .4}},
		{name: "logit rows", xs: tensor.Shape{3}, ps: tensor.Shape{3, 3}, x: []float64{0, 2, 1},
			p: []float64{-1, 0.5, 2, 0, 0, 0, 3, -2, 1}, logit: true, elem: true},
		{name: "softmax p", xs: tensor.Shape{3}, ps: tensor.Shape{3, 3}, x: []float64{0, 2, 1},
			p: []float64{-1, 0.5, 2, 0, 0, 0, 3, -2, 1}, softmaxInput: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			gp := newGP(t, []gpInput{
				{name: "x", shape: c.xs, val: c.x},
				{name: "p", shape: c.ps, val: c.p, wrt: true},
			}, func(g *G.ExprGraph, in []*G.Node) (*G.Node, error) {
				var d *Categorical
				var err error
				switch {
				case c.logit:
					d, err = NewCategoricalLogit(in[1])
				case c.softmaxInput:
					// The iris model's p = softmax(...): the gradient flows into Gorgonia's
					// SoftMax op.
					var sm *G.Node
					if sm, err = G.SoftMax(in[1]); err == nil {
						d, err = NewCategorical(sm)
					}
				default:
					d, err = NewCategorical(in[1])
				}
				if err != nil {
					return nil, err
				}
				return logpCost(g, d, in[0], true, c.elem, "cat")
			})
			checkGradFD(t, gp)
		})
	}
}

func TestCategoricalRuntimeBadParams(t *testing.T) {
	t.Parallel()
	gp := newGP(t, []gpInput{
		{name: "x", shape: tensor.Shape{2}, val: []float64{0, 1}},
		{name: "p", shape: tensor.Shape{3}, val: []float64{.2, .5, .3}, wrt: true},
	}, func(g *G.ExprGraph, in []*G.Node) (*G.Node, error) {
		d, err := NewCategorical(in[1])
		if err != nil {
			return nil, err
		}
		return d.LogP(in[0], true)
	})
	for _, c := range []struct {
		name string
		vals [][]float64
	}{
		{"negative p", [][]float64{{0, 1}, {-.2, .5, .7}}},
		{"zero row", [][]float64{{0, 1}, {0, 0, 0}}},
		{"NaN p", [][]float64{{0, 1}, {math.NaN(), .5, .5}}},
		{"x out of range", [][]float64{{0, 3}, {.2, .5, .3}}},
		{"x not an integer", [][]float64{{0.5, 1}, {.2, .5, .3}}},
	} {
		checkNegInfFinite(t, gp, c.name, c.vals)
	}
}

func TestCategoricalParamErrors(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	cases := []struct {
		name  string
		shape tensor.Shape
		p     []float64
		logit bool
		want  string
	}{
		{"negative", tensor.Shape{3}, []float64{-.1, .6, .5}, false, "p must be non-negative"},
		{"sum", tensor.Shape{3}, []float64{.1, .6, .5}, false, "p must sum to 1"},
		{"row sum", tensor.Shape{2, 2}, []float64{.5, .5, .5, .6}, false, "p must sum to 1"},
		{"scalar", tensor.Shape{}, []float64{1}, false, "p must have a class axis"},
		{"NaN logit", tensor.Shape{2}, []float64{math.NaN(), 0}, true, "logit_p must not hold NaN"},
	}
	for i, c := range cases {
		n := constNode(g, "p"+string(rune('a'+i)), c.shape, c.p)
		var err error
		if c.logit {
			_, err = NewCategoricalLogit(n)
		} else {
			_, err = NewCategorical(n)
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
	}
}

func TestCategoricalSupportPointAndRand(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	p := []float64{.2, .5, .3, .6, .3, .1}
	d, err := NewCategorical(constNode(g, "p", tensor.Shape{2, 3}, p))
	if err != nil {
		t.Fatal(err)
	}
	if !d.Discrete() || d.DefaultTransform() != nil || d.Support().Kind != Integers {
		t.Error("Categorical: want discrete, no transform, integer support")
	}
	params := []*tensor.Dense{tensor.New(tensor.WithShape(2, 3), tensor.WithBacking(p))}
	sp, err := d.SupportPoint(params, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := sp.Data().([]float64); got[0] != 1 || got[1] != 0 {
		t.Errorf("support point %v, want [1 0] (argmax of each row)", got)
	}
	// Class frequencies of 10000 draws per row within 4 standard errors of p.
	const n = 10000
	x, err := d.Rand(rand.New(rand.NewPCG(3, 4)), params, tensor.Shape{n, 2})
	if err != nil {
		t.Fatal(err)
	}
	counts := make([]float64, 6)
	for i, v := range x.Data().([]float64) {
		counts[(i%2)*3+int(v)]++
	}
	for j, c := range counts {
		if se := math.Sqrt(p[j] * (1 - p[j]) / n); math.Abs(c/n-p[j]) > 4*se {
			t.Errorf("frequency of class %d in row %d: %v, want %v ± %v", j%3, j/3, c/n, p[j], 4*se)
		}
	}
	// logit_p: softmax(log p) = p.
	lg := G.NewGraph()
	lp := []float64{math.Log(.2), math.Log(.5), math.Log(.3)}
	dl, err := NewCategoricalLogit(constNode(lg, "l", tensor.Shape{3}, lp))
	if err != nil {
		t.Fatal(err)
	}
	lparams := []*tensor.Dense{tensor.New(tensor.WithShape(3), tensor.WithBacking(lp))}
	if sp, _ := dl.SupportPoint(lparams, nil); sp.Data().(float64) != 1 {
		t.Errorf("logit support point %v, want 1", sp.Data())
	}
	xl, err := dl.Rand(rand.New(rand.NewPCG(5, 6)), lparams, tensor.Shape{n})
	if err != nil {
		t.Fatal(err)
	}
	cl := make([]float64, 3)
	for _, v := range xl.Data().([]float64) {
		cl[int(v)]++
	}
	for j, c := range cl {
		pj := []float64{.2, .5, .3}[j]
		if se := math.Sqrt(pj * (1 - pj) / n); math.Abs(c/n-pj) > 4*se {
			t.Errorf("logit frequency of class %d: %v, want %v", j, c/n, pj)
		}
	}
}
