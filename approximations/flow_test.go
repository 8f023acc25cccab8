package approximations

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// Central differences: step and tolerances (the maps are smooth and O(1) at the test
// points, so the truncation error is ~h² and the rounding error ~1e-16/h).
const (
	fdStep    = 1e-5
	fdTolDet  = 1e-7 // on log|det J|
	fdTolGrad = 1e-6 // relative to max(1, |gradient|)
)

// testLayers are every layer kind at a dimension, iaf in both orders and with few hidden
// units.
func testLayers(d int) []flowLayer {
	return []flowLayer{scaleLayer{d}, locLayer{d}, householderLayer{d}, planarLayer{d}, radialLayer{d},
		newIAFLayer(d, 5, false), newIAFLayer(d, 3, true)}
}

// randomLayerParams gives a layer random parameters: its initialisation with jitter 1 from a
// seed, plus N(0, 0.3²) on every entry (masked iaf weights included, which must not matter).
func randomLayerParams(l flowLayer, seed uint64) []float64 {
	rng := rand.New(rand.NewPCG(seed, 77))
	p := make([]float64, layerSize(l))
	l.init(p, 1, rng)
	for i := range p {
		p[i] += 0.3 * rng.NormFloat64()
	}
	return p
}

func randomVec(n int, rng *rand.Rand) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = rng.NormFloat64()
	}
	return v
}

// logAbsDet is log|det a| for a row-major n×n matrix, by LU with partial pivoting.
func logAbsDet(a []float64, n int) float64 {
	m := append([]float64(nil), a...)
	ld := 0.0
	for c := 0; c < n; c++ {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(m[r*n+c]) > math.Abs(m[p*n+c]) {
				p = r
			}
		}
		if m[p*n+c] == 0 {
			return math.Inf(-1)
		}
		for k := 0; k < n; k++ {
			m[c*n+k], m[p*n+k] = m[p*n+k], m[c*n+k]
		}
		ld += math.Log(math.Abs(m[c*n+c]))
		for r := c + 1; r < n; r++ {
			f := m[r*n+c] / m[c*n+c]
			for k := c; k < n; k++ {
				m[r*n+k] -= f * m[c*n+k]
			}
		}
	}
	return ld
}

// fdJacobian is ∂f/∂z at z by central differences: J[i*d+j] = ∂f_i/∂z_j.
func fdJacobian(l flowLayer, p, z []float64) []float64 {
	d := len(z)
	scratch := make([]float64, l.scratchLen())
	jac := make([]float64, d*d)
	plus, minus := make([]float64, d), make([]float64, d)
	for j := 0; j < d; j++ {
		zp, zm := append([]float64(nil), z...), append([]float64(nil), z...)
		zp[j] += fdStep
		zm[j] -= fdStep
		l.forward(plus, zp, p, scratch)
		l.forward(minus, zm, p, scratch)
		for i := 0; i < d; i++ {
			jac[i*d+j] = (plus[i] - minus[i]) / (2 * fdStep)
		}
	}
	return jac
}

// Every layer's log-det equals log|det J| of a finite-difference Jacobian, at random points
// and parameters, in dimensions 1 to 5; iaf's Jacobian is triangular in its order.
func TestFlowLogDetMatchesFiniteDifferenceJacobian(t *testing.T) {
	t.Parallel()
	for _, d := range []int{1, 2, 3, 5} {
		for _, l := range testLayers(d) {
			for trial := range 4 {
				name := fmt.Sprintf("%s/d=%d/%d", describeLayer(l), d, trial)
				rng := rand.New(rand.NewPCG(uint64(d), uint64(trial)))
				p := randomLayerParams(l, uint64(100*d+trial))
				z := randomVec(d, rng)
				out := make([]float64, d)
				ld := l.forward(out, z, p, make([]float64, l.scratchLen()))
				jac := fdJacobian(l, p, z)
				if want := logAbsDet(jac, d); math.Abs(ld-want) > fdTolDet {
					t.Errorf("%s: log-det %.12g, finite differences %.12g", name, ld, want)
				}
				if iaf, ok := l.(*iafLayer); ok {
					for i := 0; i < d; i++ {
						for j := 0; j < d; j++ {
							if iaf.deg[j] > iaf.deg[i] && math.Abs(jac[i*d+j]) > 1e-9 {
								t.Errorf("%s: ∂z'_%d/∂z_%d = %g, but %d comes later in the order", name, i, j, jac[i*d+j], j)
							}
						}
					}
				}
			}
		}
	}
}

