package model

import (
	"math"
	"strings"
	"testing"

	"github.com/gopymc/gopymc/distributions"
	G "gorgonia.org/gorgonia"
)

// mixtureModel is the tutorial's model: x ~ NormalMixture(w=(.2,.8), mu=(-.3,.5), sd=(.1,.1))
// with deterministics x2 = x² and sin_x = sin x.
func mixtureModel(t testing.TB) (*Model, *G.Node) {
	t.Helper()
	m := New()
	w, _ := m.Param("x", "w", []float64{0.2, 0.8})
	mu, _ := m.Param("x", "mu", []float64{-0.3, 0.5})
	sd, _ := m.Param("x", "sigma", []float64{0.1, 0.1})
	d, err := distributions.NewNormalMixture(w, mu, sd)
	if err != nil {
		t.Fatal(err)
	}
	x := m.AddFree("x", d, FreeOptions{Shape: nil})
	m.AddDeterministic("x2", G.Must(G.Square(x)))
	m.AddDeterministic("sin_x", G.Must(G.Sin(x)))
	if err := m.Err(); err != nil {
		t.Fatal(err)
	}
	return m, x
}

func mixtureLogp(x float64) (lp, dlp float64) {
	n := func(m float64) float64 { return math.Exp(-0.5*math.Pow((x-m)/0.1, 2)) / (0.1 * math.Sqrt(2*math.Pi)) }
	p := 0.2*n(-0.3) + 0.8*n(0.5)
	dp := 0.2*n(-0.3)*(-(x+0.3)/0.01) + 0.8*n(0.5)*(-(x-0.5)/0.01)
	return math.Log(p), dp / p
}

func TestMixtureModel(t *testing.T) {
	t.Parallel()
	m, _ := mixtureModel(t)
	x0, err := m.InitialPoint()
	if err != nil {
		t.Fatal(err)
	}
	// PyMC's support point of a NormalMixture is Σ w·mu = 0.34 (the tutorial prints it).
	if len(x0) != 1 || math.Abs(x0[0]-0.34) > 1e-12 {
		t.Fatalf("initial point %v, want [0.34]", x0)
	}
	ld, err := m.LogDensity()
	if err != nil {
		t.Fatal(err)
	}
	grad := make([]float64, 1)
	for _, x := range []float64{-0.3, 0, 0.34, 0.5, 1.2} {
		lp, err := ld.LogPGrad(grad, []float64{x})
		if err != nil {
			t.Fatal(err)
		}
		wantLp, wantD := mixtureLogp(x)
		if math.Abs(lp-wantLp) > 1e-10 || math.Abs(grad[0]-wantD) > 1e-8*math.Max(1, math.Abs(wantD)) {
			t.Errorf("at %v: logp %v grad %v, want %v %v", x, lp, grad[0], wantLp, wantD)
		}
	}
	lp, err := m.LogP(map[string]any{"x": 0.5})
	if want, _ := mixtureLogp(0.5); err != nil || math.Abs(lp-want) > 1e-10 {
		t.Errorf("Model.LogP = %v, %v; want %v", lp, err, want)
	}
	pf, err := m.PointFunc()
	if err != nil {
		t.Fatal(err)
	}
	vars := pf.Vars()
	dst := make([][]float64, len(vars))
	for i := range dst {
		dst[i] = make([]float64, 1)
	}
	if err := pf.Eval(dst, []float64{0.5}); err != nil {
		t.Fatal(err)
	}
	names := []string{vars[0].Name, vars[1].Name, vars[2].Name}
	if strings.Join(names, ",") != "x,x2,sin_x" || dst[0][0] != 0.5 || dst[1][0] != 0.25 || dst[2][0] != math.Sin(0.5) {
		t.Errorf("point %v = %v", names, dst)
	}
}

func TestModelErrors(t *testing.T) {
	t.Parallel()
	m, _ := mixtureModel(t)
	mu, _ := m.Param("y", "mu", 0.0)
	sd, _ := m.Param("y", "sigma", 1.0)
	d, err := distributions.NewNormal(mu, sd)
	if err != nil {
		t.Fatal(err)
	}
	n := m.AddFree("x", d, FreeOptions{})
	if n == nil || m.Err() == nil || !strings.Contains(m.Err().Error(), `"x" is already used`) {
		t.Fatalf("duplicate name: node %v, err %v", n, m.Err())
	}
	// The error sticks; later calls are safe and return it.
	m.AddDeterministic("z", G.Must(G.Cos(n)))
	if _, err := m.LogDensity(); err == nil {
		t.Error("LogDensity after a build error succeeded")
	}
}

func TestTotalSizeScale(t *testing.T) {
	t.Parallel()
	cases := []struct {
		ts    []int
		shape []int
		want  float64
		err   string
	}{
		{nil, []int{3}, 1, ""},
		{[]int{2}, []int{1, 1}, 2, ""},
		{[]int{2, 2}, []int{2, 1}, 2, ""},
		{[]int{2, 2}, []int{1, 2}, 2, ""},
		{[]int{2, 2}, []int{1, 1}, 4, ""},
		{[]int{2, Ellipsis, 2}, []int{1, 1}, 4, ""},
		{[]int{40000, 100}, []int{500, 100}, 80, ""},
		{[]int{10, None, 30}, []int{2, 20, 20, 40, 50}, 5 * 1.5, ""},
		{[]int{10, None, 30, Ellipsis, 50}, []int{2, 20, 20, 40, 10}, 5 * 1.5 * 5, ""},
		{[]int{7}, nil, 7, ""},
		{[]int{Ellipsis, 2, Ellipsis}, []int{1, 1}, 0, "only one Ellipsis"},
		{[]int{2, 2, 2}, []int{1, 1}, 0, "larger than"},
		{[]int{0}, []int{1}, 0, "positive"},
	}
	for _, c := range cases {
		got, err := TotalSizeScale(c.ts, c.shape)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%v on %v: err %v, want %q", c.ts, c.shape, err, c.err)
			}
			continue
		}
		if err != nil || math.Abs(got-c.want) > 1e-12 {
			t.Errorf("%v on %v = %v, %v; want %v", c.ts, c.shape, got, err, c.want)
		}
	}
}
