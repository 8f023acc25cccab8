package graph

import (
	"errors"
	"math"
	"strings"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

const tol = 1e-12

// sinModel builds cost = sum(sin(x)^2 + x*W) + 0.5 over vectors x and W of length 3, the
// model the gorgonia-notes addendum checked against its closed form.
func sinModel() (g *G.ExprGraph, x, w, cost *G.Node) {
	g = G.NewGraph()
	x = G.NewVector(g, G.Float64, G.WithShape(3), G.WithName("x"))
	w = G.NewVector(g, G.Float64, G.WithShape(3), G.WithName("W"))
	s2 := G.Must(G.Square(G.Must(G.Sin(x))))
	cost = G.Must(G.Add(G.Must(G.Sum(G.Must(G.Add(s2, G.Must(G.HadamardProd(x, w)))))), G.NewConstant(0.5, G.WithName("half"))))
	return g, x, w, cost
}

func TestCompileValueAndGradientAgainstClosedForm(t *testing.T) {
	t.Parallel()
	_, x, w, cost := sinModel()
	f, err := Compile([]*G.Node{cost}, Inputs(x, w), Grad(cost, x, w))
	if err != nil {
		t.Fatal(err)
	}
	for _, xs := range [][]float64{{0.1, -0.7, 2}, {1, 2, 3}, {-3, 0, 0.5}} {
		ws := []float64{3, 2, 1}
		out := runBoth(t, f, tol, vec(xs...), vec(ws...))
		// Closed form: cost = Σ sin²x + x·w + 0.5; d/dx = 2 sin x cos x + w; d/dw = x.
		want := 0.5
		for i := range xs {
			want += math.Pow(math.Sin(xs[i]), 2) + xs[i]*ws[i]
		}
		if got := floatsOf(t, out[0])[0]; !closeRel(got, want, tol) {
			t.Errorf("cost at %v = %v, want %v", xs, got, want)
		}
		dx, dw := floatsOf(t, out[1]), floatsOf(t, out[2])
		for i := range xs {
			if want := math.Sin(2*xs[i]) + ws[i]; !closeRel(dx[i], want, tol) {
				t.Errorf("d/dx[%d] = %v, want %v", i, dx[i], want)
			}
			if !closeRel(dw[i], xs[i], tol) {
				t.Errorf("d/dW[%d] = %v, want %v", i, dw[i], xs[i])
			}
		}
	}
}

// Regression, gorgonia-notes trap 6: a second gradient over shared subexpressions must not
// return the first one's cached derivative.
func TestSecondGradientIsNeverStale(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	x := G.NewVector(g, G.Float64, G.WithShape(3), G.WithName("x"))
	h := G.Must(G.HadamardProd(x, x))
	c1 := G.Must(G.Sum(h))
	c2 := G.Must(G.Sum(G.Must(G.Mul(h, G.NewConstant(3.0, G.WithName("three"))))))
	f1, err := Compile([]*G.Node{c1}, Inputs(x), Grad(c1, x))
	if err != nil {
		t.Fatal(err)
	}
	f2, err := Compile([]*G.Node{c2}, Inputs(x), Grad(c2, x))
	if err != nil {
		t.Fatal(err)
	}
	in := vec(1, 2, 3)
	g1 := floatsOf(t, runBoth(t, f1, tol, in)[1])
	g2 := floatsOf(t, runBoth(t, f2, tol, in)[1])
	for i, xi := range []float64{1, 2, 3} {
		if g1[i] != 2*xi || g2[i] != 6*xi { // d Σx² = 2x; d Σ3x² = 6x
			t.Fatalf("gradients %v and %v, want 2x and 6x", g1, g2)
		}
	}
}

// Regression, traps 2 and 3: inputs of one name but different dtypes, and constants of equal
// printed value but different dtypes, must stay distinct in a copy.
func TestSameNamedInputsAndConstantsAreNotMerged(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	a64 := G.NewScalar(g, G.Float64, G.WithName("a"))
	a32 := G.NewScalar(g, G.Float32, G.WithName("a"))
	if a64 == a32 {
		t.Fatal("gorgonia merged inputs of different dtypes")
	}
	s64 := G.Must(G.Add(a64, G.NewConstant(1.0, G.WithName("one64"))))
	s32 := G.Must(G.Add(a32, G.NewConstant(float32(1), G.WithName("one32"))))
	f, err := Compile([]*G.Node{s64, s32}, Inputs(a64, a32))
	if err != nil {
		t.Fatal(err)
	}
	out, err := f.Run(2.5, G.NewF32(0.25))
	if err != nil {
		t.Fatal(err)
	}
	if got := float64(*out[0].(*G.F64)); got != 3.5 {
		t.Errorf("float64 sum = %v, want 3.5", got)
	}
	if got := float32(*out[1].(*G.F32)); got != 1.25 {
		t.Errorf("float32 sum = %v, want 1.25", got)
	}
}

// Regression, trap 4: SoftMax and LogSoftMax of one input are two nodes with two values.
func TestSoftMaxAndLogSoftMaxStayDistinct(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	x := G.NewVector(g, G.Float64, G.WithShape(3), G.WithName("x"))
	sm, err := SoftMax(x)
	if err != nil {
		t.Fatal(err)
	}
	lsm, err := LogSoftMax(x)
	if err != nil {
		t.Fatal(err)
	}
	if sm == lsm {
		t.Fatal("SoftMax and LogSoftMax are one node")
	}
	cost := G.Must(G.Sum(G.Must(G.HadamardProd(lsm, G.NewConstant(tensor.New(tensor.WithShape(3), tensor.WithBacking([]float64{1, 0, 0})), G.WithName("onehot"))))))
	f, err := Compile([]*G.Node{sm, lsm, cost}, Inputs(x), Grad(cost, x))
	if err != nil {
		t.Fatal(err)
	}
	xs := []float64{0.5, -1, 2}
	out := runBoth(t, f, 1e-12, vec(xs...))
	z := math.Exp(xs[0]) + math.Exp(xs[1]) + math.Exp(xs[2])
	smv, lsmv, grad := floatsOf(t, out[0]), floatsOf(t, out[1]), floatsOf(t, out[3])
	for i := range xs {
		p := math.Exp(xs[i]) / z
		if !closeRel(smv[i], p, 1e-12) || !closeRel(lsmv[i], math.Log(p), 1e-12) {
			t.Fatalf("softmax %v, logsoftmax %v at %v", smv, lsmv, xs)
		}
		// d/dx_i log softmax(x)_0 = [i==0] - p_i.
		want := -p
		if i == 0 {
			want += 1
		}
		if !closeRel(grad[i], want, 1e-10) {
			t.Errorf("gradient[%d] = %v, want %v", i, grad[i], want)
		}
	}
}

// Regression, trap 10: outputs returned by Run stay valid after later runs.
func TestOutputsSurviveLaterRuns(t *testing.T) {
	t.Parallel()
	_, x, w, cost := sinModel()
	f, err := Compile([]*G.Node{cost}, Inputs(x, w), Grad(cost, x, w))
	if err != nil {
		t.Fatal(err)
	}
	first, err := f.Run(vec(1, 2, 3), vec(1, 1, 1))
	if err != nil {
		t.Fatal(err)
	}
	keep := floatsOf(t, first[1])
	for i := 0; i < 3; i++ {
		if _, err := f.Run(vec(-1, 5, float64(i)), vec(2, 2, 2)); err != nil {
			t.Fatal(err)
		}
	}
	if again := floatsOf(t, first[1]); !equalFloats(keep, again) {
		t.Fatalf("first run's gradient changed from %v to %v", keep, again)
	}
}

func equalFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Copying one graph many times gives identical values and gradients.
func TestManyCopiesAgree(t *testing.T) {
	t.Parallel()
	_, x, w, cost := sinModel()
	var ref []float64
	for i := 0; i < 20; i++ {
		f, err := Compile([]*G.Node{cost}, Inputs(x, w), Grad(cost, x, w))
		if err != nil {
			t.Fatal(err)
		}
		out, err := f.Run(vec(0.3, 0.2, 0.1), vec(1, -1, 2))
		if err != nil {
			t.Fatal(err)
		}
		var got []float64
		for _, o := range out {
			got = append(got, floatsOf(t, o)...)
		}
		if ref == nil {
			ref = got
		} else if !equalFloats(ref, got) {
			t.Fatalf("copy %d gave %v, copy 0 gave %v", i, got, ref)
		}
	}
}

func TestReplaceNodeAndValue(t *testing.T) {
	t.Parallel()
	g, x, w, cost := sinModel()
	y := G.NewVector(g, G.Float64, G.WithShape(3), G.WithName("y"))
	// x -> y: the copy computes cost(y, W).
	f, err := Compile([]*G.Node{cost}, Inputs(y, w), Replace(x, y), Grad(cost, w))
	if err != nil {
		t.Fatal(err)
	}
	out := runBoth(t, f, tol, vec(1, 2, 3), vec(0, 0, 1))
	want := math.Pow(math.Sin(1), 2) + math.Pow(math.Sin(2), 2) + math.Pow(math.Sin(3), 2) + 3 + 0.5
	if got := floatsOf(t, out[0])[0]; !closeRel(got, want, tol) {
		t.Errorf("cost = %v, want %v", got, want)
	}
	if got := floatsOf(t, out[1]); !equalFloats(got, []float64{1, 2, 3}) {
		t.Errorf("d/dW = %v, want y", got)
	}
	// W -> a value: a constant in the copy.
	f, err = Compile([]*G.Node{cost}, Inputs(x), Replace(w, []float64{1, 1, 1}))
	if err != nil {
		t.Fatal(err)
	}
	out = runBoth(t, f, tol, vec(0, 0, 0))
	if got := floatsOf(t, out[0])[0]; got != 0.5 {
		t.Errorf("cost at x=0 = %v, want 0.5", got)
	}
}

// softmaxRegression builds softmax(X·beta + a) the way the tutorial's Iris model does, with
// BroadcastAdd (which hides a SizeOf node).
func softmaxRegression(rows int) (g *G.ExprGraph, X, beta, a, p *G.Node) {
	g = G.NewGraph()
	X = G.NewMatrix(g, G.Float64, G.WithShape(rows, 4), G.WithName("X"))
	beta = G.NewMatrix(g, G.Float64, G.WithShape(4, 3), G.WithName("beta"))
	a = G.NewVector(g, G.Float64, G.WithShape(3), G.WithName("a"))
	p, _ = SoftMax(G.Must(G.BroadcastAdd(G.Must(G.Mul(X, beta)), a, nil, []byte{0})))
	return g, X, beta, a, p
}

func seq(n int, scale float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = scale * float64((i*7)%11-5)
	}
	return out
}