func describeLayer(l flowLayer) string {
	if iaf, ok := l.(*iafLayer); ok {
		return fmt.Sprintf("iaf(%d,reversed=%v)", iaf.hidden, iaf.order[0] != 0)
	}
	return l.kind()
}

// layerObjective is L = gᵀf(z) + c·log-det(z), the quantity whose gradient backward gives.
func layerObjective(l flowLayer, p, z, g []float64, c float64) float64 {
	out := make([]float64, len(z))
	ld := l.forward(out, z, p, make([]float64, l.scratchLen()))
	return dot(g, out) + c*ld
}

// backward's gradients with respect to the parameters and the input equal central
// differences of gᵀf(z) + c·log-det, with the output gradient written over its input (as
// the flow's backward pass does) and into a separate slice.
func TestFlowBackwardMatchesFiniteDifferences(t *testing.T) {
	t.Parallel()
	for _, d := range []int{1, 2, 3, 5} {
		for _, l := range testLayers(d) {
			for trial := range 3 {
				name := fmt.Sprintf("%s/d=%d/%d", describeLayer(l), d, trial)
				rng := rand.New(rand.NewPCG(uint64(d), uint64(10+trial)))
				p := randomLayerParams(l, uint64(200*d+trial))
				z, g := randomVec(d, rng), randomVec(d, rng)
				c := rng.NormFloat64()
				gp := make([]float64, len(p))
				for i := range gp {
					gp[i] = 0.25 // backward adds to what is there
				}
				gin := make([]float64, d)
				l.backward(gin, g, z, p, gp, make([]float64, l.scratchLen()), c)
				inPlace := append([]float64(nil), g...)
				l.backward(inPlace, inPlace, z, p, make([]float64, len(p)), make([]float64, l.scratchLen()), c)
				for i := range gin {
					if inPlace[i] != gin[i] {
						t.Fatalf("%s: in-place ∂L/∂z[%d] = %v, separate %v", name, i, inPlace[i], gin[i])
					}
				}
				for i := range p {
					pp, pm := append([]float64(nil), p...), append([]float64(nil), p...)
					pp[i] += fdStep
					pm[i] -= fdStep
					fd := (layerObjective(l, pp, z, g, c) - layerObjective(l, pm, z, g, c)) / (2 * fdStep)
					if got := gp[i] - 0.25; math.Abs(got-fd) > fdTolGrad*math.Max(1, math.Abs(fd)) {
						t.Errorf("%s: ∂L/∂θ[%d] = %.10g, finite differences %.10g", name, i, got, fd)
					}
				}
				for j := range z {
					zp, zm := append([]float64(nil), z...), append([]float64(nil), z...)
					zp[j] += fdStep
					zm[j] -= fdStep
					fd := (layerObjective(l, p, zp, g, c) - layerObjective(l, p, zm, g, c)) / (2 * fdStep)
					if math.Abs(gin[j]-fd) > fdTolGrad*math.Max(1, math.Abs(fd)) {
						t.Errorf("%s: ∂L/∂z[%d] = %.10g, finite differences %.10g", name, j, gin[j], fd)
					}
				}
			}
		}
	}
}

// Layers with a closed-form inverse round-trip to 1e-12; planar and radial say they have
// none. forward with out = in gives what it gives into a separate slice.
func TestFlowInverseRoundTrips(t *testing.T) {
	t.Parallel()
	for _, d := range []int{1, 2, 4} {
		for _, l := range testLayers(d) {
			name := fmt.Sprintf("%s/d=%d", describeLayer(l), d)
			rng := rand.New(rand.NewPCG(uint64(d), 99))
			p := randomLayerParams(l, uint64(300+d))
			z := randomVec(d, rng)
			out := make([]float64, d)
			scratch := make([]float64, l.scratchLen())
			ld := l.forward(out, z, p, scratch)
			inPlace := append([]float64(nil), z...)
			if ld2 := l.forward(inPlace, inPlace, p, scratch); ld2 != ld {
				t.Errorf("%s: in-place log-det %v, separate %v", name, ld2, ld)
			}
			for i := range out {
				if inPlace[i] != out[i] {
					t.Fatalf("%s: in-place forward differs at %d: %v vs %v", name, i, inPlace[i], out[i])
				}
			}
			back := make([]float64, d)
			ok := l.inverse(back, out, p)
			wantOK := l.kind() != "planar" && l.kind() != "radial"
			if ok != wantOK {
				t.Fatalf("%s: inverse reports %v, want %v", name, ok, wantOK)
			}
			if !ok {
				continue
			}
			for i := range z {
				if math.Abs(back[i]-z[i]) > 1e-12*math.Max(1, math.Abs(z[i])) {
					t.Errorf("%s: inverse(forward(z))[%d] = %.15g, z = %.15g", name, i, back[i], z[i])
				}
			}
		}
	}
}

