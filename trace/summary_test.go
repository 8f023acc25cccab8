package trace

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// fillRandom appends draws draws of normal noise to every chain of tr; element e of a
// variable gets mean e.
func fillRandom(t *testing.T, tr *Trace, draws int, seed uint64) {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 1))
	vars := tr.Vars()
	for c := range tr.Chains() {
		for range draws {
			vals := make([][]float64, len(vars))
			for i := range vars {
				vals[i] = make([]float64, tr.Size(vars[i].Name))
				for e := range vals[i] {
					vals[i][e] = float64(e) + rng.NormFloat64()
				}
			}
			mustAppend(t, tr, c, vals...)
		}
	}
}

// elementChains returns element e of name, per chain.
func elementChains(tr *Trace, name string, e int) [][]float64 {
	size := tr.Size(name)
	out := make([][]float64, tr.Chains())
	for c := range out {
		vals := tr.ChainValues(name, c)
		for i := e; i < len(vals); i += size {
			out[c] = append(out[c], vals[i])
		}
	}
	return out
}

// TestSummaryMatchesParts checks every cell of a summary against the functions it is
// documented to use, applied to the element's draws.
func TestSummaryMatchesParts(t *testing.T) {
	t.Parallel()
	tr := newTestTrace(t)
	fillRandom(t, tr, 101, 1) // odd draws: the split drops the middle draw
	table, err := tr.Summary()
	if err != nil {
		t.Fatal(err)
	}
	wantLabels := []string{"mu", "beta[0, 0]", "beta[0, 1]", "beta[0, 2]", "beta[1, 0]", "beta[1, 1]", "beta[1, 2]"}
	var labels []string
	for _, r := range table.Rows {
		labels = append(labels, r.Label)
	}
	if !slices.Equal(labels, wantLabels) {
		t.Fatalf("labels = %q, want %q (transformed variables left out)", labels, wantLabels)
	}
	for _, r := range table.Rows {
		e := 0
		if len(r.Index) > 0 {
			e = rowMajorOffset(r.Index, tr.Shape(r.Var))
		}
		chains := elementChains(tr, r.Var, e)
		all := slices.Concat(chains...)
		lo, hi, err := HDIOf(all, 0.94)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range []struct {
			name      string
			got, want float64
		}{
			{"mean", r.Mean, mean(all)},
			{"sd", r.SD, math.Sqrt(variance(all, 1))},
			{"hdi_3%", r.HDILow, lo},
			{"hdi_97%", r.HDIHigh, hi},
			{"mcse_mean", r.MCSEMean, diag(MCSEMean(chains))},
			{"ess_bulk", r.ESSBulk, diag(ESSBulk(chains))},
			{"ess_tail", r.ESSTail, diag(ESSTail(chains))},
			{"r_hat", r.RHat, diag(RHat(chains))},
		} {
			if !approx(d.got, d.want, 1e-14) {
				t.Errorf("%s %s = %v, want %v", r.Label, d.name, d.got, d.want)
			}
		}
		if math.Abs(r.RHat-1) > 0.05 || r.ESSBulk < 50 {
			t.Errorf("%s: r_hat %v, ess_bulk %v for iid draws", r.Label, r.RHat, r.ESSBulk)
		}
	}
	if r, ok := table.Row("beta[1, 2]"); !ok || !slices.Equal(r.Index, []int{1, 2}) || r.Var != "beta" {
		t.Errorf("Row(beta[1, 2]) = %+v, %v", r, ok)
	}
	if _, ok := table.Row("beta[2, 0]"); ok {
		t.Error("Row of a missing label: ok = true")
	}
	if got := table.Columns(); !slices.Equal(got, []string{"mean", "sd", "hdi_3%", "hdi_97%", "mcse_mean", "ess_bulk", "ess_tail", "r_hat"}) {
		t.Errorf("Columns = %q", got)
	}
	named, err := tr.Summary("sigma_log__", "mu")
	if err != nil {
		t.Fatal(err)
	}
	if len(named.Rows) != 2 || named.Rows[0].Label != "sigma_log__" || named.Rows[1].Label != "mu" {
		t.Errorf("Summary(sigma_log__, mu) rows = %+v", named.Rows)
	}
}

