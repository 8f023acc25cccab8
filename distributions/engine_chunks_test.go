package distributions

import (
	"math"
	"testing"

	"github.com/gopymc/gopymc/internal/parallel"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// chunkCases are shapes large enough to be evaluated in chunks: parameters broadcast along
// the rows (each chunk touches all of them), along the columns (each chunk a range), a long
// vector cut inside its only row, and a parameter out of its domain at one element.
func chunkCases() []struct {
	name         string
	x, mu, sigma uvArr
} {
	bad := uvSeq(100003, 0.5, 0.00001)
	bad[77777] = -1
	return []struct {
		name         string
		x, mu, sigma uvArr
	}{
		{"rows × columns", uvArr{uvSeq(300*400, -3, 0.00005), tensor.Shape{300, 400}}, uvArr{uvSeq(400, -1, 0.004), tensor.Shape{400}}, uvArr{uvSeq(300, 0.5, 0.01), tensor.Shape{300, 1}}},
		{"long vector, bad sigma", uvArr{uvSeq(100003, -2, 0.00004), tensor.Shape{100003}}, uvSc(0.3), uvArr{bad, tensor.Shape{100003}}},
		{"value broadcast", uvArr{uvSeq(500, -2, 0.008), tensor.Shape{500}}, uvArr{uvSeq(200, -1, 0.01), tensor.Shape{200, 1}}, uvSc(1.3)},
	}
}

// A chunked evaluation gives the brute-force values and partials, and the same bits on 1, 2
// and 5 workers, for the summed and element-wise ops and their gradients.
func TestChunkedEngine(t *testing.T) {
	defer parallel.SetWorkers(parallel.SetWorkers(0))
	for _, c := range chunkCases() {
		g := G.NewGraph()
		xn, mun, sn := c.x.node(g, "x"), c.mu.node(g, "mu"), c.sigma.node(g, "s")
		in := G.Nodes{xn, mun, sn}
		vals := []G.Value{c.x.value(), c.mu.value(), c.sigma.value()}
		out, err := broadcastShapes(nil, c.x.shape, c.mu.shape, c.sigma.shape)
		if err != nil {
			t.Fatal(err)
		}
		if n := (&chunks{}).split(&bcast{size: out.TotalSize()}); n < 2 {
			t.Fatalf("%s: %d chunks: the case does not test chunking", c.name, n)
		}
		sumOp, err1 := newLogpOp("Normal", normalKernel{}, xn, in[1:], false, false)
		elemOp, err2 := newLogpOp("Normal", normalKernel{}, xn, in[1:], false, true)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		w := uvSeq(out.TotalSize(), 0.5, 0.00001)
		up := append([]G.Value{uvArr{w, out}.value()}, vals...)
		gElem := newGradOp(elemOp, uvArr{w, out}.node(g, "w"), in)
		gSum := newGradOp(sumOp, uvSc(1).node(g, "up"), in)
		upSum := append([]G.Value{G.NewF64(2.5)}, vals...)
		runs := func() [][]float64 {
			var res [][]float64
			for _, r := range []struct {
				op G.Op
				in []G.Value
			}{{sumOp, vals}, {elemOp, vals}, {gElem, up}, {gSum, upSum}} {
				v, err := r.op.Do(r.in...)
				if err != nil {
					t.Fatalf("%s: %v", c.name, err)
				}
				res = append(res, uvFloats(t, v))
			}
			return res
		}
		parallel.SetWorkers(1)
		want := runs()
		for _, workers := range []int{2, 5} {
			parallel.SetWorkers(workers)
			for k, got := range runs() {
				for e := range got {
					if math.Float64bits(got[e]) != math.Float64bits(want[k][e]) {
						t.Fatalf("%s: output %d[%d] = %v on %d workers, %v on 1", c.name, k, e, got[e], workers, want[k][e])
					}
				}
			}
		}
		// Against the brute force.
		lp, dx, dmu, ds := normalBrute(out, c.x, c.mu, c.sigma, w)
		ones := make([]float64, len(w))
		for i := range ones {
			ones[i] = 2.5
		}
		_, dx1, dmu1, ds1 := normalBrute(out, c.x, c.mu, c.sigma, ones)
		total := 0.0
		for e, v := range lp {
			total += v
			if !closeTo(want[1][e], v, 1e-12) {
				t.Fatalf("%s: element %d: %v, want %v", c.name, e, want[1][e], v)
			}
		}
		if !closeTo(want[0][0], total, 1e-10) {
			t.Errorf("%s: sum %v, want %v", c.name, want[0][0], total)
		}
		check := func(name string, got []float64, parts ...[]float64) {
			t.Helper()
			i := 0
			for p, ref := range parts {
				for j, v := range ref {
					if !closeTo(got[i], v, 1e-9) {
						t.Fatalf("%s %s: partial %d element %d: %v, want %v", c.name, name, p, j, got[i], v)
					}
					i++
				}
			}
		}
		check("element-wise gradient", want[2], dx, dmu, ds)
		check("summed gradient", want[3], dx1, dmu1, ds1)
	}
}

// The chunked evaluation allocates nothing once its buffers exist.
func TestChunkedEngineAllocatesNothing(t *testing.T) {
	if uvRace {
		t.Skip("sync.Pool drops items under the race detector")
	}
	defer parallel.SetWorkers(parallel.SetWorkers(2))
	c := chunkCases()[0]
	g := G.NewGraph()
	xn, mun, sn := c.x.node(g, "x"), c.mu.node(g, "mu"), c.sigma.node(g, "s")
	op, err := newLogpOp("Normal", normalKernel{}, xn, G.Nodes{mun, sn}, false, false)
	if err != nil {
		t.Fatal(err)
	}
	vals := []G.Value{c.x.value(), c.mu.value(), c.sigma.value()}
	out, err := op.Do(vals...)
	if err != nil {
		t.Fatal(err)
	}
	if n := testing.AllocsPerRun(20, func() { _, _ = op.UsePreallocDo(out, vals...) }); n != 0 {
		t.Errorf("%v allocations per evaluation", n)
	}
}

// Observed values with parameters that are the same on every row go to Normal's block
// kernel (per-column sums): the log density and the parameters' partials agree with the
// brute force, in chunks or not, with a parameter out of its domain, and on any number of
// workers to the bit.
func TestRowBlocks(t *testing.T) {
	defer parallel.SetWorkers(parallel.SetWorkers(0))
	badSigma := uvSeq(400, 0.5, 0.003)
	badSigma[123] = 0
	cases := []struct {
		name         string
		x, mu, sigma uvArr
	}{
		{"chunks", uvArr{uvSeq(300*400, -3, 0.00005), tensor.Shape{300, 400}}, uvArr{uvSeq(400, -1, 0.004), tensor.Shape{400}}, uvArr{uvSeq(400, 0.5, 0.003), tensor.Shape{400}}},
		{"one chunk, scalar sigma", uvArr{uvSeq(50*7, -3, 0.02), tensor.Shape{50, 7}}, uvArr{uvSeq(7, -1, 0.3), tensor.Shape{1, 7}}, uvSc(0.7)},
		{"bad sigma", uvArr{uvSeq(300*400, -3, 0.00005), tensor.Shape{300, 400}}, uvArr{uvSeq(400, -1, 0.004), tensor.Shape{400}}, uvArr{badSigma, tensor.Shape{400}}},
	}
	for _, c := range cases {
		g := G.NewGraph()
		xn, mun, sn := c.x.node(g, "x"), c.mu.node(g, "mu"), c.sigma.node(g, "s")
		op, err := newLogpOp("Normal", normalKernel{}, xn, G.Nodes{mun, sn}, true, false)
		if err != nil {
			t.Fatal(err)
		}
		vals := []G.Value{c.x.value(), c.mu.value(), c.sigma.value()}
		var want []float64
		for _, w := range []int{1, 2, 5} {
			parallel.SetWorkers(w)
			v, err := op.Do(vals...)
			if err != nil {
				t.Fatal(err)
			}
			got := uvFloats(t, v)
			if want == nil {
				want = got
				continue
			}
			for e := range got {
				if math.Float64bits(got[e]) != math.Float64bits(want[e]) {
					t.Fatalf("%s: [%d] = %v on %d workers, %v on 1", c.name, e, got[e], w, want[e])
				}
			}
		}
		out, _ := broadcastShapes(nil, c.x.shape, c.mu.shape, c.sigma.shape)
		ones := make([]float64, out.TotalSize())
		for i := range ones {
			ones[i] = 1
		}
		lp, _, dmu, ds := normalBrute(out, c.x, c.mu, c.sigma, ones)
		total := 0.0
		for _, v := range lp {
			total += v
		}
		if !closeTo(want[0], total, 1e-11) {
			t.Errorf("%s: log density %v, want %v", c.name, want[0], total)
		}
		for j, v := range append(dmu, ds...) {
			if !closeTo(want[1+j], v, 1e-9) {
				t.Fatalf("%s: partial %d: %v, want %v", c.name, j, want[1+j], v)
			}
		}
	}
}
