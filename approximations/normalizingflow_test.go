package approximations_test

import (
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/gopymc/gopymc/approximations"
	"github.com/gopymc/gopymc/pm"
	"gonum.org/v1/gonum/mat"
	G "gorgonia.org/gorgonia"
)

// everyLayer is a formula with every kind of layer, two of each non-scale kind.
const everyLayer = "scale-hh*2-planar*2-radial*2-iaf(4)*2-loc"

// newFlow makes a NormalizingFlow of m, failing t on error.
func newFlow(t testing.TB, m *pm.Model, opts ...pm.Option) *approximations.NormalizingFlow {
	t.Helper()
	q, err := pm.NewNormalizingFlow(m, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// The objective whose parameter gradient AddGrad gives, F(θ) = scale·gᵀz_K + c·Σ log-det,
// with Σ log-det = log N(eps) - log q from Forward.
func flowObjective(q *approximations.NormalizingFlow, eps, g []float64, scale, c float64) float64 {
	d := len(eps)
	z := make([]float64, d)
	lq := q.Forward(q.NewPass(), z, eps)
	base := 0.0
	for _, e := range eps {
		base += -0.5*e*e - 0.5*math.Log(2*math.Pi)
	}
	s := 0.0
	for i := range z {
		s += g[i] * z[i]
	}
	return scale*s + c*(base-lq)
}

// AddGrad, reverse mode through a stack of every layer kind, equals central differences
// of the objective in every parameter, at random parameters and draws (step 1e-5,
// tolerance 1e-6 relative).
func TestNormalizingFlowAddGradMatchesFiniteDifferences(t *testing.T) {
	t.Parallel()
	m := smallModel(t) // dimension 4
	for _, formula := range []string{everyLayer, "planar*10", "scale-loc", "radial-iaf-planar"} {
		q := newFlow(t, m, pm.Flow(formula), pm.Seed(3))
		randomise(q, 4)
		rng := rand.New(rand.NewPCG(8, 9))
		for trial := range 3 {
			eps, g := make([]float64, 4), make([]float64, 4)
			for i := range eps {
				eps[i], g[i] = rng.NormFloat64(), rng.NormFloat64()
			}
			scale, c := rng.NormFloat64(), rng.NormFloat64()
			p := q.NewPass()
			q.Forward(p, make([]float64, 4), eps)
			grad := make([]float64, len(q.FlatParams()))
			q.AddGrad(grad, p, g, scale, c)
			params := q.FlatParams()
			const h, tol = 1e-5, 1e-6
			for i := range params {
				old := params[i]
				params[i] = old + h
				fp := flowObjective(q, eps, g, scale, c)
				params[i] = old - h
				fm := flowObjective(q, eps, g, scale, c)
				params[i] = old
				fd := (fp - fm) / (2 * h)
				if math.Abs(grad[i]-fd) > tol*math.Max(1, math.Abs(fd)) {
					t.Errorf("%s trial %d: ∂F/∂(%s) = %.10g, finite differences %.10g", formula, trial, q.DescribeParam(i), grad[i], fd)
				}
			}
		}
	}
}

// A draw from DrawFlat and DrawLogQ is Forward's image of the same base draw, with the same
// log q; Inverse recovers the base draw and log q where every layer has an inverse.
func TestNormalizingFlowDrawsAndLogQ(t *testing.T) {
	t.Parallel()
	m := smallModel(t)
	for _, formula := range []string{everyLayer, "scale-hh*3-iaf*2-loc"} {
		q := newFlow(t, m, pm.Flow(formula), pm.Seed(5))
		randomise(q, 6)
		z1, z2, z3 := make([]float64, 4), make([]float64, 4), make([]float64, 4)
		q.DrawFlat(z1, rand.New(rand.NewPCG(1, 1)), false)
		lq := q.DrawLogQ(z2, rand.New(rand.NewPCG(1, 1)))
		eps := normalsFrom(rand.New(rand.NewPCG(1, 1)), 4)
		lqf := q.Forward(q.NewPass(), z3, eps)
		checkFloats(t, formula+" DrawFlat vs Forward", z1, z3, 0)
		checkFloats(t, formula+" DrawLogQ vs Forward", z2, z3, 0)
		if lq != lqf {
			t.Errorf("%s: DrawLogQ log q %v, Forward %v", formula, lq, lqf)
		}
		z0 := make([]float64, 4)
		lqi, ok := q.Inverse(z0, z3)
		if invertible := !strings.Contains(formula, "planar") && !strings.Contains(formula, "radial"); ok != invertible {
			t.Fatalf("%s: Inverse ok = %v", formula, ok)
		}
		if ok {
			checkFloats(t, formula+" Inverse", z0, eps, 1e-12)
			if math.Abs(lqi-lqf) > 1e-10 {
				t.Errorf("%s: log q by Inverse %v, by Forward %v", formula, lqi, lqf)
			}
		}
		// useMean is the image of z_0 = 0.
		q.DrawFlat(z1, nil, true)
		q.Forward(q.NewPass(), z3, make([]float64, 4))
		checkFloats(t, formula+" DrawFlat(useMean)", z1, z3, 0)
	}
}

func normalsFrom(rng *rand.Rand, n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = rng.NormFloat64()
	}
	return out
}

// 'scale-loc' is the mean-field Gaussian: its log q is N(z; loc, softplus(rho)²) in closed
// form, its parameters are laid out as MeanField's (loc where mu is, rho where rho is) and
// its moments are exact.
func TestNormalizingFlowScaleLocIsMeanField(t *testing.T) {
	t.Parallel()
	m := smallModel(t)
	q := newFlow(t, m, pm.Seed(2)) // the default formula
	if q.Formula() != "scale-loc" || !q.IsGaussian() {
		t.Fatalf("default flow %q, Gaussian %v", q.Formula(), q.IsGaussian())
	}
	keys := slices.Sorted(maps.Keys(q.SharedParams()))
	if !slices.Equal(keys, []string{"loc_1", "rho_0"}) {
		t.Fatalf("shared params %v", keys)
	}
	mf, err := approximations.NewMeanField(m)
	if err != nil {
		t.Fatal(err)
	}
	copy(mf.FlatParams(), q.FlatParams())
	rng := rand.New(rand.NewPCG(3, 3))
	for range 5 {
		eps := normalsFrom(rng, 4)
		z, zm := make([]float64, 4), make([]float64, 4)
		lq := q.Forward(q.NewPass(), z, eps)
		mf.Reparam(zm, eps)
		checkFloats(t, "z", z, zm, 1e-15)
		want := 0.0
		loc, sd := q.FlatParams()[:4], mf.StdValues()
		for i := range z {
			u := (z[i] - loc[i]) / sd[i]
			want += -0.5*u*u - math.Log(sd[i]) - 0.5*math.Log(2*math.Pi)
		}
		if math.Abs(lq-want) > 1e-12 {
			t.Errorf("log q %v, closed form %v", lq, want)
		}
	}
	checkFloats(t, "mean", q.MeanValues(), mf.MeanValues(), 1e-14)
	checkFloats(t, "sd", q.StdValues(), mf.StdValues(), 1e-14)
	mean, _ := eval(t, q.Mean())
	sd, _ := eval(t, q.Std())
	checkFloats(t, "Mean node", mean, mf.MeanValues(), 1e-14)
	checkFloats(t, "Std node", sd, mf.StdValues(), 1e-14)
}

// An affine flow's Cov is exact: 'scale-hh*2-loc' has covariance H₂H₁S²H₁H₂, which 200,000
// draws reproduce within their sampling error; a flow that is not affine estimates its
// moments from fixed draws, identically at every evaluation.
func TestNormalizingFlowMoments(t *testing.T) {
	t.Parallel()
	m := smallModel(t)
	q := newFlow(t, m, pm.Flow("scale-hh*2-loc"), pm.Seed(7))
	randomise(q, 8)
	cov, shape := eval(t, q.Cov())
	if !slices.Equal(shape, []int{4, 4}) {
		t.Fatalf("Cov shape %v", shape)
	}
	const n = 200000
	rng := rand.New(rand.NewPCG(1, 2))
	z := make([]float64, 4)
	sum, sum2 := make([]float64, 4), make([]float64, 16)
	for range n {
		q.DrawFlat(z, rng, false)
		for i := range z {
			sum[i] += z[i]
			for j := range z {
				sum2[i*4+j] += z[i] * z[j]
			}
		}
	}
	mean, _ := eval(t, q.Mean())
	for i := 0; i < 4; i++ {
		mi := sum[i] / n
		if sdi := math.Sqrt(cov[i*4+i]); math.Abs(mi-mean[i]) > 5*sdi/math.Sqrt(n) {
			t.Errorf("mean[%d]: draws %v, Mean %v", i, mi, mean[i])
		}
		for j := 0; j < 4; j++ {
			c := sum2[i*4+j]/n - (sum[i]/n)*(sum[j]/n)
			// sd of a sample covariance ≈ sqrt((σ_ii σ_jj + σ_ij²)/n); 5 of them.
			tol := 5 * math.Sqrt((cov[i*4+i]*cov[j*4+j]+cov[i*4+j]*cov[i*4+j])/n)
			if math.Abs(c-cov[i*4+j]) > tol {
				t.Errorf("cov[%d,%d]: draws %v, Cov %v (tol %g)", i, j, c, cov[i*4+j], tol)
			}
		}
	}
	// A planar flow: moments from fixed draws, the same twice, and Std = sqrt(diag Cov).
	p := newFlow(t, m, pm.Flow("planar*3"), pm.Seed(7))
	m1, _ := eval(t, p.Mean())
	m2, _ := eval(t, p.Mean())
	checkFloats(t, "planar Mean twice", m1, m2, 0)
	checkFloats(t, "planar MeanValues", p.MeanValues(), m1, 0)
	pc, _ := eval(t, p.Cov())
	ps, _ := eval(t, p.Std())
	for i := range ps {
		if math.Abs(ps[i]-math.Sqrt(pc[i*4+i])) > 1e-14 {
			t.Errorf("planar Std[%d] = %v, sqrt(Cov) %v", i, ps[i], math.Sqrt(pc[i*4+i]))
		}
	}
	// The nodes follow the parameters.
	p.FlatParams()[len(p.FlatParams())-1] += 1 // a w of the first layer
	m3, _ := eval(t, p.Mean())
	if slices.Equal(m1, m3) {
		t.Error("Mean did not change with the parameters")
	}
}

// PyMC3's initialisation: every parameter N(0, jitter²) (iaf's gate bias around 2); the same
// seed gives the same parameters; names and layout follow PyMC3 (last layer first, each
// layer's parameters sorted by name).
func TestNormalizingFlowInit(t *testing.T) {
	t.Parallel()
	m := threeVarModel(t) // dimension 50
	q := newFlow(t, m, pm.Flow("scale-hh*2-planar-radial-loc"), pm.Seed(11), pm.Jitter(0.5))
	again := newFlow(t, m, pm.Flow("scale-hh*2-planar-radial-loc"), pm.Seed(11), pm.Jitter(0.5))
	checkFloats(t, "same seed", again.FlatParams(), q.FlatParams(), 0)
	p := q.FlatParams()
	if len(p) != 50+50+50+(1+50+50)+(1+1+50)+50 {
		t.Fatalf("%d parameters", len(p))
	}
	// jitter 0.5: the sd of all 354 draws is near 0.5.
	_, sd := meanSD(p)
	if math.Abs(sd-0.5) > 0.05 {
		t.Errorf("parameters' sd %v, want 0.5", sd)
	}
	if got := q.DescribeParam(0); got != `loc_5 of "one_log__"[0]` {
		t.Errorf("DescribeParam(0) = %q", got)
	}
	if got := q.DescribeParam(50); got != "a_4[0]" {
		t.Errorf("DescribeParam(50) = %q", got)
	}
	keys := slices.Sorted(maps.Keys(q.SharedParams()))
	want := []string{"a_4", "b_3", "b_4", "loc_5", "rho_0", "u_3", "v_1", "v_2", "w_3", "z_ref_4"}
	if !slices.Equal(keys, want) {
		t.Errorf("shared params %v, want %v", keys, want)
	}
	u, shape := eval(t, q.SharedParams()["u_3"])
	if !slices.Equal(shape, []int{50}) || u[0] != p[50+1+1+50+1] {
		t.Errorf("u_3: shape %v, first %v", shape, u[0])
	}
	if !slices.Equal(q.Layers(), []string{"scale", "hh", "hh", "planar", "radial", "loc"}) {
		t.Errorf("layers %v", q.Layers())
	}
	// Jitter 0: every parameter 0 but iaf's gate bias, 2.
	z := newFlow(t, m, pm.Flow("planar-iaf"), pm.Jitter(0))
	for i, x := range z.FlatParams() {
		if want := 0.0; strings.HasPrefix(z.DescribeParam(i), "b_s") {
			if x != 2 {
				t.Fatalf("%s = %v, want 2", z.DescribeParam(i), x)
			}
		} else if x != want {
			t.Fatalf("%s = %v, want 0", z.DescribeParam(i), x)
		}
	}
}

func TestNormalizingFlowErrors(t *testing.T) {
	t.Parallel()
	m := smallModel(t)
	cases := []struct {
		opts []pm.Option
		want string
	}{
		{[]pm.Option{pm.Flow("planar*x")}, `wrong format "planar*x"`},
		{[]pm.Option{pm.Flow("nope")}, `no such flow "nope"`},
		{[]pm.Option{pm.Flow("")}, "no flows in formula"},
		{[]pm.Option{pm.Jitter(-1)}, "Jitter must be finite and >= 0, got -1"},
		{[]pm.Option{pm.Jitter(math.NaN())}, "Jitter must be finite and >= 0, got NaN"},
		{[]pm.Option{pm.Start(map[string]any{"w": 1.0})}, "does not apply to NormalizingFlow"},
		{[]pm.Option{nil}, "option 0 is nil"},
	}
	for _, c := range cases {
		if _, err := pm.NewNormalizingFlow(m, c.opts...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: err = %v, want it to contain %q", c.opts, err, c.want)
		}
	}
	empty := pm.NewModel()
	if _, err := pm.NewNormalizingFlow(empty); err == nil || !strings.Contains(err.Error(), "does not have any free variables") {
		t.Errorf("empty model: %v", err)
	}
}

// Sample, SampleNode and RSlice work as for the other approximations: a trace in
// constrained space, fresh draws at each evaluation, the image of 0 with UseMean.
func TestNormalizingFlowSampling(t *testing.T) {
	t.Parallel()
	m := smallModel(t)
	q := newFlow(t, m, pm.Flow("planar*2-loc"), pm.Seed(1))
	tr, err := q.Sample(500)
	if err != nil {
		t.Fatal(err)
	}
	if tr.Len() != 500 || len(tr.Values("sigma")) != 500 || len(tr.Values("mu")) != 1000 {
		t.Fatalf("trace: %d draws", tr.Len())
	}
	for _, s := range tr.Values("sigma") {
		if !(s > 0) {
			t.Fatalf("sigma draw %v is not positive", s)
		}
	}
	mu := m.Graph().ByName("mu")[0]
	sn, err := q.SampleNode(mu, pm.Size(3))
	if err != nil {
		t.Fatal(err)
	}
	a, shape := eval(t, sn)
	b, _ := eval(t, sn)
	if !slices.Equal(shape, []int{3, 2}) || slices.Equal(a, b) {
		t.Errorf("SampleNode: shape %v, two evaluations %v %v", shape, a, b)
	}
	atMean, err := q.SampleNode(G.Must(G.Sum(mu)), pm.UseMean())
	if err != nil {
		t.Fatal(err)
	}
	got, _ := eval(t, atMean)
	z := make([]float64, 4)
	q.DrawFlat(z, nil, true)
	if math.Abs(got[0]-(z[0]+z[1])) > 1e-12 {
		t.Errorf("UseMean: %v, image of 0 gives %v", got[0], z[0]+z[1])
	}
	if _, err := q.RSlice("w"); err != nil {
		t.Error(err)
	}
}

// Draws, DrawLogQ and a training step (Forward and AddGrad) allocate nothing, iaf layers
// included. Not parallel: testing.AllocsPerRun refuses parallel tests.
func TestNormalizingFlowAllocationFree(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector makes sync.Pool drop items, so pooled scratch is reallocated")
	}
	m := smallModel(t)
	q := newFlow(t, m, pm.Flow(everyLayer))
	rng := rand.New(rand.NewPCG(1, 2))
	z, g := make([]float64, 4), make([]float64, 4)
	eps := normalsFrom(rng, 4)
	grad := make([]float64, len(q.FlatParams()))
	p := q.NewPass()
	for _, useMean := range []bool{false, true} {
		if n := testing.AllocsPerRun(100, func() { q.DrawFlat(z, rng, useMean) }); n != 0 {
			t.Errorf("DrawFlat(useMean=%v) allocates %v times", useMean, n)
		}
	}
	if n := testing.AllocsPerRun(100, func() { q.DrawLogQ(z, rng) }); n != 0 {
		t.Errorf("DrawLogQ allocates %v times", n)
	}
	if n := testing.AllocsPerRun(100, func() {
		q.Forward(p, z, eps)
		q.AddGrad(grad, p, g, -1, -1)
	}); n != 0 {
		t.Errorf("Forward and AddGrad allocate %v times", n)
	}
}

