package distributions

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// naiveMixture is log Σ_k w_k N(x | mu_k, sd_k) computed directly, for moderate x.
func naiveMixture(x float64, w, mu, sd []float64) float64 {
	p := 0.0
	for k := range w {
		z := (x - mu[k]) / sd[k]
		p += w[k] * math.Exp(-0.5*z*z) / (sd[k] * math.Sqrt(2*math.Pi))
	}
	return math.Log(p)
}

func TestNormalMixtureLogPReference(t *testing.T) {
	t.Parallel()
	const tol = 1e-12
	// The tutorial's mixture: w = (.2, .8), mu = (-.3, .5), sd = (.1, .1). Expected values
	// computed with mpmath 1.3.0 at 30 digits from log(Σ w_k φ((x-mu_k)/sd_k)/sd_k).
	cases := []struct{ x, want float64 }{
		{-0.3, -0.2257913526446767757},
		{0, -4.7244504016099627405},
		{0.1, -6.6163534402106270578},
		{0.34, -0.11949699037804137752},
		{0.5, 1.1605030084751663525},
		{2, -111.33949699152483681},
		{-1.5, -72.225791352644727432},
	}
	gp := newGP(t, []gpInput{{name: "x", shape: tensor.Shape{}, val: []float64{0}, wrt: true}},
		func(g *G.ExprGraph, in []*G.Node) (*G.Node, error) {
			d, err := NewNormalMixture(
				constNode(g, "w", tensor.Shape{2}, []float64{.2, .8}),
				constNode(g, "mu", tensor.Shape{2}, []float64{-.3, .5}),
				constNode(g, "sd", tensor.Shape{2}, []float64{.1, .1}))
			if err != nil {
				return nil, err
			}
			return d.LogP(in[0], false)
		})
	for _, c := range cases {
		got, grads, err := gp.eval([][]float64{{c.x}})
		if err != nil {
			t.Fatal(err)
		}
		if !closeTo(got, c.want, tol) {
			t.Errorf("logp(%v) = %.17g, want %.17g", c.x, got, c.want)
		}
		// d/dx = -Σ r_k (x - mu_k)/sd_k^2 (closed form).
		w, mu := []float64{.2, .8}, []float64{-.3, .5}
		want := 0.0
		for k := range w {
			z := (c.x - mu[k]) / .1
			r := w[k] * math.Exp(-0.5*z*z) / (.1 * math.Sqrt(2*math.Pi)) / math.Exp(c.want)
			want -= r * (c.x - mu[k]) / .01
		}
		if !closeTo(grads[0][0], want, 1e-9) {
			t.Errorf("dlogp/dx(%v) = %.17g, want %.17g", c.x, grads[0][0], want)
		}
	}
}

func TestNormalMixtureClosedForm(t *testing.T) {
	t.Parallel()
	const tol = 1e-12
	rng := rand.New(rand.NewPCG(1, 2))
	// Batch (3,) of K = 4 components, x of shape (5, 3): values checked element by element
	// against the direct formula.
	const n, b, k = 5, 3, 4
	x := make([]float64, n*b)
	w := make([]float64, b*k)
	mu := make([]float64, b*k)
	sd := make([]float64, b*k)
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	for r := 0; r < b; r++ {
		s := 0.0
		for j := 0; j < k; j++ {
			w[r*k+j] = rng.Float64() + 0.1
			s += w[r*k+j]
		}
		for j := 0; j < k; j++ {
			w[r*k+j] /= s
			mu[r*k+j] = rng.NormFloat64()
			sd[r*k+j] = 0.5 + rng.Float64()
		}
	}
	g := G.NewGraph()
	xn := constNode(g, "x", tensor.Shape{n, b}, x)
	d, err := NewNormalMixture(constNode(g, "w", tensor.Shape{b, k}, w),
		constNode(g, "mu", tensor.Shape{b, k}, mu), constNode(g, "sd", tensor.Shape{b, k}, sd))
	if err != nil {
		t.Fatal(err)
	}
	if got := d.ParamShape(); !got.Eq(tensor.Shape{b}) {
		t.Fatalf("ParamShape = %v, want (3)", got)
	}
	elem, err := d.LogPElem(xn, true)
	if err != nil {
		t.Fatal(err)
	}
	if !elem.Shape().Eq(tensor.Shape{n, b}) {
		t.Fatalf("LogPElem shape %v, want (5, 3)", elem.Shape())
	}
	sum, err := d.LogP(xn, true)
	if err != nil {
		t.Fatal(err)
	}
	got := evalNode(t, elem)
	total := 0.0
	for i := 0; i < n; i++ {
		for r := 0; r < b; r++ {
			want := naiveMixture(x[i*b+r], w[r*k:r*k+k], mu[r*k:r*k+k], sd[r*k:r*k+k])
			total += want
			if !closeTo(got[i*b+r], want, tol) {
				t.Errorf("logp[%d,%d] = %.15g, want %.15g", i, r, got[i*b+r], want)
			}
		}
	}
	if s := evalNode(t, sum)[0]; !closeTo(s, total, tol) {
		t.Errorf("summed logp = %.15g, want %.15g", s, total)
	}
}

