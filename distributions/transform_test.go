package distributions

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// transformCase is a transform under test with a point in unconstrained space, its shape,
// and its bounds when it has some (given as graph inputs).
type transformCase struct {
	name   string
	shape  tensor.Shape // of y
	y      []float64
	lower  []float64 // interval only
	upper  []float64
	bshape tensor.Shape // shape of the bounds
	make   func(lower, upper *G.Node) (Transform, error)
}

func transformCases() []transformCase {
	interval := func(l, u *G.Node) (Transform, error) { return NewIntervalTransform(l, u) }
	return []transformCase{
		{name: "log", shape: tensor.Shape{4}, y: []float64{-1.3, 0, 0.4, 2.2},
			make: func(_, _ *G.Node) (Transform, error) { return NewLogTransform(), nil }},
		{name: "logodds", shape: tensor.Shape{2, 2}, y: []float64{-2.1, -0.3, 0.7, 3},
			make: func(_, _ *G.Node) (Transform, error) { return NewLogOddsTransform(), nil }},
		{name: "interval scalar bounds", shape: tensor.Shape{3}, y: []float64{-1.5, 0.2, 2.5},
			lower: []float64{-2}, upper: []float64{3.5}, bshape: tensor.Shape{}, make: interval},
		{name: "interval vector bounds", shape: tensor.Shape{2, 3}, y: []float64{-1.5, 0.2, 2.5, 0.9, -0.4, 1.1},
			lower: []float64{-2, 0, 1}, upper: []float64{3.5, 0.5, 4}, bshape: tensor.Shape{3}, make: interval},
		{name: "stickbreaking", shape: tensor.Shape{3}, y: []float64{0.3, -1.2, 0.8},
			make: func(_, _ *G.Node) (Transform, error) { return NewStickBreakingTransform(), nil }},
		{name: "stickbreaking rows", shape: tensor.Shape{2, 2}, y: []float64{0.3, -1.2, 2, 0.1},
			make: func(_, _ *G.Node) (Transform, error) { return NewStickBreakingTransform(), nil }},
		{name: "ordered", shape: tensor.Shape{4}, y: []float64{-0.7, 0.3, -1.2, 0.8},
			make: func(_, _ *G.Node) (Transform, error) { return NewOrderedTransform(), nil }},
		{name: "ordered rows", shape: tensor.Shape{2, 3}, y: []float64{1.5, -0.3, 0.2, -2, 0.6, -0.1},
			make: func(_, _ *G.Node) (Transform, error) { return NewOrderedTransform(), nil }},
		{name: "positive ordered", shape: tensor.Shape{3}, y: []float64{-0.7, 0.3, -1.2},
			make: func(_, _ *G.Node) (Transform, error) { return NewPositiveOrderedTransform(), nil }},
		{name: "positive ordered rows", shape: tensor.Shape{2, 2}, y: []float64{0.4, -1.3, 0.2, 1.1},
			make: func(_, _ *G.Node) (Transform, error) { return NewPositiveOrderedTransform(), nil }},
	}
}

// elementwise reports whether the case's transform maps each entry on its own (its Jacobian
// is diagonal).
func (c transformCase) elementwise() bool {
	return !strings.HasPrefix(c.name, "stick") && !strings.Contains(c.name, "ordered")
}