func TestSummaryErrors(t *testing.T) {
	t.Parallel()
	tr := newTestTrace(t)
	if _, err := tr.Summary("mu"); err == nil || err.Error() != `trace: Summary of "mu": no draws` || !errors.Is(err, errNoDraws) {
		t.Errorf("Summary without draws: error = %v", err)
	}
	fillRandom(t, tr, 5, 2)
	for _, tt := range []struct {
		names []string
		want  string
	}{
		{[]string{"mu", "sigma"}, `trace: Summary: unknown variable "sigma"`},
		{[]string{"mu", "mu"}, `trace: Summary: variable "mu" named twice`},
	} {
		if _, err := tr.Summary(tt.names...); err == nil || err.Error() != tt.want {
			t.Errorf("Summary(%q) error = %v, want %q", tt.names, err, tt.want)
		}
	}
}

// TestSummaryDiagnosticsNaN checks when the diagnostic columns are NaN: fewer than 4 draws
// per chain, chains of unequal length, and r_hat with one chain.
func TestSummaryDiagnosticsNaN(t *testing.T) {
	t.Parallel()
	short := newTestTrace(t)
	fillRandom(t, short, 3, 3)
	unequal := newTestTrace(t)
	fillRandom(t, unequal, 10, 4)
	mustAppend(t, unequal, 0, []float64{1}, []float64{1}, make([]float64, 6))
	for name, tr := range map[string]*Trace{"short": short, "unequal": unequal} {
		table, err := tr.Summary("mu")
		if err != nil {
			t.Fatal(err)
		}
		r := table.Rows[0]
		if math.IsNaN(r.Mean) || math.IsNaN(r.SD) || math.IsNaN(r.HDILow) {
			t.Errorf("%s: statistics NaN: %+v", name, r)
		}
		if !math.IsNaN(r.MCSEMean) || !math.IsNaN(r.ESSBulk) || !math.IsNaN(r.ESSTail) || !math.IsNaN(r.RHat) {
			t.Errorf("%s: diagnostics = %v %v %v %v, want NaN", name, r.MCSEMean, r.ESSBulk, r.ESSTail, r.RHat)
		}
	}
	one, err := New([]Var{{Name: "x"}}, 1)
	if err != nil {
		t.Fatal(err)
	}
	fillRandom(t, one, 50, 5)
	table, err := one.Summary()
	if err != nil {
		t.Fatal(err)
	}
	if r := table.Rows[0]; !math.IsNaN(r.RHat) || math.IsNaN(r.ESSBulk) {
		t.Errorf("one chain: r_hat %v (want NaN), ess_bulk %v (want a number)", r.RHat, r.ESSBulk)
	}
}

func TestSummaryString(t *testing.T) {
	t.Parallel()
	table := &SummaryTable{Rows: []SummaryRow{
		{Label: "mu", Mean: 4.48612, SD: 3.4871, HDILow: -1.6234, HDIHigh: 10.6931, MCSEMean: 0.11412, ESSBulk: 940.6, ESSTail: 1055.2, RHat: 1.00412},
		{Label: "beta[0, 1]", Mean: -0.5, SD: 0.25, HDILow: -0.97, HDIHigh: -0.03, MCSEMean: 0.004, ESSBulk: 12345, ESSTail: 9876, RHat: math.NaN()},
	}}
	want := "" +
		"              mean     sd  hdi_3%  hdi_97%  mcse_mean  ess_bulk  ess_tail  r_hat\n" +
		"mu           4.486  3.487  -1.623   10.693      0.114       941      1055   1.00\n" +
		"beta[0, 1]  -0.500  0.250  -0.970   -0.030      0.004     12345      9876    NaN\n"
	if got := table.String(); got != want {
		t.Errorf("String() =\n%s\nwant\n%s", got, want)
	}
}