func TestNormalMixtureGradFD(t *testing.T) {
	t.Parallel()
	type build func(w, mu, s *G.Node) (*NormalMixture, error)
	cases := []struct {
		name               string
		xs, ws, mus, ss    tensor.Shape
		x, w, mu, s        []float64
		tau, elem, observe bool
	}{
		{name: "scalar", xs: tensor.Shape{}, ws: tensor.Shape{2}, mus: tensor.Shape{2}, ss: tensor.Shape{2},
			x: []float64{0.1}, w: []float64{.2, .8}, mu: []float64{-.3, .5}, s: []float64{.4, .3}},
		{name: "scalar tau", xs: tensor.Shape{}, ws: tensor.Shape{3}, mus: tensor.Shape{3}, ss: tensor.Shape{3},
			x: []float64{0.3}, w: []float64{.2, .5, .3}, mu: []float64{-.3, .5, 1}, s: []float64{4, 9, 2}, tau: true},
		{name: "scalar elem", xs: tensor.Shape{}, ws: tensor.Shape{2}, mus: tensor.Shape{2}, ss: tensor.Shape{2},
			x: []float64{-0.2}, w: []float64{.6, .4}, mu: []float64{-.3, .5}, s: []float64{.5, .7}, elem: true},
		{name: "broadcast", xs: tensor.Shape{4, 3}, ws: tensor.Shape{3, 2}, mus: tensor.Shape{2}, ss: tensor.Shape{4, 1, 2},
			x: uvSeq(12, -1, 0.17), w: []float64{.3, .7, .5, .5, .9, .1}, mu: []float64{-.4, .6},
			s: []float64{.8, 1.1, .9, 1.3, 1.2, .7, 1, .95}},
		{name: "broadcast elem tau", xs: tensor.Shape{4, 3}, ws: tensor.Shape{3, 2}, mus: tensor.Shape{2}, ss: tensor.Shape{4, 1, 2},
			x: uvSeq(12, -1, 0.17), w: []float64{.3, .7, .5, .5, .9, .1}, mu: []float64{-.4, .6},
			s: []float64{.8, 1.1, .9, 1.3, 1.2, .7, 1, .95}, tau: true, elem: true},
		{name: "observed vector", xs: tensor.Shape{5}, ws: tensor.Shape{2}, mus: tensor.Shape{2}, ss: tensor.Shape{2},
			x: uvSeq(5, -1, 0.5), w: []float64{.2, .8}, mu: []float64{-.3, .5}, s: []float64{.4, .6}, observe: true},
		{name: "param batch bigger than x", xs: tensor.Shape{}, ws: tensor.Shape{3, 2}, mus: tensor.Shape{3, 2}, ss: tensor.Shape{2},
			x: []float64{0.2}, w: []float64{.3, .7, .5, .5, .9, .1}, mu: uvSeq(6, -1, .4), s: []float64{.6, .9}, elem: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			inputs := []gpInput{
				{name: "x", shape: c.xs, val: c.x, wrt: !c.observe},
				{name: "w", shape: c.ws, val: c.w, wrt: true},
				{name: "mu", shape: c.mus, val: c.mu, wrt: true},
				{name: "s", shape: c.ss, val: c.s, wrt: true},
			}
			gp := newGP(t, inputs, func(g *G.ExprGraph, in []*G.Node) (*G.Node, error) {
				var mk build = NewNormalMixture
				if c.tau {
					mk = NewNormalMixtureTau
				}
				d, err := mk(in[1], in[2], in[3])
				if err != nil {
					return nil, err
				}
				return logpCost(g, d, in[0], c.observe, c.elem, "mix")
			})
			checkGradFD(t, gp)
		})
	}
}

