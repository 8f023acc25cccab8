package data

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/gopymc/gopymc/graph"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// rowsData returns an n×3 matrix whose row r is (r, 100+r, 200+r).
func rowsData(n int) [][]float64 {
	x := make([][]float64, n)
	for r := range x {
		x[r] = []float64{float64(r), 100 + float64(r), 200 + float64(r)}
	}
	return x
}

// constRows returns n rows of cols values all equal to v.
func constRows(n, cols int, v float64) [][]float64 {
	x := make([][]float64, n)
	for r := range x {
		x[r] = slices.Repeat([]float64{v}, cols)
	}
	return x
}

// A run yields batchSize rows of the data drawn by the stream of the derived seed
// (PCG(DeriveSeed(seed, stream), 0), IntN(N) per row); runs differ; a seed reproduces them.
func TestMinibatchDrawsSeededRows(t *testing.T) {
	t.Parallel()
	const n, k, seed = 50, 8, 123
	mb := mustMinibatch(t, rowsData(n), k, Seed(seed))
	if got := mb.BatchShape(); !slices.Equal(got, []int{k, 3}) {
		t.Fatalf("BatchShape = %v, want [%d 3]", got, k)
	}
	f := mustCompile(t, []*G.Node{mb.Node()})
	first := runFloats(t, f)[0]
	want := pcgIndices(graph.DeriveSeed(seed, 0), 0, n, k)
	for i, r := range want {
		if row := first[3*i : 3*i+3]; !equalFloats(row, rowsData(n)[r]) {
			t.Fatalf("row %d = %v, want data row %d", i, row, r)
		}
	}
	second := runFloats(t, f)[0]
	if equalFloats(first, second) {
		t.Fatal("two runs drew the same batch")
	}
	// Another Minibatch with the same seed reproduces the batches; another seed does not.
	same := mustMinibatch(t, rowsData(n), k, Seed(seed))
	g := mustCompile(t, []*G.Node{same.Node()})
	if a, b := runFloats(t, g)[0], runFloats(t, g)[0]; !equalFloats(a, first) || !equalFloats(b, second) {
		t.Fatal("the same seed drew other batches")
	}
	other := mustMinibatch(t, rowsData(n), k, Seed(seed+1))
	if equalFloats(runFloats(t, mustCompile(t, []*G.Node{other.Node()}))[0], first) {
		t.Fatal("another seed drew the same batch")
	}
	// The default seed is 42, as PyMC3's random_seed.
	def := mustMinibatch(t, rowsData(n), k)
	want = pcgIndices(graph.DeriveSeed(DefaultSeed, 0), 0, n, k)
	got := runFloats(t, mustCompile(t, []*G.Node{def.Node()}))[0]
	for i, r := range want {
		if got[3*i] != float64(r) {
			t.Fatalf("default seed: row %d is data row %v, want %d", i, got[3*i], r)
		}
	}
}

// Every row drawn is a whole row of the data, and over many runs each row is drawn with
// frequency 1/N: Pearson's chi-square statistic over N=20 rows (19 degrees of freedom) must
// stay below 43.8, its 0.999 quantile (scipy.stats.chi2.ppf(0.999, 19) = 43.82); the run is
// seeded, so the check is deterministic.
func TestMinibatchRowsUniform(t *testing.T) {
	t.Parallel()
	const n, k, runs = 20, 50, 2000
	const chi2Bound = 43.82
	mb := mustMinibatch(t, rowsData(n), k, Seed(5))
	f := mustCompile(t, []*G.Node{mb.Node()})
	counts := make([]float64, n)
	for range runs {
		if err := f.Exec(); err != nil {
			t.Fatal(err)
		}
		b := f.Output(0).Data().([]float64)
		for i := range k {
			r := b[3*i]
			if r != float64(int(r)) || r < 0 || r >= n || b[3*i+1] != 100+r || b[3*i+2] != 200+r {
				t.Fatalf("batch row %v is not a row of the data", b[3*i:3*i+3])
			}
			counts[int(r)]++
		}
	}
	expected := float64(runs*k) / n
	chi2 := 0.0
	for _, c := range counts {
		chi2 += (c - expected) * (c - expected) / expected
	}
	if chi2 > chi2Bound {
		t.Fatalf("chi-square = %.2f over %d rows, above %.2f: counts %v", chi2, n, chi2Bound, counts)
	}
}

