package distributions

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/stat"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// The standard checks every univariate family's tests run: closed-form values, gradients
// against finite differences in the usual broadcasting cases, seeded draws and support
// points.

// uvBuilder binds a family to parameter nodes.
type uvBuilder func(p []*G.Node) (Distribution, error)

// uvKernel returns the kernel of the family built by build, bound to scratch nodes of the
// parameters' shapes.
func uvKernel(t *testing.T, build uvBuilder, params []uvArr) elemKernel {
	t.Helper()
	g := G.NewGraph()
	pn := make([]*G.Node, len(params))
	for i, p := range params {
		pn[i] = p.node(g, fmt.Sprintf("p%d", i))
	}
	d, err := build(pn)
	if err != nil {
		t.Fatal(err)
	}
	return d.(interface{ kern() elemKernel }).kern()
}

// uvCheckFD checks every partial of the summed (with elem: the weighted element-wise) log
// density of the family built by build, at value x and params, against central finite
// differences, through Gorgonia's Grad and a TapeMachine. The value is differentiated
// unless observed or discrete, the parameters when their spec says so.
func uvCheckFD(t *testing.T, build uvBuilder, x uvArr, params []uvArr, observed, elem bool) {
	t.Helper()
	info := uvKernel(t, build, params).info()
	inputs := []gpInput{{name: "x", shape: x.shape, val: x.data, wrt: !observed && !info.discrete}}
	for i, p := range params {
		inputs = append(inputs, gpInput{name: fmt.Sprintf("p%d", i), shape: p.shape, val: p.data, wrt: info.specs[i].diff})
	}
	gp := newGP(t, inputs, func(g *G.ExprGraph, in []*G.Node) (*G.Node, error) {
		d, err := build(in[1:])
		if err != nil {
			return nil, err
		}
		return logpCost(g, d, in[0], observed, elem, "uv")
	})
	checkGradFD(t, gp)
}

// uvDirect evaluates the summed and the element-wise op of the family built by build
// directly on values (Do, no machine).
func uvDirect(t testing.TB, build uvBuilder, x uvArr, params []uvArr) (sum float64, elem []float64) {
	t.Helper()
	g := G.NewGraph()
	xn := x.node(g, "x")
	pn := make([]*G.Node, len(params))
	vals := []G.Value{x.value()}
	for i, p := range params {
		pn[i] = p.node(g, fmt.Sprintf("p%d", i))
		vals = append(vals, p.value())
	}
	d, err := build(pn)
	if err != nil {
		t.Fatal(err)
	}
	k := d.(interface{ kern() elemKernel }).kern()
	for _, e := range []bool{false, true} {
		op, err := newLogpOp(d.Name(), k, xn, pn, false, e)
		if err != nil {
			t.Fatal(err)
		}
		v, err := op.Do(vals...)
		if err != nil {
			t.Fatal(err)
		}
		if e {
			elem = uvFloats(t, v)
		} else {
			sum = uvFloats(t, v)[0]
		}
	}
	return sum, elem
}

// uvFDFamily describes a family for the standard finite-difference cases of uvFDSuite.
// x holds 6 values in the support; scalar one value per parameter; vec3 three values per
// parameter (all in their domains).
type uvFDFamily struct {
	name   string // prefix of the subtests' names
	build  uvBuilder
	x      []float64
	scalar []float64
	vec3   [][]float64
}

// uvFDSuite checks every partial of the summed and the element-wise log density against
// finite differences (uvCheckFD) in the standard broadcasting cases: scalar parameters
// over a vector, (3) parameters over a (2, 3) value, a (2, 1) value against (1, 3)
// parameters, and the (2, 3) case with an observed value.
func uvFDSuite(t *testing.T, f uvFDFamily) {
	t.Helper()
	np := len(f.scalar)
	type fdCase struct {
		name     string
		x        uvArr
		params   []uvArr
		observed bool
	}
	var cases []fdCase
	c := fdCase{name: "scalar params over vector", x: uvVec(f.x...)}
	for _, v := range f.scalar {
		c.params = append(c.params, uvSc(v))
	}
	cases = append(cases, c)
	c = fdCase{name: "(3) params over (2,3) value", x: uvMat(2, 3, f.x...)}
	for i := 0; i < np; i++ {
		c.params = append(c.params, uvVec(f.vec3[i]...))
	}
	cases = append(cases, c)
	c = fdCase{name: "(2,1) value against (1,3) params", x: uvMat(2, 1, f.x[0], f.x[4])}
	for i := 0; i < np; i++ {
		c.params = append(c.params, uvMat(1, 3, f.vec3[i]...))
	}
	cases = append(cases, c)
	c = fdCase{name: "observed (2,3) value", x: uvMat(2, 3, f.x...), observed: true}
	for i := 0; i < np; i++ {
		if i%2 == 0 {
			c.params = append(c.params, uvVec(f.vec3[i]...))
		} else {
			c.params = append(c.params, uvSc(f.scalar[i]))
		}
	}
	if np > 0 { // with no parameter, an observed value leaves nothing to differentiate
		cases = append(cases, c)
	}
	for _, c := range cases {
		t.Run(f.name+"/"+c.name, func(t *testing.T) {
			t.Parallel()
			uvCheckFD(t, f.build, c.x, c.params, c.observed, false)
			uvCheckFD(t, f.build, c.x, c.params, c.observed, true)
		})
	}
}

