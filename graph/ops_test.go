package graph

import (
	"fmt"
	"hash"
	"strings"
	"testing"

	"github.com/chewxy/hm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// testOp is a vector -> vector op for the executor's contracts: it may panic, and it may
// overwrite its input (declaring so with OverwritesInput), doubling it in place.
type testOp struct {
	panics    bool
	overwrite bool
}

func (op testOp) Arity() int { return 1 }
func (op testOp) Type() hm.Type {
	a := hm.TypeVariable('a')
	return hm.NewFnType(a, a)
}
func (op testOp) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	return in[0].(tensor.Shape).Clone(), nil
}
func (op testOp) ReturnsPtr() bool  { return false }
func (op testOp) CallsExtern() bool { return false }
func (op testOp) OverwritesInput() int {
	if op.overwrite {
		return 0
	}
	return -1
}
func (op testOp) WriteHash(h hash.Hash) { fmt.Fprintf(h, "testOp%v%v", op.panics, op.overwrite) }
func (op testOp) Hashcode() uint32      { return hashOf(op) }
func (op testOp) String() string        { return "testOp" }
func (op testOp) Do(in ...G.Value) (G.Value, error) {
	if op.panics {
		panic("boom")
	}
	t := in[0].(*tensor.Dense)
	for i, d := 0, t.Data().([]float64); i < len(d); i++ {
		d[i] *= 2 // in place, as declared by OverwritesInput
	}
	return t, nil
}

func TestPanicInOpBecomesError(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	x := G.NewVector(g, G.Float64, G.WithShape(2), G.WithName("x"))
	y := G.Must(G.ApplyOp(testOp{panics: true}, x))
	f, err := Compile([]*G.Node{y}, Inputs(x))
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.Run(vec(1, 2))
	if err == nil || !strings.Contains(err.Error(), "boom") {
		t.Fatalf("err = %v, want the recovered panic", err)
	}
}

// An op that overwrites its input never clobbers a leaf or a value read again later.
func TestOverwritingOpGetsAPrivateCopy(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	x := G.NewVector(g, G.Float64, G.WithShape(2), G.WithName("x"))
	doubled := G.Must(G.ApplyOp(testOp{overwrite: true}, x))
	sum := G.Must(G.Add(doubled, x)) // reads x after the op ran
	f, err := Compile([]*G.Node{sum}, Inputs(x))
	if err != nil {
		t.Fatal(err)
	}
	in := vec(1, 2)
	for run := 0; run < 3; run++ {
		out, err := f.Run(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := floatsOf(t, out[0]); !equalFloats(got, []float64{3, 6}) {
			t.Fatalf("run %d: 2x + x = %v, want [3 6]", run, got)
		}
	}
	if got := in.Data().([]float64); !equalFloats(got, []float64{1, 2}) {
		t.Fatalf("the input was clobbered: %v", got)
	}
}

// A custom op of another module runs through Do, never with a reused buffer: nothing
// checked that its UsePreallocDo overwrites the buffer instead of adding into it (the class
// of defect of issue 12). Only Gorgonia's checked ops and gopymc's own are trusted.
func TestPreallocTrustedOnlyForCheckedModules(t *testing.T) {
	t.Parallel()
	for path, want := range map[string]bool{
		"gorgonia.org/gorgonia":                  true,
		"github.com/gopymc/gopymc/graph":         true,
		"github.com/gopymc/gopymc/distributions": true,
		"github.com/gopymc/gopymcx/ops":          false,
		"example.com/someone/ops":                false,
		"gorgonia.org/gorgonia/x/vm":             false,
		"":                                       false,
	} {
		if got := preallocTrusted(path); got != want {
			t.Errorf("preallocTrusted(%q) = %v, want %v", path, got, want)
		}
	}
	g := G.NewGraph()
	x := G.NewVector(g, G.Float64, G.WithShape(2), G.WithName("x"))
	f, err := Compile([]*G.Node{G.Must(G.ApplyOp(testOp{}, x))}, Inputs(x))
	if err != nil {
		t.Fatal(err)
	}
	if f.plan.steps[0].pd != nil {
		t.Fatal("testOp has no UsePreallocDo, yet the plan would call one")
	}
}
