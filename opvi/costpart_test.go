package opvi

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/gopymc/gopymc/approximations"
	"github.com/gopymc/gopymc/config"
	"github.com/gopymc/gopymc/distributions"
	"github.com/gopymc/gopymc/graph"
	"github.com/gopymc/gopymc/internal/testmodels"
	"github.com/gopymc/gopymc/model"
	G "gorgonia.org/gorgonia"
)

// klGradient runs one step of the KL operator over q with the cost-part gradient scale s,
// drawing from PCG(seed), and returns the gradient.
func klGradient(t *testing.T, q approximations.LocationScale, ld *model.LogDensity, s float64, seed uint64) []float64 {
	t.Helper()
	k := newKL(q, ld, 1, 1, 1, rand.New(rand.NewPCG(seed, 1)))
	k.scale = func() (float64, error) { return s, nil }
	grad := make([]float64, len(q.FlatParams()))
	if _, err := k.step(t.Context(), grad); err != nil {
		t.Fatal(err)
	}
	return grad
}

func maxAbs(x []float64) float64 {
	m := 0.0
	for _, v := range x {
		m = math.Max(m, math.Abs(v))
	}
	return m
}

// TestCostPartGradScaleSTL: with q equal to the exact posterior (a conjugate normal for
// mean-field ADVI, a correlated Gaussian for full-rank ADVI), the gradient with scale 0
// ("sticking the landing", Roeder et al. 2017) is zero at every draw up to rounding, while
// the full gradient (scale 1) is not; the gradient is linear in the scale.
func TestCostPartGradScaleSTL(t *testing.T) {
	t.Parallel()
	c := testmodels.NewConjugate(1000, 1)
	mf, err := approximations.NewMeanField(c.Model)
	if err != nil {
		t.Fatal(err)
	}
	mf.FlatParams()[0] = c.PostMean
	mf.FlatParams()[1] = math.Log(math.Expm1(c.PostSD))

	g := model.New()
	mu, _ := g.Param("x", "mu", []float64{1, -2})
	cov, _ := g.Param("x", "cov", [][]float64{{1, 1.2}, {1.2, 4}})
	mvn, err := distributions.NewMvNormal(mu, cov)
	if err != nil {
		t.Fatal(err)
	}
	g.AddFree("x", mvn, model.FreeOptions{})
	fr, err := approximations.NewFullRank(g)
	if err != nil {
		t.Fatal(err)
	}
	// L = chol(cov) = [[1, 0], [1.2, 1.6]]; the packed diagonal holds softplus⁻¹.
	p := fr.FlatParams() // L_tril (3), mu (2)
	copy(p, []float64{math.Log(math.Expm1(1)), 1.2, math.Log(math.Expm1(1.6)), 1, -2})

	for _, tc := range []struct {
		name string
		q    approximations.LocationScale
		m    *model.Model
	}{{"meanfield", mf, c.Model}, {"fullrank", fr, g}} {
		ld, err := tc.m.LogDensity()
		if err != nil {
			t.Fatal(err)
		}
		for seed := range uint64(5) {
			stl := klGradient(t, tc.q, ld, 0, seed)
			full := klGradient(t, tc.q, ld, 1, seed)
			half := klGradient(t, tc.q, ld, 0.5, seed)
			if m := maxAbs(stl); m > 1e-9 {
				t.Errorf("%s seed %d: STL gradient %v at the exact posterior, want 0", tc.name, seed, stl)
			}
			if maxAbs(full) < 1e-3 {
				t.Errorf("%s seed %d: full gradient %v is zero too: the test does not test", tc.name, seed, full)
			}
			for i := range half {
				if want := 0.5 * (stl[i] + full[i]); math.Abs(half[i]-want) > 1e-12*math.Max(1, math.Abs(want)) {
					t.Errorf("%s seed %d: gradient at scale 0.5 [%d] = %v, want %v", tc.name, seed, i, half[i], want)
				}
			}
		}
	}
}

// TestCostPartGradScaleOption: the option takes a float64 or a Shared value read at every
// step, and rejects other kinds and non-finite values.
func TestCostPartGradScaleOption(t *testing.T) {
	t.Parallel()
	c := testmodels.NewConjugate(100, 2)
	s, err := graph.NewShared(c.Model.Graph(), "cpgs", 1.0)
	if err != nil {
		t.Fatal(err)
	}
	q, err := approximations.NewMeanField(c.Model)
	if err != nil {
		t.Fatal(err)
	}
	opt := func(v any) *config.Settings {
		st, err := config.Collect("ADVI", []config.Option{config.New("CostPartGradScale", v, func(x *config.Settings) { x.CostPartGradScale = v })}, "CostPartGradScale")
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	f, err := costPartGradScale("advi", q, opt(s.Node()))
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := f(); v != 1 {
		t.Errorf("scale %v, want the shared value 1", v)
	}
	if err := s.SetValue(0.25); err != nil {
		t.Fatal(err)
	}
	if v, _ := f(); v != 0.25 {
		t.Errorf("scale %v after SetValue, want 0.25", v)
	}
	// SetValue refuses NaN (issue 17); a NaN written into the live value is still caught.
	if err := s.SetValue(math.NaN()); err == nil || !strings.Contains(err.Error(), "the value is NaN") {
		t.Errorf("SetValue(NaN): err %v, want \"the value is NaN\"", err)
	}
	*s.Value().(*G.F64) = G.F64(math.NaN())
	if _, err := f(); err == nil || !strings.Contains(err.Error(), "must be finite") {
		t.Errorf("NaN shared scale: %v", err)
	}
	for _, bad := range []any{"x", math.Inf(1), G.NewScalar(c.Model.Graph(), G.Float64, G.WithName("not_shared"))} {
		if _, err := costPartGradScale("advi", q, opt(bad)); err == nil {
			t.Errorf("CostPartGradScale(%v): no error", bad)
		}
	}
}
