package trace

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

// FuzzReadCmdStanCSV reads arbitrary bytes as a CmdStan CSV file (issue 17). The reader
// must not panic; what it accepts must be a consistent trace (every variable holds draws ×
// size values, statistics one value per draw), and writing that trace as CmdStan CSV and
// reading it back must give the same draws, bit for bit (NaN as NaN). testdata/fuzz holds
// the seeds and every input that found a defect. CI runs it for a bounded time:
//
//	go test -run '^$' -fuzz '^FuzzReadCmdStanCSV$' -fuzztime 15s ./trace
func FuzzReadCmdStanCSV(f *testing.F) {
	f.Add([]byte("lp__,accept_stat__,mu,sigma\n-1.5,0.9,0.1,1.2\n-1.4,0.8,0.2,1.1\n"))
	f.Add([]byte("# num_warmup = 2\n# save_warmup = 1\n# thin = 1\nlp__,b.1.1,b.2.1,b.1.2,b.2.2\n1,2,3,4,5\n1,2,3,4,5\n6,7,8,9,10\n"))
	f.Add([]byte("lp__,a\n# Adaptation terminated\n# Step size = 0.8\n# Diagonal elements of inverse mass matrix:\n# 1.5\n1,2\n# \n#  Elapsed Time: 0.1 seconds (Warm-up)\n"))
	f.Add([]byte("lp__,x.1,x.3\n1,2,3\n"))
	f.Add([]byte("lp__,d\n1,nan\n2,-inf\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tr, err := ReadCmdStanCSV(bytes.NewReader(data))
		if err != nil {
			if tr != nil {
				t.Fatalf("a trace and an error: %v", err)
			}
			return
		}
		checkTraceConsistent(t, tr)
		var b bytes.Buffer
		if err := tr.WriteCmdStanCSV(&b, 0); err != nil {
			if strings.Contains(err.Error(), "cannot be a CmdStan column") {
				return // a name the reader keeps whole ("a.b") and the writer refuses
			}
			t.Fatalf("writing what was read: %v", err)
		}
		back, err := ReadCmdStanCSV(&b)
		if err != nil {
			t.Fatalf("reading what was written: %v\n%s", err, b.String())
		}
		for _, v := range tr.Vars() {
			if v.Transformed {
				continue // the writer leaves transformed values out
			}
			if !back.Has(v.Name) {
				t.Fatalf("%q lost in the round trip", v.Name)
			}
			a, c := tr.Values(v.Name), back.Values(v.Name)
			if len(a) != len(c) {
				t.Fatalf("%q: %d values, %d after the round trip", v.Name, len(a), len(c))
			}
			for i := range a {
				if math.Float64bits(a[i]) != math.Float64bits(c[i]) && !(math.IsNaN(a[i]) && math.IsNaN(c[i])) {
					t.Fatalf("%q[%d]: %v, %v after the round trip", v.Name, i, a[i], c[i])
				}
			}
		}
	})
}

// checkTraceConsistent fails t unless every variable of every chain holds a whole number
// of draws of its size, the same number for every variable, and every statistic one value
// per draw.
func checkTraceConsistent(t *testing.T, tr *Trace) {
	t.Helper()
	for c := range tr.Chains() {
		n := tr.Draws(c)
		if n < 0 {
			t.Fatalf("chain %d: %d draws", c, n)
		}
		for _, v := range tr.Vars() {
			size := 1
			for _, d := range v.Shape {
				if d < 0 {
					t.Fatalf("%q: shape %v", v.Name, v.Shape)
				}
				size *= d
			}
			if got := len(tr.ChainValues(v.Name, c)); got != n*size {
				t.Fatalf("%q chain %d: %d values for %d draws of %d", v.Name, c, got, n, size)
			}
		}
		for _, s := range tr.StatNames() {
			if got := len(tr.ChainStat(s, c)); got != n {
				t.Fatalf("statistic %q chain %d: %d values for %d draws", s, c, got, n)
			}
		}
	}
}
