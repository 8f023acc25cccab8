package callbacks

import (
	"errors"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// TestTrackerPyMC ports PyMC's test_tracker_callback (tests/variational/test_callbacks.py):
// Tracker(ints=lambda *t: t[-1], ints2=lambda ap, h, j: j, time=time.time), called 10 times
// as tracker(None, None, i), has all three keys of length 10 and ints == ints2 == range(10).
func TestTrackerPyMC(t *testing.T) {
	t.Parallel()
	tr := NewTrackerFunc(map[string]func(FlatParamser, []float64, int) (any, error){
		"ints":  func(_ FlatParamser, _ []float64, i int) (any, error) { return i, nil },
		"ints2": func(_ FlatParamser, _ []float64, j int) (any, error) { return j, nil },
		"time":  func(FlatParamser, []float64, int) (any, error) { return time.Now(), nil },
	})
	for i := range 10 {
		if err := tr.Call(nil, nil, i); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := tr.Names(), []string{"ints", "ints2", "time"}; !slices.Equal(got, want) {
		t.Fatalf("Names() = %v; want %v", got, want)
	}
	for _, name := range tr.Names() {
		if n := len(tr.Get(name)); n != 10 {
			t.Errorf("len(Get(%q)) = %d; want 10", name, n)
		}
	}
	ints, ints2 := tr.Get("ints"), tr.Get("ints2")
	for i := range 10 {
		if ints[i] != i || ints2[i] != i {
			t.Fatalf("ints = %v, ints2 = %v; want 0..9", ints, ints2)
		}
	}
}

// TestTrackerBadFunc is the Go form of PyMC's Tracker(bad=lambda t: t), whose call raises
// TypeError: a failing function makes Call return an error naming the key, and nothing is
// recorded for that call.
func TestTrackerBadFunc(t *testing.T) {
	t.Parallel()
	errBad := errors.New("bad() takes 1 positional argument but 0 were given")
	tr := NewTracker(map[string]func() (any, error){
		"a":   func() (any, error) { return 1.0, nil },
		"bad": func() (any, error) { return nil, errBad },
	})
	err := tr.Call(nil, nil, 3)
	const want = `callbacks: Tracker: "bad" at iteration 3: bad() takes 1 positional argument but 0 were given`
	if err == nil || err.Error() != want {
		t.Fatalf("Call = %v; want %s", err, want)
	}
	if !errors.Is(err, errBad) {
		t.Error("the error does not wrap the function's error")
	}
	if _, ok := IsStop(err); ok {
		t.Error("a failing tracker function counts as a stop")
	}
	if got := tr.Get("a"); got != nil {
		t.Errorf("Get(\"a\") = %v after a failed call; want nil", got)
	}
}

func TestTrackerNilFunc(t *testing.T) {
	t.Parallel()
	tr := NewTracker(map[string]func() (any, error){"x": nil})
	if err := tr.Call(nil, nil, 1); err == nil || err.Error() != `callbacks: Tracker: the function for "x" is nil` {
		t.Errorf("nil func: %v", err)
	}
	trf := NewTrackerFunc(map[string]func(FlatParamser, []float64, int) (any, error){"y": nil})
	if err := trf.Call(nil, nil, 1); err == nil || err.Error() != `callbacks: Tracker: the function for "y" is nil` {
		t.Errorf("nil func: %v", err)
	}
}

// TestTrackerArguments checks that the function form receives the Callback's arguments and
// that a []float64 result is copied, so FlatParams' slice may be returned.
func TestTrackerArguments(t *testing.T) {
	t.Parallel()
	a := &fakeApprox{params: []float64{1, 2}}
	tr := NewTrackerFunc(map[string]func(FlatParamser, []float64, int) (any, error){
		"params": func(ap FlatParamser, _ []float64, _ int) (any, error) { return ap.FlatParams(), nil },
		"loss": func(_ FlatParamser, losses []float64, _ int) (any, error) {
			return losses[len(losses)-1], nil
		},
	})
	if err := tr.Call(a, []float64{5, 4}, 2); err != nil {
		t.Fatal(err)
	}
	a.params[0] = 10
	if err := tr.Call(a, []float64{5, 4, 3}, 3); err != nil {
		t.Fatal(err)
	}
	got, err := tr.Floats("params")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got[0], []float64{1, 2}) || !slices.Equal(got[1], []float64{10, 2}) {
		t.Errorf("params history = %v; want [[1 2] [10 2]]", got)
	}
	if loss := tr.Get("loss"); !slices.Equal(loss, []any{4.0, 3.0}) {
		t.Errorf("loss history = %v; want [4 3]", loss)
	}
}

func TestTrackerGetClear(t *testing.T) {
	t.Parallel()
	tr := NewTracker(map[string]func() (any, error){
		"b": func() (any, error) { return 2.0, nil },
		"a": func() (any, error) { return 1.0, nil },
	})
	if got := tr.Get("a"); got != nil {
		t.Errorf("Get before any call = %v; want nil", got)
	}
	if got := tr.Get("missing"); got != nil {
		t.Errorf("Get(missing) = %v; want nil", got)
	}
	for i := 1; i <= 3; i++ {
		if err := tr.Call(nil, nil, i); err != nil {
			t.Fatal(err)
		}
	}
	g := tr.Get("b")
	g[0] = "changed"
	if got := tr.Get("b"); !slices.Equal(got, []any{2.0, 2.0, 2.0}) {
		t.Errorf("Get(b) = %v; want [2 2 2] (Get must return a copy)", got)
	}
	names := tr.Names()
	names[0] = "z"
	if got := tr.Names(); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("Names() = %v; want [a b]", got)
	}
	tr.Clear()
	if got := tr.Get("a"); len(got) != 0 {
		t.Errorf("Get after Clear = %v; want empty", got)
	}
	if err := tr.Call(nil, nil, 4); err != nil {
		t.Fatal(err)
	}
	if got := tr.Get("a"); !slices.Equal(got, []any{1.0}) {
		t.Errorf("Get after Clear and Call = %v; want [1]", got)
	}
}

