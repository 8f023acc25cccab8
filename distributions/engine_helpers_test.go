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

// Tolerances shared by the family tests.
const (
	uvClosedTol = 1e-12 // relative, log densities against closed forms and distuv
	uvFDStep    = 1e-6  // central finite-difference step (times max(1, |v|))
	uvFDTol     = 1e-6  // relative error of a partial against finite differences
)

// uvArr is an array argument of a test: data in row-major order and its shape.
type uvArr struct {
	data  []float64
	shape tensor.Shape
}

// sc is a scalar argument.
func uvSc(v float64) uvArr { return uvArr{data: []float64{v}} }

// vec is a vector argument.
func uvVec(v ...float64) uvArr { return uvArr{data: v, shape: tensor.Shape{len(v)}} }

// mat is an r x c matrix argument.
func uvMat(r, c int, v ...float64) uvArr {
	if len(v) != r*c {
		panic("distributions test: mat: wrong length")
	}
	return uvArr{data: v, shape: tensor.Shape{r, c}}
}

// value returns a fresh Gorgonia value holding a.
func (a uvArr) value() G.Value {
	if len(a.shape) == 0 {
		return G.NewF64(a.data[0])
	}
	return tensor.New(tensor.WithShape(a.shape.Clone()...), tensor.WithBacking(append([]float64(nil), a.data...)))
}

// node returns an input node of g named name holding a.
func (a uvArr) node(g *G.ExprGraph, name string) *G.Node {
	if len(a.shape) == 0 {
		return G.NewScalar(g, G.Float64, G.WithName(name), G.WithValue(a.data[0]))
	}
	return G.NewTensor(g, G.Float64, len(a.shape), G.WithShape(a.shape.Clone()...), G.WithName(name), G.WithValue(a.value()))
}

// uvFloats copies the data of a Gorgonia value.
func uvFloats(t testing.TB, v G.Value) []float64 {
	t.Helper()
	switch x := v.(type) {
	case *G.F64:
		return []float64{float64(*x)}
	case *tensor.Dense:
		d, err := denseFloats(x)
		if err != nil {
			t.Fatal(err)
		}
		return append([]float64(nil), d...)
	}
	t.Fatalf("unexpected value %T", v)
	return nil
}

// uvBuilder binds a family to parameter nodes.
type uvBuilder func(p []*G.Node) (Distribution, error)

// uvModel is a graph holding value and parameters as inputs and a cost: the summed log
// density, or Sum(elem * W) for the element-wise form; plus the cost's gradient with
// respect to every differentiable input.
type uvModel struct {
	g      *G.ExprGraph
	inputs []*G.Node // value, params
	vals   []uvArr
	cost   *G.Node
	wrt    []int // indices into inputs
	grads  G.Nodes
	m      G.VM
}

func newUVModel(t testing.TB, build uvBuilder, x uvArr, params []uvArr, observed, elem bool, w uvArr) *uvModel {
	t.Helper()
	g := G.NewGraph()
	md := &uvModel{g: g}
	for _, a := range append([]uvArr{x}, params...) { // own copies: checkFD perturbs them
		md.vals = append(md.vals, uvArr{data: append([]float64(nil), a.data...), shape: a.shape})
	}
	md.inputs = append(md.inputs, x.node(g, "x"))
	for i, p := range params {
		md.inputs = append(md.inputs, p.node(g, fmt.Sprintf("p%d", i)))
	}
	d, err := build(md.inputs[1:])
	if err != nil {
		t.Fatal(err)
	}
	if elem {
		e, err := d.LogPElem(md.inputs[0], observed)
		if err != nil {
			t.Fatal(err)
		}
		wn := w.node(g, "w")
		var prod *G.Node
		if len(w.shape) == 0 {
			prod, err = G.Mul(e, wn)
		} else {
			prod, err = G.HadamardProd(e, wn)
		}
		if err != nil {
			t.Fatal(err)
		}
		if md.cost, err = G.Sum(prod); err != nil {
			t.Fatal(err)
		}
	} else {
		if md.cost, err = d.LogP(md.inputs[0], observed); err != nil {
			t.Fatal(err)
		}
	}
	k := d.(interface{ kern() kernel }).kern()
	if !observed && !k.discrete() {
		md.wrt = append(md.wrt, 0)
	}
	for i, s := range k.specs() {
		if s.diff {
			md.wrt = append(md.wrt, 1+i)
		}
	}
	wrt := make(G.Nodes, len(md.wrt))
	for i, j := range md.wrt {
		wrt[i] = md.inputs[j]
	}
	if md.grads, err = G.Grad(md.cost, wrt...); err != nil {
		t.Fatal(err)
	}
	md.m = G.NewTapeMachine(g)
	t.Cleanup(func() { md.m.Close() })
	return md
}

