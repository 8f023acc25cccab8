package callbacks

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"sync"
)

// Tracker records values at every iteration of a fit, such as the approximation's mean and
// standard deviation, for plotting afterwards. Each Call evaluates every tracked function in
// sorted name order and appends the results to the histories; Get, Floats, Names and Clear
// read or reset them.
//
// A []float64 result is copied before it is stored (so a function may return a reused
// buffer or FlatParams' slice); any other value is stored as returned and must not be
// modified afterwards.
//
// Call is not safe for concurrent use with itself, but Get, Floats, Names and Clear may be
// called from other goroutines while a fit runs.
//
// It is PyMC's pymc.variational.callbacks.Tracker.
type Tracker struct {
	names []string                                          // sorted
	plain []func() (any, error)                             // by name, or nil
	full  []func(FlatParamser, []float64, int) (any, error) // by name, or nil
	vals  []any                                             // one Call's results, reused

	mu   sync.Mutex
	hist [][]any // by name
}

// NewTracker returns a Tracker of functions without arguments, PyMC's
// Tracker(mean=approx.mean.eval, ...): each call of the Tracker calls every function and
// records its result under its name. A function returning an error makes Call return an
// error naming its key, which aborts the fit; a nil function does the same.
func NewTracker(funcs map[string]func() (any, error)) *Tracker {
	t := newTracker(slices.Sorted(maps.Keys(funcs)))
	t.plain = make([]func() (any, error), len(t.names))
	for j, k := range t.names {
		t.plain[j] = funcs[k]
	}
	return t
}

// NewTrackerFunc returns a Tracker of functions that receive the Callback's arguments (the
// approximation, the losses so far or nil, and the 1-based iteration), PyMC's
// Tracker(key=lambda approx, hist, i: ...) form. Errors are handled as in [NewTracker].
func NewTrackerFunc(funcs map[string]func(approx FlatParamser, losses []float64, i int) (any, error)) *Tracker {
	t := newTracker(slices.Sorted(maps.Keys(funcs)))
	t.full = make([]func(FlatParamser, []float64, int) (any, error), len(t.names))
	for j, k := range t.names {
		t.full[j] = funcs[k]
	}
	return t
}

// newTracker makes a Tracker of the sorted names.
func newTracker(names []string) *Tracker {
	return &Tracker{names: names, hist: make([][]any, len(names)), vals: make([]any, len(names))}
}

// Call evaluates every function in sorted name order and, if all succeed, appends each
// result to its history. If a function fails (or is nil), nothing is recorded for this call
// and the error, naming the key and wrapping the function's error, is returned; the fit
// then aborts with it, as a failing tracker function does in PyMC. A function that panics
// fails the same way, its error naming its key and the panic's value.
func (t *Tracker) Call(approx FlatParamser, losses []float64, i int) error {
	for j, name := range t.names {
		if (t.plain == nil || t.plain[j] == nil) && (t.full == nil || t.full[j] == nil) {
			clear(t.vals)
			return fmt.Errorf("callbacks: Tracker: the function for %q is nil", name)
		}
		v, err := t.call(j, approx, losses, i)
		if err != nil {
			clear(t.vals)
			return fmt.Errorf("callbacks: Tracker: %q at iteration %d: %w", name, i, err)
		}
		if f, ok := v.([]float64); ok {
			v = slices.Clone(f)
		}
		t.vals[j] = v
	}
	t.mu.Lock()
	for j, v := range t.vals {
		t.hist[j] = append(t.hist[j], v)
	}
	t.mu.Unlock()
	clear(t.vals)
	return nil
}

// call calls function j (not nil), turning a panic into an error.
func (t *Tracker) call(j int, approx FlatParamser, losses []float64, i int) (v any, err error) {
	defer func() {
		if r := recover(); r != nil {
			v, err = nil, fmt.Errorf("panicked: %v", r)
		}
	}()
	if t.plain != nil {
		return t.plain[j]()
	}
	return t.full[j](approx, losses, i)
}

// index returns the position of name in t.names, or -1.
func (t *Tracker) index(name string) int {
	j := sort.SearchStrings(t.names, name)
	if j < len(t.names) && t.names[j] == name {
		return j
	}
	return -1
}

// Get returns a copy of the values recorded under name, one per successful Call, oldest
// first; nil for a name that is not tracked or has no values yet. PyMC's tracker[name].
func (t *Tracker) Get(name string) []any {
	j := t.index(name)
	if j < 0 {
		return nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return slices.Clone(t.hist[j])
}

// Names returns the tracked names, sorted.
func (t *Tracker) Names() []string { return slices.Clone(t.names) }

// Clear forgets every recorded value and keeps the functions. PyMC's tracker.clear().
func (t *Tracker) Clear() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for j := range t.hist {
		t.hist[j] = nil
	}
}

// Floats returns the values recorded under name as one float slice per iteration, for
// plotting: a float64, float32, int or *gorgonia.F64 gives a slice of length 1; a []float64
// is copied; a *tensor.Dense of float64 or float32 gives its elements in row-major order.
// It returns an error if name is not tracked or a value has another type, naming the name,
// the iteration's index and the type.
func (t *Tracker) Floats(name string) ([][]float64, error) {
	j := t.index(name)
	if j < 0 {
		return nil, fmt.Errorf("callbacks: Tracker.Floats: %q is not tracked (tracked: %q)", name, t.names)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([][]float64, len(t.hist[j]))
	for k, v := range t.hist[j] {
		f, err := toFloats(v)
		if err != nil {
			return nil, fmt.Errorf("callbacks: Tracker.Floats: %q value %d: %w", name, k, err)
		}
		out[k] = f
	}
	return out, nil
}
