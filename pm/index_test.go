package pm_test

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/gopymc/gopymc/pm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Every accepted kind of index gives a[idx]: []int, a tensor.Int tensor, an int Shared value
// and its node, and the model log density's gradient adds up the repeats.
func TestIndexKinds(t *testing.T) {
	t.Parallel()
	idx := []int{2, 0, 2, 1}
	kinds := map[string]func(m *pm.Model) any{
		"[]int":         func(*pm.Model) any { return idx },
		"tensor.Int":    func(*pm.Model) any { return tensor.New(tensor.WithShape(4), tensor.WithBacking(slices.Clone(idx))) },
		"*Shared":       func(m *pm.Model) any { return pm.NewShared(m, "idx", idx) },
		"Shared's node": func(m *pm.Model) any { return pm.NewShared(m, "idx", idx).Node() },
	}
	for name, kind := range kinds {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			m := pm.NewModel()
			a := pm.Normal(m, "a", 0.0, 1.0, pm.Shape(3))
			ai, err := pm.Index(a, kind(m))
			if err != nil {
				t.Fatal(err)
			}
			y := []float64{0.5, -1, 2, 0}
			pm.Normal(m, "y", ai, 1.0, pm.Observed(y))
			if err := m.Err(); err != nil {
				t.Fatal(err)
			}
			ld, err := m.LogDensity()
			if err != nil {
				t.Fatal(err)
			}
			x := []float64{0.3, -0.2, 1.1}
			grad := make([]float64, 3)
			for call := 0; call < 3; call++ {
				x[0] += 0.1
				lp, err := ld.LogPGrad(grad, x)
				if err != nil {
					t.Fatal(err)
				}
				wantLp, wantGrad := 0.0, make([]float64, 3)
				for k, xk := range x {
					wantLp += -0.5*xk*xk - 0.5*math.Log(2*math.Pi)
					wantGrad[k] = -xk
				}
				for j, k := range idx {
					d := y[j] - x[k]
					wantLp += -0.5*d*d - 0.5*math.Log(2*math.Pi)
					wantGrad[k] += d
				}
				if math.Abs(lp-wantLp) > 1e-12 {
					t.Fatalf("call %d: logp %v, want %v", call, lp, wantLp)
				}
				for k := range grad {
					if math.Abs(grad[k]-wantGrad[k]) > 1e-12 {
						t.Fatalf("call %d: gradient %v, want %v", call, grad, wantGrad)
					}
				}
			}
		})
	}
}

// Bad indices are errors naming the indexed variable, the index and what is wrong.
func TestIndexBadInput(t *testing.T) {
	t.Parallel()
	m := pm.NewModel()
	theta := pm.Normal(m, "theta", 0.0, 1.0, pm.Shape(4))
	fnode := pm.NewShared(m, "fidx", []float64{0, 1}).Node()
	other := pm.NewModel()
	oidx := pm.NewShared(other, "oidx", []int{0}).Node()
	for _, c := range []struct {
		name string
		idx  any
		want string
	}{
		{"float slice", []float64{0, 1}, `pm: Index("theta", ...): the index is a []float64; indices are integers`},
		{"float node", fnode, `the index has dtype float64, want int`},
		{"float tensor", tensor.New(tensor.WithShape(1), tensor.WithBacking([]float64{1})), "dtype float64, want int"},
		{"out of range", []int{0, 4}, `index "theta.index"[1] = 4 is out of range for axis 0 of length 4`},
		{"negative", []int{-1}, `[0] = -1 is out of range`},
		{"other graph", oidx, `the index node "oidx" belongs to another graph`},
		{"nil", nil, "nil index"},
		{"string", "a", "cannot use a string as an index"},
	} {
		_, err := pm.Index(theta, c.idx)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "theta") {
			t.Errorf("%s: err = %v, want one naming theta and saying %q", c.name, err, c.want)
		}
	}
	if _, err := pm.Index(nil, []int{0}); err == nil {
		t.Error("Index(nil, ...) returned no error")
	}
}

// An index that leaves the range at run time (a Shared value set later) is an error from the
// log density, naming the variable, the index and the length; never a panic.
func TestIndexOutOfRangeAtRunTime(t *testing.T) {
	t.Parallel()
	m := pm.NewModel()
	theta := pm.Normal(m, "theta", 0.0, 1.0, pm.Shape(3))
	idx := pm.NewShared(m, "county_idx", []int{0, 2})
	mu := G.Must(pm.Index(theta, idx))
	pm.Normal(m, "y", mu, 1.0, pm.Observed([]float64{1, 2}))
	ld, err := m.LogDensity()
	if err != nil {
		t.Fatal(err)
	}
	grad := make([]float64, 3)
	if _, err := ld.LogPGrad(grad, []float64{0, 0, 0}); err != nil {
		t.Fatal(err)
	}
	if err := idx.SetValue([]int{0, 7}); err != nil {
		t.Fatal(err)
	}
	_, err = ld.LogPGrad(grad, []float64{0, 0, 0})
	if err == nil || !strings.Contains(err.Error(), `Take from "theta": index "county_idx"[1] = 7 is out of range for axis 0 of length 3`) {
		t.Fatalf("err = %v", err)
	}
}

// Int data stays int through NewShared and NewMinibatch, and an int minibatch of groups
// aligned with an int minibatch of counts indexes a parameter while the counts are observed
// (as float64) in the same rows. The counts are group+1 and the rates λ_g = g+1, so each
// drawn row's likelihood term has zero gradient with respect to log λ_g, k/λ - 1 = 0, only
// if the rows are aligned; the gradient is then the prior's alone, Gamma(2, 1) on log λ with
// its Jacobian: 2 - λ_g, on every call.
func TestIntDataPaths(t *testing.T) {
	t.Parallel()
	m := pm.NewModel()
	if s := pm.NewShared(m, "labels", []int{1, 0, 1}); s.Node().Dtype() != tensor.Int {
		t.Fatalf("NewShared([]int) has dtype %v", s.Node().Dtype())
	}
	groups := []int{0, 1, 2, 0, 1, 2, 2, 1, 0, 0}
	counts := make([]int, len(groups))
	for i, g := range groups {
		counts[i] = g + 1
	}
	mb := pm.NewMinibatch(groups, 4, pm.Aligned(counts))
	if err := mb.Err(); err != nil {
		t.Fatal(err)
	}
	nodes, err := mb.NodesIn(m.Graph())
	if err != nil {
		t.Fatal(err)
	}
	if nodes[0].Dtype() != tensor.Int || nodes[1].Dtype() != tensor.Int {
		t.Fatalf("minibatch dtypes %v %v, want int", nodes[0].Dtype(), nodes[1].Dtype())
	}
	rate := pm.Gamma(m, "rate", 2.0, 1.0, pm.Shape(3))
	pm.Poisson(m, "y", G.Must(pm.Index(rate, nodes[0])), pm.Observed(nodes[1]), pm.TotalSize(len(groups)))
	if err := m.Err(); err != nil {
		t.Fatal(err)
	}
	ld, err := m.LogDensity()
	if err != nil {
		t.Fatal(err)
	}
	grad := make([]float64, 3)
	for call := range 10 {
		if _, err := ld.LogPGrad(grad, []float64{0, math.Log(2), math.Log(3)}); err != nil {
			t.Fatal(err)
		}
		for g := range grad {
			if want := 2 - float64(g+1); math.Abs(grad[g]-want) > 1e-12 {
				t.Fatalf("call %d: gradient %v, want [1 0 -1]: the groups and counts drew different rows", call, grad)
			}
		}
	}
}