// A replacement may change dimensions (a minibatch replaced by full data, training data by
// test data): SizeOf nodes are rebuilt (gorgonia-notes §1).
func TestReplacementChangingRows(t *testing.T) {
	t.Parallel()
	_, X, beta, a, p := softmaxRegression(6)
	test := tensor.New(tensor.WithShape(2, 4), tensor.WithBacking(seq(8, 0.3)))
	f, err := Compile([]*G.Node{p}, Inputs(beta, a), Replace(X, test))
	if err != nil {
		t.Fatal(err)
	}
	B := tensor.New(tensor.WithShape(4, 3), tensor.WithBacking(seq(12, 0.1)))
	out := runBoth(t, f, tol, B, vec(0.1, 0.2, 0.3))
	if s := out[0].Shape(); !s.Eq(tensor.Shape{2, 3}) {
		t.Fatalf("shape %v, want (2, 3)", s)
	}
	// Against the direct build on 2 rows.
	_, X2, beta2, a2, p2 := softmaxRegression(2)
	f2, err := Compile([]*G.Node{p2}, Inputs(X2, beta2, a2))
	if err != nil {
		t.Fatal(err)
	}
	direct := runBoth(t, f2, tol, test, B, vec(0.1, 0.2, 0.3))
	if !equalFloats(floatsOf(t, out[0]), floatsOf(t, direct[0])) {
		t.Fatalf("replaced %v, direct %v", out[0], direct[0])
	}
}