// SetValue swaps the full data for the next run of every node and compiled copy (PyMC's
// set_value; spec §7.6 test_minibatch_parameter_and_value uses data+1 the same way).
func TestMinibatchSetValue(t *testing.T) {
	t.Parallel()
	mb := mustMinibatch(t, constRows(10, 2, 1), 4)
	f := mustCompile(t, []*G.Node{mb.Node()})
	allEqual := func(x []float64, v float64) bool {
		for _, e := range x {
			if e != v {
				return false
			}
		}
		return len(x) > 0
	}
	if got := runFloats(t, f)[0]; !allEqual(got, 1) {
		t.Fatalf("before SetValue: %v, want all 1", got)
	}
	// Same shape: copied in place into the shared value.
	shared := mb.Shared()
	if err := mb.SetValue(constRows(10, 2, 2)); err != nil {
		t.Fatal(err)
	}
	if got := runFloats(t, f)[0]; !allEqual(got, 2) {
		t.Fatalf("after SetValue(2s): %v, want all 2", got)
	}
	if mb.Shared() != shared {
		t.Fatal("a same-shape SetValue replaced the shared value")
	}
	// More rows: a new shared value; the compiled Function and its copies follow.
	if err := mb.SetValue(constRows(25, 2, 3)); err != nil {
		t.Fatal(err)
	}
	if got := runFloats(t, f)[0]; !allEqual(got, 3) {
		t.Fatalf("after SetValue(25 rows of 3s): %v, want all 3", got)
	}
	cp, err := f.Copy()
	if err != nil {
		t.Fatal(err)
	}
	if got := runFloats(t, cp)[0]; !allEqual(got, 3) {
		t.Fatalf("copy after SetValue: %v, want all 3", got)
	}
	if mb.Shared() == shared || mb.Data().Shape()[0] != 25 || !slices.Equal(mb.BatchShape(), []int{4, 2}) {
		t.Fatalf("after growing: shared replaced %v, data shape %v, batch shape %v", mb.Shared() != shared, mb.Data().Shape(), mb.BatchShape())
	}
	// The rows drawn now cover the 25 rows: an arange column shows indices beyond 9.
	if err := mb.SetValue(tensor.New(tensor.WithShape(25, 2), tensor.WithBacking(arange(50)))); err != nil {
		t.Fatal(err)
	}
	maxRow := 0.0
	for range 50 {
		b := runFloats(t, f)[0]
		for i := 0; i < len(b); i += 2 {
			maxRow = max(maxRow, b[i]/2)
		}
	}
	if maxRow < 10 {
		t.Fatalf("after growing to 25 rows the largest row drawn is %v", maxRow)
	}
	// The shared value's own SetValue (PyMC3's x.shared.set_value) reaches the minibatch too.
	if err := mb.Shared().SetValue(tensor.New(tensor.WithShape(25, 2), tensor.WithBacking(slices.Repeat([]float64{7}, 50)))); err != nil {
		t.Fatal(err)
	}
	if got := runFloats(t, f)[0]; !allEqual(got, 7) {
		t.Fatalf("after Shared().SetValue(7s): %v, want all 7", got)
	}
}

func TestMinibatchSetValueErrors(t *testing.T) {
	t.Parallel()
	mb := mustMinibatch(t, constRows(10, 2, 1), 4, Name("X"))
	tests := []struct {
		name string
		v    any
		want string
	}{
		{"other columns", constRows(10, 3, 1), `data: Minibatch "X": SetValue: shape (10, 3) does not match the data's shape (10, 2)`},
		{"other rank", arange(10), "does not match"},
		{"NaN", [][]float64{{1, 2}, {nanValue(), 1}}, "element [1 0] of the data is NaN"},
		{"bad dtype", tensor.New(tensor.WithShape(1, 2), tensor.WithBacking([]bool{true, true})), "dtype bool"},
	}
	for _, tc := range tests {
		if err := mb.SetValue(tc.v); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Fatalf("%s: err = %v, want one containing %q", tc.name, err, tc.want)
		}
	}
	// A kept first axis cannot change its length (the batch shape would change).
	cols, err := NewMinibatchND(constRows(4, 6, 1), []any{None, 2})
	if err != nil {
		t.Fatal(err)
	}
	if err := cols.SetValue(constRows(5, 6, 1)); err == nil || !strings.Contains(err.Error(), "kept whole") {
		t.Fatalf("kept axis: err = %v", err)
	}
	if err := cols.SetValue(constRows(4, 6, 2)); err != nil {
		t.Fatalf("kept axis, same shape: %v", err)
	}
	// Aligned arrays take SetValues.
	al := mustMinibatch(t, arange(6), 2, Aligned(arange(6)))
	if err := al.SetValue(arange(6)); err == nil || !strings.Contains(err.Error(), "SetValues") {
		t.Fatalf("aligned SetValue: err = %v", err)
	}
	if err := al.SetValues(arange(6)); err == nil || !strings.Contains(err.Error(), "got 1 values for 2 arrays") {
		t.Fatalf("SetValues count: err = %v", err)
	}
	if err := al.SetValues(arange(6), arange(7)); err == nil || !strings.Contains(err.Error(), "same number of rows") {
		t.Fatalf("SetValues rows: err = %v", err)
	}
}