// build returns the transform over bound inputs (when it has bounds) in g.
func (c transformCase) build(t *testing.T, g *G.ExprGraph) Transform {
	t.Helper()
	var l, u *G.Node
	if c.lower != nil {
		l = constNode(g, "lower", c.bshape, c.lower)
		u = constNode(g, "upper", c.bshape, c.upper)
	}
	tr, err := c.make(l, u)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func TestTransformNames(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	l, u := constNode(g, "l", tensor.Shape{}, []float64{0}), constNode(g, "u", tensor.Shape{}, []float64{1})
	iv, err := NewIntervalTransform(l, u)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		tr   Transform
		want string
	}{{NewLogTransform(), "log"}, {NewLogOddsTransform(), "logodds"}, {iv, "interval"}, {NewStickBreakingTransform(), "stickbreaking"}} {
		if got := c.tr.Name(); got != c.want {
			t.Errorf("Name() = %q, want %q", got, c.want)
		}
	}
	s, err := NewStickBreakingTransform().UnconstrainedShape(tensor.Shape{5, 3})
	if err != nil || !s.Eq(tensor.Shape{5, 2}) {
		t.Errorf("stickbreaking UnconstrainedShape(5, 3) = %v, %v; want (5, 2)", s, err)
	}
	if _, err := NewStickBreakingTransform().UnconstrainedShape(tensor.Shape{}); err == nil {
		t.Error("stickbreaking UnconstrainedShape(()) : no error")
	}
	if s, _ := iv.UnconstrainedShape(tensor.Shape{4}); !s.Eq(tensor.Shape{4}) {
		t.Errorf("interval UnconstrainedShape(4) = %v", s)
	}
}

func TestTransformRoundTrip(t *testing.T) {
	t.Parallel()
	const tol = 1e-12
	for _, c := range transformCases() {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			g := G.NewGraph()
			tr := c.build(t, g)
			y := constNode(g, "y", c.shape, c.y)
			x, err := tr.Backward(y)
			if err != nil {
				t.Fatal(err)
			}
			back, err := tr.Forward(x)
			if err != nil {
				t.Fatal(err)
			}
			// forward(backward(y)) = y.
			got := evalNode(t, back)
			for i := range c.y {
				if !closeTo(got[i], c.y[i], tol) {
					t.Errorf("forward(backward(y))[%d] = %.17g, want %.17g", i, got[i], c.y[i])
				}
			}
			// backward(forward(x)) = x.
			xv := evalNode(t, x)
			g2 := G.NewGraph()
			tr2 := c.build(t, g2)
			x2, err := tr2.Forward(constNode(g2, "x", x.Shape(), xv))
			if err != nil {
				t.Fatal(err)
			}
			x3, err := tr2.Backward(x2)
			if err != nil {
				t.Fatal(err)
			}
			for i, v := range evalNode(t, x3) {
				if !closeTo(v, xv[i], tol) {
					t.Errorf("backward(forward(x))[%d] = %.17g, want %.17g", i, v, xv[i])
				}
			}
		})
	}
}

// backwardFn evaluates a transform's Backward at y with a fresh graph per call.
func backwardFn(t *testing.T, c transformCase) func(y []float64) []float64 {
	return func(y []float64) []float64 {
		g := G.NewGraph()
		tr := c.build(t, g)
		x, err := tr.Backward(constNode(g, "y", c.shape, y))
		if err != nil {
			t.Fatal(err)
		}
		return evalNode(t, x)
	}
}

func TestTransformLogJacDetNumeric(t *testing.T) {
	t.Parallel()
	// log |det J| against the log-determinant of the Jacobian of Backward computed by
	// central differences (step 1e-6): diagonal for element-wise transforms; for
	// stick-breaking, the (K-1)x(K-1) Jacobian of the first K-1 entries of each row, which
	// determine the last.
	const tol, h = 1e-7, 1e-6
	for _, c := range transformCases() {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			g := G.NewGraph()
			tr := c.build(t, g)
			lj, err := tr.LogJacDet(constNode(g, "y", c.shape, c.y))
			if err != nil {
				t.Fatal(err)
			}
			got := evalNode(t, lj)[0]
			back := backwardFn(t, c)
			n := c.shape[len(c.shape)-1] // entries of y per row
			rows := len(c.y) / n
			stick := strings.HasPrefix(c.name, "stick")
			want := 0.0
			for r := 0; r < rows; r++ {
				jac := mat.NewDense(n, n, nil)
				for j := 0; j < n; j++ {
					y := append([]float64(nil), c.y...)
					y[r*n+j] += h
					up := back(y)
					y[r*n+j] -= 2 * h
					down := back(y)
					for i := 0; i < n; i++ {
						xi := r*n + i
						if stick {
							xi = r*(n+1) + i
						}
						jac.Set(i, j, (up[xi]-down[xi])/(2*h))
					}
				}
				if c.elementwise() {
					for i := 0; i < n; i++ {
						for j := 0; j < n; j++ {
							if i != j && math.Abs(jac.At(i, j)) > 1e-9 {
								t.Fatalf("element-wise Jacobian has an off-diagonal entry %v", jac.At(i, j))
							}
						}
					}
				}
				var lu mat.LU
				lu.Factorize(jac)
				ld, _ := lu.LogDet()
				want += ld
			}
			if !closeTo(got, want, tol) {
				t.Errorf("LogJacDet = %.12g, numeric %.12g", got, want)
			}
		})
	}
}