// uvPoint is one closed-form check: the log density at x with scalar parameters.
type uvPoint struct {
	x      float64
	params []float64
}

// uvCheckPoints compares the element-wise op at every point with want (the closed form)
// and, when ref is not nil, with ref (gonum's distuv), both within closedTol; and the
// summed op with the sum of want.
func uvCheckPoints(t *testing.T, build uvBuilder, pts []uvPoint, want, ref func(x float64, p []float64) float64) {
	t.Helper()
	for _, pt := range pts {
		ps := make([]uvArr, len(pt.params))
		for i, v := range pt.params {
			ps[i] = uvSc(v)
		}
		s, e := uvDirect(t, build, uvSc(pt.x), ps)
		w := want(pt.x, pt.params)
		if math.IsNaN(e[0]) || !closeTo(e[0], w, closedTol) || !closeTo(s, w, closedTol) {
			t.Errorf("at x=%v params %v: element-wise %v, sum %v, closed form %v", pt.x, pt.params, e[0], s, w)
		}
		if ref != nil {
			if r := ref(pt.x, pt.params); !closeTo(e[0], r, closedTol) {
				t.Errorf("at x=%v params %v: %v, distuv %v", pt.x, pt.params, e[0], r)
			}
		}
	}
}

// uvMoments checks the mean and variance of 20000 seeded draws of d with the given
// parameter values against the true mean and variance within 4 standard errors; exkurt is
// the excess kurtosis, which sets the standard error of the sample variance.
func uvMoments(t *testing.T, d Distribution, params []float64, mean, variance, exkurt float64) {
	t.Helper()
	const n = 20000
	ps := make([]*tensor.Dense, len(params))
	for i, v := range params {
		ps[i] = tensor.New(tensor.FromScalar(v))
	}
	rng := rand.New(rand.NewPCG(7, 11))
	draws, err := d.Rand(rng, ps, tensor.Shape{n})
	if err != nil {
		t.Fatal(err)
	}
	x := draws.Float64s()
	m, v := stat.MeanVariance(x, nil)
	seM := math.Sqrt(variance / n)
	seV := variance * math.Sqrt((exkurt+2)/n)
	if math.Abs(m-mean) > 4*seM {
		t.Errorf("%s mean of draws %v, want %v ± %v", d.Name(), m, mean, 4*seM)
	}
	if math.Abs(v-variance) > 4*seV {
		t.Errorf("%s variance of draws %v, want %v ± %v", d.Name(), v, variance, 4*seV)
	}
	// The same seed gives the same draws.
	again, err := d.Rand(rand.New(rand.NewPCG(7, 11)), ps, tensor.Shape{n})
	if err != nil {
		t.Fatal(err)
	}
	for i, y := range again.Float64s() {
		if y != x[i] {
			t.Fatalf("%s: draw %d differs with the same seed", d.Name(), i)
		}
	}
}

// uvSupportPoint checks d's support point with scalar parameters against want, and that it
// broadcasts to a (2, 3) shape.
func uvSupportPoint(t *testing.T, d Distribution, params []float64, want float64) {
	t.Helper()
	ps := make([]*tensor.Dense, len(params))
	for i, v := range params {
		ps[i] = tensor.New(tensor.FromScalar(v))
	}
	sp, err := d.SupportPoint(ps, tensor.Shape{2, 3})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range sp.Float64s() {
		if !closeTo(v, want, 1e-14) {
			t.Errorf("%s support point %v, want %v", d.Name(), v, want)
		}
	}
}
