package distributions

import (
	"sync"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

func TestOpsDistinctUnderHashConsing(t *testing.T) {
	t.Parallel()
	// Ops that compute different things on the same inputs must never be merged into one
	// node by Gorgonia's hash-consing: observed or not, sum or per element, sigma or tau.
	g := G.NewGraph()
	x := G.NewVector(g, G.Float64, G.WithShape(3), G.WithName("x"))
	w := constNode(g, "w", tensor.Shape{2}, []float64{.2, .8})
	mu := constNode(g, "mu", tensor.Shape{2}, []float64{-.3, .5})
	s := constNode(g, "s", tensor.Shape{2}, []float64{.1, .1})
	ds, err := NewNormalMixture(w, mu, s)
	if err != nil {
		t.Fatal(err)
	}
	dt, err := NewNormalMixtureTau(w, mu, s)
	if err != nil {
		t.Fatal(err)
	}
	nodes := map[*G.Node]string{}
	add := func(name string, n *G.Node, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		if prev, ok := nodes[n]; ok {
			t.Errorf("%s and %s are the same node", prev, name)
		}
		nodes[n] = name
	}
	n, err := ds.LogP(x, false)
	add("sigma logp", n, err)
	n, err = ds.LogP(x, true)
	add("sigma logp observed", n, err)
	n, err = ds.LogPElem(x, false)
	add("sigma elem", n, err)
	n, err = dt.LogP(x, false)
	add("tau logp", n, err)
	lt := NewLogTransform()
	n, err = lt.Backward(x)
	add("log backward", n, err)
	n, err = lt.Forward(x)
	add("log forward", n, err)
	n, err = NewLogOddsTransform().Backward(x)
	add("logodds backward", n, err)
	// The same construction twice is the same node (hash-consing is intended).
	again, err := ds.LogP(x, false)
	if err != nil {
		t.Fatal(err)
	}
	if nodes[again] != "sigma logp" {
		t.Errorf("rebuilding the same log density gave a new node")
	}
}

func TestOpsConcurrentDo(t *testing.T) {
	t.Parallel()
	// The same op values are re-applied in graphs used concurrently, so Do must be safe to
	// call from several goroutines at once (run with -race).
	vop, dop, vin, din, _ := mixtureBenchOps(t)
	want, err := vop.Do(vin...)
	if err != nil {
		t.Fatal(err)
	}
	din = append([]G.Value{want}, din[1:]...)
	wantG, err := dop.Do(din...)
	if err != nil {
		t.Fatal(err)
	}
	w0 := want.(*tensor.Dense).Float64s()[0]
	var wg sync.WaitGroup
	errs := make(chan string, 4)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 200 {
				v, err := vop.Do(vin...)
				gv, err2 := dop.Do(din...)
				if err != nil || err2 != nil || v.(*tensor.Dense).Float64s()[0] != w0 || *gv.(*G.F64) != *wantG.(*G.F64) {
					errs <- "concurrent Do gave a different result"
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestOpsErrorsNotPanics(t *testing.T) {
	t.Parallel()
	// Do with inputs of the wrong kind returns an error; it never panics (a panic inside a
	// TapeMachine kills the process, gorgonia-notes trap 13).
	vop, dop, vin, din, _ := mixtureBenchOps(t)
	vec3 := tensor.New(tensor.WithShape(3), tensor.WithBacking([]float64{1, 2, 3}))
	ints := tensor.New(tensor.WithShape(2), tensor.WithBacking([]int{1, 2}))
	bad := [][]G.Value{
		nil,
		{vin[0]},
		{vin[0], vin[1], vin[2], vec3},
		{vin[0], vin[1], vin[2], ints},
	}
	for i, in := range bad {
		if _, err := vop.Do(in...); err == nil {
			t.Errorf("value op, bad inputs %d: no error", i)
		}
		if _, err := dop.Do(in...); err == nil {
			t.Errorf("partial op, bad inputs %d: no error", i)
		}
	}
	short := tensor.New(tensor.Of(tensor.Float64), tensor.WithShape(1))
	badPartial := [][]G.Value{
		{ints, din[1], din[2], din[3], din[4], din[5]},  // packed vector of ints
		{din[0], vec3, din[2], din[3], din[4], din[5]},  // upstream gradient not a scalar
		{short, din[1], din[2], din[3], din[4], din[5]}, // packed vector too short
		{din[0], din[1], vec3, din[3], din[4], din[5]},  // x not a scalar
		{din[0], din[1], nil, din[3], din[4], din[5]},   // x missing
	}
	for i, in := range badPartial {
		if _, err := dop.Do(in...); err == nil {
			t.Errorf("partial op, bad inputs %d: no error", i)
		}
	}
	if _, err := dop.SymDiff(nil, nil, nil); err == nil {
		t.Error("SymDiff of a partial op: no error")
	}
}