// TestTrackerFloats checks the conversions of Floats; every expected value is the input's
// elements in row-major order.
func TestTrackerFloats(t *testing.T) {
	t.Parallel()
	m := tensor.New(tensor.WithShape(2, 3), tensor.WithBacking([]float64{1, 2, 3, 4, 5, 6}))
	col, err := m.Slice(nil, tensor.S(1)) // the view [2 5], strided
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		v    any
		want []float64
	}{
		{1.5, []float64{1.5}},
		{float32(0.25), []float64{0.25}},
		{7, []float64{7}},
		{[]float64{1, 2}, []float64{1, 2}},
		{G.NewF64(3.5), []float64{3.5}},
		{m, []float64{1, 2, 3, 4, 5, 6}},
		{col.(*tensor.Dense), []float64{2, 5}},
		{tensor.New(tensor.FromScalar(2.5)), []float64{2.5}},
		{tensor.New(tensor.WithBacking([]float32{0.5, 1.5})), []float64{0.5, 1.5}},
	}
	for _, tt := range tests {
		got, err := toFloats(tt.v)
		if err != nil {
			t.Errorf("%T %v: %v", tt.v, tt.v, err)
			continue
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%T %v: %v; want %v", tt.v, tt.v, got, tt.want)
		}
	}
	bad := []struct {
		v    any
		want string
	}{
		{"x", "type string; want float64, float32, int, []float64, *tensor.Dense or *gorgonia.F64"},
		{nil, "type <nil>; want float64, float32, int, []float64, *tensor.Dense or *gorgonia.F64"},
		{tensor.New(tensor.WithBacking([]int{1})), "*tensor.Dense of int; want float64 or float32"},
		{(*tensor.Dense)(nil), "nil *tensor.Dense"},
		{(*G.F64)(nil), "nil *gorgonia.F64"},
	}
	for _, tt := range bad {
		if _, err := toFloats(tt.v); err == nil || err.Error() != tt.want {
			t.Errorf("%T: %v; want %s", tt.v, err, tt.want)
		}
	}
}

func TestTrackerFloatsErrors(t *testing.T) {
	t.Parallel()
	i := 0
	tr := NewTracker(map[string]func() (any, error){
		"v": func() (any, error) {
			i++
			if i == 2 {
				return "two", nil
			}
			return math.Pi, nil
		},
	})
	for k := 1; k <= 3; k++ {
		if err := tr.Call(nil, nil, k); err != nil {
			t.Fatal(err)
		}
	}
	_, err := tr.Floats("v")
	const want = `callbacks: Tracker.Floats: "v" value 1: type string; want float64, float32, int, []float64, *tensor.Dense or *gorgonia.F64`
	if err == nil || err.Error() != want {
		t.Errorf("Floats = %v; want %s", err, want)
	}
	_, err = tr.Floats("w")
	if err == nil || err.Error() != `callbacks: Tracker.Floats: "w" is not tracked (tracked: ["v"])` {
		t.Errorf("Floats(unknown) = %v", err)
	}
}

// TestTrackerConcurrentRead reads a Tracker while it records, for the race detector.
func TestTrackerConcurrentRead(t *testing.T) {
	t.Parallel()
	tr := NewTracker(map[string]func() (any, error){"x": func() (any, error) { return 1.0, nil }})
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := 1; i <= 200; i++ {
			if err := tr.Call(nil, nil, i); err != nil {
				t.Error(err)
			}
		}
	})
	for range 50 {
		_ = tr.Get("x")
		if _, err := tr.Floats("x"); err != nil {
			t.Error(err)
		}
	}
	wg.Wait()
	if n := len(tr.Get("x")); n != 200 {
		t.Errorf("%d values; want 200", n)
	}
}

// A tracked function that panics makes Call return an error naming its key and the panic,
// and nothing is recorded for the call (issue 17: the fit reported the panic without the
// key).
func TestIssue17TrackerPanicNamesKey(t *testing.T) {
	t.Parallel()
	tr := NewTracker(map[string]func() (any, error){
		"fine": func() (any, error) { return 1.0, nil },
		"sd":   func() (any, error) { panic("sd of an empty trace") },
	})
	err := tr.Call(nil, nil, 7)
	if err == nil || !strings.Contains(err.Error(), `callbacks: Tracker: "sd" at iteration 7: panicked: sd of an empty trace`) {
		t.Fatalf("err = %v, want the key, the iteration and the panic", err)
	}
	if got := tr.Get("fine"); got != nil {
		t.Errorf("Get(\"fine\") = %v after a failed call; want nil", got)
	}
	trf := NewTrackerFunc(map[string]func(FlatParamser, []float64, int) (any, error){
		"mu": func(_ FlatParamser, losses []float64, _ int) (any, error) { return losses[3], nil },
	})
	if err := trf.Call(nil, nil, 2); err == nil || !strings.Contains(err.Error(), `"mu" at iteration 2: panicked: runtime error: index out of range`) {
		t.Errorf("err = %v, want the key and the panic", err)
	}
}