func TestTransformGradFD(t *testing.T) {
	t.Parallel()
	for _, c := range transformCases() {
		for _, part := range []string{"backward", "logjac"} {
			t.Run(c.name+" "+part, func(t *testing.T) {
				t.Parallel()
				inputs := []gpInput{{name: "y", shape: c.shape, val: c.y, wrt: true}}
				if c.lower != nil {
					inputs = append(inputs,
						gpInput{name: "lower", shape: c.bshape, val: c.lower, wrt: true},
						gpInput{name: "upper", shape: c.bshape, val: c.upper, wrt: true})
				}
				gp := newGP(t, inputs, func(g *G.ExprGraph, in []*G.Node) (*G.Node, error) {
					var l, u *G.Node
					if len(in) == 3 {
						l, u = in[1], in[2]
					}
					tr, err := c.make(l, u)
					if err != nil {
						return nil, err
					}
					if part == "logjac" {
						return tr.LogJacDet(in[0])
					}
					x, err := tr.Backward(in[0])
					if err != nil {
						return nil, err
					}
					return weighted(g, x, "tr")
				})
				checkGradFD(t, gp)
			})
		}
	}
}

func TestTransformExtremes(t *testing.T) {
	t.Parallel()
	// |y| = 40 pushes the constrained value to the edge of its support; every value and
	// gradient must stay finite.
	for _, c := range transformCases() {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			y := make([]float64, len(c.y))
			for i := range y {
				y[i] = 40
				if i%2 == 1 {
					y[i] = -40
				}
			}
			for _, part := range []string{"backward", "logjac"} {
				inputs := []gpInput{{name: "y", shape: c.shape, val: y, wrt: true}}
				gp := newGP(t, inputs, func(g *G.ExprGraph, in []*G.Node) (*G.Node, error) {
					tr := c.build(t, g)
					if part == "logjac" {
						return tr.LogJacDet(in[0])
					}
					x, err := tr.Backward(in[0])
					if err != nil {
						return nil, err
					}
					return weighted(g, x, "ext")
				})
				v, grads, err := gp.eval(gp.values())
				if err != nil {
					t.Fatal(err)
				}
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Errorf("%s at |y| = 40: %v", part, v)
				}
				for _, gv := range grads[0] {
					if math.IsNaN(gv) || math.IsInf(gv, 0) {
						t.Errorf("%s gradient at |y| = 40: %v", part, grads[0])
					}
				}
			}
		})
	}
}

