package approximations_test

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/gopymc/gopymc/approximations"
	"github.com/gopymc/gopymc/pm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// linearModel: X a 4×2 Shared value, w ~ N(0, 1) (2), s ~ HalfNormal(1); mean = X·w is the
// output of interest; y ~ N(mean, s) observed. The mean-field approximation is set to
// mu = (1, -2, 0.3), sd = (0.5, 0.25, 1).
func linearModel(t *testing.T) (*pm.Model, *pm.Shared, *G.Node, *approximations.MeanField) {
	t.Helper()
	m := pm.NewModel()
	X := pm.NewShared(m, "X", [][]float64{{1, 0}, {0, 1}, {1, 1}, {2, -1}})
	w := pm.Normal(m, "w", 0, 1, pm.Shape(2))
	s := pm.HalfNormal(m, "s", 1)
	mean := G.Must(G.Mul(X.Node(), w))
	pm.Normal(m, "y", mean, s, pm.Observed([]float64{1, -2, -1, 4}))
	if err := m.Err(); err != nil {
		t.Fatal(err)
	}
	q, err := approximations.NewMeanField(m)
	if err != nil {
		t.Fatal(err)
	}
	p := q.FlatParams() // mu (3), then rho (3)
	copy(p, []float64{1, -2, 0.3})
	for i, sd := range []float64{0.5, 0.25, 1} {
		p[3+i] = math.Log(math.Expm1(sd))
	}
	return m, X, mean, q
}

// TestFunctionRows: one compiled function of [X, n] gives (n, rows) draws of X·w for 4 rows
// and for 7 rows; with UseMean every draw is X·mu exactly; the draws' mean and sd agree
// with X·mu and sqrt((X∘X)·sd²) within 4.5 standard errors; 1 and 2 cores give identical
// draws, and two calls different draws.
func TestFunctionRows(t *testing.T) {
	t.Parallel()
	m, X, mean, q := linearModel(t)
	n := pm.IntScalar(m, "n")
	mu, sd := []float64{1, -2}, []float64{0.5, 0.25}
	rows7 := [][]float64{{1, 0}, {0, 1}, {1, 1}, {2, -1}, {-3, 0.5}, {0, 0}, {0.1, 10}}
	t.Run("mean", func(t *testing.T) {
		t.Parallel()
		f, err := approximations.Function(q, []*G.Node{X.Node(), n}, []*G.Node{mean}, pm.UseMean())
		if err != nil {
			t.Fatal(err)
		}
		for _, rows := range [][][]float64{rows7[:4], rows7, rows7[:1]} {
			out, err := f.Call(rows, 3)
			if err != nil {
				t.Fatal(err)
			}
			if got := out[0].Shape(); !got.Eq(tensor.Shape{3, len(rows)}) {
				t.Fatalf("shape %v, want (3, %d)", got, len(rows))
			}
			d := out[0].Float64s()
			for r := range 3 {
				for i, row := range rows {
					if want := row[0]*mu[0] + row[1]*mu[1]; math.Abs(d[r*len(rows)+i]-want) > 1e-12 {
						t.Fatalf("draw %d row %d: %v, want %v", r, i, d[r*len(rows)+i], want)
					}
				}
			}
		}
	})
	t.Run("draws", func(t *testing.T) {
		t.Parallel()
		const draws = 20000
		run := func(cores int) (*approximations.PosteriorFunction, []float64) {
			f, err := approximations.Function(q, []*G.Node{X.Node(), n}, []*G.Node{mean}, pm.Seed(4), pm.Cores(cores))
			if err != nil {
				t.Fatal(err)
			}
			out, err := f.Call(rows7, draws)
			if err != nil {
				t.Fatal(err)
			}
			return f, out[0].Float64s()
		}
		f, d := run(2)
		_, d1 := run(1)
		if !slices.Equal(d, d1) {
			t.Error("Cores(1) and Cores(2) give different draws")
		}
		again, err := f.Call(rows7, draws)
		if err != nil {
			t.Fatal(err)
		}
		if slices.Equal(again[0].Float64s(), d) {
			t.Error("two calls give the same draws")
		}
		for i, row := range rows7 {
			var s, s2 float64
			for r := range draws {
				x := d[r*len(rows7)+i]
				s += x
				s2 += x * x
			}
			m := s / draws
			v := s2/draws - m*m
			wantM := row[0]*mu[0] + row[1]*mu[1]
			wantV := row[0]*row[0]*sd[0]*sd[0] + row[1]*row[1]*sd[1]*sd[1]
			if se := math.Sqrt(wantV / draws); math.Abs(m-wantM) > 4.5*se+1e-12 {
				t.Errorf("row %d: mean %v, want %v ± %v", i, m, wantM, 4.5*se)
			}
			if se := wantV * math.Sqrt(2.0/draws); math.Abs(v-wantV) > 4.5*se+1e-12 {
				t.Errorf("row %d: variance %v, want %v ± %v", i, v, wantV, 4.5*se)
			}
		}
	})
}

