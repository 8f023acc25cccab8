package callbacks

import (
	"math"
	"testing"
)

// fakeApprox is a FlatParamser whose flat parameters are set by the test.
type fakeApprox struct{ params []float64 }

func (f *fakeApprox) FlatParams() []float64 { return f.params }

// TestCheckParametersConvergencePyMC ports PyMC's test_callbacks_convergence
// (tests/variational/test_callbacks.py): every=1, constant parameters [1, 2, 3]; the call
// at 1 stores them and the call at 10 must stop, for every diff and ord.
func TestCheckParametersConvergencePyMC(t *testing.T) {
	t.Parallel()
	for _, diff := range []string{"relative", "absolute"} {
		for _, ord := range []float64{1, 2, math.Inf(1)} {
			cb := NewCheckParametersConvergence(Every(1), Diff(diff), Ord(ord))
			a := &fakeApprox{params: []float64{1, 2, 3}}
			if err := cb.Call(a, nil, 1); err != nil {
				t.Fatalf("diff=%s ord=%v: first call: %v", diff, ord, err)
			}
			err := cb.Call(a, nil, 10)
			msg, ok := IsStop(err)
			if !ok || msg != "Convergence achieved at 10" {
				t.Errorf("diff=%s ord=%v: second call = %v; want Stop(\"Convergence achieved at 10\")", diff, ord, err)
			}
		}
	}
}

// TestChangeNorm checks the norm of the change for each diff and ord against hand-computed
// values.
func TestChangeNorm(t *testing.T) {
	t.Parallel()
	const tol = 1e-15
	prev := []float64{1, -2, 4}
	cur := []float64{1.0005, -2.0003, 4.0004}
	// Absolute changes are 5e-4, 3e-4, 4e-4 (up to rounding of the inputs). Relative ones
	// are (d + 1e-6) / (|p| + 1e-6): 5.01e-4/1.000001, 3.01e-4/2.000001, 4.01e-4/4.000001.
	ra, rb, rc := 5.01e-4/1.000001, 3.01e-4/2.000001, 4.01e-4/4.000001
	tests := []struct {
		diff string
		ord  float64
		want float64
	}{
		{"absolute", 1, 12e-4},
		{"absolute", 2, math.Sqrt(50) * 1e-4},
		{"absolute", math.Inf(1), 5e-4},
		{"relative", 1, ra + rb + rc},
		{"relative", 2, math.Sqrt(ra*ra + rb*rb + rc*rc)},
		{"relative", math.Inf(1), ra},
	}
	for _, tt := range tests {
		cb := NewCheckParametersConvergence(Diff(tt.diff), Ord(tt.ord))
		cb.prev = append([]float64(nil), prev...)
		got := cb.changeNorm(cur)
		if math.Abs(got-tt.want) > tol {
			t.Errorf("diff=%s ord=%v: norm = %.17g; want %.17g", tt.diff, tt.ord, got, tt.want)
		}
		for j := range cur {
			if cb.prev[j] != cur[j] {
				t.Fatalf("diff=%s ord=%v: prev not updated: %v", tt.diff, tt.ord, cb.prev)
			}
		}
	}
}

// TestCheckParametersConvergenceOrd checks that the norm decides: with absolute changes
// (5e-4, 3e-4, 4e-4) the 1-norm 1.2e-3 is above the default tolerance 1e-3, the 2-norm
// 7.07e-4 and the infinity norm 5e-4 below it.
func TestCheckParametersConvergenceOrd(t *testing.T) {
	t.Parallel()
	tests := []struct {
		ord  float64
		stop bool
	}{{1, false}, {2, true}, {math.Inf(1), true}}
	for _, tt := range tests {
		cb := NewCheckParametersConvergence(Every(1), Diff("absolute"), Ord(tt.ord))
		a := &fakeApprox{params: []float64{1, -2, 4}}
		if err := cb.Call(a, nil, 1); err != nil {
			t.Fatal(err)
		}
		a.params = []float64{1.0005, -2.0003, 4.0004}
		_, stopped := IsStop(cb.Call(a, nil, 2))
		if stopped != tt.stop {
			t.Errorf("ord=%v: stopped = %v; want %v", tt.ord, stopped, tt.stop)
		}
	}
}

// TestCheckParametersConvergenceNearZero shows why PyMC's quickstart recommends the absolute
// diff for parameters near 0: a change of 1e-5 on a parameter of 1e-5 is tiny in absolute
// terms (1e-5 < 1e-3) but relative change (1e-5 + 1e-6) / (1e-5 + 1e-6) = 1 is large.
func TestCheckParametersConvergenceNearZero(t *testing.T) {
	t.Parallel()
	tests := []struct {
		diff string
		stop bool
	}{{"absolute", true}, {"relative", false}}
	for _, tt := range tests {
		cb := NewCheckParametersConvergence(Every(1), Diff(tt.diff))
		a := &fakeApprox{params: []float64{1e-5, -1e-5}}
		if err := cb.Call(a, nil, 1); err != nil {
			t.Fatal(err)
		}
		a.params = []float64{2e-5, -2e-5}
		_, stopped := IsStop(cb.Call(a, nil, 2))
		if stopped != tt.stop {
			t.Errorf("diff=%s: stopped = %v; want %v", tt.diff, stopped, tt.stop)
		}
	}
}