func TestCompileErrors(t *testing.T) {
	t.Parallel()
	g, x, w, cost := sinModel()
	other, ox, _, ocost := sinModel()
	_ = other
	scalar := G.NewScalar(g, G.Float64, G.WithName("s"))
	cases := []struct {
		name string
		outs []*G.Node
		opts []Option
		want string
	}{
		{"replacement of another dtype", []*G.Node{cost}, []Option{Inputs(w), Replace(x, []int{1, 2, 3})}, `"x"`},
		{"replacement of another rank", []*G.Node{cost}, []Option{Inputs(w), Replace(x, 1.0)}, "dimensions"},
		{"replacement key from another graph", []*G.Node{cost}, []Option{Inputs(x, w), Replace(ox, []float64{1, 2, 3})}, "not in the graph"},
		{"replacement node of another rank", []*G.Node{cost}, []Option{Inputs(w), Replace(x, scalar)}, "replacement"},
		{"outputs from two graphs", []*G.Node{cost, ocost}, []Option{Inputs(x, w)}, "another graph"},
		{"input not given", []*G.Node{cost}, []Option{Inputs(x)}, `"W"`},
		{"input from another graph", []*G.Node{cost}, []Option{Inputs(x, w, ox)}, "another graph"},
		{"non-scalar cost", []*G.Node{cost}, []Option{Inputs(x, w), Grad(x, x)}, "scalar"},
		{"wrt not in the cost", []*G.Node{cost}, []Option{Inputs(x, w, scalar), Grad(cost, scalar)}, "does not depend"},
		{"no outputs", nil, nil, "no outputs"},
		{"computed node as input", []*G.Node{cost}, []Option{Inputs(cost)}, "not an input"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Compile(c.outs, c.opts...)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want it to mention %q", err, c.want)
			}
		})
	}
}

func TestStatementNodesAreRefused(t *testing.T) {
	t.Parallel()
	g, x, _, _ := sinModel()
	_ = g
	var v G.Value
	read := G.Read(x, &v)
	_, err := Compile([]*G.Node{read}, Inputs(x))
	if !errors.Is(err, ErrStatement) {
		t.Fatalf("err = %v, want ErrStatement", err)
	}
}

func TestRunInputErrors(t *testing.T) {
	t.Parallel()
	_, x, w, cost := sinModel()
	f, err := Compile([]*G.Node{cost}, Inputs(x, w))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Run(vec(1, 2)); err == nil || !strings.Contains(err.Error(), "takes 2") {
		t.Errorf("too few inputs: %v", err)
	}
	if _, err := f.Run(vec(1, 2), vec(1, 2, 3)); err == nil || !strings.Contains(err.Error(), `"x"`) {
		t.Errorf("wrong shape: %v", err)
	}
	if _, err := f.Run("a", vec(1, 2, 3)); err == nil {
		t.Error("a string input was accepted")
	}
	if err := f.Exec(); err == nil {
		t.Error("Exec without inputs succeeded")
	}
}
