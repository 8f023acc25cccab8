package graph

import (
	"fmt"
	"strings"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// takeRef is np.take(x, idx, axis) on a row-major array, the reference for the op.
func takeRef(x []float64, shape tensor.Shape, idx []int, axis int) []float64 {
	outer, n, inner := splitAt(shape, axis)
	var out []float64
	for o := 0; o < outer; o++ {
		for _, k := range idx {
			for i := 0; i < inner; i++ {
				out = append(out, x[(o*n+k)*inner+i])
			}
		}
	}
	return out
}

// TestTakeValueAndGradient: Take along every axis of a vector, a matrix and a 3-d tensor,
// with repeated indices, against NumPy's take (values) and the exact scatter-add gradient of
// cost = Σ w ⊙ take(x), over runs whose index values change between runs (an int Shared
// value), against the TapeMachine and finite differences. The same through Gorgonia's
// ByIndices, which Compile replaces by Take.
func TestTakeValueAndGradient(t *testing.T) {
	t.Parallel()
	idxRuns := [][]int{{1, 0, 1, 1, 2}, {2, 2, 0, 1, 0}, {0, 0, 0, 0, 0}}
	for _, shape := range []tensor.Shape{{3}, {3, 2}, {4, 3}, {3, 3, 2}} {
		for axis := 0; axis < shape.Dims(); axis++ {
			for _, byIndices := range []bool{false, true} {
				name := fmt.Sprintf("%v axis %d", shape, axis)
				if byIndices {
					if axis != 0 && shape.Dims() > 2 {
						continue
					}
					name += " ByIndices"
				}
				t.Run(name, func(t *testing.T) {
					t.Parallel()
					g := G.NewGraph()
					x := G.NewTensor(g, G.Float64, shape.Dims(), G.WithShape(shape...), G.WithName("x"))
					runs := make([][]int, len(idxRuns))
					for r, idx := range idxRuns {
						for _, k := range idx {
							runs[r] = append(runs[r], k%shape[axis])
						}
					}
					s, err := NewShared(g, "idx", runs[0])
					if err != nil {
						t.Fatal(err)
					}
					var y *G.Node
					if byIndices {
						y, err = G.ByIndices(x, s.Node(), axis)
					} else {
						y, err = Take(x, s.Node(), axis)
					}
					if err != nil {
						t.Fatal(err)
					}
					w, err := NewConstant(g, "w", dense(y.Shape(), ramp(y.Shape().TotalSize(), -1, 2)...))
					if err != nil {
						t.Fatal(err)
					}
					cost := G.Must(G.Sum(G.Must(G.HadamardProd(y, w))))
					f, err := Compile([]*G.Node{cost, y}, Inputs(x), Grad(cost, x))
					if err != nil {
						t.Fatal(err)
					}
					wv, _ := ConstantValue(w)
					wd := floatsOf(t, wv)
					for run, idx := range runs {
						if err := s.SetValue(idx); err != nil {
							t.Fatal(err)
						}
						xs := ramp(shape.TotalSize(), -3+float64(run), 4)
						in := dense(shape, xs...)
						out := runBoth(t, f, 0, in)
						if got, want := floatsOf(t, out[1]), takeRef(xs, shape, idx, axis); !equalFloats(got, want) {
							t.Fatalf("run %d: take = %v, want %v", run, got, want)
						}
						// Exact gradient: scatter-add of w, in the same order as the op.
						want := make([]float64, len(xs))
						outer, n, inner := splitAt(shape, axis)
						for o := 0; o < outer; o++ {
							for j, k := range idx {
								for i := 0; i < inner; i++ {
									want[(o*n+k)*inner+i] += wd[(o*len(idx)+j)*inner+i]
								}
							}
						}
						if got := floatsOf(t, out[2]); !equalFloats(got, want) {
							t.Fatalf("run %d: gradient %v, want %v", run, got, want)
						}
						checkFD(t, f, in)
					}
				})
			}
		}
	}
}

// The issue's case: Gorgonia's ByIndices on a vector with repeated indices gave the gradient
// [2 1 5 4] on both machines where [7 5 5 4] is right.
func TestIssue12ByIndicesVectorGradient(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	x := G.NewVector(g, G.Float64, G.WithShape(4), G.WithName("x"))
	idx, err := NewConstant(g, "idx", []int{0, 1, 0, 2, 3, 0, 1})
	if err != nil {
		t.Fatal(err)
	}
	w, err := NewConstant(g, "w", []float64{1, 2, 3, 5, 4, 3, 3})
	if err != nil {
		t.Fatal(err)
	}
	cost := G.Must(G.Sum(G.Must(G.HadamardProd(G.Must(G.ByIndices(x, idx, 0)), w))))
	f, err := Compile([]*G.Node{cost}, Inputs(x), Grad(cost, x))
	if err != nil {
		t.Fatal(err)
	}
	for run := 0; run < 3; run++ {
		out := runBoth(t, f, 0, vec(1, 2, 3, float64(run)))
		// ∂/∂x_k = Σ_{j: idx_j = k} w_j: x0 gets 1+3+3, x1 gets 2+3, x2 5, x3 4.
		if got := floatsOf(t, out[1]); !equalFloats(got, []float64{7, 5, 5, 4}) {
			t.Fatalf("run %d: gradient %v, want [7 5 5 4]", run, got)
		}
	}
}

// Int data is gathered as int, and is not differentiable.
func TestTakeIntData(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	labels, err := NewConstant(g, "labels", [][]int{{1, 2}, {3, 4}, {5, 6}})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := NewShared(g, "rows", []int{2, 0, 2})
	if err != nil {
		t.Fatal(err)
	}
	y, err := Take(labels, rows.Node(), 0)
	if err != nil {
		t.Fatal(err)
	}
	v, err := Eval(y)
	if err != nil {
		t.Fatal(err)
	}
	if got := v.(*tensor.Dense); got.Dtype() != tensor.Int || fmt.Sprint(got.Ints()) != "[5 6 1 2 5 6]" || !got.Shape().Eq(tensor.Shape{3, 2}) {
		t.Fatalf("take = %v %v, want int [[5 6] [1 2] [5 6]]", got.Dtype(), got)
	}
	f, err := ToFloat64(y)
	if err != nil {
		t.Fatal(err)
	}
	fv, err := Eval(f)
	if err != nil {
		t.Fatal(err)
	}
	if got := floatsOf(t, fv); !equalFloats(got, []float64{5, 6, 1, 2, 5, 6}) {
		t.Fatalf("ToFloat64 = %v", got)
	}
}

func TestTakeBadInput(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	theta := G.NewVector(g, G.Float64, G.WithShape(4), G.WithName("theta"))
	m := G.NewMatrix(g, G.Float64, G.WithShape(2, 3), G.WithName("m"))
	s := G.NewScalar(g, G.Float64, G.WithName("s"))
	fidx := G.NewVector(g, G.Float64, G.WithShape(2), G.WithName("fidx"))
	imat := G.NewMatrix(g, tensor.Int, G.WithShape(2, 2), G.WithName("imat"))
	bad, _ := NewConstant(g, "county_idx", []int{0, 3, 4, 1})
	neg, _ := NewConstant(g, "neg", []int{0, -1})
	other := G.NewGraph()
	oidx, _ := NewConstant(other, "oidx", []int{0})
	f32 := G.NewVector(g, G.Float32, G.WithShape(2), G.WithName("f32"))
	ok, _ := NewConstant(g, "ok", []int{0})
	for _, c := range []struct {
		name   string
		x, idx *G.Node
		axis   int
		want   string
	}{
		{"float index", theta, fidx, 0, `the index has dtype float64, want int`},
		{"out of range", theta, bad, 0, `index "county_idx"[2] = 4 is out of range for axis 0 of length 4`},
		{"negative", theta, neg, 0, `index "neg"[1] = -1 is out of range`},
		{"other graph", theta, oidx, 0, `the index "oidx" belongs to another graph`},
		{"nil index", theta, nil, 0, "nil index node"},
		{"nil x", nil, ok, 0, "a nil node"},
		{"scalar", s, ok, 0, `"s" is a scalar`},
		{"axis", m, ok, 2, "axis 2 out of range for 2 dimensions"},
		{"index matrix", m, imat, 0, "want a vector"},
		{"float32", f32, ok, 0, "dtype float32, want float64 or int"},
	} {
		if _, err := Take(c.x, c.idx, c.axis); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want %q", c.name, err, c.want)
		}
	}
}

