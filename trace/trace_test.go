package trace

import (
	"slices"
	"strings"
	"sync"
	"testing"
)

// newTestTrace returns a trace of a scalar "mu", a transformed scalar "sigma_log__" and a
// 2×3 "beta", with 2 chains.
func newTestTrace(t *testing.T) *Trace {
	t.Helper()
	tr, err := New([]Var{
		{Name: "mu"},
		{Name: "sigma_log__", Transformed: true},
		{Name: "beta", Shape: []int{2, 3}},
	}, 2)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func mustAppend(t *testing.T, tr *Trace, chain int, values ...[]float64) {
	t.Helper()
	if err := tr.Append(chain, values); err != nil {
		t.Fatal(err)
	}
}

func TestNewErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		vars   []Var
		chains int
		want   string
	}{
		{"no chains", []Var{{Name: "x"}}, 0, `trace: chains must be at least 1, got 0`},
		{"empty name", []Var{{Name: "x"}, {}}, 1, `trace: variable 1 has an empty name`},
		{"duplicate", []Var{{Name: "x"}, {Name: "x", Shape: []int{2}}}, 1, `trace: duplicate variable "x"`},
		{"negative dim", []Var{{Name: "b", Shape: []int{2, -1}}}, 1, `trace: variable "b" has a negative dimension in shape [2 -1]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := New(tt.vars, tt.chains)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("New error = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestAppendAndAccessors(t *testing.T) {
	t.Parallel()
	tr := newTestTrace(t)
	// Chain 0: two draws, chain 1: one draw.
	b0 := []float64{1, 2, 3, 4, 5, 6}
	mustAppend(t, tr, 0, []float64{0.5}, []float64{-1}, b0)
	b0[0] = 100 // Append copies.
	mustAppend(t, tr, 0, []float64{1.5}, []float64{-2}, []float64{7, 8, 9, 10, 11, 12})
	mustAppend(t, tr, 1, []float64{2.5}, []float64{-3}, []float64{13, 14, 15, 16, 17, 18})

	if got := tr.Chains(); got != 2 {
		t.Errorf("Chains = %d, want 2", got)
	}
	if got := []int{tr.Draws(0), tr.Draws(1), tr.Draws(2), tr.Len()}; !slices.Equal(got, []int{2, 1, 0, 3}) {
		t.Errorf("Draws(0), Draws(1), Draws(2), Len = %v, want [2 1 0 3]", got)
	}
	if got := tr.Values("mu"); !slices.Equal(got, []float64{0.5, 1.5, 2.5}) {
		t.Errorf("Values(mu) = %v", got)
	}
	wantBeta := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18}
	if got := tr.Values("beta"); !slices.Equal(got, wantBeta) {
		t.Errorf("Values(beta) = %v, want %v", got, wantBeta)
	}
	if got := tr.ChainValues("beta", 1); !slices.Equal(got, wantBeta[12:]) {
		t.Errorf("ChainValues(beta, 1) = %v", got)
	}
	got := tr.ChainValues("mu", 0)
	got[0] = 99 // a copy
	if tr.Values("mu")[0] != 0.5 {
		t.Error("ChainValues returned the trace's storage, want a copy")
	}
	if tr.Values("nope") != nil || tr.ChainValues("mu", 2) != nil || tr.ChainValues("nope", 0) != nil {
		t.Error("unknown variable or chain: want nil")
	}
	if s := tr.Shape("mu"); s == nil || len(s) != 0 {
		t.Errorf("Shape(mu) = %#v, want empty non-nil", s)
	}
	if s := tr.Shape("beta"); !slices.Equal(s, []int{2, 3}) {
		t.Errorf("Shape(beta) = %v", s)
	}
	if tr.Shape("nope") != nil {
		t.Error("Shape(nope) != nil")
	}
	if !tr.Has("sigma_log__") || tr.Has("sigma") {
		t.Error("Has wrong")
	}
	if got := []int{tr.Size("mu"), tr.Size("beta"), tr.Size("nope")}; !slices.Equal(got, []int{1, 6, -1}) {
		t.Errorf("Size = %v", got)
	}
	vars := tr.Vars()
	if len(vars) != 3 || vars[1].Name != "sigma_log__" || !vars[1].Transformed || !slices.Equal(vars[2].Shape, []int{2, 3}) {
		t.Errorf("Vars = %+v", vars)
	}
	vars[2].Shape[0] = 7
	if tr.Shape("beta")[0] != 2 {
		t.Error("Vars returned the trace's shape, want a copy")
	}
}

func TestAppendErrors(t *testing.T) {
	t.Parallel()
	tr := newTestTrace(t)
	tests := []struct {
		name   string
		chain  int
		values [][]float64
		want   string
	}{
		{"chain high", 2, nil, `trace: chain 2 out of range [0, 2)`},
		{"chain negative", -1, nil, `trace: chain -1 out of range [0, 2)`},
		{"count", 0, [][]float64{{1}}, `trace: Append to chain 0: got 1 value slices, want 3 (one per variable)`},
		{"length", 0, [][]float64{{1}, {2}, {1, 2, 3}}, `trace: Append to chain 0: variable "beta" has 3 values, want 6 (shape [2 3])`},
	}
	for _, tt := range tests {
		if err := tr.Append(tt.chain, tt.values); err == nil || err.Error() != tt.want {
			t.Errorf("%s: Append error = %v, want %q", tt.name, err, tt.want)
		}
	}
	if tr.Len() != 0 {
		t.Errorf("failed Appends stored draws: Len = %d", tr.Len())
	}
}

func TestAppendStats(t *testing.T) {
	t.Parallel()
	tr := newTestTrace(t)
	names := []string{"depth", "diverging"}
	for c, rows := range [][][]float64{{{3, 0}, {4, 1}}, {{5, 0}}} {
		for _, r := range rows {
			if err := tr.AppendStats(c, names, r); err != nil {
				t.Fatal(err)
			}
		}
	}
	if got := tr.Stat("depth"); !slices.Equal(got, []float64{3, 4, 5}) {
		t.Errorf("Stat(depth) = %v", got)
	}
	if got := tr.ChainStat("diverging", 0); !slices.Equal(got, []float64{0, 1}) {
		t.Errorf("ChainStat(diverging, 0) = %v", got)
	}
	if got := tr.StatNames(); !slices.Equal(got, names) {
		t.Errorf("StatNames = %v", got)
	}
	if tr.Stat("energy") != nil || tr.ChainStat("depth", 5) != nil {
		t.Error("unknown statistic or chain: want nil")
	}
	errs := []struct {
		chain  int
		names  []string
		values []float64
		want   string
	}{
		{0, []string{"depth"}, []float64{1}, `trace: AppendStats to chain 0: names ["depth"] differ from the chain's first call ["depth" "diverging"]`},
		{0, names, []float64{1}, `trace: AppendStats to chain 0: 2 names but 1 values`},
		{3, names, []float64{1, 2}, `trace: chain 3 out of range [0, 2)`},
	}
	for _, e := range errs {
		if err := tr.AppendStats(e.chain, e.names, e.values); err == nil || err.Error() != e.want {
			t.Errorf("AppendStats error = %v, want %q", err, e.want)
		}
	}
	tr2 := newTestTrace(t)
	if err := tr2.AppendStats(0, []string{"a", "a"}, []float64{1, 2}); err == nil || err.Error() != `trace: AppendStats to chain 0: duplicate statistic "a"` {
		t.Errorf("duplicate statistic: error = %v", err)
	}
}

