package trace

import (
	"bytes"
	"errors"
	"math"
	"os"
	"slices"
	"strings"
	"testing"
)

// sameBits reports whether a and b hold the same float64 bit patterns (so NaN == NaN and
// -0 != +0).
func sameBits(a, b []float64) bool {
	return slices.EqualFunc(a, b, func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) })
}

// roundTripTrace returns a 2-chain trace with a scalar, a transformed scalar, a 2×3 matrix
// and a vector, awkward values, NUTS statistics on both chains and SamplerInfo on chain 1.
func roundTripTrace(t *testing.T) *Trace {
	t.Helper()
	tr, err := New([]Var{
		{Name: "mu"},
		{Name: "sigma_log__", Transformed: true},
		{Name: "sigma"},
		{Name: "beta", Shape: []int{2, 3}},
		{Name: "v", Shape: []int{3}},
	}, 2)
	if err != nil {
		t.Fatal(err)
	}
	awkward := []float64{math.Pi, 0.1, -0, math.Copysign(0, -1), 1e-300, 5e-324, math.MaxFloat64, -1.0 / 3, math.NaN(), math.Inf(1), math.Inf(-1), 123456789012345678}
	stats := []string{"depth", "step_size", "tree_size", "diverging", "energy", "energy_error", "mean_tree_accept", "lp"}
	k := 0
	next := func() float64 { k++; return awkward[k%len(awkward)] * float64(1+k%5) }
	for c := range 2 {
		for d := range 7 {
			vals := [][]float64{{next()}, {next()}, {next()}, make([]float64, 6), make([]float64, 3)}
			for i := range vals[3] {
				vals[3][i] = next()
			}
			for i := range vals[4] {
				vals[4][i] = next()
			}
			mustAppend(t, tr, c, vals...)
			st := []float64{float64(d%4 + 1), 0.25 + float64(c), float64(2*d + 1), float64(d % 2), next(), next(), 0.8 + 0.01*float64(d), -float64(d) - 0.5}
			if err := tr.AppendStats(c, stats, st); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := tr.SetSamplerInfo(1, SamplerInfo{Tune: 1000, MaxTreeDepth: 9, StepSize: 0.123456789, InvMassDiag: []float64{1.5, 1e-9, 3}}); err != nil {
		t.Fatal(err)
	}
	return tr
}

// TestCmdStanRoundTrip writes each chain, reads it back and merges: every written value
// and shape must come back bit for bit, transformed variables must not be written, and
// the seven mapped statistics and the sampler information must survive.
func TestCmdStanRoundTrip(t *testing.T) {
	t.Parallel()
	tr := roundTripTrace(t)
	var parts []*Trace
	for c := range tr.Chains() {
		var buf bytes.Buffer
		if err := tr.WriteCmdStanCSV(&buf, c); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(buf.String(), "sigma_log__") {
			t.Error("transformed variable written")
		}
		back, err := ReadCmdStanCSV(&buf)
		if err != nil {
			t.Fatalf("chain %d: %v\n%s", c, err, buf.String())
		}
		parts = append(parts, back)
	}
	merged, err := MergeChains(parts...)
	if err != nil {
		t.Fatal(err)
	}
	wantVars := []Var{{Name: "mu", Shape: []int{}}, {Name: "sigma", Shape: []int{}}, {Name: "beta", Shape: []int{2, 3}}, {Name: "v", Shape: []int{3}}}
	if got := merged.Vars(); !sameVars(got, wantVars) {
		t.Fatalf("Vars = %+v, want %+v", got, wantVars)
	}
	if merged.Chains() != 2 || merged.Draws(0) != 7 || merged.Draws(1) != 7 {
		t.Errorf("Chains, Draws = %d, %d, %d", merged.Chains(), merged.Draws(0), merged.Draws(1))
	}
	for _, v := range wantVars {
		if got, want := merged.Values(v.Name), tr.Values(v.Name); !sameBits(got, want) {
			t.Errorf("Values(%s) = %v, want %v", v.Name, got, want)
		}
		if s := merged.Shape(v.Name); !slices.Equal(s, tr.Shape(v.Name)) || s == nil {
			t.Errorf("Shape(%s) = %#v, want %v", v.Name, s, tr.Shape(v.Name))
		}
	}
	wantStats := []string{"lp", "mean_tree_accept", "step_size", "depth", "tree_size", "diverging", "energy"}
	if got := merged.StatNames(); !slices.Equal(got, wantStats) {
		t.Errorf("StatNames = %q, want %q", got, wantStats)
	}
	for _, s := range wantStats {
		if got, want := merged.Stat(s), tr.Stat(s); !sameBits(got, want) {
			t.Errorf("Stat(%s) = %v, want %v", s, got, want)
		}
	}
	if _, ok := merged.SamplerInfo(0); ok {
		t.Error("chain 0 gained SamplerInfo")
	}
	info, ok := merged.SamplerInfo(1)
	want, _ := tr.SamplerInfo(1)
	if !ok || info.Tune != want.Tune || info.MaxTreeDepth != want.MaxTreeDepth || info.StepSize != want.StepSize || !sameBits(info.InvMassDiag, want.InvMassDiag) {
		t.Errorf("SamplerInfo(1) = %+v, %v, want %+v", info, ok, want)
	}
}

// TestCmdStanLayout checks the header row (sampler columns, then CmdStan's column-major
// element names) and a data row, with a missing statistic written as 0.
func TestCmdStanLayout(t *testing.T) {
	t.Parallel()
	tr, err := New([]Var{{Name: "b", Shape: []int{2, 3}}, {Name: "s"}, {Name: "b_log__", Transformed: true}}, 1)
	if err != nil {
		t.Fatal(err)
	}
	mustAppend(t, tr, 0, []float64{11, 12, 13, 21, 22, 23}, []float64{0.5}, []float64{-1})
	if err := tr.AppendStats(0, []string{"lp", "diverging"}, []float64{-3.25, 1}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := tr.WriteCmdStanCSV(&buf, 0); err != nil {
		t.Fatal(err)
	}
	var rows []string
	for line := range strings.Lines(buf.String()) {
		if !strings.HasPrefix(line, "#") {
			rows = append(rows, strings.TrimSuffix(line, "\n"))
		}
	}
	want := []string{
		"lp__,accept_stat__,stepsize__,treedepth__,n_leapfrog__,divergent__,energy__,b.1.1,b.2.1,b.1.2,b.2.2,b.1.3,b.2.3,s",
		"-3.25,0,0,0,0,1,0,11,21,12,22,13,23,0.5",
	}
	if !slices.Equal(rows, want) {
		t.Errorf("rows =\n%s\nwant\n%s", strings.Join(rows, "\n"), strings.Join(want, "\n"))
	}
	for _, line := range []string{"# method = sample (Default)", "#     num_samples = 1", "#         metric = unit_e", "# Adaptation terminated", "# Step size = nan"} {
		if !strings.Contains(buf.String(), line+"\n") {
			t.Errorf("output lacks the line %q:\n%s", line, buf.String())
		}
	}
}

// TestReadCmdStanSample reads testdata/cmdstan_sample.csv, written by hand in CmdStan
// 2.33's layout: configuration comments, two saved warm-up rows, the adaptation block, a
// 2×3 matrix in column-major order, nan/inf fields and the closing timing comments.
func TestReadCmdStanSample(t *testing.T) {
	t.Parallel()
	f, err := os.Open("testdata/cmdstan_sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tr, err := ReadCmdStanCSV(f)
	if err != nil {
		t.Fatal(err)
	}
	wantVars := []Var{{Name: "theta"}, {Name: "beta", Shape: []int{2, 3}}, {Name: "y_rep", Shape: []int{2}}}
	if got := tr.Vars(); !sameVars(got, wantVars) {
		t.Fatalf("Vars = %+v, want %+v", got, wantVars)
	}
	if tr.Draws(0) != 4 {
		t.Fatalf("Draws = %d, want 4 (the 2 warm-up rows dropped)", tr.Draws(0))
	}
	if got := tr.Values("theta"); !slices.Equal(got, []float64{0.170512, 0.21, 0.12, 1e-07}) {
		t.Errorf("theta = %v", got)
	}
	// beta.i.j holds 100·draw + 10·i + j: row-major beta[i-1][j-1].
	var wantBeta []float64
	for d := 1; d <= 4; d++ {
		for i := 1; i <= 2; i++ {
			for j := 1; j <= 3; j++ {
				wantBeta = append(wantBeta, float64(100*d+10*i+j))
			}
		}
	}
	if got := tr.Values("beta"); !slices.Equal(got, wantBeta) {
		t.Errorf("beta = %v, want %v", got, wantBeta)
	}
	if got := tr.Values("y_rep"); !sameBits(got, []float64{0, 1, 1, 0, math.NaN(), math.Inf(1), math.Inf(-1), 0}) {
		t.Errorf("y_rep = %v", got)
	}
	checks := map[string][]float64{
		"lp":               {-7.05222, -6.75, -7.4, -6.9},
		"mean_tree_accept": {0.924079, 0.98, 0.81, 1},
		"step_size":        {0.932037, 0.932037, 0.932037, 0.932037},
		"depth":            {1, 2, 1, 3},
		"tree_size":        {3, 3, 1, 7},
		"diverging":        {0, 0, 1, 0},
		"energy":           {7.32669, 7.01, 7.9, 7.2},
	}
	for name, want := range checks {
		if got := tr.Stat(name); !slices.Equal(got, want) {
			t.Errorf("Stat(%s) = %v, want %v", name, got, want)
		}
	}
	info, ok := tr.SamplerInfo(0)
	if !ok || info.Tune != 2 || info.MaxTreeDepth != 8 || info.StepSize != 0.932037 || !slices.Equal(info.InvMassDiag, []float64{0.591014, 1.2, 3}) {
		t.Errorf("SamplerInfo = %+v, %v", info, ok)
	}
}

func TestReadCmdStanErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"empty", "# model = m\n\n", `trace: CmdStan CSV has no header row`},
		{"fields", "a,b\n1,2\n3\n", `trace: CmdStan CSV line 3: 1 fields, the header has 2`},
		{"number", "lp__,a\n1,x\n", `trace: CmdStan CSV line 2, column "a": strconv.ParseFloat: parsing "x": invalid syntax`},
		{"incomplete", "b.1.1,b.2.2\n1,2\n", `trace: CmdStan CSV header: variable "b" has 2 columns, its shape [2 2] needs 4`},
		{"mixed rank", "b.1,b.1.2\n1,2\n", `trace: CmdStan CSV header: column "b.1.2" does not fit the other columns of "b"`},
		{"duplicate", "a,a\n1,2\n", `trace: CmdStan CSV header: duplicate column "a"`},
		{"empty column", "a,,b\n", `trace: CmdStan CSV header: column 2 has no name`},
	}
	for _, tt := range tests {
		if _, err := ReadCmdStanCSV(strings.NewReader(tt.in)); err == nil || err.Error() != tt.want {
			t.Errorf("%s: error = %v, want %q", tt.name, err, tt.want)
		}
	}
	// A suffix that is not a positive integer makes a scalar of the whole name.
	tr, err := ReadCmdStanCSV(strings.NewReader("z.real,z.imag,w.0\n1,2,3\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := tr.Vars(); len(got) != 3 || got[0].Name != "z.real" || got[2].Name != "w.0" || len(got[2].Shape) != 0 {
		t.Errorf("Vars = %+v", got)
	}
}

type failWriter struct{}

var errWrite = errors.New("disk full")

func (failWriter) Write([]byte) (int, error) { return 0, errWrite }

func TestWriteCmdStanErrors(t *testing.T) {
	t.Parallel()
	tr := newTestTrace(t)
	if err := tr.WriteCmdStanCSV(&bytes.Buffer{}, 2); err == nil || err.Error() != `trace: chain 2 out of range [0, 2)` {
		t.Errorf("bad chain: error = %v", err)
	}
	mustAppend(t, tr, 0, []float64{1}, []float64{2}, make([]float64, 6))
	if err := tr.WriteCmdStanCSV(failWriter{}, 0); !errors.Is(err, errWrite) {
		t.Errorf("failing writer: error = %v, want wrapping %v", err, errWrite)
	}
	if err := tr.AppendStats(0, []string{"lp"}, []float64{1}); err != nil {
		t.Fatal(err)
	}
	mustAppend(t, tr, 0, []float64{1}, []float64{2}, make([]float64, 6))
	if err := tr.WriteCmdStanCSV(&bytes.Buffer{}, 0); err == nil || err.Error() != `trace: WriteCmdStanCSV of chain 0: statistic "lp" holds 1 values, the chain 2 draws` {
		t.Errorf("short statistic: error = %v", err)
	}
	for _, name := range []string{"a.b", "x__", "y z", "c,d", "e[0]"} {
		bad, err := New([]Var{{Name: name}}, 1)
		if err != nil {
			t.Fatal(err)
		}
		if err := bad.WriteCmdStanCSV(&bytes.Buffer{}, 0); err == nil || !strings.Contains(err.Error(), "cannot be a CmdStan column") {
			t.Errorf("name %q: error = %v", name, err)
		}
	}
}

func TestMergeChainsErrors(t *testing.T) {
	t.Parallel()
	a := newTestTrace(t)
	b, err := New([]Var{{Name: "mu"}}, 1)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		ts   []*Trace
		want string
	}{
		{nil, `trace: MergeChains needs at least one trace`},
		{[]*Trace{a, nil}, `trace: MergeChains: trace 1 is nil`},
		{[]*Trace{a, b}, `trace: MergeChains: trace 1 has variables [mu], trace 0 has [mu sigma_log__(transformed) beta[2 3]]`},
	}
	for _, tt := range tests {
		if _, err := MergeChains(tt.ts...); err == nil || err.Error() != tt.want {
			t.Errorf("MergeChains error = %v, want %q", err, tt.want)
		}
	}
	// Merging copies: changing the source afterwards leaves the result alone.
	mustAppend(t, a, 0, []float64{1}, []float64{2}, make([]float64, 6))
	m, err := MergeChains(a, a)
	if err != nil {
		t.Fatal(err)
	}
	a.chains[0].values[0][0] = 99
	if m.Chains() != 4 || m.Values("mu")[0] != 1 {
		t.Errorf("merged: chains %d, mu %v", m.Chains(), m.Values("mu"))
	}
}

// A read that fails mid-row is reported with the reader's error, not as the partial line's
// field count (issue 17: the I/O error was lost).
func TestIssue17CmdStanCSVKeepsReadError(t *testing.T) {
	t.Parallel()
	ioErr := errors.New("connection reset by peer")
	for _, data := range []string{
		"lp__,mu,sigma\n-1,0.1,1\n-2,0.2",    // mid-row
		"lp__,mu,sig",                        // mid-header
		"lp__,mu,sigma\n-1,0.1,1\n-2,0.2,1.", // a row that parses as it is cut
	} {
		_, err := ReadCmdStanCSV(&failAfter{data: []byte(data), err: ioErr})
		if !errors.Is(err, ioErr) {
			t.Errorf("%q then a failed read: err = %v, want the reader's error", data, err)
		}
	}
}

// failAfter returns its data, then err.
type failAfter struct {
	data []byte
	err  error
}

func (f *failAfter) Read(p []byte) (int, error) {
	if len(f.data) == 0 {
		return 0, f.err
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	return n, nil
}
