package distributions

import (
	"fmt"
	"math"
	"strings"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

func TestParamErrors(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	c := func(name string, v ...float64) *G.Node { // a constant holding v
		if len(v) == 1 {
			return G.NewConstant(v[0], G.WithName(name))
		}
		return G.NewConstant(tensor.New(tensor.WithShape(len(v)), tensor.WithBacking(v)), G.WithName(name))
	}
	in := func(name string, v ...float64) *G.Node { return uvVec(v...).node(g, name) } // an input with a value
	free := G.NewVector(g, G.Float64, G.WithShape(3), G.WithName("free"))              // no value: not checked
	nan, inf := math.NaN(), math.Inf(1)
	cases := []struct {
		build func() (Distribution, error)
		want  string
	}{
		{func() (Distribution, error) { return NewNormal(c("m0", 0), c("s0", 1, 2, -1)) }, "distributions: Normal: sigma must be positive, got -1 at index 2"},
		{func() (Distribution, error) { return NewNormal(in("m1", 0, nan), c("s1", 1)) }, "distributions: Normal: mu must be finite, got NaN at index 1"},
		{func() (Distribution, error) { return NewNormalTau(c("m2", 0), in("t2", 0)) }, "distributions: Normal: tau must be positive, got 0 at index 0"},
		{func() (Distribution, error) { return NewNormal(in("m3", 1, 2, 3), in("s3", 1, 2, 3, 4)) }, "distributions: Normal: mu shape (3) and sigma shape (4): shapes do not broadcast"},
		{func() (Distribution, error) { return NewHalfNormal(c("s4", inf)) }, "distributions: HalfNormal: sigma must be finite, got +Inf at index 0"},
		{func() (Distribution, error) { return NewExponential(c("l5", 2, 0)) }, "distributions: Exponential: lam must be positive, got 0 at index 1"},
		{func() (Distribution, error) { return NewGamma(c("a6", -1), c("b6", 1)) }, "distributions: Gamma: alpha must be positive, got -1 at index 0"},
		{func() (Distribution, error) { return NewGammaMuSigma(c("m7", 1), c("s7", -2)) }, "distributions: Gamma: sigma must be positive, got -2 at index 0"},
		{func() (Distribution, error) { return NewInverseGamma(c("a8", 1), c("b8", 1, -3)) }, "distributions: InverseGamma: beta must be positive, got -3 at index 1"},
		{func() (Distribution, error) { return NewBeta(c("a9", 0), c("b9", 1)) }, "distributions: Beta: alpha must be positive, got 0 at index 0"},
		{func() (Distribution, error) { return NewLogNormal(c("m10", 0), c("s10", -1)) }, "distributions: LogNormal: sigma must be positive, got -1 at index 0"},
		{func() (Distribution, error) { return NewStudentT(c("n11", 0), c("m11", 0), c("s11", 1)) }, "distributions: StudentT: nu must be positive, got 0 at index 0"},
		{func() (Distribution, error) { return NewCauchy(c("a12", 0), c("b12", -1)) }, "distributions: Cauchy: beta must be positive, got -1 at index 0"},
		{func() (Distribution, error) { return NewHalfCauchy(c("b13", -1)) }, "distributions: HalfCauchy: beta must be positive, got -1 at index 0"},
		{func() (Distribution, error) { return NewLaplace(c("m14", 0), c("b14", 0)) }, "distributions: Laplace: b must be positive, got 0 at index 0"},
		{func() (Distribution, error) { return NewBernoulli(c("p15", 0.5, 1.5)) }, "distributions: Bernoulli: p must lie in [0, 1], got 1.5 at index 1"},
		{func() (Distribution, error) { return NewBernoulliLogit(c("l16", inf)) }, "distributions: Bernoulli: logit_p must be finite, got +Inf at index 0"},
		{func() (Distribution, error) { return NewBinomial(c("n17", 2.5), c("p17", 0.5)) }, "distributions: Binomial: n must be a non-negative integer, got 2.5 at index 0"},
		{func() (Distribution, error) { return NewBinomial(c("n18", 3), c("p18", -0.1)) }, "distributions: Binomial: p must lie in [0, 1], got -0.1 at index 0"},
		{func() (Distribution, error) { return NewPoisson(c("m19", -1)) }, "distributions: Poisson: mu must be non-negative, got -1 at index 0"},
		{func() (Distribution, error) { return NewUniform(c("l20", 0, 2), c("u20", 1, 1)) }, "distributions: Uniform: lower must be less than upper, got lower 2 and upper 1 at index 1"},
		{func() (Distribution, error) { return NewUniform(c("l21", nan), c("u21", 1)) }, "distributions: Uniform: lower must be finite, got NaN at index 0"},
		{func() (Distribution, error) {
			return NewNormal(G.NewScalar(g, G.Float32, G.WithName("f32")), c("s22", 1))
		}, "distributions: Normal: mu must be float64, got float32"},
	}
	for _, c := range cases {
		_, err := c.build()
		if err == nil || err.Error() != c.want {
			t.Errorf("got error %v, want %q", err, c.want)
		}
	}
	// Parameters whose values are unknown while the graph is built are not checked.
	if _, err := NewNormal(free, free); err != nil {
		t.Errorf("free parameters: %v", err)
	}
}

func TestLogPBuildErrors(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	d, err := NewNormal(uvVec(0, 1, 2).node(g, "mu"), uvSc(1).node(g, "s"))
	if err != nil {
		t.Fatal(err)
	}
	x := uvMat(2, 4, 1, 2, 3, 4, 5, 6, 7, 8).node(g, "x")
	if _, err := d.LogP(x, false); err == nil || !strings.Contains(err.Error(), "value shape (2, 4) and mu shape (3)") {
		t.Errorf("got %v, want a broadcast error naming value and mu", err)
	}
	x32 := G.NewVector(g, G.Float32, G.WithShape(3), G.WithName("x32"))
	if _, err := d.LogPElem(x32, false); err == nil || err.Error() != "distributions: Normal: value must be float64, got float32" {
		t.Errorf("got %v, want a dtype error", err)
	}
	other := uvVec(1, 2, 3).node(G.NewGraph(), "x")
	if _, err := d.LogP(other, true); err == nil || !strings.Contains(err.Error(), "different graphs") {
		t.Errorf("got %v, want a different-graphs error", err)
	}
}

// badParamCase is a family with parameters (3) whose element 1 is out of its domain at
// run time, and a (2, 3) value in the support.
type badParamCase struct {
	name   string
	build  uvBuilder
	x      []float64
	params [][]float64
}

func TestRuntimeBadParamsGiveMinusInf(t *testing.T) {
	t.Parallel()
	nan, inf := math.NaN(), math.Inf(1)
	x := []float64{0.3, 0.2, 0.5, 0.1, 0.9, 0.4}
	counts := []float64{1, 2, 0, 3, 1, 2}
	cases := []badParamCase{
		{"Normal", buildNormal, x, [][]float64{{0, 0, 0}, {1, -1, 2}}},
		{"NormalMu", buildNormal, x, [][]float64{{0, nan, 0}, {1, 1, 2}}},
		{"NormalTau", buildNormalTau, x, [][]float64{{0, 0, 0}, {1, 0, 2}}},
		{"HalfNormal", buildHalfNormal, x, [][]float64{{1, -1, 2}}},
		{"HalfNormalTau", buildHalfNormalTau, x, [][]float64{{1, inf, 2}}},
		{"Uniform", buildUniform, x, [][]float64{{0, 2, 0}, {1, 1, 1}}},
		{"UniformNaN", buildUniform, x, [][]float64{{0, nan, 0}, {1, 1, 1}}},
		{"Exponential", buildExponential, x, [][]float64{{1, 0, 2}}},
		{"Gamma", buildGamma, x, [][]float64{{1, -1, 2}, {1, 1, 1}}},
		{"GammaMuSigma", buildGammaMuSigma, x, [][]float64{{1, 1, 2}, {1, -1, 1}}},
		{"InverseGamma", buildInverseGamma, x, [][]float64{{1, 1, 2}, {1, 0, 1}}},
		{"Beta", buildBeta, x, [][]float64{{1, 1, 2}, {1, nan, 1}}},
		{"LogNormal", buildLogNormal, x, [][]float64{{0, 0, 0}, {1, 0, 2}}},
		{"LogNormalTau", buildLogNormalTau, x, [][]float64{{0, 0, 0}, {1, -2, 2}}},
		{"StudentT", buildStudentT, x, [][]float64{{1, 0, 2}, {0, 0, 0}, {1, 1, 1}}},
		{"Cauchy", buildCauchy, x, [][]float64{{0, 0, 0}, {1, nan, 1}}},
		{"HalfCauchy", buildHalfCauchy, x, [][]float64{{1, -1, 1}}},
		{"Laplace", buildLaplace, x, [][]float64{{0, inf, 0}, {1, 1, 1}}},
		{"Bernoulli", buildBernoulli, []float64{0, 1, 1, 0, 1, 0}, [][]float64{{0.3, 1.5, 0.2}}},
		{"BernoulliLogit", buildBernoulliLogit, []float64{0, 1, 1, 0, 1, 0}, [][]float64{{0.3, -inf, 0.2}}},
		{"Binomial", buildBinomial, counts, [][]float64{{5, 2.5, 5}, {0.3, 0.3, 0.3}}},
		{"BinomialP", buildBinomial, counts, [][]float64{{5, 5, 5}, {0.3, -0.3, 0.3}}},
		{"Poisson", buildPoisson, counts, [][]float64{{1, -1, 2}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			checkBadParams(t, c)
		})
	}
}

// checkBadParams builds the family on parameter inputs without values (so nothing is
// checked while building), binds the bad values, and checks: the sum is -Inf; column 1 of
// the element-wise form is -Inf and the rest finite; every gradient of the sum and of the
// weighted element-wise form is finite, and 0 in column 1.
func checkBadParams(t *testing.T, c badParamCase) {
	t.Helper()
	for _, elem := range []bool{false, true} {
		g := G.NewGraph()
		x := uvMat(2, 3, c.x...)
		xn := x.node(g, "x")
		pn := make([]*G.Node, len(c.params))
		for i := range c.params {
			pn[i] = G.NewVector(g, G.Float64, G.WithShape(3), G.WithName(fmt.Sprint("p", i)))
		}
		d, err := c.build(pn)
		if err != nil {
			t.Fatal(err)
		}
		k := d.(interface{ kern() elemKernel }).kern()
		var out, cost *G.Node
		if elem {
			out, err = d.LogPElem(xn, false)
			if err == nil {
				cost, err = G.Sum(out)
			}
		} else {
			out, err = d.LogP(xn, false)
			cost = out
		}
		if err != nil {
			t.Fatal(err)
		}
		wrt := G.Nodes{}
		if !k.info().discrete {
			wrt = append(wrt, xn)
		}
		for i, s := range k.info().specs {
			if s.diff {
				wrt = append(wrt, pn[i])
			}
		}
		grads, err := G.Grad(cost, wrt...)
		if err != nil {
			t.Fatal(err)
		}
		var outV G.Value
		G.Read(out, &outV)
		m := G.NewTapeMachine(g)
		for i, p := range c.params {
			if err := G.Let(pn[i], uvVec(p...).value()); err != nil {
				t.Fatal(err)
			}
		}
		if err := m.RunAll(); err != nil {
			t.Fatal(err)
		}
		vals := uvFloats(t, outV)
		if elem {
			for j, v := range vals {
				if (j%3 == 1) != math.IsInf(v, -1) || math.IsNaN(v) {
					t.Errorf("element %d: log density %v", j, v)
				}
			}
		} else if !math.IsInf(vals[0], -1) {
			t.Errorf("sum %v, want -Inf", vals[0])
		}
		for i, gn := range grads {
			gv := uvFloats(t, gn.Value())
			for j, v := range gv {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Errorf("elem=%t: gradient %d element %d is %v", elem, i, j, v)
				}
				if len(gv) == 3 && j == 1 && v != 0 || len(gv) == 6 && j%3 == 1 && v != 0 {
					t.Errorf("elem=%t: gradient %d element %d is %v, want 0", elem, i, j, v)
				}
			}
		}
		m.Close()
	}
}

