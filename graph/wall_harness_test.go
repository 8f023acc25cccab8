package graph

import (
	"fmt"
	"math"
	"strings"
	"sync"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// The differential-test wall: every op a model can contain, on several shapes, run by the
// executor and checked against Gorgonia's TapeMachine, central finite differences, itself
// over repeated runs with other inputs between, itself after every step's buffer has been
// poisoned (an op that reads its buffer, or assumes it zeroed, gives another number), and
// Function copies running in parallel.

// wallCase is one expression of the wall.
type wallCase struct {
	name   string
	shapes []tensor.Shape // of the inputs; empty shape for a scalar
	// build makes the expression from the inputs; it may return an error that says the
	// case cannot be built at all (then the case is expected to fail building: wantErr).
	build func(in []*G.Node) (*G.Node, error)
	// domain is the range of input values: inputs are spread over [lo, hi], away from the
	// kinks and singularities the op has outside it.
	lo, hi float64
	// noGrad marks an expression that is not differentiable (comparisons, Argmax, integer
	// results): the wall checks its value only.
	noGrad bool
	// wantErr, when not empty, is a substring of the compile error the case must give: an op
	// the executor refuses rather than run wrongly.
	wantErr string
}

// wallInputs returns the run-th set of inputs of c: distinct values (no ties for Max, no
// zero for Abs) spread over c's domain, different from run to run.
func wallInputs(c wallCase, run int) []any {
	lo, hi := c.lo, c.hi
	if lo == 0 && hi == 0 {
		lo, hi = -2, 2
	}
	in := make([]any, len(c.shapes))
	for i, s := range c.shapes {
		n := max(s.TotalSize(), 1)
		xs := make([]float64, n)
		for k := range xs {
			// A shuffled ramp, shifted per run and input; values within 0.05 of zero are
			// moved up by 0.1 (away from the kinks of abs, sign, relu, keeping their order).
			u := float64((k*7+3*i+run*5)%n) + 0.5
			v := lo + (hi-lo)*(u/float64(n)*0.9+0.05*float64(run%2)+0.01*float64(i))
			if math.Abs(v) < 0.05 {
				v += 0.1
			}
			xs[k] = v
		}
		if len(s) == 0 {
			in[i] = xs[0]
		} else {
			in[i] = dense(s, xs...)
		}
	}
	return in
}

// wallCompile builds c in a fresh graph and compiles cost = Σ w⊙y (w a fixed weight
// constant of y's shape) and y, with the gradients of cost with respect to the inputs unless
// c is not differentiable.
//
// The cases' graphs are built one at a time: Gorgonia's G.Rectify (like its Conv2d and
// MaxPool2D) numbers a node group from an unguarded package-level counter
// (internal/encoding.NewGroup), which the race detector reports when parallel subtests
// build such graphs at once. Compiling and running them is concurrent as before.
func wallCompile(c wallCase) (f *Function, err error) {
	defer recoverTo(&err)
	g := G.NewGraph()
	in := make([]*G.Node, len(c.shapes))
	for i, s := range c.shapes {
		name := fmt.Sprintf("x%d", i)
		if len(s) == 0 {
			in[i] = G.NewScalar(g, G.Float64, G.WithName(name))
		} else {
			in[i] = G.NewTensor(g, G.Float64, len(s), G.WithShape(s...), G.WithName(name))
		}
	}
	buildMu.Lock()
	y, err := c.build(in)
	buildMu.Unlock()
	if err != nil {
		return nil, err
	}
	outs := []*G.Node{y}
	opts := []Option{Inputs(in...)}
	if !c.noGrad {
		cost, err := weightedSum(g, y)
		if err != nil {
			return nil, err
		}
		outs = []*G.Node{cost, y}
		opts = append(opts, Grad(cost, in...))
	}
	return Compile(outs, opts...)
}

// weightedSum returns Σ w⊙y with w a constant of y's shape holding distinct weights, so
// that every element of y reaches the cost with its own factor.
func weightedSum(g *G.ExprGraph, y *G.Node) (*G.Node, error) {
	if y.IsScalar() {
		w, err := NewConstant(g, "w", 0.7)
		if err != nil {
			return nil, err
		}
		return G.HadamardProd(y, w)
	}
	s := y.Shape()
	w, err := NewConstant(g, "w", dense(s, ramp(s.TotalSize(), -1.3, 1.7)...))
	if err != nil {
		return nil, err
	}
	p, err := G.HadamardProd(y, w)
	if err != nil {
		return nil, err
	}
	return G.Sum(p)
}

// checkWallCase runs every check of the wall on c.
func checkWallCase(t *testing.T, c wallCase) {
	t.Helper()
	f, err := wallCompile(c)
	if c.wantErr != "" {
		if err == nil || !strings.Contains(err.Error(), c.wantErr) {
			t.Fatalf("compile: err = %v, want an error saying %q", err, c.wantErr)
		}
		return
	}
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	wallSeen.Lock()
	for _, st := range f.plan.allSteps() {
		wallSeen.types[opTypeName(unwrapZeroGrad(st.node.Op()))] = true
	}
	wallSeen.Unlock()
	r0, r1 := wallInputs(c, 0), wallInputs(c, 1)
	first := runBoth(t, f, 1e-12, r0...)
	runBoth(t, f, 1e-12, r1...)
	again := runBoth(t, f, 1e-12, r0...)
	sameValues(t, "repeated run", first, again)
	f.plan.poisonBuffers()
	sameValues(t, "run after poisoning the buffers", first, mustRun(t, f, r0...))
	if !c.noGrad {
		checkFD(t, f, r0...)
		checkFD(t, f, r1...)
	}
	checkParallelCopies(t, f, r0, r1)
}

// wallSeen records the op types the wall's compiled plans run.
var wallSeen = struct {
	sync.Mutex
	types map[string]bool
}{types: map[string]bool{}}

// checkParallelCopies runs two copies of f on two goroutines, alternating the two input
// sets, and compares every result with f's own.
func checkParallelCopies(t *testing.T, f *Function, r0, r1 []any) {
	t.Helper()
	want := [2][]G.Value{mustRun(t, f, r0...), mustRun(t, f, r1...)}
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	for w := range 2 {
		c, err := f.Copy()
		if err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range 6 {
				which := (k + w) % 2
				in := r0
				if which == 1 {
					in = r1
				}
				out, err := c.Run(in...)
				if err != nil {
					errs <- err
					return
				}
				if err := equalValues(want[which], out); err != nil {
					errs <- fmt.Errorf("copy %d, run %d: %w", w, k, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

func mustRun(t *testing.T, f *Function, in ...any) []G.Value {
	t.Helper()
	out, err := f.Run(in...)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return out
}

// sameValues fails unless a and b are bit for bit equal.
func sameValues(t *testing.T, what string, a, b []G.Value) {
	t.Helper()
	if err := equalValues(a, b); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func equalValues(a, b []G.Value) error {
	if len(a) != len(b) {
		return fmt.Errorf("%d outputs, want %d", len(b), len(a))
	}
	for i := range a {
		if fmt.Sprintf("%v %v", valueShape(a[i]), a[i].Data()) != fmt.Sprintf("%v %v", valueShape(b[i]), b[i].Data()) {
			return fmt.Errorf("output %d: %v, want %v", i, b[i], a[i])
		}
	}
	return nil
}

// poisonBuffers fills every step's own buffers with garbage (NaN, or a huge int), so that
// an op that reads its buffer or expects it zeroed gives another result at the next run.
func (p *plan) poisonBuffers() {
	for i := range p.steps {
		bufs := []G.Value{p.steps[i].buf, p.steps[i].gbuf}
		if g := p.steps[i].group; g != nil {
			bufs = append(bufs, g.buffers()...)
		}
		for _, b := range bufs {
			switch v := b.(type) {
			case *G.F64:
				*v = G.F64(math.NaN())
			case *tensor.Dense:
				switch d := v.Data().(type) {
				case []float64:
					for k := range d {
						d[k] = math.NaN()
					}
				case []int:
					for k := range d {
						d[k] = math.MaxInt32
					}
				case []bool:
					for k := range d {
						d[k] = true
					}
				}
			}
		}
	}
}

// buildMu serialises the wall cases' graph building (see wallCompile).
var buildMu sync.Mutex
