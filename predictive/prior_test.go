package predictive_test

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/gopymc/gopymc/distributions"
	"github.com/gopymc/gopymc/internal/testmodels"
	"github.com/gopymc/gopymc/model"
	"github.com/gopymc/gopymc/predictive"
	"gonum.org/v1/gonum/stat"
	G "gorgonia.org/gorgonia"
)

// priorModel: mu ~ N(4, 2), b ~ N(mu, 1), sigma ~ HalfNormal(2), y ~ N(mu, 3) observed (2),
// z ~ N(0, sigma) observed, and mu2 = 2 mu.
func priorModel(t *testing.T) *model.Model {
	t.Helper()
	m := model.New()
	mu := testmodels.Normal(m, "mu", 4.0, 2.0, model.FreeOptions{})
	testmodels.Normal(m, "b", mu, 1.0, model.FreeOptions{})
	s2, _ := m.Param("sigma", "sigma", 2.0)
	hn, err := distributions.NewHalfNormal(s2)
	if err != nil {
		t.Fatal(err)
	}
	sigma := m.AddFree("sigma", hn, model.FreeOptions{})
	three, _ := m.Param("y", "sigma", 3.0)
	ly, _ := distributions.NewNormal(mu, three)
	m.AddObserved("y", ly, []float64{0, 1}, nil)
	zero, _ := m.Param("z", "mu", 0.0)
	lz, _ := distributions.NewNormal(zero, sigma)
	m.AddObserved("z", lz, 0.5, nil)
	m.AddDeterministic("mu2", G.Must(G.Mul(mu, G.NewConstant(2.0, G.WithName("two")))))
	if err := m.Err(); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestPriorMoments: prior predictive draws have the priors' moments (mu: 4, 4; b: 4, 5;
// sigma: 2√(2/π), 4(1-2/π); y: 4, 13 with cov(y0, y1) = 4; z: 0, E sigma² = 4), each within
// 4.5 Monte Carlo standard errors (for variances the normal-theory error v√(2/n), doubled
// for z, a scale mixture); mu2 = 2 mu exactly.
func TestPriorMoments(t *testing.T) {
	t.Parallel()
	const n = 20000
	m := priorModel(t)
	pr, err := predictive.Prior(t.Context(), m, predictive.Settings{Samples: n, Seed: 11})
	if err != nil {
		t.Fatal(err)
	}
	wantNames := []string{"mu", "b", "sigma", "mu2", "y", "z"}
	var names []string
	for _, v := range pr.Vars() {
		names = append(names, v.Name)
	}
	if !slices.Equal(names, wantNames) {
		t.Fatalf("variables %v, want %v", names, wantNames)
	}
	check := func(name string, x []float64, mean, variance, varTol float64) {
		t.Helper()
		m, v := stat.MeanVariance(x, nil)
		if se := math.Sqrt(variance / float64(len(x))); math.Abs(m-mean) > 4.5*se {
			t.Errorf("%s: mean %.4f, want %.4f ± %.4f", name, m, mean, 4.5*se)
		}
		if se := varTol * variance * math.Sqrt(2/float64(len(x))); math.Abs(v-variance) > 4.5*se {
			t.Errorf("%s: variance %.4f, want %.4f ± %.4f", name, v, variance, 4.5*se)
		}
	}
	mu := pr.Values("mu")
	check("mu", mu, 4, 4, 1)
	check("b", pr.Values("b"), 4, 5, 1)
	check("sigma", pr.Values("sigma"), 2*math.Sqrt(2/math.Pi), 4*(1-2/math.Pi), 1.5)
	check("z", pr.Values("z"), 0, 4, 2)
	y := pr.Values("y")
	y0, y1 := make([]float64, n), make([]float64, n)
	for k := range n {
		y0[k], y1[k] = y[2*k], y[2*k+1]
	}
	check("y[0]", y0, 4, 13, 1)
	check("y[1]", y1, 4, 13, 1)
	if c, se := stat.Covariance(y0, y1, nil), 13/math.Sqrt(n); math.Abs(c-4) > 4.5*se {
		t.Errorf("cov(y0, y1) = %.4f, want 4 ± %.4f", c, 4.5*se)
	}
	for k, x := range pr.Values("mu2") {
		if x != 2*mu[k] {
			t.Fatalf("mu2[%d] = %v, want 2 mu = %v", k, x, 2*mu[k])
		}
	}
	for _, s := range pr.Values("sigma") {
		if !(s > 0) {
			t.Fatalf("sigma draw %v outside the support", s)
		}
	}
}

// TestPriorDefaultsAndCores: 500 draws by default; the same seed gives identical draws on 1
// and 2 cores.
func TestPriorDefaultsAndCores(t *testing.T) {
	t.Parallel()
	m := priorModel(t)
	a, err := predictive.Prior(t.Context(), m, predictive.Settings{Seed: 2, Cores: 1, VarNames: []string{"y", "sigma"}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := predictive.Prior(t.Context(), m, predictive.Settings{Seed: 2, Cores: 2, VarNames: []string{"y", "sigma"}})
	if err != nil {
		t.Fatal(err)
	}
	if a.Len() != 500 {
		t.Errorf("%d draws, want PyMC's default 500", a.Len())
	}
	for _, name := range []string{"y", "sigma"} {
		if !slices.Equal(a.Values(name), b.Values(name)) {
			t.Errorf("%s: Cores(1) and Cores(2) differ", name)
		}
	}
}

// TestPriorImproper: a Flat prior cannot be drawn, and the error names the variable.
func TestPriorImproper(t *testing.T) {
	t.Parallel()
	m := model.New()
	flat, _ := distributions.NewFlat()
	m.AddFree("a", flat, model.FreeOptions{})
	_, err := predictive.Prior(t.Context(), m, predictive.Settings{})
	if err == nil || !strings.Contains(err.Error(), `free variable "a" (Flat): distributions: Flat: cannot sample from an improper distribution`) {
		t.Errorf("error %v", err)
	}
}