func TestSetChain(t *testing.T) {
	t.Parallel()
	tr := newTestTrace(t)
	if err := tr.SetChain(0, "mu", []float64{1, 2, 3}); err != nil {
		t.Fatal(err)
	}
	if got := tr.Draws(0); got != 3 {
		t.Errorf("Draws after one SetChain = %d, want 3", got)
	}
	// The chain is incomplete until every variable holds 3 draws.
	if err := tr.Append(0, [][]float64{{1}, {1}, make([]float64, 6)}); err == nil || !strings.Contains(err.Error(), "chain is incomplete") {
		t.Errorf("Append to incomplete chain: error = %v", err)
	}
	errs := []struct {
		name string
		data []float64
		want string
	}{
		{"nope", nil, `trace: unknown variable "nope"`},
		{"beta", make([]float64, 7), `trace: SetChain of "beta" on chain 0: 7 values is not a multiple of the variable's size 6 (shape [2 3])`},
		{"beta", make([]float64, 12), `trace: SetChain of "beta" on chain 0: 2 draws, but variable "mu" holds 3`},
	}
	for _, e := range errs {
		if err := tr.SetChain(0, e.name, e.data); err == nil || err.Error() != e.want {
			t.Errorf("SetChain error = %v, want %q", err, e.want)
		}
	}
	beta := make([]float64, 18)
	for i := range beta {
		beta[i] = float64(i)
	}
	for _, step := range []struct {
		name string
		data []float64
	}{{"sigma_log__", []float64{-1, -2, -3}}, {"beta", beta}} {
		if err := tr.SetChain(0, step.name, step.data); err != nil {
			t.Fatal(err)
		}
	}
	beta[0] = 42 // SetChain copies.
	mustAppend(t, tr, 0, []float64{4}, []float64{-4}, make([]float64, 6))
	if got := tr.Values("mu"); !slices.Equal(got, []float64{1, 2, 3, 4}) {
		t.Errorf("Values(mu) = %v", got)
	}
	if got := tr.Values("beta")[:3]; !slices.Equal(got, []float64{0, 1, 2}) {
		t.Errorf("Values(beta)[:3] = %v", got)
	}
	// Replacing with the same number of draws is allowed.
	if err := tr.SetChain(0, "mu", []float64{5, 6, 7, 8}); err != nil {
		t.Fatal(err)
	}
	if got := tr.Values("mu"); !slices.Equal(got, []float64{5, 6, 7, 8}) {
		t.Errorf("Values(mu) after replace = %v", got)
	}
}

