package distributions

import (
	"fmt"
	"math"
	"strings"
	"sync"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// normalBrute computes, element by element of the broadcast shape out with NumPy indexing
// (unravel), the Normal log densities and the weighted sums of their partials with respect
// to x, mu and sigma (weights w, one per element). Elements whose sigma is not positive
// have log density -Inf and no partials.
func normalBrute(out tensor.Shape, x, mu, sigma uvArr, w []float64) (lp []float64, dx, dmu, dsig []float64) {
	n := out.TotalSize()
	lp = make([]float64, n)
	dx, dmu, dsig = make([]float64, len(x.data)), make([]float64, len(mu.data)), make([]float64, len(sigma.data))
	idx := make([]int, len(out))
	for e := 0; e < n; e++ {
		i, j, k := unravel(idx, out, x.shape), unravel(idx, out, mu.shape), unravel(idx, out, sigma.shape)
		s := sigma.data[k]
		if s > 0 {
			z := (x.data[i] - mu.data[j]) / s
			lp[e] = -0.5*z*z - math.Log(s) - 0.5*math.Log(2*math.Pi)
			dx[i] -= w[e] * z / s
			dmu[j] += w[e] * z / s
			dsig[k] += w[e] * (z*z - 1) / s
		} else {
			lp[e] = math.Inf(-1)
		}
		for a := len(idx) - 1; a >= 0; a-- {
			idx[a]++
			if idx[a] < out[a] {
				break
			}
			idx[a] = 0
		}
	}
	return lp, dx, dmu, dsig
}

func TestEngineAgainstBruteForce(t *testing.T) {
	t.Parallel()
	// Rows longer than chunkLen, broadcast operands refilled row by row, a value broadcast
	// over the parameters, and a large parameter with an out-of-domain element (checked run
	// by run).
	const tol = 1e-12
	bad := uvSeq(600, 0.5, 0.01)
	bad[400] = -1
	cases := []struct {
		name         string
		x, mu, sigma uvArr
	}{
		{"long rows", uvArr{uvSeq(2100, -3, 0.003), tensor.Shape{3, 700}}, uvArr{uvSeq(700, -1, 0.002), tensor.Shape{700}}, uvArr{[]float64{0.5, 1, 2}, tensor.Shape{3, 1}}},
		{"value broadcast", uvArr{uvSeq(700, -2, 0.005), tensor.Shape{700}}, uvArr{[]float64{-1, 0, 1}, tensor.Shape{3, 1}}, uvSc(1.3)},
		{"large bad sigma", uvArr{uvSeq(600, -2, 0.007), tensor.Shape{600}}, uvArr{uvSeq(600, 1, -0.003), tensor.Shape{600}}, uvArr{bad, tensor.Shape{600}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			g := G.NewGraph()
			xn, mun, sn := c.x.node(g, "x"), c.mu.node(g, "mu"), G.NewTensor(g, G.Float64, len(c.sigma.shape), G.WithShape(c.sigma.shape...), G.WithName("s"))
			if len(c.sigma.shape) == 0 {
				sn = G.NewScalar(g, G.Float64, G.WithName("s"))
			}
			in := G.Nodes{xn, mun, sn}
			vals := []G.Value{c.x.value(), c.mu.value(), c.sigma.value()}
			sumOp, err := newLogpOp("Normal", normalKernel{}, xn, in[1:], false, false)
			if err != nil {
				t.Fatal(err)
			}
			elemOp, err := newLogpOp("Normal", normalKernel{}, xn, in[1:], false, true)
			if err != nil {
				t.Fatal(err)
			}
			out, err := broadcastShapes(nil, c.x.shape, c.mu.shape, c.sigma.shape)
			if err != nil {
				t.Fatal(err)
			}
			w := uvSeq(out.TotalSize(), 0.5, 0.001)
			lp, dx, dmu, ds := normalBrute(out, c.x, c.mu, c.sigma, w)
			ones := make([]float64, len(w))
			for i := range ones {
				ones[i] = 2.5
			}
			_, dx1, dmu1, ds1 := normalBrute(out, c.x, c.mu, c.sigma, ones)

			ev, err := elemOp.Do(vals...)
			if err != nil {
				t.Fatal(err)
			}
			got := uvFloats(t, ev)
			total := 0.0
			for e := range lp {
				total += lp[e]
				if !closeTo(got[e], lp[e], tol) {
					t.Fatalf("element %d: %v, want %v", e, got[e], lp[e])
				}
			}
			sv, err := sumOp.Do(vals...)
			if err != nil {
				t.Fatal(err)
			}
			if s := uvFloats(t, sv)[0]; !closeTo(s, total, tol) {
				t.Errorf("sum %v, want %v", s, total)
			}

			check := func(name string, got []float64, parts ...[]float64) {
				t.Helper()
				i := 0
				for p, want := range parts {
					for j, v := range want {
						if !closeTo(got[i], v, 1e-10) {
							t.Fatalf("%s: partial %d element %d: %v, want %v", name, p, j, got[i], v)
						}
						i++
					}
				}
			}
			wn := uvArr{w, out}.node(g, "w")
			gElem := newGradOp(elemOp, wn, in)
			gv, err := gElem.Do(append([]G.Value{uvArr{w, out}.value()}, vals...)...)
			if err != nil {
				t.Fatal(err)
			}
			check("element-wise", uvFloats(t, gv), dx, dmu, ds)
			one := uvSc(1).node(g, "up")
			gSum := newGradOp(sumOp, one, in)
			gv, err = gSum.Do(append([]G.Value{G.NewF64(2.5)}, vals...)...)
			if err != nil {
				t.Fatal(err)
			}
			check("sum", uvFloats(t, gv), dx1, dmu1, ds1)
		})
	}
}

func TestOpsReturnErrorsNotPanics(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	x, mu, s := uvVec(1, 2, 3).node(g, "x"), uvVec(0, 0, 0).node(g, "mu"), uvSc(1).node(g, "s")
	op, err := newLogpOp("Normal", normalKernel{}, x, G.Nodes{mu, s}, false, true)
	if err != nil {
		t.Fatal(err)
	}
	good := []G.Value{uvVec(1, 2, 3).value(), uvVec(0, 0, 0).value(), G.NewF64(1)}
	f32 := tensor.New(tensor.WithShape(3), tensor.WithBacking([]float32{1, 2, 3}))
	cases := []struct {
		name string
		in   []G.Value
		pre  G.Value
		want string
	}{
		{"float32 value", []G.Value{f32, good[1], good[2]}, nil, "want float64"},
		{"wrong shape", []G.Value{uvVec(1, 2).value(), good[1], good[2]}, nil, "value shape (2) and mu shape (3): shapes do not broadcast"},
		{"missing input", good[:2], nil, "2 inputs, want 3"},
		{"nil input", []G.Value{nil, good[1], good[2]}, nil, "value: no value"},
		{"bad prealloc", good, tensor.New(tensor.Of(tensor.Float64), tensor.WithShape(4)), "preallocated output"},
		{"prealloc type", good, G.NewF64(0), "preallocated output"},
	}
	for _, c := range cases {
		var err error
		if c.pre != nil {
			_, err = op.UsePreallocDo(c.pre, c.in...)
		} else {
			_, err = op.Do(c.in...)
		}
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "distributions: NormalLogPElem: ") {
			t.Errorf("%s: got %v, want an error containing %q", c.name, err, c.want)
		}
	}
	// The gradient op of a summed op wants a scalar upstream gradient.
	sop, _ := newLogpOp("Normal", normalKernel{}, x, G.Nodes{mu, s}, false, false)
	gop := newGradOp(sop, s, G.Nodes{x, mu, s})
	if _, err := gop.Do(append([]G.Value{uvVec(1, 2, 3).value()}, good...)...); err == nil {
		t.Error("vector upstream gradient for a summed op: want an error")
	}
	if _, err := gop.SymDiff(nil, nil, nil); err == nil {
		t.Error("SymDiff of a gradient op: want an error")
	}
	if w := gop.DiffWRT(4); len(w) != 4 || w[0] || w[1] || w[2] || w[3] {
		t.Errorf("gradient op DiffWRT %v, want all false", w)
	}
}

