package distributions

import (
	"math"
	"strings"
	"testing"

	"github.com/gopymc/gopymc/graph"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// replaceCase is a log density over observed data x and parameter inputs, compiled with x
// replaced by data of another number of rows (PyMC's more_replacements={data: minibatch},
// or prediction on test data).
type replaceCase struct {
	name     string
	full     uvArr   // the data the graph is built with
	batch    uvArr   // the data that replaces it
	params   []uvArr // values of the parameter inputs
	elemLen  int     // elements of the batch's per-element log density
	build    func(x *G.Node, p []*G.Node) (Distribution, error)
	closedLp func(batch []float64, p [][]float64) float64 // nil: no closed form
}

func replaceCases() []replaceCase {
	return []replaceCase{
		{
			name:  "Normal with a log-transformed sigma",
			full:  uvMat(10, 3, uvSeq(30, -1.2, 0.09)...),
			batch: uvMat(4, 3, uvSeq(12, 0.3, -0.11)...),
			// mu, log sigma
			params:  []uvArr{uvVec(0.1, -0.2, 0.3), uvVec(-0.1, 0.2, 0.05)},
			elemLen: 12,
			build: func(_ *G.Node, p []*G.Node) (Distribution, error) {
				sigma, err := NewLogTransform().Backward(p[1])
				if err != nil {
					return nil, err
				}
				return NewNormal(p[0], sigma)
			},
			// Σ_ij log N(x_ij | mu_j, exp(s_j)), closed form.
			closedLp: func(b []float64, p [][]float64) float64 {
				lp := 0.0
				for i, v := range b {
					mu, s := p[0][i%3], math.Exp(p[1][i%3])
					z := (v - mu) / s
					lp += -0.5*z*z - math.Log(s) - 0.5*math.Log(2*math.Pi)
				}
				return lp
			},
		},
		{
			name:    "NormalMixture",
			full:    uvVec(uvSeq(10, -1, 0.2)...),
			batch:   uvVec(0.5, -0.3, 0.05, 1.1),
			params:  []uvArr{uvVec(-0.3, 0.5), uvVec(0.4, 0.3)}, // mu, sigma
			elemLen: 4,
			build: func(x *G.Node, p []*G.Node) (Distribution, error) {
				w := constNode(x.Graph(), "replace.w", tensor.Shape{2}, []float64{0.3, 0.7})
				return NewNormalMixture(w, p[0], p[1])
			},
		},
		{
			name:    "Categorical with logit_p",
			full:    uvVec(0, 1, 2, 2, 1, 0, 0, 1, 2, 1),
			batch:   uvVec(2, 0, 0, 1),
			params:  []uvArr{uvVec(0.2, -0.4, 1.1)}, // logit_p
			elemLen: 4,
			build: func(_ *G.Node, p []*G.Node) (Distribution, error) {
				return NewCategoricalLogit(p[0])
			},
		},
	}
}

// compileReplaceCase builds c on data of shape data.shape (holding data's values) and
// compiles its summed log density, its per-element log density and the gradient of the
// sum with respect to the parameters, with the data replaced by with when it is not nil.
func compileReplaceCase(t *testing.T, c replaceCase, data uvArr, with G.Value) *graph.Function {
	t.Helper()
	g := G.NewGraph()
	x := data.node(g, "x")
	p := make([]*G.Node, len(c.params))
	for i, a := range c.params {
		p[i] = G.NewTensor(g, G.Float64, len(a.shape), G.WithShape(a.shape...), G.WithName("p"+string(rune('0'+i))))
	}
	d, err := c.build(x, p)
	if err != nil {
		t.Fatal(err)
	}
	lp, err := d.LogP(x, true)
	if err != nil {
		t.Fatal(err)
	}
	elem, err := d.LogPElem(x, true)
	if err != nil {
		t.Fatal(err)
	}
	opts := []graph.Option{graph.Inputs(p...), graph.Grad(lp, p...)}
	if with != nil {
		opts = append(opts, graph.Replace(x, with))
	}
	fn, err := graph.Compile([]*G.Node{lp, elem}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return fn
}

func TestCompileReplaceDataRows(t *testing.T) {
	t.Parallel()
	// The data of a compiled log density replaced by data with another number of rows:
	// the ops infer their shapes from the new data when graph.Compile re-applies them, and
	// check them again at run time. The compiled results must equal those of the model
	// built on the replacing data directly, through the lean executor and through Gorgonia's
	// TapeMachine (which allocates every node's value from its inferred shape).
	const tol = 1e-12 // relative; the same arithmetic up to summation order
	for _, c := range replaceCases() {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			replaced := compileReplaceCase(t, c, c.full, c.batch.value())
			direct := compileReplaceCase(t, c, c.batch, nil)
			in := make([]any, len(c.params))
			for i, a := range c.params {
				in[i] = a.value()
			}
			got, err := replaced.Run(in...)
			if err != nil {
				t.Fatal(err)
			}
			tape, err := replaced.RunTape(in...)
			if err != nil {
				t.Fatal(err)
			}
			want, err := direct.Run(in...)
			if err != nil {
				t.Fatal(err)
			}
			if s := replaced.OutputShape(1); s.TotalSize() != c.elemLen {
				t.Errorf("per-element log density of shape %v after the replacement, want %d elements", s, c.elemLen)
			}
			for o := range want {
				w := uvFloats(t, want[o])
				for name, vals := range map[string][]G.Value{"executor": got, "TapeMachine": tape} {
					v := uvFloats(t, vals[o])
					if len(v) != len(w) {
						t.Fatalf("%s: output %d has %d elements, want %d", name, o, len(v), len(w))
					}
					for j := range w {
						if !closeTo(v[j], w[j], tol) {
							t.Errorf("%s: output %d element %d = %v, want %v", name, o, j, v[j], w[j])
						}
					}
				}
			}
			if c.closedLp != nil {
				ps := make([][]float64, len(c.params))
				for i, a := range c.params {
					ps[i] = a.data
				}
				if lp, want := uvFloats(t, got[0])[0], c.closedLp(c.batch.data, ps); !closeTo(lp, want, tol) {
					t.Errorf("log density %v, closed form %v", lp, want)
				}
			}
		})
	}
}

func TestCompileReplaceDataMismatch(t *testing.T) {
	t.Parallel()
	// Replacing data by data whose shape does not fit the parameters is an error of
	// Compile naming the shapes, not a failure at run time.
	c := replaceCases()[0]
	g := G.NewGraph()
	x := c.full.node(g, "x")
	mu := G.NewVector(g, G.Float64, G.WithShape(3), G.WithName("mu"))
	d, err := NewNormal(mu, constNode(g, "sigma", tensor.Shape{}, []float64{1}))
	if err != nil {
		t.Fatal(err)
	}
	lp, err := d.LogP(x, true)
	if err != nil {
		t.Fatal(err)
	}
	bad := uvMat(2, 4, uvSeq(8, 0, 1)...).value()
	_, err = graph.Compile([]*G.Node{lp}, graph.Inputs(mu), graph.Grad(lp, mu), graph.Replace(x, bad))
	if err == nil || !strings.Contains(err.Error(), "value shape (2, 4) and mu shape (3): shapes do not broadcast") {
		t.Fatalf("data of shape (2, 4) against mu of shape (3): got %v, want an error naming the shapes", err)
	}
}