// TestFunctionPlaceholder: PyMC's idiom, a placeholder standing for the training data
// through MoreReplacements, with a fixed Size and no int input; and a single draw without a
// draw axis.
func TestFunctionPlaceholder(t *testing.T) {
	t.Parallel()
	m, X, mean, q := linearModel(t)
	x := G.NewMatrix(m.Graph(), G.Float64, G.WithShape(2, 2), G.WithName("x_placeholder"))
	f, err := approximations.Function(q, []*G.Node{x}, []*G.Node{mean}, pm.Size(5), pm.UseMean(),
		pm.MoreReplacements(pm.Replace(X.Node(), x)))
	if err != nil {
		t.Fatal(err)
	}
	out, err := f.Call([][]float64{{2, 0}, {0, 3}, {1, 1}})
	if err != nil {
		t.Fatal(err)
	}
	if got := out[0].Shape(); !got.Eq(tensor.Shape{5, 3}) {
		t.Fatalf("shape %v, want (5, 3)", got)
	}
	if got := out[0].Float64s()[:3]; !slices.Equal(got, []float64{2, -6, -1}) {
		t.Errorf("first draw %v, want [2 -6 -1]", got)
	}
	one, err := approximations.Function(q, nil, []*G.Node{mean}, pm.UseMean())
	if err != nil {
		t.Fatal(err)
	}
	out, err = one.Call()
	if err != nil {
		t.Fatal(err)
	}
	if got := out[0].Shape(); !got.Eq(tensor.Shape{4}) {
		t.Errorf("shape %v, want (4): one draw, no draw axis", got)
	}
}

// TestFunctionBadInputs: clear errors for bad inputs, values and options, and for an op that
// cannot follow a new number of rows.
func TestFunctionBadInputs(t *testing.T) {
	t.Parallel()
	m, X, mean, q := linearModel(t)
	n := pm.IntScalar(m, "n")
	n2 := pm.IntScalar(m, "n2")
	w, _ := m.FreeVar("w")
	build := []struct {
		name    string
		inputs  []*G.Node
		outputs []*G.Node
		opts    []pm.Option
		want    string
	}{
		{"two sizes", []*G.Node{n, n2}, []*G.Node{mean}, nil, "both int scalars"},
		{"value variable", []*G.Node{w.Value}, []*G.Node{mean}, nil, `the value variable "w"`},
		{"computed input", []*G.Node{mean}, []*G.Node{mean}, nil, "is not an input node"},
		{"no outputs", nil, nil, nil, "no outputs"},
		{"size twice", []*G.Node{n}, []*G.Node{mean}, []pm.Option{pm.Size(3)}, "not both"},
		{"bad size", nil, []*G.Node{mean}, []pm.Option{pm.Size(0)}, "Size must be >= 1"},
		{"bad option", nil, []*G.Node{mean}, []pm.Option{pm.Draws(3)}, "does not apply to Function"},
	}
	for _, c := range build {
		if _, err := approximations.Function(q, c.inputs, c.outputs, c.opts...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
	f, err := approximations.Function(q, []*G.Node{X.Node(), n}, []*G.Node{mean})
	if err != nil {
		t.Fatal(err)
	}
	calls := []struct {
		name   string
		values []any
		want   string
	}{
		{"count", []any{[][]float64{{1, 2}}}, "got 1 values for 2 inputs"},
		{"size type", []any{[][]float64{{1, 2}}, 2.5}, "give an int"},
		{"size value", []any{[][]float64{{1, 2}}, 0}, "must be >= 1"},
		{"rank", []any{[]float64{1, 2}, 3}, "has 1 dimensions, want 2"},
		{"columns", []any{[][]float64{{1, 2, 3}}, 3}, "the inner dimensions 3 and 2 must agree"},
	}
	for _, c := range calls {
		if _, err := f.Call(c.values...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
	// A reshape to a fixed shape cannot follow new rows.
	flat := G.Must(G.Reshape(mean, tensor.Shape{2, 2}))
	fr, err := approximations.Function(q, []*G.Node{X.Node()}, []*G.Node{flat})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fr.Call([][]float64{{1, 2}, {3, 4}}); err == nil || !strings.Contains(err.Error(), "reshape") {
		t.Errorf("reshape after new rows: error %v", err)
	}
}

// TestFunctionAfterSetData: a Shared value's node given as an input takes the call's value
// even after SetData gave the container other rows; an expression of a container that is not
// an input sees SetData's rows.
func TestFunctionAfterSetData(t *testing.T) {
	t.Parallel()
	m, X, mean, q := linearModel(t)
	if err := m.SetData(map[string]any{"X": [][]float64{{1, 1}, {2, 2}}}); err != nil {
		t.Fatal(err)
	}
	f, err := approximations.Function(q, []*G.Node{X.Node()}, []*G.Node{mean}, pm.UseMean())
	if err != nil {
		t.Fatal(err)
	}
	out, err := f.Call([][]float64{{1, 0}, {0, 1}, {1, 1}, {2, -1}})
	if err != nil {
		t.Fatal(err)
	}
	if got := out[0].Float64s(); !slices.Equal(got, []float64{1, -2, -1, 4}) {
		t.Errorf("with the input's value: %v, want [1 -2 -1 4]", got)
	}
	g, err := approximations.Function(q, nil, []*G.Node{mean}, pm.UseMean())
	if err != nil {
		t.Fatal(err)
	}
	out, err = g.Call()
	if err != nil {
		t.Fatal(err)
	}
	if got := out[0].Float64s(); !slices.Equal(got, []float64{-1, -2}) {
		t.Errorf("with SetData's rows: %v, want [-1 -2]", got)
	}
}

// TestSampleNodePlaceholderHint: a sample node whose replacement is a placeholder without a
// value says to use Function.
func TestSampleNodePlaceholderHint(t *testing.T) {
	t.Parallel()
	m, X, mean, q := linearModel(t)
	x := pm.Placeholder(m, "x", 2, 2)
	_, err := q.SampleNode(mean, pm.MoreReplacements(pm.Replace(X.Node(), x)))
	if err == nil || !strings.Contains(err.Error(), "compile a function of them with Function (pm.Function)") {
		t.Errorf("error %v", err)
	}
}