// Draws from one flow on several goroutines at once are race-free (run with -race) and each
// goroutine's stream gives what it gives alone.
func TestNormalizingFlowConcurrentDraws(t *testing.T) {
	t.Parallel()
	m := smallModel(t)
	q := newFlow(t, m, pm.Flow("scale-iaf*2-planar-loc"))
	alone := func(seed uint64) []float64 {
		rng := rand.New(rand.NewPCG(seed, 0))
		out := make([]float64, 0, 400)
		z := make([]float64, 4)
		for range 100 {
			q.DrawFlat(z, rng, false)
			out = append(out, z...)
		}
		return out
	}
	want := make([][]float64, 4)
	for w := range want {
		want[w] = alone(uint64(w))
	}
	got := make([][]float64, 4)
	var wg sync.WaitGroup
	for w := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[w] = alone(uint64(w))
		}()
	}
	wg.Wait()
	for w := range got {
		checkFloats(t, "concurrent draws", got[w], want[w], 0)
	}
}

// The Forward/AddGrad kernels panic, with the package's message, on misuse.
func TestNormalizingFlowPassMisusePanics(t *testing.T) {
	t.Parallel()
	m := smallModel(t)
	q, other := newFlow(t, m), newFlow(t, m)
	expectPanic := func(what, want string, f func()) {
		t.Helper()
		defer func() {
			if r := recover(); r == nil || !strings.Contains(r.(string), want) {
				t.Errorf("%s: recovered %v, want %q", what, r, want)
			}
		}()
		f()
	}
	expectPanic("pass of another flow", "another flow", func() { q.Forward(other.NewPass(), make([]float64, 4), make([]float64, 4)) })
	expectPanic("short eps", "length mismatch", func() { q.Forward(q.NewPass(), make([]float64, 4), make([]float64, 3)) })
	expectPanic("short dst", "length mismatch", func() { q.AddGrad(make([]float64, 2), q.NewPass(), make([]float64, 4), 1, 1) })
}

