package data

import (
	"math"
	"sync"
	"testing"

	"github.com/gopymc/gopymc/graph"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// A model graph holding the minibatch compiles with a gradient of a downstream expression
// with respect to another input: cost = sum(X·w) for a (10, 3) batch X and w of length 3, so
// d cost / d w is the column sums of the batch drawn in the same run (closed form). The
// lean executor agrees with Gorgonia's TapeMachine on the first run of two Functions compiled
// with one stream (same batch).
func TestMinibatchGradientThroughCompile(t *testing.T) {
	t.Parallel()
	const tol = 1e-12 // sums of 10 values below 300: exact up to rounding
	mb := mustMinibatch(t, rowsData(30), 10, Seed(3))
	g := G.NewGraph()
	x, err := mb.NodeIn(g)
	if err != nil {
		t.Fatal(err)
	}
	w := G.NewVector(g, G.Float64, G.WithShape(3), G.WithName("w"))
	cost := G.Must(G.Sum(G.Must(G.Mul(x, w))))
	opts := []graph.Option{graph.Inputs(w), graph.Grad(cost, w)}
	wv := []float64{0.5, -1, 2}
	f := mustCompile(t, []*G.Node{cost, x}, opts...)
	ref := mustCompile(t, []*G.Node{cost, x}, opts...)
	var prev []float64
	for run := range 3 {
		out := runFloats(t, f, wv)
		c, batch, grad := out[0][0], out[1], out[2]
		if equalFloats(batch, prev) {
			t.Fatal("two runs used the same batch")
		}
		prev = batch
		var wantCost float64
		wantGrad := make([]float64, 3)
		for i := range 10 {
			for j := range 3 {
				wantCost += batch[3*i+j] * wv[j]
				wantGrad[j] += batch[3*i+j]
			}
		}
		if math.Abs(c-wantCost) > tol*math.Abs(wantCost) {
			t.Fatalf("run %d: cost %v, want %v", run, c, wantCost)
		}
		for j := range 3 {
			if math.Abs(grad[j]-wantGrad[j]) > tol*math.Abs(wantGrad[j]) {
				t.Fatalf("run %d: gradient %v, want %v", run, grad, wantGrad)
			}
		}
		if run == 0 {
			tape, err := ref.RunTape(wv)
			if err != nil {
				t.Fatal(err)
			}
			tv := valuesFloats(t, tape)
			for i := range out {
				if !equalFloats(tv[i], out[i]) {
					t.Fatalf("TapeMachine output %d = %v, executor %v", i, tv[i], out[i])
				}
			}
		}
	}
}

// PyMC3's test_cloning_available (spec §7.6): Minibatch(arange(100), 1)**2 with the
// minibatch replaced by [10] gives 100, by graph.Clone and by graph.Replace; replacing it by
// the full data (a value in Compile, the Shared node in Clone) gives arange(100)**2.
func TestMinibatchReplacedByFullData(t *testing.T) {
	t.Parallel()
	mb := mustMinibatch(t, arange(100), 1)
	sq := G.Must(G.Square(mb.Node()))
	cl, err := graph.Clone([]*G.Node{sq}, map[*G.Node]any{mb.Node(): []float64{10}})
	if err != nil {
		t.Fatal(err)
	}
	v, err := graph.Eval(cl[0])
	if err != nil {
		t.Fatal(err)
	}
	if got := v.Data().([]float64); !equalFloats(got, []float64{100}) {
		t.Fatalf("clone with [10]: %v, want [100]", got)
	}
	f := mustCompile(t, []*G.Node{sq}, graph.Replace(mb.Node(), []float64{10}))
	if got := runFloats(t, f)[0]; !equalFloats(got, []float64{100}) {
		t.Fatalf("Replace with [10]: %v, want [100]", got)
	}
	want := make([]float64, 100)
	for i := range want {
		want[i] = float64(i * i)
	}
	f = mustCompile(t, []*G.Node{sq}, graph.Replace(mb.Node(), mb.Data()))
	if got := runFloats(t, f)[0]; !equalFloats(got, want) {
		t.Fatalf("Replace with the full data: %v", got[:5])
	}
	// PyMC3's docstring: theano.clone(node, {x.minibatch: x.shared}).
	cl, err = graph.Clone([]*G.Node{sq}, map[*G.Node]any{mb.Minibatch(): mb.Shared().Node()})
	if err != nil {
		t.Fatal(err)
	}
	if v, err = graph.Eval(cl[0]); err != nil {
		t.Fatal(err)
	}
	if got := v.Data().([]float64); !equalFloats(got, want) {
		t.Fatalf("clone with the shared node: %v", got[:5])
	}
	// Unreplaced, the minibatch squares one random element.
	got := runFloats(t, mustCompile(t, []*G.Node{sq}))[0]
	if r := math.Sqrt(got[0]); len(got) != 1 || r != math.Trunc(r) || r >= 100 {
		t.Fatalf("minibatch squared: %v", got)
	}
}

// Compiled copies run on different goroutines, reading the same full data (run with -race):
// each copy draws from its own stream, and rows stay rows of the data.
func TestMinibatchConcurrentCopies(t *testing.T) {
	t.Parallel()
	const workers, runs, n = 4, 200, 500
	mb := mustMinibatch(t, rowsData(n), 32, Aligned(arange(n)))
	f := mustCompile(t, mb.Nodes())
	fs := []*graph.Function{f}
	for range workers - 1 {
		cp, err := f.Copy()
		if err != nil {
			t.Fatal(err)
		}
		fs = append(fs, cp)
	}
	firsts := make([][]float64, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w, fw := range fs {
		wg.Go(func() {
			for r := range runs {
				if err := fw.Exec(); err != nil {
					errs[w] = err
					return
				}
				x := fw.Output(0).(*tensor.Dense).Float64s()
				y := fw.Output(1).(*tensor.Dense).Float64s()
				for i := range y {
					if x[3*i] != y[i] || x[3*i+1] != 100+y[i] {
						errs[w] = errMisaligned
						return
					}
				}
				if r == 0 {
					firsts[w] = append([]float64(nil), y...)
				}
			}
		})
	}
	wg.Wait()
	for w, err := range errs {
		if err != nil {
			t.Fatalf("worker %d: %v", w, err)
		}
	}
	for w := 1; w < workers; w++ {
		if equalFloats(firsts[0], firsts[w]) {
			t.Fatalf("workers 0 and %d drew the same first batch", w)
		}
	}
}

var errMisaligned = errorString("aligned rows differ")

type errorString string

func (e errorString) Error() string { return string(e) }