// PyMC3's constraints hold at any raw parameters: planar's ûᵀw > -1 and radial's β ≥ -α,
// so the log-dets stay finite (the maps stay invertible) even at extreme parameters.
func TestFlowConstraintsKeepLogDetFinite(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(5, 5))
	for _, l := range []flowLayer{planarLayer{3}, radialLayer{3}} {
		for trial := range 200 {
			p := make([]float64, layerSize(l))
			for i := range p {
				p[i] = 8 * rng.NormFloat64()
			}
			z := randomVec(3, rng)
			for i := range z {
				z[i] *= 5
			}
			ld := l.forward(make([]float64, 3), z, p, nil)
			if math.IsNaN(ld) || math.IsInf(ld, 0) {
				t.Fatalf("%s trial %d: log-det %v at p=%v z=%v", l.kind(), trial, ld, p, z)
			}
		}
	}
}

func TestParseFormula(t *testing.T) {
	t.Parallel()
	ok := []struct {
		formula, norm string
		kinds         []string
	}{
		{"scale-loc", "scale-loc", []string{"scale", "loc"}},
		{"Scale - HH*2 - loc", "scale-hh*2-loc", []string{"scale", "hh", "hh", "loc"}},
		{"planar*3", "planar*3", []string{"planar", "planar", "planar"}},
		{"radial-planar", "radial-planar", []string{"radial", "planar"}},
		{"scale-iaf(16)*2-loc", "scale-iaf(16)*2-loc", []string{"scale", "iaf", "iaf", "loc"}},
	}
	for _, c := range ok {
		norm, specs, err := parseFormula(c.formula)
		if err != nil {
			t.Errorf("%q: %v", c.formula, err)
			continue
		}
		if norm != c.norm || len(specs) != len(c.kinds) {
			t.Errorf("%q: %q with %d layers, want %q with %d", c.formula, norm, len(specs), c.norm, len(c.kinds))
			continue
		}
		for i, s := range specs {
			if s.kind != c.kinds[i] {
				t.Errorf("%q: layer %d is %s, want %s", c.formula, i, s.kind, c.kinds[i])
			}
		}
	}
	bad := []struct{ formula, want string }{
		{"", "no flows in formula"},
		{"   ", "no flows in formula"},
		{"planar*0", `wrong format "planar*0"`},
		{"planar*-1", `wrong format "planar*"`}, // '-' separates flows first, as in PyMC3
		{"planar*2*3", `wrong format "planar*2*3"`},
		{"planar*x", `wrong format "planar*x"`},
		{"scale--loc", `no such flow ""`},
		{"sylvester", `no such flow "sylvester"`},
		{"planar(3)", `only iaf takes an argument`},
		{"iaf(0)", `only iaf takes an argument`},
		{"iaf(4", `only iaf takes an argument`},
	}
	for _, c := range bad {
		_, _, err := parseFormula(c.formula)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: err = %v, want it to contain %q", c.formula, err, c.want)
		}
	}
	// Successive iaf layers alternate their order; the default width is max(8, d).
	layers := newLayers([]flowSpec{{kind: "iaf"}, {kind: "scale"}, {kind: "iaf", hidden: 3}}, 4)
	first, second := layers[0].(*iafLayer), layers[2].(*iafLayer)
	if first.order[0] != 0 || second.order[0] != 3 || first.hidden != 8 || second.hidden != 3 {
		t.Errorf("iaf layers: orders %v, %v, widths %d, %d", first.order, second.order, first.hidden, second.hidden)
	}
}
