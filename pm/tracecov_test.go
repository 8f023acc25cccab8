package pm_test

import (
	"math"
	"strings"
	"testing"

	"github.com/gopymc/gopymc/pm"
	"github.com/gopymc/gopymc/trace"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// rmapModel: a ~ N(0, 1) (2, 2), s ~ HalfNormal(1), b ~ N(0, 1): the flat layout is a (4),
// s_log__ (1), b (1).
func rmapModel(t *testing.T) *pm.Model {
	t.Helper()
	m := pm.NewModel()
	pm.Normal(m, "a", 0, 1, pm.Shape(2, 2))
	pm.HalfNormal(m, "s", 1)
	pm.Normal(m, "b", 0, 1)
	if err := m.Err(); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestTraceCov: pm.TraceCov equals gonum's unbiased covariance matrix of the draws' flat
// unconstrained vectors (chains pooled), in the model's ordering.
func TestTraceCov(t *testing.T) {
	t.Parallel()
	m := rmapModel(t)
	tr, err := pm.Sample(m, pm.Seed(1), pm.Chains(2), pm.Draws(200), pm.Tune(100), pm.Output(nil))
	if err != nil {
		t.Fatal(err)
	}
	cov, err := pm.TraceCov(tr, m)
	if err != nil {
		t.Fatal(err)
	}
	n := tr.Len()
	x := mat.NewDense(n, 6, nil)
	a, s, b := tr.Values("a"), tr.Values("s_log__"), tr.Values("b")
	for k := range n {
		for i := range 4 {
			x.Set(k, i, a[4*k+i])
		}
		x.Set(k, 4, s[k])
		x.Set(k, 5, b[k])
	}
	var want mat.SymDense
	stat.CovarianceMatrix(&want, x, nil)
	got := cov.Float64s()
	if !cov.Shape().Eq([]int{6, 6}) {
		t.Fatalf("shape %v, want (6, 6)", cov.Shape())
	}
	for i := range 6 {
		for j := range 6 {
			if w := want.At(i, j); math.Abs(got[i*6+j]-w) > 1e-12 {
				t.Fatalf("cov[%d, %d] = %v, want %v", i, j, got[i*6+j], w)
			}
		}
	}
	other, _ := trace.New([]trace.Var{{Name: "z"}}, 1)
	_ = other.Append(0, [][]float64{{1}})
	_ = other.Append(0, [][]float64{{2}})
	if _, err := pm.TraceCov(other, m); err == nil || !strings.Contains(err.Error(), `no draws of "a"`) {
		t.Errorf("trace of another model: %v", err)
	}
}

// TestApproxData: MeanData, StdData and CovData split the approximation's flat statistics by
// value-variable name in the model's shapes; RMap checks the length.
func TestApproxData(t *testing.T) {
	t.Parallel()
	m := rmapModel(t)
	q, err := pm.Fit(m, pm.Method("fullrank_advi"), pm.N(200), pm.Seed(2), pm.Output(nil))
	if err != nil {
		t.Fatal(err)
	}
	mean, err := pm.MeanData(q)
	if err != nil {
		t.Fatal(err)
	}
	std, err := pm.StdData(q)
	if err != nil {
		t.Fatal(err)
	}
	cov, err := pm.CovData(q)
	if err != nil {
		t.Fatal(err)
	}
	flatMean, flatStd := q.MeanValues(), q.StdValues()
	full, err := pm.Eval(q.Cov())
	if err != nil {
		t.Fatal(err)
	}
	fc := full.Float64s()
	if !mean["a"].Shape().Eq([]int{2, 2}) || !cov["a"].Shape().Eq([]int{2, 2, 2, 2}) || len(mean) != 3 {
		t.Fatalf("shapes: mean a %v, cov a %v, %d names", mean["a"].Shape(), cov["a"].Shape(), len(mean))
	}
	for i := range 4 {
		if mean["a"].Float64s()[i] != flatMean[i] || std["a"].Float64s()[i] != flatStd[i] {
			t.Errorf("a[%d]: mean %v std %v, flat %v %v", i, mean["a"].Float64s()[i], std["a"].Float64s()[i], flatMean[i], flatStd[i])
		}
		for j := range 4 {
			if cov["a"].Float64s()[i*4+j] != fc[i*6+j] {
				t.Errorf("cov a[%d, %d] = %v, want %v", i, j, cov["a"].Float64s()[i*4+j], fc[i*6+j])
			}
		}
	}
	if got := mean["s_log__"].Data().(float64); got != flatMean[4] {
		t.Errorf("s_log__ mean %v, want %v", got, flatMean[4])
	}
	if got := cov["b"].Data().(float64); got != fc[35] {
		t.Errorf("b variance %v, want %v", got, fc[35])
	}
	if _, err := pm.RMap(m, []float64{1, 2}); err == nil || !strings.Contains(err.Error(), "6 unconstrained coordinates") {
		t.Errorf("RMap of a short vector: %v", err)
	}
}
