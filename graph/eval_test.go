package graph

import (
	"fmt"
	"strings"
	"testing"

	G "gorgonia.org/gorgonia"
)

func TestEval(t *testing.T) {
	t.Parallel()
	_, x, w, cost := sinModel()
	v, err := Eval(cost, Given{x, []float64{0, 0, 0}}, Given{w, []float64{1, 2, 3}})
	if err != nil || floatsOf(t, v)[0] != 0.5 {
		t.Fatalf("Eval = %v, %v; want 0.5", v, err)
	}
	// The givens in another order hit the same compiled function and agree.
	v2, err := Eval(cost, Given{w, []float64{1, 2, 3}}, Given{x, []float64{0, 0, 0}})
	if err != nil || floatsOf(t, v2)[0] != 0.5 {
		t.Fatalf("Eval = %v, %v; want 0.5", v2, err)
	}
	if _, err := Eval(cost, Given{x, []float64{0, 0, 0}}); err == nil || !strings.Contains(err.Error(), `"W"`) {
		t.Errorf("missing input: %v, want an error naming W", err)
	}
	if _, err := Eval(cost, Given{x, []float64{0, 0}}, Given{w, []float64{1, 2, 3}}); err == nil || !strings.Contains(err.Error(), `"x"`) {
		t.Errorf("wrong shape: %v, want an error naming x", err)
	}
	if _, err := Eval(cost, Given{x, []float64{0, 0, 0}}, Given{x, []float64{0, 0, 0}}, Given{w, []float64{1, 2, 3}}); err == nil {
		t.Error("a node given twice was accepted")
	}
	if _, err := Eval(nil); err == nil {
		t.Error("nil node accepted")
	}
}

func TestEvalRandomNodeGivesFreshDraws(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	r, err := RandomNormal(g, 1)
	if err != nil {
		t.Fatal(err)
	}
	sq := G.Must(G.Square(r))
	a, _ := Eval(sq)
	b, _ := Eval(sq)
	if floatsOf(t, a)[0] == floatsOf(t, b)[0] {
		t.Fatal("two evaluations of a random node agree")
	}
}

// The cache keeps at most evalCacheSize Functions, dropping the least recently used.
func TestEvalCacheIsBounded(t *testing.T) {
	g := G.NewGraph()
	x := G.NewScalar(g, G.Float64, G.WithName("x"))
	first := G.Must(G.Add(x, G.NewConstant(-1.0, G.WithName("c-1"))))
	if _, err := Eval(first, Given{x, 1.0}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < evalCacheSize+10; i++ {
		n := G.Must(G.Add(x, G.NewConstant(float64(i), G.WithName(fmt.Sprintf("c%d", i)))))
		v, err := Eval(n, Given{x, 1.0})
		if err != nil || floatsOf(t, v)[0] != float64(i)+1 {
			t.Fatalf("Eval %d = %v, %v", i, v, err)
		}
	}
	evalCache.Lock()
	size := evalCache.order.Len()
	_, kept := evalCache.entries[fmt.Sprintf("%p|%p", first, x)]
	evalCache.Unlock()
	if size > evalCacheSize || kept {
		t.Fatalf("cache holds %d entries (the first kept: %v), want at most %d without the first", size, kept, evalCacheSize)
	}
}