func TestNormalMixtureConstantParamsGrad(t *testing.T) {
	t.Parallel()
	// Constant parameters: only the partial with respect to x is computed, in the pass of
	// the log density, and the gradient node copies it out of the packed vector.
	gp := newGP(t, []gpInput{{name: "x", shape: tensor.Shape{3}, val: []float64{-.2, .1, .4}, wrt: true}},
		func(g *G.ExprGraph, in []*G.Node) (*G.Node, error) {
			d, err := NewNormalMixture(constNode(g, "w", tensor.Shape{2}, []float64{.2, .8}),
				constNode(g, "mu", tensor.Shape{2}, []float64{-.3, .5}), constNode(g, "sd", tensor.Shape{2}, []float64{.3, .2}))
			if err != nil {
				return nil, err
			}
			return d.LogP(in[0], false)
		})
	checkGradFD(t, gp)
	if op, ok := gp.grads[0].Op().(*partialOp); !ok || !op.packed {
		t.Errorf("gradient node op is %T, want a partial of the packed op", gp.grads[0].Op())
	} else if n := children(gp.grads[0])[0]; !n.Shape().Eq(tensor.Shape{4}) {
		t.Errorf("packed op output of shape %v, want (4): logp and 3 partials of x", n.Shape())
	}
}

func TestNormalMixtureParamErrors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name        string
		w, mu, s    []float64
		ws          tensor.Shape
		tau         bool
		wantInError string
	}{
		{"negative w", []float64{-.2, 1.2}, []float64{0, 1}, []float64{1, 1}, tensor.Shape{2}, false, "w must be non-negative"},
		{"w not summing to 1", []float64{.3, .6}, []float64{0, 1}, []float64{1, 1}, tensor.Shape{2}, false, "w must sum to 1"},
		{"row not summing to 1", []float64{.3, .7, .5, .4}, []float64{0, 1}, []float64{1, 1}, tensor.Shape{2, 2}, false, "w must sum to 1"},
		{"zero sigma", []float64{.3, .7}, []float64{0, 1}, []float64{1, 0}, tensor.Shape{2}, false, "sigma must be positive"},
		{"negative tau", []float64{.3, .7}, []float64{0, 1}, []float64{-1, 1}, tensor.Shape{2}, true, "tau must be positive"},
		{"scalar w", []float64{1}, []float64{0}, []float64{1}, tensor.Shape{}, false, "w must have a component axis"},
		{"shapes", []float64{.3, .7}, []float64{0, 1, 2}, []float64{1, 1}, tensor.Shape{2}, false, "do not broadcast"},
	}
	for _, c := range cases {
		g := G.NewGraph()
		mus := tensor.Shape{len(c.mu)}
		if len(c.ws) == 0 {
			mus = tensor.Shape{}
		}
		w := constNode(g, "w", c.ws, c.w)
		mu := constNode(g, "mu", mus, c.mu)
		s := constNode(g, "s", tensor.Shape{len(c.s)}, c.s)
		var err error
		if c.tau {
			_, err = NewNormalMixtureTau(w, mu, s)
		} else {
			_, err = NewNormalMixture(w, mu, s)
		}
		if err == nil || !strings.Contains(err.Error(), c.wantInError) || !strings.HasPrefix(err.Error(), "distributions: ") {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.wantInError)
		}
	}
	if _, err := NewNormalMixture(nil, nil, nil); err == nil {
		t.Error("nil parameters: no error")
	}
}