// TestCheckParametersConvergenceAt4700 drives the callback as the fit loop does, with
// parameters that move by 1e-3 per iteration up to 4600 and then stay: the check at 4600
// sees a change of 0.1 since 4500, the one at 4700 none, which gives the quickstart's message.
func TestCheckParametersConvergenceAt4700(t *testing.T) {
	t.Parallel()
	cb := NewCheckParametersConvergence(Diff("absolute"))
	a := &fakeApprox{params: make([]float64, 2)}
	for i := 1; i <= 10000; i++ {
		k := float64(min(i, 4600))
		a.params[0], a.params[1] = k*1e-3, -k*2e-3
		err := cb.Call(a, []float64{1}, i)
		if err == nil {
			continue
		}
		if msg, ok := IsStop(err); !ok || msg != "Convergence achieved at 4700" || i != 4700 {
			t.Fatalf("iteration %d: %v; want Stop(\"Convergence achieved at 4700\") at 4700", i, err)
		}
		return
	}
	t.Fatal("no convergence in 10000 iterations")
}

// TestCheckParametersConvergenceSchedule checks PyMC's schedule: the first call stores the
// parameters whatever i is, and later calls check only when i%every == 0 and i >= every.
func TestCheckParametersConvergenceSchedule(t *testing.T) {
	t.Parallel()
	cb := NewCheckParametersConvergence(Every(100))
	a := &fakeApprox{params: []float64{1, 2, 3}}
	for _, i := range []int{7, 0, 50, 99, 101, 150} {
		if err := cb.Call(a, nil, i); err != nil {
			t.Fatalf("call at %d = %v; want nil", i, err)
		}
	}
	if _, ok := IsStop(cb.Call(a, nil, 200)); !ok {
		t.Fatal("call at 200 did not stop")
	}
}

// TestCheckParametersConvergenceNaN checks that a NaN change never counts as convergence,
// for every ord (numpy.linalg.norm propagates NaN and NaN < tol is false).
func TestCheckParametersConvergenceNaN(t *testing.T) {
	t.Parallel()
	for _, ord := range []float64{1, 2, math.Inf(1)} {
		cb := NewCheckParametersConvergence(Every(1), Diff("absolute"), Ord(ord))
		a := &fakeApprox{params: []float64{math.NaN(), 1, 1}}
		if err := cb.Call(a, nil, 1); err != nil {
			t.Fatal(err)
		}
		if err := cb.Call(a, nil, 2); err != nil {
			t.Errorf("ord=%v: NaN change gave %v; want nil", ord, err)
		}
	}
}

func TestCheckParametersConvergenceOptionErrors(t *testing.T) {
	t.Parallel()
	const p = "callbacks: CheckParametersConvergence: "
	tests := []struct {
		opts []Option
		want string
	}{
		{[]Option{Every(0)}, p + "Every(0): every must be at least 1"},
		{[]Option{Every(-3)}, p + "Every(-3): every must be at least 1"},
		{[]Option{Tolerance(0)}, p + "Tolerance(0): tolerance must be > 0"},
		{[]Option{Tolerance(-1e-3)}, p + "Tolerance(-0.001): tolerance must be > 0"},
		{[]Option{Tolerance(math.NaN())}, p + "Tolerance(NaN): tolerance must be > 0"},
		{[]Option{Diff("percentage")}, p + `Diff("percentage"): unknown diff; use "relative" or "absolute"`},
		{[]Option{Diff("")}, p + `Diff(""): unknown diff; use "relative" or "absolute"`},
		{[]Option{Ord(3)}, p + "Ord(3): unsupported ord; use 1, 2 or math.Inf(1)"},
		{[]Option{Ord(0)}, p + "Ord(0): unsupported ord; use 1, 2 or math.Inf(1)"},
		{[]Option{Ord(math.Inf(-1))}, p + "Ord(math.Inf(-1)): unsupported ord; use 1, 2 or math.Inf(1)"},
		{[]Option{Ord(math.NaN())}, p + "Ord(NaN): unsupported ord; use 1, 2 or math.Inf(1)"},
		{[]Option{Every(5), Every(0)}, p + "Every(0): every must be at least 1"},
		{[]Option{Every(0), Every(5)}, ""}, // the last one wins
		{[]Option{Every(1), Tolerance(math.Inf(1)), Diff("absolute"), Ord(1), nil}, ""},
	}
	for _, tt := range tests {
		cb := NewCheckParametersConvergence(tt.opts...)
		err := cb.Validate()
		if tt.want == "" {
			if err != nil {
				t.Errorf("%v: Validate() = %v; want nil", tt.opts, err)
			}
			continue
		}
		if err == nil || err.Error() != tt.want {
			t.Errorf("%v: Validate() = %v; want %s", tt.opts, err, tt.want)
		}
		a := &fakeApprox{params: []float64{1}}
		for i := 1; i <= 2; i++ {
			if err := cb.Call(a, nil, i); err == nil || err.Error() != tt.want {
				t.Errorf("%v: Call(%d) = %v; want %s", tt.opts, i, err, tt.want)
			}
		}
	}
}

