package graph

import (
	"math"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// softmaxRef is softmax along axis of a 2×3 matrix, computed directly.
func softmaxRef(x []float64, axis int, log bool) []float64 {
	out := make([]float64, 6)
	at := func(i, j int) int { return i*3 + j }
	for o := 0; o < 3-axis; o++ { // axis 1: 2 rows; axis 0: 3 columns
		var idx []int
		if axis == 1 {
			idx = []int{at(o, 0), at(o, 1), at(o, 2)}
		} else {
			idx = []int{at(0, o), at(1, o)}
		}
		mx := math.Inf(-1)
		for _, i := range idx {
			mx = math.Max(mx, x[i])
		}
		s := 0.0
		for _, i := range idx {
			s += math.Exp(x[i] - mx)
		}
		for _, i := range idx {
			if log {
				out[i] = x[i] - mx - math.Log(s)
			} else {
				out[i] = math.Exp(x[i]-mx) / s
			}
		}
	}
	return out
}

// gopymc's softmax against the direct formula and its gradient against finite differences,
// along both axes, with a row of large logits (Gorgonia's op gives NaN there).
func TestSoftMaxValuesAndGradients(t *testing.T) {
	t.Parallel()
	xs := []float64{800, 0, 0, -1, 2, 0.5}
	w := []float64{0.3, -1, 2, 0.7, 1.5, -0.2}
	for _, axis := range []int{0, 1, -1} {
		for _, log := range []bool{false, true} {
			g := G.NewGraph()
			x := G.NewMatrix(g, G.Float64, G.WithShape(2, 3), G.WithName("x"))
			var y *G.Node
			var err error
			if log {
				y, err = LogSoftMax(x, axis)
			} else {
				y, err = SoftMax(x, axis)
			}
			if err != nil {
				t.Fatal(err)
			}
			W := G.NewConstant(tensor.New(tensor.WithShape(2, 3), tensor.WithBacking(w)), G.WithName("W"))
			cost := G.Must(G.Sum(G.Must(G.HadamardProd(y, W))))
			f, err := Compile([]*G.Node{y, cost}, Inputs(x), Grad(cost, x))
			if err != nil {
				t.Fatal(err)
			}
			in := tensor.New(tensor.WithShape(2, 3), tensor.WithBacking(append([]float64(nil), xs...)))
			out := runBoth(t, f, 1e-12, in)
			a := axis
			if a < 0 {
				a += 2
			}
			want := softmaxRef(xs, a, log)
			got := floatsOf(t, out[0])
			for i := range want {
				if !closeRel(got[i], want[i], 1e-12) || math.IsNaN(got[i]) {
					t.Fatalf("axis %d log %v: %v, want %v", axis, log, got, want)
				}
			}
			grad := floatsOf(t, out[2])
			for i := range xs {
				const h = 1e-6
				cp := func(d float64) float64 {
					x := append([]float64(nil), xs...)
					x[i] += d
					r := softmaxRef(x, a, log)
					s := 0.0
					for k := range r {
						s += r[k] * w[k]
					}
					return s
				}
				fd := (cp(h) - cp(-h)) / (2 * h)
				if math.Abs(grad[i]-fd) > 1e-6*math.Max(1, math.Abs(fd)) {
					t.Fatalf("axis %d log %v: gradient[%d] = %v, finite differences %v", axis, log, i, grad[i], fd)
				}
			}
		}
	}
}

// Compile runs gopymc's softmax in place of Gorgonia's, so G.SoftMax in user code is correct
// on large logits too.
func TestGorgoniaSoftMaxIsReplaced(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	x := G.NewMatrix(g, G.Float64, G.WithShape(2, 3), G.WithName("x"))
	y := G.Must(G.SoftMax(x))
	v, err := Eval(y, Given{x, [][]float64{{0, 0, 0}, {800, 0, 0}}})
	if err != nil {
		t.Fatal(err)
	}
	got := floatsOf(t, v)
	want := []float64{1.0 / 3, 1.0 / 3, 1.0 / 3, 1, 0, 0}
	for i := range want {
		if !closeRel(got[i], want[i], 1e-12) {
			t.Fatalf("softmax %v, want %v", got, want)
		}
	}
}
