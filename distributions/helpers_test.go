package distributions

import (
	"fmt"
	"math"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Test helpers shared by every family's tests: test values, Gorgonia graphs run by the
// TapeMachine (the reference path), and the finite-difference check of gradients.

// Tolerances shared by the tests.
const (
	closedTol = 1e-12 // relative: log densities against closed forms and gonum's distuv

	// fdStep is the central finite-difference step, times max(1, |v|), and fdTol the
	// tolerance |analytic - fd| <= fdTol * max(1, |fd|). gonum's optimize/functions
	// validation uses a step of 1e-6 and a tolerance of 1e-5; we ask for 1e-6.
	fdStep = 1e-6
	fdTol  = 1e-6
)

// uvArr is an array argument of a test: data in row-major order and its shape.
type uvArr struct {
	data  []float64
	shape tensor.Shape
}

// uvSc is a scalar argument.
func uvSc(v float64) uvArr { return uvArr{data: []float64{v}} }

// uvVec is a vector argument.
func uvVec(v ...float64) uvArr { return uvArr{data: v, shape: tensor.Shape{len(v)}} }

// uvMat is an r x c matrix argument.
func uvMat(r, c int, v ...float64) uvArr {
	if len(v) != r*c {
		panic("distributions test: uvMat: wrong length")
	}
	return uvArr{data: v, shape: tensor.Shape{r, c}}
}

// uvSeq returns n values a, a+step, ...
func uvSeq(n int, a, step float64) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = a + step*float64(i)
	}
	return v
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

// constNode returns a float64 constant of the given shape in g, named uniquely (constants
// are merged by name, gorgonia-notes trap 3).
func constNode(g *G.ExprGraph, name string, shape tensor.Shape, v []float64) *G.Node {
	if len(shape) == 0 {
		return G.NewConstant(v[0], G.In(g), G.WithName(name))
	}
	t := tensor.New(tensor.WithShape(shape.Clone()...), tensor.WithBacking(append([]float64(nil), v...)))
	return G.NewConstant(t, G.In(g), G.WithName(name))
}

// uvFloats copies the data of a Gorgonia value.
func uvFloats(t testing.TB, v G.Value) []float64 {
	t.Helper()
	fv, err := viewOf(v)
	if err != nil {
		t.Fatal(err)
	}
	return append([]float64(nil), fv.d...)
}

// closeTo reports whether got equals want within relative tolerance tol:
// |got - want| <= tol * max(1, |want|). Infinities are close only to themselves, NaN to
// nothing.
func closeTo(got, want, tol float64) bool {
	if math.IsInf(want, 0) || math.IsInf(got, 0) {
		return got == want
	}
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

// gpInput is one input node of a test graph: its name (unique, trap 2), shape, value, and
// whether the cost is differentiated with respect to it.
type gpInput struct {
	name  string
	shape tensor.Shape
	val   []float64
	wrt   bool
}

// gpGraph is a test graph run by Gorgonia's TapeMachine, the reference path: the cost built
// from input nodes, its gradient from G.Grad, and Let + RunAll + Reset per evaluation.
type gpGraph struct {
	inputs []gpInput
	nodes  []*G.Node
	cost   *G.Node
	grads  G.Nodes
	wrt    []int
	m      G.VM
}

// newGP builds the graph: build receives the graph and the input nodes in order.
func newGP(t *testing.T, inputs []gpInput, build func(g *G.ExprGraph, in []*G.Node) (*G.Node, error)) *gpGraph {
	t.Helper()
	gp, err := tryGP(inputs, build)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { gp.m.Close() })
	return gp
}

func tryGP(inputs []gpInput, build func(g *G.ExprGraph, in []*G.Node) (*G.Node, error)) (gp *gpGraph, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("graph construction panicked: %v", r)
		}
	}()
	g := G.NewGraph()
	gp = &gpGraph{inputs: inputs}
	for i, in := range inputs {
		var n *G.Node
		if len(in.shape) == 0 {
			n = G.NewScalar(g, G.Float64, G.WithName(in.name))
		} else {
			n = G.NewTensor(g, G.Float64, len(in.shape), G.WithShape(in.shape...), G.WithName(in.name))
		}
		gp.nodes = append(gp.nodes, n)
		if in.wrt {
			gp.wrt = append(gp.wrt, i)
		}
	}
	if gp.cost, err = build(g, gp.nodes); err != nil {
		return nil, err
	}
	if len(gp.wrt) > 0 {
		wrt := make(G.Nodes, len(gp.wrt))
		for j, i := range gp.wrt {
			wrt[j] = gp.nodes[i]
		}
		if gp.grads, err = G.Grad(gp.cost, wrt...); err != nil {
			return nil, err
		}
	}
	gp.m = G.NewTapeMachine(g)
	return gp, nil
}