func TestCheckParametersConvergenceApproxErrors(t *testing.T) {
	t.Parallel()
	cb := NewCheckParametersConvergence()
	if err := cb.Call(nil, nil, 1); err == nil || err.Error() != "callbacks: CheckParametersConvergence: the approximation is nil" {
		t.Errorf("nil approx: %v", err)
	}
	if err := cb.Call(&fakeApprox{}, nil, 1); err == nil || err.Error() != "callbacks: CheckParametersConvergence: the approximation has no parameters" {
		t.Errorf("no params: %v", err)
	}
	if err := cb.Call(&fakeApprox{params: []float64{1, 2}}, nil, 1); err != nil {
		t.Fatal(err)
	}
	err := cb.Call(&fakeApprox{params: []float64{1, 2, 3}}, nil, 100)
	if err == nil || err.Error() != "callbacks: CheckParametersConvergence: the approximation has 3 parameters at iteration 100 but had 2" {
		t.Errorf("changed length: %v", err)
	}
	if _, ok := IsStop(err); ok {
		t.Error("an error counts as a stop")
	}
}

func TestCheckParametersConvergenceString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		cb   *CheckParametersConvergence
		want string
	}{
		{NewCheckParametersConvergence(), `CheckParametersConvergence(every=100, tolerance=0.001, diff="relative", ord=inf)`},
		{NewCheckParametersConvergence(Every(10), Tolerance(1e-2), Diff("absolute"), Ord(2)), `CheckParametersConvergence(every=10, tolerance=0.01, diff="absolute", ord=2)`},
	}
	for _, tt := range tests {
		if got := tt.cb.String(); got != tt.want {
			t.Errorf("String() = %s; want %s", got, tt.want)
		}
	}
	opts := []Option{Every(3), Tolerance(1e-4), Diff("absolute"), Ord(math.Inf(1))}
	wantOpts := []string{"Every(3)", "Tolerance(0.0001)", `Diff("absolute")`, "Ord(math.Inf(1))"}
	for j, o := range opts {
		if o.String() != wantOpts[j] {
			t.Errorf("option String() = %s; want %s", o, wantOpts[j])
		}
	}
}

// TestCheckParametersConvergenceAllocs checks that a check after the first call allocates
// nothing, for every diff and ord. It is not parallel: testing.AllocsPerRun refuses to run
// in a parallel test.
func TestCheckParametersConvergenceAllocs(t *testing.T) {
	for _, diff := range []string{"relative", "absolute"} {
		for _, ord := range []float64{1, 2, math.Inf(1)} {
			cb := NewCheckParametersConvergence(Every(1), Diff(diff), Ord(ord))
			x, y := []float64{1, 2, 3}, []float64{2, 3, 4} // a change of 1: never converged
			a := &fakeApprox{params: x}
			if err := cb.Call(a, nil, 1); err != nil {
				t.Fatal(err)
			}
			i := 1
			allocs := testing.AllocsPerRun(100, func() {
				i++
				if i%2 == 0 {
					a.params = y
				} else {
					a.params = x
				}
				if err := cb.Call(a, nil, i); err != nil {
					t.Fatal(err)
				}
			})
			if allocs != 0 {
				t.Errorf("diff=%s ord=%v: %v allocations per Call; want 0", diff, ord, allocs)
			}
		}
	}
}

func BenchmarkCheckParametersConvergence(b *testing.B) {
	for _, n := range []struct {
		name string
		size int
	}{{"Small", 2}, {"Medium", 200}, {"Large", 20000}} {
		b.Run(n.name, func(b *testing.B) {
			cb := NewCheckParametersConvergence(Every(1))
			x, y := make([]float64, n.size), make([]float64, n.size)
			for j := range x {
				x[j], y[j] = float64(j), float64(j+1) // a change of 1: never converged
			}
			a := &fakeApprox{params: x}
			if err := cb.Call(a, nil, 1); err != nil {
				b.Fatal(err)
			}
			i := 1
			b.ReportAllocs()
			for b.Loop() {
				i++
				if i%2 == 0 {
					a.params = y
				} else {
					a.params = x
				}
				if err := cb.Call(a, nil, i); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