// run evaluates the cost and the gradients at the current values.
func (md *uvModel) run(t testing.TB) (float64, [][]float64) {
	t.Helper()
	for i, n := range md.inputs {
		if err := G.Let(n, md.vals[i].value()); err != nil {
			t.Fatal(err)
		}
	}
	if err := md.m.RunAll(); err != nil {
		t.Fatal(err)
	}
	defer md.m.Reset()
	c := uvFloats(t, md.cost.Value())[0]
	gs := make([][]float64, len(md.grads))
	for i, gn := range md.grads {
		gs[i] = uvFloats(t, gn.Value())
	}
	return c, gs
}

// uvCheckFD compares every gradient of md with central finite differences of the cost.
func uvCheckFD(t *testing.T, md *uvModel) {
	t.Helper()
	_, gs := md.run(t)
	for gi, in := range md.wrt {
		a := md.vals[in]
		orig := append([]float64(nil), a.data...)
		for e := range a.data {
			h := uvFDStep * math.Max(1, math.Abs(orig[e]))
			a.data[e] = orig[e] + h
			fp, _ := md.run(t)
			a.data[e] = orig[e] - h
			fm, _ := md.run(t)
			a.data[e] = orig[e]
			fd := (fp - fm) / (2 * h)
			an := gs[gi][e]
			if err := math.Abs(fd-an) / math.Max(1, math.Abs(an)); !(err < uvFDTol) {
				t.Errorf("input %d element %d: analytic %.12g, finite differences %.12g (error %.3g)", in, e, an, fd, err)
			}
		}
	}
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
	k := d.(interface{ kern() kernel }).kern()
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

// uvClose reports whether got equals want within relative tolerance tol; equal
// infinities are close, NaN never is.
func uvClose(got, want, tol float64) bool {
	if math.IsInf(want, 0) || math.IsInf(got, 0) {
		return got == want
	}
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
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

// uvFDSuite checks every partial of the summed and the element-wise log density (with
// upstream weights 0.5, 0.75, ...) against finite differences through Gorgonia's Grad and
// a TapeMachine, in the standard broadcasting cases: scalar parameters over a vector,
// (3) parameters over a (2, 3) value, a (2, 1) value against (1, 3) parameters, and the
// (2, 3) case with an observed value.
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
			uvCheckFD(t, newUVModel(t, f.build, c.x, c.params, c.observed, false, uvArr{}))
			shapes := []tensor.Shape{c.x.shape}
			names := []string{"x"}
			for i, p := range c.params {
				shapes = append(shapes, p.shape)
				names = append(names, fmt.Sprint(i))
			}
			bs, err := broadcastShapes(names, shapes...)
			if err != nil {
				t.Fatal(err)
			}
			w := uvArr{shape: bs}
			for i := 0; i < bs.TotalSize(); i++ {
				w.data = append(w.data, 0.5+0.25*float64(i))
			}
			uvCheckFD(t, newUVModel(t, f.build, c.x, c.params, c.observed, true, w))
		})
	}
}

// uvPoint is one closed-form check: the log density at x with scalar parameters.
type uvPoint struct {
	x      float64
	params []float64
}

// uvCheckPoints compares the element-wise op at every point with want (the closed form)
// and, when ref is not nil, with ref (gonum's distuv), both within uvClosedTol; and the
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
		if math.IsNaN(e[0]) || !uvClose(e[0], w, uvClosedTol) || !uvClose(s, w, uvClosedTol) {
			t.Errorf("at x=%v params %v: element-wise %v, sum %v, closed form %v", pt.x, pt.params, e[0], s, w)
		}
		if ref != nil {
			if r := ref(pt.x, pt.params); !uvClose(e[0], r, uvClosedTol) {
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
		if !uvClose(v, want, 1e-14) {
			t.Errorf("%s support point %v, want %v", d.Name(), v, want)
		}
	}
}