// eval runs the graph at vals (one slice per input) and returns the cost and the gradient
// with respect to each wrt input.
func (gp *gpGraph) eval(vals [][]float64) (cost float64, grads [][]float64, err error) {
	defer gp.m.Reset()
	for i, n := range gp.nodes {
		var v any
		if len(gp.inputs[i].shape) == 0 {
			v = vals[i][0]
		} else {
			v = tensor.New(tensor.WithShape(gp.inputs[i].shape.Clone()...), tensor.WithBacking(append([]float64(nil), vals[i]...)))
		}
		if err := G.Let(n, v); err != nil {
			return 0, nil, err
		}
	}
	if err := gp.m.RunAll(); err != nil {
		return 0, nil, err
	}
	c, err := viewOf(gp.cost.Value())
	if err != nil {
		return 0, nil, err
	}
	for _, gn := range gp.grads {
		a, err := viewOf(gn.Value())
		if err != nil {
			return 0, nil, err
		}
		grads = append(grads, append([]float64(nil), a.d...))
	}
	return c.d[0], grads, nil
}

// values returns the inputs' values.
func (gp *gpGraph) values() [][]float64 {
	vals := make([][]float64, len(gp.inputs))
	for i, in := range gp.inputs {
		vals[i] = append([]float64(nil), in.val...)
	}
	return vals
}

// checkGradFD compares every partial of the graph's gradient with central finite differences
// of its cost, and returns the cost at the inputs' values.
func checkGradFD(t *testing.T, gp *gpGraph) float64 {
	t.Helper()
	vals := gp.values()
	cost, grads, err := gp.eval(vals)
	if err != nil {
		t.Fatal(err)
	}
	for j, i := range gp.wrt {
		if len(grads[j]) != len(vals[i]) {
			t.Fatalf("gradient of %s has %d entries, want %d", gp.inputs[i].name, len(grads[j]), len(vals[i]))
		}
		for e := range vals[i] {
			v := vals[i][e]
			h := fdStep * math.Max(1, math.Abs(v))
			vals[i][e] = v + h
			up, _, err := gp.eval(vals)
			if err != nil {
				t.Fatal(err)
			}
			vals[i][e] = v - h
			down, _, err := gp.eval(vals)
			if err != nil {
				t.Fatal(err)
			}
			vals[i][e] = v
			fd := (up - down) / (2 * h)
			if got := grads[j][e]; !(math.Abs(got-fd) <= fdTol*math.Max(1, math.Abs(fd))) {
				t.Errorf("d cost / d %s[%d] = %.12g, finite differences %.12g", gp.inputs[i].name, e, got, fd)
			}
		}
	}
	return cost
}

// checkNegInfFinite evaluates gp at vals and checks that the cost is -Inf (a value or a
// parameter outside its domain) while every partial stays finite.
func checkNegInfFinite(t *testing.T, gp *gpGraph, name string, vals [][]float64) {
	t.Helper()
	lp, grads, err := gp.eval(vals)
	if err != nil {
		t.Fatal(err)
	}
	if !math.IsInf(lp, -1) {
		t.Errorf("%s: logp = %v, want -Inf", name, lp)
	}
	for _, gr := range grads {
		for _, v := range gr {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Errorf("%s: gradient %v not finite", name, grads)
			}
		}
	}
}

// weighted returns Σ_i c_i e_i for a node e with fixed non-trivial weights c_i, so that the
// element-wise op is differentiated with an upstream gradient other than ones.
func weighted(g *G.ExprGraph, e *G.Node, tag string) (*G.Node, error) {
	n := e.Shape().TotalSize()
	c := make([]float64, n)
	for i := range c {
		c[i] = 0.5 + 0.37*float64(i%7) - 0.11*float64(i%3)
	}
	if e.Dims() == 0 {
		cn := G.NewConstant(c[0], G.In(g), G.WithName("weights."+tag))
		return G.Mul(e, cn)
	}
	ct := tensor.New(tensor.WithShape(e.Shape()...), tensor.WithBacking(c))
	cn := G.NewConstant(ct, G.In(g), G.WithName("weights."+tag))
	p, err := G.HadamardProd(e, cn)
	if err != nil {
		return nil, err
	}
	return G.Sum(p)
}

// logpCost is the cost whose gradient the tests check: d's summed log density of x, or
// with elem its element-wise log density weighted by weighted.
func logpCost(g *G.ExprGraph, d Distribution, x *G.Node, observed, elem bool, tag string) (*G.Node, error) {
	if !elem {
		return d.LogP(x, observed)
	}
	e, err := d.LogPElem(x, observed)
	if err != nil {
		return nil, err
	}
	return weighted(g, e, tag)
}

// evalNode runs the graph of n, whose inputs (if any) have values, and returns the float64
// data of n. A graph needs an input node to compile, so a dummy one is added.
func evalNode(t *testing.T, n *G.Node) []float64 {
	t.Helper()
	dummy := G.NewScalar(n.Graph(), G.Float64, G.WithName("evalNode.dummy"))
	if err := G.Let(dummy, 0.0); err != nil {
		t.Fatal(err)
	}
	m := G.NewTapeMachine(n.Graph())
	defer m.Close()
	if err := m.RunAll(); err != nil {
		t.Fatal(err)
	}
	return uvFloats(t, n.Value())
}

// children returns n's children in order, as Gorgonia stores them.
func children(n *G.Node) []*G.Node {
	it := n.Graph().From(n.ID())
	kids := make([]*G.Node, 0, it.Len())
	for it.Next() {
		kids = append(kids, it.Node().(*G.Node))
	}
	return kids
}
