package model

import (
	"math"
	"strings"
	"testing"

	"github.com/gopymc/gopymc/distributions"
)

// dataModel: mu ~ N(0, 10), y ~ N(mu, 1) observed on the data container "y_obs" with
// total_size 100.
func dataModel(t *testing.T, obs []float64) *Model {
	t.Helper()
	m := New()
	y, err := m.NewData("y_obs", obs)
	if err != nil {
		t.Fatal(err)
	}
	m0, _ := m.Param("mu", "mu", 0.0)
	s0, _ := m.Param("mu", "sigma", 10.0)
	prior, _ := distributions.NewNormal(m0, s0)
	mu := m.AddFree("mu", prior, FreeOptions{})
	one, _ := m.Param("y", "sigma", 1.0)
	like, _ := distributions.NewNormal(mu, one)
	m.AddObserved("y", like, y.Node(), []int{100})
	if err := m.Err(); err != nil {
		t.Fatal(err)
	}
	return m
}

// normalLogp is log N(x | mu, sd).
func normalLogp(x, mu, sd float64) float64 {
	z := (x - mu) / sd
	return -0.5*z*z - math.Log(sd) - 0.5*math.Log(2*math.Pi)
}

// wantLogp is the closed-form log density of dataModel at mu: the prior plus
// 100/len(obs) times the observations' log likelihood.
func wantLogp(mu float64, obs []float64) float64 {
	lp := normalLogp(mu, 0, 10)
	s := 0.0
	for _, y := range obs {
		s += normalLogp(y, mu, 1)
	}
	return lp + 100/float64(len(obs))*s
}

// TestSetData: a value of the same shape is seen by a log density compiled before; a value
// with other rows by everything compiled afterwards, with the total_size scale following the
// new rows (PyMC computes it from the data's shape); going back to the original shape
// drops the stand-in; Eval applies the replacement too.
func TestSetData(t *testing.T) {
	t.Parallel()
	obs := []float64{0.5, 1.5, -0.2}
	m := dataModel(t, obs)
	before, err := m.LogDensity()
	if err != nil {
		t.Fatal(err)
	}
	check := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
			t.Errorf("%s: %v, want %v", what, got, want)
		}
	}
	same := []float64{1, 2, 3}
	if err := m.SetData(map[string]any{"y_obs": same}); err != nil {
		t.Fatal(err)
	}
	lp, err := before.LogP([]float64{0.7})
	if err != nil {
		t.Fatal(err)
	}
	check("same shape, compiled before", lp, wantLogp(0.7, same))
	if len(m.DataReplacements()) != 0 {
		t.Error("a value of the same shape made a replacement")
	}

	rows := []float64{0.1, 0.2, 0.3, 0.4, 0.5}
	if err := m.SetData(map[string]any{"y_obs": rows}); err != nil {
		t.Fatal(err)
	}
	if got := m.DataShape(m.ObservedVars()[0].Data); !got.Eq([]int{5}) {
		t.Errorf("DataShape %v, want (5)", got)
	}
	after, err := m.LogDensity()
	if err != nil {
		t.Fatal(err)
	}
	lp, err = after.LogP([]float64{0.7})
	if err != nil {
		t.Fatal(err)
	}
	check("new rows, compiled after", lp, wantLogp(0.7, rows))
	check("normalising constant", after.NormalizingConstant(), 20)
	lp, err = m.LogP(map[string]any{"mu": 0.7})
	if err != nil {
		t.Fatal(err)
	}
	check("Model.LogP", lp, wantLogp(0.7, rows))
	v, err := Eval(m.ObservedVars()[0].Data)
	if err != nil {
		t.Fatal(err)
	}
	if got := flat(toDense(v)); len(got) != 5 || got[4] != 0.5 {
		t.Errorf("Eval of the data after SetData: %v, want the 5 new rows", got)
	}
	lp, err = before.LogP([]float64{0.7})
	if err != nil {
		t.Fatal(err)
	}
	check("new rows, compiled before (keeps the old data)", lp, wantLogp(0.7, same))

	// Five rows again: the stand-in is updated in place.
	rows2 := []float64{1, 1, 1, 1, 1}
	if err := m.SetData(map[string]any{"y_obs": rows2}); err != nil {
		t.Fatal(err)
	}
	lp, err = after.LogP([]float64{0.7})
	if err != nil {
		t.Fatal(err)
	}
	check("same new shape, compiled after", lp, wantLogp(0.7, rows2))
	if err := m.SetData(map[string]any{"y_obs": obs}); err != nil {
		t.Fatal(err)
	}
	if len(m.DataReplacements()) != 0 {
		t.Error("back to the original shape, the replacement stays")
	}
	lp, err = before.LogP([]float64{0.7})
	if err != nil {
		t.Fatal(err)
	}
	check("original shape again", lp, wantLogp(0.7, obs))
}

// TestSetDataErrors: unknown names, other dtypes and ranks are errors naming the container,
// and nothing is set when one value of several is bad.
func TestSetDataErrors(t *testing.T) {
	t.Parallel()
	m := dataModel(t, []float64{1, 2})
	if _, err := m.NewData("x", [][]float64{{1, 2}, {3, 4}}); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		values map[string]any
		want   string
	}{
		{map[string]any{"z": 1.0}, `"z" is not a data container of the model (have [x y_obs])`},
		{map[string]any{"y_obs": [][]float64{{1, 2}}}, `SetData "y_obs": shape (1, 2) has 2 dimensions, the container's (2) has 1`},
		{map[string]any{"y_obs": []int{1, 2}}, `SetData "y_obs": dtype int, the container holds float64`},
		{map[string]any{"x": [][]float64{{9, 9}}, "y_obs": "a"}, `SetData "y_obs"`},
	}
	for _, c := range cases {
		if err := m.SetData(c.values); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("SetData(%v): error %v, want one containing %q", c.values, err, c.want)
		}
	}
	x, _ := m.Data("x")
	if got := x.Data(); got[0] != 1 {
		t.Errorf("x was set although another value was bad: %v", got)
	}
	if len(m.DataReplacements()) != 0 {
		t.Error("a failed SetData left a replacement")
	}
	if _, err := m.NewData("x", 1.0); err == nil || !strings.Contains(err.Error(), `"x" is already used`) {
		t.Errorf("NewData twice: %v", err)
	}
}