func TestUsePreallocMatchesDo(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	x, mu, s := uvMat(2, 3, 1, 2, 3, 4, 5, 6).node(g, "x"), uvVec(0, 1, 2).node(g, "mu"), uvSc(1.5).node(g, "s")
	op, _ := newLogpOp("Normal", normalKernel{}, x, G.Nodes{mu, s}, false, true)
	vals := []G.Value{uvMat(2, 3, 1, 2, 3, 4, 5, 6).value(), uvVec(0, 1, 2).value(), G.NewF64(1.5)}
	want, err := op.Do(vals...)
	if err != nil {
		t.Fatal(err)
	}
	pre := tensor.New(tensor.Of(tensor.Float64), tensor.WithShape(2, 3))
	got, err := op.UsePreallocDo(pre, vals...)
	if err != nil {
		t.Fatal(err)
	}
	if got != G.Value(pre) {
		t.Error("UsePreallocDo did not return the preallocated tensor")
	}
	w, gg := uvFloats(t, want), uvFloats(t, got)
	for i := range w {
		if w[i] != gg[i] {
			t.Errorf("element %d: prealloc %v, Do %v", i, gg[i], w[i])
		}
	}
}

func TestOpsConcurrentUse(t *testing.T) {
	t.Parallel()
	// One op value, evaluated from several goroutines at once (run with -race): ops hold no
	// buffers, so every goroutine gets the same results. The packed op, and the two-pass
	// value and gradient ops.
	nb := newNormalBench(t, 300, 20)
	packed, err := nb.op.Do(nb.vals...)
	if err != nil {
		t.Fatal(err)
	}
	wantP := uvFloats(t, packed)
	want, err := nb.valOp.Do(nb.vals...)
	if err != nil {
		t.Fatal(err)
	}
	wantG, err := nb.gop.Do(nb.gvals...)
	if err != nil {
		t.Fatal(err)
	}
	wg := uvFloats(t, wantG)
	var mu sync.Mutex
	var errs []string
	var wgr sync.WaitGroup
	for r := 0; r < 4; r++ {
		wgr.Add(1)
		go func() {
			defer wgr.Done()
			for i := 0; i < 20; i++ {
				v, err := nb.valOp.Do(nb.vals...)
				gv, err2 := nb.gop.Do(nb.gvals...)
				pv, err3 := nb.op.Do(nb.vals...)
				mu.Lock()
				if err != nil || err2 != nil || err3 != nil || float64(*v.(*G.F64)) != float64(*want.(*G.F64)) {
					errs = append(errs, fmt.Sprint(err, err2, err3, v))
				} else {
					for j, x := range pv.(*tensor.Dense).Float64s() {
						if x != wantP[j] {
							errs = append(errs, fmt.Sprintf("packed entry %d differs", j))
							break
						}
					}
					for j, x := range gv.(*tensor.Dense).Float64s() {
						if x != wg[j] {
							errs = append(errs, fmt.Sprintf("gradient %d differs", j))
							break
						}
					}
				}
				mu.Unlock()
			}
		}()
	}
	wgr.Wait()
	if len(errs) > 0 {
		t.Errorf("%d concurrent evaluations differ, first: %s", len(errs), errs[0])
	}
}