func nanValue() float64 {
	zero := 0.0
	return zero / zero
}

// UpdateShared stores what UpdateSharedFunc returns (PyMC3's update_shared); without the
// function it is an error.
func TestMinibatchUpdateShared(t *testing.T) {
	t.Parallel()
	plain := mustMinibatch(t, arange(5), 2)
	if err := plain.UpdateShared(); err == nil || !strings.Contains(err.Error(), "no update function was given") {
		t.Fatalf("UpdateShared without a function: err = %v", err)
	}
	calls := 0
	boom := errors.New("boom")
	update := func() (*tensor.Dense, error) {
		calls++
		if calls == 2 {
			return nil, boom
		}
		return tensor.New(tensor.WithShape(8), tensor.WithBacking(slices.Repeat([]float64{4}, 8))), nil
	}
	mb := mustMinibatch(t, arange(5), 3, UpdateSharedFunc(update))
	f := mustCompile(t, []*G.Node{mb.Node()})
	if err := mb.UpdateShared(); err != nil {
		t.Fatal(err)
	}
	if got := runFloats(t, f)[0]; !equalFloats(got, []float64{4, 4, 4}) {
		t.Fatalf("after UpdateShared: %v, want all 4", got)
	}
	if err := mb.UpdateShared(); !errors.Is(err, boom) {
		t.Fatalf("failing update function: err = %v, want it wrapped", err)
	}
}

// Node lives in the private graph; NodeIn imports the same op into another graph once per
// graph; LookupNode finds the Minibatch behind any of them.
func TestMinibatchNodeIn(t *testing.T) {
	t.Parallel()
	mb := mustMinibatch(t, rowsData(10), 2, Aligned(arange(10)))
	if mb.Minibatch() != mb.Node() || mb.NodeOf(0) != mb.Node() || mb.NodeOf(2) != nil || mb.NodeOf(-1) != nil {
		t.Fatal("Minibatch/NodeOf disagree with Node")
	}
	if mb.Node().Graph() == nil || mb.Shared().Node().Graph() != mb.Node().Graph() {
		t.Fatal("Node and Shared are not in one private graph")
	}
	g := G.NewGraph()
	x, err := mb.NodeIn(g)
	if err != nil {
		t.Fatal(err)
	}
	x2, err := mb.NodeIn(g)
	if err != nil {
		t.Fatal(err)
	}
	ns, err := mb.NodesIn(g)
	if err != nil {
		t.Fatal(err)
	}
	if x != x2 || ns[0] != x || x.Graph() != g || len(ns) != 2 || ns[1].Graph() != g {
		t.Fatal("NodeIn did not return one cached node per graph")
	}
	if x.Op() != mb.Node().Op() {
		t.Fatal("NodeIn's node does not run the minibatch's op")
	}
	if !slices.Equal([]int(x.Shape()), []int{2, 3}) || !slices.Equal([]int(ns[1].Shape()), []int{2}) {
		t.Fatalf("shapes %v, %v", x.Shape(), ns[1].Shape())
	}
	if p, err := mb.NodeIn(mb.Node().Graph()); err != nil || p != mb.Node() {
		t.Fatalf("NodeIn(private graph) = %v, %v", p, err)
	}
	if _, err := mb.NodeIn(nil); err == nil {
		t.Fatal("NodeIn(nil) gave no error")
	}
	for i, n := range []*G.Node{mb.Node(), ns[0], ns[1], mb.NodeOf(1)} {
		got, arr, ok := LookupNode(n)
		if !ok || got != mb || arr != []int{0, 0, 1, 1}[i] {
			t.Fatalf("LookupNode(node %d) = %v, %d, %v", i, got, arr, ok)
		}
	}
	if _, _, ok := LookupNode(mb.Shared().Node()); ok {
		t.Fatal("LookupNode found a minibatch behind the shared value")
	}
	if _, _, ok := LookupNode(nil); ok {
		t.Fatal("LookupNode(nil) found a minibatch")
	}
	if mb.Name() != DefaultName || mb.NumArrays() != 2 || mb.Node().Name() != "Minibatch.0" || mb.SharedOf(1).Name() != "Minibatch.1.shared" {
		t.Fatalf("names: %q %d %q %q", mb.Name(), mb.NumArrays(), mb.Node().Name(), mb.SharedOf(1).Name())
	}
	if mb.SharedOf(2) != nil || mb.DataOf(2) != nil || mb.DataOf(1).Shape()[0] != 10 {
		t.Fatal("SharedOf/DataOf out of range")
	}
}