func TestTransformKnownValues(t *testing.T) {
	t.Parallel()
	const tol = 1e-14
	// Closed forms: stick-breaking maps y = 0 to the centre 1/K (PyMC3's eq_share offset);
	// logodds(0) = 1/2 with log|J| = 2 log(1/2); the interval (-2, 3.5) at y = 0 is the
	// midpoint 0.75 with log|J| = log(5.5) + 2 log(1/2).
	g := G.NewGraph()
	sb, err := NewStickBreakingTransform().Backward(constNode(g, "y0", tensor.Shape{3}, []float64{0, 0, 0}))
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range evalNode(t, sb) {
		if !closeTo(v, 0.25, tol) {
			t.Errorf("stickbreaking backward(0)[%d] = %v, want 0.25", i, v)
		}
	}
	g = G.NewGraph()
	lo, err := NewLogOddsTransform().LogJacDet(constNode(g, "y0", tensor.Shape{}, []float64{0}))
	if err != nil {
		t.Fatal(err)
	}
	if v := evalNode(t, lo)[0]; !closeTo(v, 2*math.Log(0.5), tol) {
		t.Errorf("logodds log|J|(0) = %v, want %v", v, 2*math.Log(0.5))
	}
	g = G.NewGraph()
	iv, err := NewIntervalTransform(constNode(g, "l", tensor.Shape{}, []float64{-2}), constNode(g, "u", tensor.Shape{}, []float64{3.5}))
	if err != nil {
		t.Fatal(err)
	}
	y := constNode(g, "y0", tensor.Shape{}, []float64{0})
	x, _ := iv.Backward(y)
	lj, _ := iv.LogJacDet(y)
	if v := evalNode(t, x)[0]; !closeTo(v, 0.75, tol) {
		t.Errorf("interval backward(0) = %v, want 0.75", v)
	}
	if v := evalNode(t, lj)[0]; !closeTo(v, math.Log(5.5)+2*math.Log(0.5), tol) {
		t.Errorf("interval log|J|(0) = %v", v)
	}
}

func TestIntervalTransformErrors(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	cases := []struct {
		l, u []float64
		want string
	}{
		{[]float64{1}, []float64{1}, "lower < upper"},
		{[]float64{2}, []float64{1}, "lower < upper"},
		{[]float64{math.Inf(-1)}, []float64{1}, "finite"},
	}
	for i, c := range cases {
		l := constNode(g, "l"+string(rune('a'+i)), tensor.Shape{}, c.l)
		u := constNode(g, "u"+string(rune('a'+i)), tensor.Shape{}, c.u)
		if _, err := NewIntervalTransform(l, u); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("bounds %v, %v: error %v, want %q", c.l, c.u, err, c.want)
		}
	}
	if _, err := NewIntervalTransform(nil, nil); err == nil {
		t.Error("nil bounds: no error")
	}
	l := constNode(g, "lv", tensor.Shape{2}, []float64{0, 0})
	u := constNode(g, "uv", tensor.Shape{3}, []float64{1, 1, 1})
	if _, err := NewIntervalTransform(l, u); err == nil {
		t.Error("bounds of shapes (2) and (3): no error")
	}
	// Bounds that do not broadcast to the value's shape.
	l2 := constNode(g, "l2", tensor.Shape{3}, []float64{0, 0, 0})
	u2 := constNode(g, "u2", tensor.Shape{3}, []float64{1, 1, 1})
	tr, err := NewIntervalTransform(l2, u2)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tr.Backward(constNode(g, "y2", tensor.Shape{2}, []float64{0, 0})); err == nil {
		t.Error("value of shape (2) with bounds (3): no error")
	}
	// A run-time upper <= lower gives log|J| = -Inf, not NaN.
	gp := newGP(t, []gpInput{
		{name: "y", shape: tensor.Shape{}, val: []float64{0.3}, wrt: true},
		{name: "lo", shape: tensor.Shape{}, val: []float64{1}, wrt: true},
		{name: "hi", shape: tensor.Shape{}, val: []float64{0}, wrt: true},
	}, func(g *G.ExprGraph, in []*G.Node) (*G.Node, error) {
		tr, err := NewIntervalTransform(in[1], in[2])
		if err != nil {
			return nil, err
		}
		return tr.LogJacDet(in[0])
	})
	v, _, err := gp.eval(gp.values())
	if err != nil || !math.IsInf(v, -1) {
		t.Errorf("log|J| with upper < lower = %v, %v; want -Inf", v, err)
	}
}
