package distributions

import (
	"math"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// scalarKernels lists every element-wise kernel: each can take one-element operands.
var scalarKernels = []elemKernel{
	bernoulliKernel{}, bernoulliLogitKernel{}, betaKernel{}, binomialKernel{}, cauchyKernel{},
	exponentialKernel{}, flatKernel{}, gammaKernel{}, gammaMuSigmaKernel{}, halfCauchyKernel{},
	halfFlatKernel{}, halfNormalKernel{}, halfNormalTauKernel{}, halfStudentTKernel{},
	inverseGammaKernel{}, laplaceKernel{}, logNormalKernel{}, logNormalTauKernel{},
	normalKernel{}, normalTauKernel{}, poissonKernel{}, studentTKernel{}, uniformKernel{},
}

// scalarPool holds values inside and outside every family's support and every parameter's
// domain: negative, zero of both signs, fractions, integers, infinities and NaN.
var scalarPool = []float64{-2.5, -1, math.Copysign(0, -1), 0, 0.3, 1, 2, 3.7, math.Inf(1), math.Inf(-1), math.NaN()}

// scalarEval evaluates kernel k's summed log density and the partials of the inputs where
// need is true at the one-element inputs vals, by the scalar fast path or the general pass.
func scalarEval(t *testing.T, k elemKernel, vals []float64, need []bool, general bool) (float64, []float64) {
	t.Helper()
	w := getScratch()
	defer putScratch(w)
	in := make([]G.Value, len(vals))
	for i, v := range vals {
		in[i] = G.NewF64(v)
	}
	if err := w.loadViews(k, in, 0); err != nil {
		t.Fatal(err)
	}
	if !w.allScalar(len(in)) {
		t.Fatal("inputs of one element not seen as scalars")
	}
	parts := make([]float64, len(vals))
	for i, n := range need {
		if n {
			w.parts[i] = parts[i : i+1 : i+1]
		}
	}
	if !general {
		return w.scalarPass(k), parts
	}
	if err := w.setup(k); err != nil {
		t.Fatal(err)
	}
	return w.pass(nil, false, true), parts
}

// The scalar fast path gives the general pass's numbers to the last bit, for every kernel,
// at every combination of pool values for the value and the parameters (in and out of
// support and domain: -Inf log densities and zero partials), with every set of inputs
// needing a partial (none: the value op).
func TestScalarPathMatchesGeneral(t *testing.T) {
	t.Parallel()
	for _, k := range scalarKernels {
		t.Run(k.info().id, func(t *testing.T) {
			t.Parallel()
			n := 1 + len(k.info().specs)
			vals := make([]float64, n)
			idx := make([]int, n)
			checked := 0
			for {
				for i, j := range idx {
					vals[i] = scalarPool[j]
				}
				for mask := 0; mask < 1<<n; mask++ {
					need := make([]bool, n)
					for i := range need {
						need[i] = mask&(1<<i) != 0
					}
					lpG, pG := scalarEval(t, k, vals, need, true)
					lpF, pF := scalarEval(t, k, vals, need, false)
					if math.Float64bits(lpG) != math.Float64bits(lpF) {
						t.Fatalf("at %v, need %v: log density %v by the fast path, %v by the general pass", vals, need, lpF, lpG)
					}
					for i := range pG {
						if math.Float64bits(pG[i]) != math.Float64bits(pF[i]) {
							t.Fatalf("at %v, need %v: partial %d is %v by the fast path, %v by the general pass", vals, need, i, pF[i], pG[i])
						}
					}
					checked++
				}
				i := 0
				for ; i < n; i++ {
					idx[i]++
					if idx[i] < len(scalarPool) {
						break
					}
					idx[i] = 0
				}
				if i == n {
					break
				}
			}
			if want := pow(len(scalarPool), n) << n; checked != want {
				t.Fatalf("%d cases checked, want %d", checked, want)
			}
		})
	}
}

func pow(b, e int) int {
	r := 1
	for ; e > 0; e-- {
		r *= b
	}
	return r
}

// Through the ops: one-element inputs of any rank take the fast path and give the numbers
// of the same inputs with a broadcast partner that sends them through the general pass
// (an element-wise op of one element), and the value op gives the packed op's value.
func TestScalarPathThroughOps(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	x := G.NewTensor(g, tensor.Float64, 2, G.WithShape(1, 1), G.WithName("x"))
	mu := G.NewVector(g, tensor.Float64, G.WithShape(1), G.WithName("mu"))
	s := G.NewScalar(g, tensor.Float64, G.WithName("s"))
	sum, err := newLogpOp("Normal", normalKernel{}, x, G.Nodes{mu, s}, false, false)
	if err != nil {
		t.Fatal(err)
	}
	elem, err := newLogpOp("Normal", normalKernel{}, x, G.Nodes{mu, s}, false, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range [][3]float64{{0.4, -0.2, 1.3}, {2, 1, 0}, {1, 0, -1}, {1, math.NaN(), 1}} {
		vals := []G.Value{
			tensor.New(tensor.WithShape(1, 1), tensor.WithBacking([]float64{c[0]})),
			tensor.New(tensor.WithShape(1), tensor.WithBacking([]float64{c[1]})),
			G.NewF64(c[2]),
		}
		packed, err := sum.Do(vals...)
		if err != nil {
			t.Fatal(err)
		}
		p := packed.(*tensor.Dense).Float64s()
		e, err := elem.Do(vals...)
		if err != nil {
			t.Fatal(err)
		}
		want := e.(*tensor.Dense).Float64s()[0]
		if math.Float64bits(p[0]) != math.Float64bits(want) && !(want == 0 && p[0] == 0) {
			t.Errorf("at %v: summed %v, element-wise %v", c, p[0], want)
		}
		if len(p) != 4 {
			t.Fatalf("at %v: packed vector of %d entries, want 4", c, len(p))
		}
		two := *sum
		two.packed, two.outDims = false, 0
		v, err := two.Do(vals...)
		if err != nil {
			t.Fatal(err)
		}
		if got := float64(*v.(*G.F64)); math.Float64bits(got) != math.Float64bits(p[0]) {
			t.Errorf("at %v: value op %v, packed op %v", c, got, p[0])
		}
	}
}