func TestNormalMixtureRuntimeBadParams(t *testing.T) {
	t.Parallel()
	// Parameters are inputs, so they are not checked at build time; out-of-domain values give
	// -Inf (never NaN) and finite (zero) gradients.
	inputs := []gpInput{
		{name: "x", shape: tensor.Shape{}, val: []float64{0.1}, wrt: true},
		{name: "w", shape: tensor.Shape{2}, val: []float64{.2, .8}, wrt: true},
		{name: "mu", shape: tensor.Shape{2}, val: []float64{-.3, .5}, wrt: true},
		{name: "s", shape: tensor.Shape{2}, val: []float64{.1, .1}, wrt: true},
	}
	gp := newGP(t, inputs, func(g *G.ExprGraph, in []*G.Node) (*G.Node, error) {
		d, err := NewNormalMixture(in[1], in[2], in[3])
		if err != nil {
			return nil, err
		}
		return d.LogP(in[0], false)
	})
	bad := []struct {
		name string
		vals [][]float64
	}{
		{"negative w", [][]float64{{0.1}, {-.2, 1.2}, {-.3, .5}, {.1, .1}}},
		{"w sum", [][]float64{{0.1}, {.2, .7}, {-.3, .5}, {.1, .1}}},
		{"zero sigma", [][]float64{{0.1}, {.2, .8}, {-.3, .5}, {0, .1}}},
		{"negative sigma", [][]float64{{0.1}, {.2, .8}, {-.3, .5}, {.1, -1}}},
		{"NaN mu", [][]float64{{0.1}, {.2, .8}, {math.NaN(), .5}, {.1, .1}}},
	}
	for _, c := range bad {
		checkNegInfFinite(t, gp, c.name, c.vals)
	}
}

func TestNormalMixtureSupportPointAndRand(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	w, mu, sd := []float64{.2, .8}, []float64{-.3, .5}, []float64{.1, .1}
	d, err := NewNormalMixture(constNode(g, "w", tensor.Shape{2}, w), constNode(g, "mu", tensor.Shape{2}, mu),
		constNode(g, "sd", tensor.Shape{2}, sd))
	if err != nil {
		t.Fatal(err)
	}
	params := []*tensor.Dense{
		tensor.New(tensor.WithShape(2), tensor.WithBacking(w)),
		tensor.New(tensor.WithShape(2), tensor.WithBacking(mu)),
		tensor.New(tensor.WithShape(2), tensor.WithBacking(sd)),
	}
	sp, err := d.SupportPoint(params, nil)
	if err != nil {
		t.Fatal(err)
	}
	// The quickstart prints 0.34 = .2*(-.3) + .8*.5 as the initial value of x.
	if v := sp.Data().(float64); math.Abs(v-0.34) > 1e-15 {
		t.Errorf("support point %v, want 0.34", v)
	}
	sp3, err := d.SupportPoint(params, tensor.Shape{3})
	if err != nil || !sp3.Shape().Eq(tensor.Shape{3}) {
		t.Fatalf("support point of shape (3): %v, %v", sp3, err)
	}
	if _, err := d.SupportPoint(params[:2], nil); err == nil {
		t.Error("two parameter values: no error")
	}

	// Moments of 20000 draws: mean Σ w mu = 0.34, variance Σ w (sd^2 + mu^2) - 0.34^2 =
	// 0.1124, and the fraction from the first component (draws below 0.1) is 0.2; each within
	// 4 standard errors.
	const n = 20000
	rng := rand.New(rand.NewPCG(7, 11))
	x, err := d.Rand(rng, params, tensor.Shape{n})
	if err != nil {
		t.Fatal(err)
	}
	xs := x.Data().([]float64)
	mean, below := 0.0, 0.0
	for _, v := range xs {
		mean += v
		if v < 0.1 {
			below++
		}
	}
	mean /= n
	variance, m4 := 0.0, 0.0
	for _, v := range xs {
		d2 := (v - mean) * (v - mean)
		variance += d2
		m4 += d2 * d2
	}
	variance /= n - 1
	m4 /= n
	const wantVar = 0.2*(0.01+0.09) + 0.8*(0.01+0.25) - 0.34*0.34
	if se := math.Sqrt(wantVar / n); math.Abs(mean-0.34) > 4*se {
		t.Errorf("mean %v, want 0.34 ± %v", mean, 4*se)
	}
	if se := math.Sqrt(0.2 * 0.8 / n); math.Abs(below/n-0.2) > 4*se {
		t.Errorf("fraction from component 0: %v, want 0.2 ± %v", below/n, 4*se)
	}
	if se := math.Sqrt((m4 - variance*variance) / n); math.Abs(variance-wantVar) > 4*se {
		t.Errorf("variance %v, want %v ± %v", variance, wantVar, 4*se)
	}
	// The same seed gives the same draws.
	y, _ := d.Rand(rand.New(rand.NewPCG(7, 11)), params, tensor.Shape{n})
	for i, v := range y.Data().([]float64) {
		if v != xs[i] {
			t.Fatal("same seed, different draws")
		}
	}
}