func TestZeroSizeVariable(t *testing.T) {
	t.Parallel()
	tr, err := New([]Var{{Name: "empty", Shape: []int{0, 3}}, {Name: "x"}}, 1)
	if err != nil {
		t.Fatal(err)
	}
	mustAppend(t, tr, 0, nil, []float64{1})
	mustAppend(t, tr, 0, []float64{}, []float64{2})
	if got := tr.Draws(0); got != 2 {
		t.Errorf("Draws = %d, want 2", got)
	}
	if m := tr.Mean("empty"); m == nil || len(m) != 0 {
		t.Errorf("Mean(empty) = %#v, want empty non-nil", m)
	}
	if err := tr.SetChain(0, "empty", []float64{1}); err == nil {
		t.Error("SetChain of values into a zero-size variable: want error")
	}
}

func TestSamplerInfo(t *testing.T) {
	t.Parallel()
	tr := newTestTrace(t)
	if _, ok := tr.SamplerInfo(0); ok {
		t.Error("SamplerInfo before SetSamplerInfo: ok = true")
	}
	diag := []float64{0.5, 2}
	if err := tr.SetSamplerInfo(1, SamplerInfo{Tune: 1000, MaxTreeDepth: 10, StepSize: 0.3, InvMassDiag: diag}); err != nil {
		t.Fatal(err)
	}
	diag[0] = 9
	info, ok := tr.SamplerInfo(1)
	if !ok || info.Tune != 1000 || info.StepSize != 0.3 || !slices.Equal(info.InvMassDiag, []float64{0.5, 2}) {
		t.Errorf("SamplerInfo = %+v, %v", info, ok)
	}
	if err := tr.SetSamplerInfo(0, SamplerInfo{Tune: -1}); err == nil {
		t.Error("negative Tune: want error")
	}
	if err := tr.SetSamplerInfo(2, SamplerInfo{}); err == nil || err.Error() != `trace: chain 2 out of range [0, 2)` {
		t.Errorf("bad chain: error = %v", err)
	}
}

// TestConcurrentChains appends to every chain from its own goroutine, as the NUTS driver
// does; run with -race.
func TestConcurrentChains(t *testing.T) {
	t.Parallel()
	const chains, draws = 4, 500
	tr, err := New([]Var{{Name: "a"}, {Name: "b", Shape: []int{2}}}, chains)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, chains)
	for c := range chains {
		wg.Go(func() {
			for d := range draws {
				v := float64(c*draws + d)
				if err := tr.Append(c, [][]float64{{v}, {v, -v}}); err != nil {
					errs[c] = err
					return
				}
				if err := tr.AppendStats(c, []string{"lp"}, []float64{-v}); err != nil {
					errs[c] = err
					return
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	a := tr.Values("a")
	for i, v := range a {
		if v != float64(i) {
			t.Fatalf("Values(a)[%d] = %v, want %d", i, v, i)
		}
	}
}

// TestAppendAllocs is not parallel: testing.AllocsPerRun forbids it.
func TestAppendAllocs(t *testing.T) {
	tr, err := New([]Var{{Name: "a"}, {Name: "b"}, {Name: "c"}}, 1)
	if err != nil {
		t.Fatal(err)
	}
	draw := [][]float64{{1}, {2}, {3}}
	// Growth is amortised: a thousand appends cost a handful of slice growths.
	if allocs := testing.AllocsPerRun(1000, func() { _ = tr.Append(0, draw) }); allocs != 0 {
		t.Errorf("Append allocates %v times per call on average, want 0 (amortised)", allocs)
	}
}
