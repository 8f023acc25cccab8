package graph

import (
	"fmt"
	"strings"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// twinValues returns two tensors of the given shape, equal except in the middle element:
// Gorgonia prints both alike (it elides the middle of long vectors and wide matrices), which
// used to make them one node (issue 12).
func twinValues(shape ...int) (a, b *tensor.Dense) {
	n := tensor.Shape(shape).TotalSize()
	da, db := make([]float64, n), make([]float64, n)
	for i := range da {
		da[i] = 0.1 * float64(i+1)
		db[i] = da[i]
	}
	da[n/2], db[n/2] = 1, 2
	return tensor.New(tensor.WithShape(shape...), tensor.WithBacking(da)),
		tensor.New(tensor.WithShape(shape...), tensor.WithBacking(db))
}

// twinShapes are shapes whose printed form elides the middle element.
var twinShapes = [][]int{{9}, {20}, {1, 10}, {10, 1}, {10, 10}, {3, 9, 2}}

func TestIssue12ConstantsNeverMerge(t *testing.T) {
	t.Parallel()
	for _, shape := range twinShapes {
		t.Run(fmt.Sprint(shape), func(t *testing.T) {
			t.Parallel()
			a, b := twinValues(shape...)
			if fmt.Sprint(a) != fmt.Sprint(b) {
				t.Logf("%v prints its values in full: the test shows no Gorgonia merge here", shape)
			}
			g := G.NewGraph()
			ca, err := NewConstant(g, "c", a)
			if err != nil {
				t.Fatal(err)
			}
			cb, err := NewConstant(g, "c", b)
			if err != nil {
				t.Fatal(err)
			}
			if ca == cb {
				t.Fatal("NewConstant returned one node for two different values")
			}
			if ca.Name() == cb.Name() {
				t.Errorf("both constants are named %q", ca.Name())
			}
			for _, c := range []struct {
				n    *G.Node
				want *tensor.Dense
			}{{ca, a}, {cb, b}} {
				v, ok := ConstantValue(c.n)
				if !ok || !IsConstant(c.n) {
					t.Fatalf("%s is not a constant", c.n.Name())
				}
				if !equalFloats(floatsOf(t, v), c.want.Float64s()) {
					t.Fatalf("%s holds %v, want %v", c.n.Name(), v, c.want)
				}
			}

			// Expressions over them stay apart too (a node's hash covers its children's), and
			// Compile's copy keeps them apart in the compiled graph.
			x := G.NewTensor(g, G.Float64, len(shape), G.WithShape(shape...), G.WithName("x"))
			sa := G.Must(G.Sum(G.Must(G.HadamardProd(x, ca))))
			sb := G.Must(G.Sum(G.Must(G.HadamardProd(x, cb))))
			if sa == sb {
				t.Fatal("x⊙a and x⊙b are one node")
			}
			f, err := Compile([]*G.Node{sa, sb}, Inputs(x))
			if err != nil {
				t.Fatal(err)
			}
			ones := tensor.New(tensor.WithShape(shape...), tensor.Of(tensor.Float64))
			ones.Memset(1.0)
			out := runBoth(t, f, 0, ones)
			if got, want := floatsOf(t, out[1])[0]-floatsOf(t, out[0])[0], 1.0; !closeRel(got, want, 1e-12) {
				t.Fatalf("Σb - Σa = %v, want %v", got, want)
			}

			// Values given as replacements become constants of the compiled graph.
			p := G.NewTensor(g, G.Float64, len(shape), G.WithShape(shape...), G.WithName("p"))
			q := G.NewTensor(g, G.Float64, len(shape), G.WithShape(shape...), G.WithName("q"))
			sp := G.Must(G.Sum(G.Must(G.HadamardProd(x, p))))
			sq := G.Must(G.Sum(G.Must(G.HadamardProd(x, q))))
			f, err = Compile([]*G.Node{sp, sq}, Inputs(x), Replace(p, a), Replace(q, b))
			if err != nil {
				t.Fatal(err)
			}
			out = runBoth(t, f, 0, ones)
			if got, want := floatsOf(t, out[1])[0]-floatsOf(t, out[0])[0], 1.0; !closeRel(got, want, 1e-12) {
				t.Fatalf("replacements: Σb - Σa = %v, want %v", got, want)
			}
		})
	}
}

// A constant owns its value: changing the value given to NewConstant afterwards changes
// nothing, and a compiled run cannot change the constant.
func TestConstantOwnsItsValue(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	v := vec(1, 2, 3)
	c, err := NewConstant(g, "c", v)
	if err != nil {
		t.Fatal(err)
	}
	v.Float64s()[0] = 100
	x := G.NewVector(g, G.Float64, G.WithShape(3), G.WithName("x"))
	y := G.Must(G.Add(x, c))
	cost := G.Must(G.Sum(G.Must(G.HadamardProd(y, c))))
	f, err := Compile([]*G.Node{y, cost}, Inputs(x), Grad(cost, x))
	if err != nil {
		t.Fatal(err)
	}
	for run := 0; run < 3; run++ {
		out := runBoth(t, f, 0, vec(1, 1, 1))
		if got := floatsOf(t, out[0]); !equalFloats(got, []float64{2, 3, 4}) {
			t.Fatalf("run %d: x + c = %v, want [2 3 4]", run, got)
		}
	}
	if got, _ := ConstantValue(c); !equalFloats(floatsOf(t, got), []float64{1, 2, 3}) {
		t.Fatalf("the constant now holds %v", got)
	}
}

func TestNewConstantBadInput(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	for _, c := range []struct {
		name  string
		g     *G.ExprGraph
		value any
		want  string
	}{
		{"nil graph", nil, 1.0, "nil graph"},
		{"nil value", g, nil, "nil value"},
		{"string", g, "abc", "cannot use string"},
		{"ragged matrix", g, [][]float64{{1, 2}, {3}}, "row 1 has 1 columns"},
	} {
		_, err := NewConstant(c.g, "k", c.value)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), `"k"`) {
			t.Errorf("%s: err = %v, want one naming the constant and saying %q", c.name, err, c.want)
		}
	}
}