// 'scale-hh*K-loc' is a low-rank-plus-diagonal Gaussian: its covariance minus the scale
// layer's diagonal S² has rank at most 2K (H = I - VTVᵀ for V of K columns, so
// HS²Hᵀ - S² lies in the span of V and S²V), here K = 2 in 30 dimensions.
func TestNormalizingFlowHouseholderIsLowRankPlusDiagonal(t *testing.T) {
	t.Parallel()
	m := pm.NewModel()
	pm.Normal(m, "x", 0, 1, pm.Shape(30))
	for _, k := range []int{1, 2, 3} {
		q := newFlow(t, m, pm.Flow(fmt.Sprintf("scale-hh*%d-loc", k)), pm.Seed(uint64(k)))
		cov, _ := eval(t, q.Cov())
		rho := q.SharedParams()["rho_0"]
		r, _ := eval(t, rho)
		for i, x := range r {
			s := math.Log1p(math.Exp(x))
			cov[i*30+i] -= s * s
		}
		var svd mat.SVD
		if !svd.Factorize(mat.NewDense(30, 30, cov), mat.SVDNone) {
			t.Fatal("SVD failed")
		}
		vals := svd.Values(nil)
		rank := 0
		for _, v := range vals {
			if v > 1e-10*vals[0] {
				rank++
			}
		}
		if rank > 2*k || rank == 0 {
			t.Errorf("K = %d: Cov - S² has rank %d (singular values %.3g…), want 1..%d", k, rank, vals[:min(len(vals), 2*k+2)], 2*k)
		}
	}
}