func TestHashConsingKeepsOpsApart(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	x := uvVec(0.5, 1, 2).node(g, "x")
	a, b := uvSc(0.3).node(g, "a"), uvSc(1.5).node(g, "b")
	build := func(f func() (Distribution, error), elem, observed bool) *G.Node {
		d, err := f()
		if err != nil {
			t.Fatal(err)
		}
		var n *G.Node
		if elem {
			n, err = d.LogPElem(x, observed)
		} else {
			n, err = d.LogP(x, observed)
		}
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	normal := func() (Distribution, error) { return NewNormal(a, b) }
	nodes := map[string]*G.Node{
		"Normal":          build(normal, false, false),
		"NormalTau":       build(func() (Distribution, error) { return NewNormalTau(a, b) }, false, false),
		"Laplace":         build(func() (Distribution, error) { return NewLaplace(a, b) }, false, false),
		"Cauchy":          build(func() (Distribution, error) { return NewCauchy(a, b) }, false, false),
		"LogNormal":       build(func() (Distribution, error) { return NewLogNormal(a, b) }, false, false),
		"Gamma":           build(func() (Distribution, error) { return NewGamma(a, b) }, false, false),
		"GammaMuSigma":    build(func() (Distribution, error) { return NewGammaMuSigma(a, b) }, false, false),
		"Normal elem":     build(normal, true, false),
		"Normal observed": build(normal, false, true),
	}
	seen := map[*G.Node]string{}
	for name, n := range nodes {
		if other, ok := seen[n]; ok {
			t.Errorf("%s and %s were merged into one node", name, other)
		}
		seen[n] = name
	}
	// Two identical ops on the same inputs may merge: that is hash-consing working.
	if again := build(normal, false, false); again != nodes["Normal"] {
		t.Log("identical Normal log densities were not merged (allowed, but unexpected)")
	}
}

func TestObservedAndConstantInputsGetNoGradient(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	x := uvMat(2, 3, 1, 2, 3, 4, 5, 6).node(g, "x")
	mu := uvVec(0, 1, 2).node(g, "mu")
	sc := G.NewConstant(2.0, G.WithName("sigma_const"))
	d, err := NewNormal(mu, sc)
	if err != nil {
		t.Fatal(err)
	}
	cost, err := d.LogP(x, true)
	if err != nil {
		t.Fatal(err)
	}
	// The log density is the value picked out of the packed op [logp, partials...].
	packed := children(cost)[0]
	op := packed.Op().(*fusedOp)
	if w := op.DiffWRT(3); w[0] || !w[1] || w[2] {
		t.Errorf("DiffWRT %v, want [false true false] (observed value, constant sigma)", w)
	}
	// The packed op holds only mu's 3 partials: the data path writes no value partials.
	if s := packed.Shape(); !s.Eq(tensor.Shape{4}) {
		t.Errorf("packed op output of shape %v, want (4): logp and 3 partials", s)
	}
	grads, err := G.Grad(cost, mu)
	if err != nil {
		t.Fatal(err)
	}
	m := G.NewTapeMachine(g)
	defer m.Close()
	if err := m.RunAll(); err != nil {
		t.Fatal(err)
	}
	// d/dmu_j = sum_i (x_ij - mu_j) / sigma^2 = ((1-0)+(4-0), (2-1)+(5-1), (3-2)+(6-2)) / 4.
	got := uvFloats(t, grads[0].Value())
	for j, want := range []float64{5.0 / 4, 5.0 / 4, 5.0 / 4} {
		if !closeTo(got[j], want, 1e-14) {
			t.Errorf("d/dmu[%d] = %v, want %v", j, got[j], want)
		}
	}
	if _, err := G.Grad(cost, x); err == nil {
		t.Error("Grad with respect to the observed value: want an error")
	}
}
