package graph

import (
	"fmt"
	"math"
	"strings"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// lseRef is log Σ exp over a slice, summed naively in extended form with the maximum
// shifted out: the reference for the op.
func lseRef(xs []float64) float64 {
	m := math.Inf(-1)
	for _, x := range xs {
		m = math.Max(m, x)
	}
	if math.IsInf(m, 0) {
		return m
	}
	s := 0.0
	for _, x := range xs {
		s += math.Exp(x - m)
	}
	return m + math.Log(s)
}

func TestLogSumExpValues(t *testing.T) {
	t.Parallel()
	inf := math.Inf(1)
	for _, c := range []struct {
		x    []float64
		want float64
	}{
		{[]float64{1, 2, 3}, 3.4076059644443806}, // log(e + e² + e³)
		{[]float64{0}, 0},
		{[]float64{1000, 1000}, 1000 + math.Ln2}, // exp(1000) overflows
		{[]float64{-1000, -1000, -1000}, -1000 + math.Log(3)},
		{[]float64{-inf, 0}, 0},
		{[]float64{-inf, -inf}, -inf},
		{[]float64{inf, 0}, inf},
		{[]float64{1e308, 1e308}, 1e308 + math.Ln2},
	} {
		g := G.NewGraph()
		x := G.NewVector(g, G.Float64, G.WithShape(len(c.x)), G.WithName("x"))
		y, err := LogSumExp(x)
		if err != nil {
			t.Fatal(err)
		}
		f, err := Compile([]*G.Node{y}, Inputs(x))
		if err != nil {
			t.Fatal(err)
		}
		out := runBoth(t, f, 0, vec(c.x...))
		if got := floatsOf(t, out[0])[0]; got != c.want && !closeRel(got, c.want, 1e-15) {
			t.Errorf("LogSumExp(%v) = %v, want %v", c.x, got, c.want)
		}
	}
}

// Every axis of a vector, a matrix and a 3-d tensor, and all axes at once: values against
// the reference, gradients against finite differences, the TapeMachine on every run.
func TestLogSumExpAxesAndGradient(t *testing.T) {
	t.Parallel()
	for _, shape := range []tensor.Shape{{1}, {5}, {3, 4}, {1, 4}, {2, 3, 4}} {
		axes := [][]int{nil}
		for a := -1; a < shape.Dims(); a++ {
			axes = append(axes, []int{a})
		}
		for _, ax := range axes {
			t.Run(fmt.Sprintf("%v axis %v", shape, ax), func(t *testing.T) {
				t.Parallel()
				g := G.NewGraph()
				x := G.NewTensor(g, G.Float64, shape.Dims(), G.WithShape(shape...), G.WithName("x"))
				y, err := LogSumExp(x, ax...)
				if err != nil {
					t.Fatal(err)
				}
				// A weighted sum makes every output element matter to the cost.
				cost := y
				if !y.IsScalar() {
					w, err := NewConstant(g, "w", dense(y.Shape(), ramp(y.Shape().TotalSize(), -1, 2)...))
					if err != nil {
						t.Fatal(err)
					}
					cost = G.Must(G.Sum(G.Must(G.HadamardProd(y, w))))
				}
				f, err := Compile([]*G.Node{cost, y}, Inputs(x), Grad(cost, x))
				if err != nil {
					t.Fatal(err)
				}
				for run := 0; run < 3; run++ {
					data := ramp(shape.TotalSize(), -2+float64(run), 3+500*float64(run))
					in := dense(shape, data...)
					out := runBoth(t, f, 1e-13, in)
					checkLSEValues(t, shape, ax, data, floatsOf(t, out[1]))
					if run < 2 { // at run 2 the values reach 1000: the finite differences lose digits
						checkFD(t, f, in)
					}
				}
			})
		}
	}
}

// checkLSEValues compares the op's output with lseRef over every slice along the axis.
func checkLSEValues(t *testing.T, shape tensor.Shape, ax []int, data, got []float64) {
	t.Helper()
	if len(ax) == 0 || shape.Dims() == 1 {
		if want := lseRef(data); !closeRel(got[0], want, 1e-14) {
			t.Fatalf("LogSumExp = %v, want %v", got[0], want)
		}
		return
	}
	axis := ax[0]
	if axis < 0 {
		axis += shape.Dims()
	}
	outer, n, inner := splitAt(shape, axis)
	for o := 0; o < outer; o++ {
		for i := 0; i < inner; i++ {
			slice := make([]float64, n)
			for k := range slice {
				slice[k] = data[o*n*inner+k*inner+i]
			}
			if want := lseRef(slice); !closeRel(got[o*inner+i], want, 1e-14) {
				t.Fatalf("slice (%d,%d): %v, want %v", o, i, got[o*inner+i], want)
			}
		}
	}
}

// Gorgonia's G.LogSumExp gives log(Σ exp(x - m) + m) (1.505 for [1 2 3]); Compile runs the
// right log-sum-exp in its place, for vectors and scalars (the only inputs it builds for).
func TestGorgoniaLogSumExpIsSubstituted(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	x := G.NewVector(g, G.Float64, G.WithShape(3), G.WithName("x"))
	s := G.NewScalar(g, G.Float64, G.WithName("s"))
	lx := G.Must(G.LogSumExp(x, 0))
	ls := G.Must(G.LogSumExp(s, 0))
	cost := G.Must(G.Add(lx, ls))
	f, err := Compile([]*G.Node{lx, ls, cost}, Inputs(x, s), Grad(cost, x, s))
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range f.plan.steps {
		if strings.Contains(st.op.String(), "ln") {
			t.Fatalf("the plan still runs Gorgonia's %v", st.op)
		}
	}
	for run := 0; run < 3; run++ {
		xs := []float64{1, 2, 3 + float64(run)}
		out := runBoth(t, f, 1e-14, vec(xs...), 0.7)
		if got, want := floatsOf(t, out[0])[0], lseRef(xs); !closeRel(got, want, 1e-15) {
			t.Fatalf("LogSumExp(%v) = %v, want %v", xs, got, want)
		}
		if got := floatsOf(t, out[1])[0]; got != 0.7 {
			t.Fatalf("LogSumExp(0.7) = %v, want 0.7", got)
		}
		gx := floatsOf(t, out[3])
		for i := range xs {
			if want := math.Exp(xs[i] - lseRef(xs)); !closeRel(gx[i], want, 1e-15) {
				t.Fatalf("gradient %v, want the softmax of %v", gx, xs)
			}
		}
		if got := floatsOf(t, out[4])[0]; got != 1 {
			t.Fatalf("d/ds = %v, want 1", got)
		}
	}
}

func TestLogSumExpBadInput(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	m := G.NewMatrix(g, G.Float64, G.WithShape(2, 3), G.WithName("m"))
	s := G.NewScalar(g, G.Float64, G.WithName("s"))
	k := G.NewVector(g, tensor.Int, G.WithShape(3), G.WithName("k"))
	for _, c := range []struct {
		name string
		x    *G.Node
		axes []int
		want string
	}{
		{"nil", nil, nil, "a nil node"},
		{"int", k, nil, `"k": want float64, got int`},
		{"axis 2", m, []int{2}, "axis 2 out of range"},
		{"axis -3", m, []int{-3}, "axis -3 out of range"},
		{"two axes", m, []int{0, 1}, "one axis or none"},
		{"scalar axis 1", s, []int{1}, "axis 1 out of range"},
	} {
		if _, err := LogSumExp(c.x, c.axes...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want %q", c.name, err, c.want)
		}
	}
}