// An index that leaves the range at run time is an error naming it, never a panic; the
// Function works again once the index is back in range.
func TestTakeIndexOutOfRangeAtRunTime(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	theta := G.NewVector(g, G.Float64, G.WithShape(3), G.WithName("theta"))
	s, err := NewShared(g, "county_idx", []int{0, 2})
	if err != nil {
		t.Fatal(err)
	}
	y := G.Must(Take(theta, s.Node(), 0))
	cost := G.Must(G.Sum(y))
	f, err := Compile([]*G.Node{cost}, Inputs(theta), Grad(cost, theta))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Run(vec(1, 2, 3)); err != nil {
		t.Fatal(err)
	}
	if err := s.SetValue([]int{0, 3}); err != nil {
		t.Fatal(err)
	}
	_, err = f.Run(vec(1, 2, 3))
	if err == nil || !strings.Contains(err.Error(), `index "county_idx"[1] = 3 is out of range for axis 0 of length 3`) || !strings.Contains(err.Error(), `"theta"`) {
		t.Fatalf("err = %v, want one naming theta, county_idx, position 1, index 3 and length 3", err)
	}
	if err := s.SetValue([]int{2, 2}); err != nil {
		t.Fatal(err)
	}
	out, err := f.Run(vec(1, 2, 3))
	if err != nil || floatsOf(t, out[0])[0] != 6 || !equalFloats(floatsOf(t, out[1]), []float64{0, 0, 2}) {
		t.Fatalf("after the fix: %v, %v", out, err)
	}
}
