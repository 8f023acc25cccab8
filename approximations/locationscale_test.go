package approximations_test

import (
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/gopymc/gopymc/approximations"
	"github.com/gopymc/gopymc/pm"
	"gonum.org/v1/gonum/mat"
	G "gorgonia.org/gorgonia"
)

// family is a location-scale approximation under test with an independent reading of its
// flat parameters: the mean and the dense lower-triangular scale L (row-major), so that
// z = mu + L·eps.
type family struct {
	name  string
	make  func(m *pm.Model, opts ...pm.Option) (approximations.LocationScale, error)
	keys  []string
	dense func(params []float64, d int) (mu, l []float64)
}

var families = []family{
	{
		name: "MeanField",
		make: func(m *pm.Model, opts ...pm.Option) (approximations.LocationScale, error) {
			return approximations.NewMeanField(m, opts...)
		},
		keys: []string{"mu", "rho"},
		// PyMC's MeanFieldGroup: params mu (d), rho (d); sd = softplus(rho)
		// (spec/pymc-semantics.md §2.2).
		dense: func(p []float64, d int) (mu, l []float64) {
			l = make([]float64, d*d)
			for i := 0; i < d; i++ {
				l[i*d+i] = math.Log1p(math.Exp(p[d+i]))
			}
			return p[:d], l
		},
	},
	{
		name: "FullRank",
		make: func(m *pm.Model, opts ...pm.Option) (approximations.LocationScale, error) {
			return approximations.NewFullRank(m, opts...)
		},
		keys: []string{"L_tril", "mu"},
		// PyMC's FullRankGroup (v4+): params sorted by name, L_tril (d(d+1)/2, the lower
		// triangle packed row-major as np.tril_indices) then mu (d); the diagonal of L is
		// softplus of its entry (spec/pymc-semantics.md §2.3).
		dense: func(p []float64, d int) (mu, l []float64) {
			l = make([]float64, d*d)
			k := 0
			for i := 0; i < d; i++ {
				for j := 0; j <= i; j++ {
					l[i*d+j] = p[k]
					if i == j {
						l[i*d+j] = math.Log1p(math.Exp(p[k]))
					}
					k++
				}
			}
			return p[k : k+d], l
		},
	},
}

// matVec returns mu + L·eps.
func matVec(mu, l, eps []float64) []float64 {
	d := len(mu)
	z := make([]float64, d)
	for i := range z {
		z[i] = mu[i]
		for j := 0; j < d; j++ {
			z[i] += l[i*d+j] * eps[j]
		}
	}
	return z
}

// covOf returns L·Lᵀ.
func covOf(l []float64, d int) []float64 {
	c := make([]float64, d*d)
	for i := 0; i < d; i++ {
		for j := 0; j < d; j++ {
			for k := 0; k < d; k++ {
				c[i*d+j] += l[i*d+k] * l[j*d+k]
			}
		}
	}
	return c
}

// mvnLogProb is the log density of N(mu, Σ) at z, for the Cholesky factorisation of Σ:
// -d/2·log 2π - ½·log|Σ| - ½·(z-mu)ᵀΣ⁻¹(z-mu).
func mvnLogProb(chol *mat.Cholesky, mu, z []float64) float64 {
	d := len(mu)
	r := mat.NewVecDense(d, nil)
	for i := range mu {
		r.SetVec(i, z[i]-mu[i])
	}
	var sol mat.VecDense
	if err := chol.SolveVecTo(&sol, r); err != nil {
		panic(err)
	}
	return -0.5*float64(d)*math.Log(2*math.Pi) - 0.5*chol.LogDet() - 0.5*mat.Dot(r, &sol)
}

// Reparam is mu + L·eps and LogQ the Gaussian log density at that z: closed forms, the
// density from a Cholesky factorisation (gonum/mat) of the covariance L·Lᵀ.
func TestLocationScaleReparamLogQ(t *testing.T) {
	t.Parallel()
	const tol = 1e-10 // closed forms in float64
	for _, f := range families {
		q, err := f.make(smallModel(t), pm.Seed(1))
		if err != nil {
			t.Fatal(err)
		}
		randomise(q, 2)
		d := q.Dim()
		mu, l := f.dense(q.FlatParams(), d)
		var chol mat.Cholesky
		if !chol.Factorize(mat.NewSymDense(d, covOf(l, d))) {
			t.Fatalf("%s: covariance not positive definite", f.name)
		}
		for s := uint64(0); s < 5; s++ {
			eps := normals(d, s)
			z := make([]float64, d)
			q.Reparam(z, eps)
			want := matVec(mu, l, eps)
			checkFloats(t, f.name+" Reparam", z, want, tol)
			if got, want := q.LogQ(eps), mvnLogProb(&chol, mu, want); !closeTo(got, want, tol) {
				t.Errorf("%s: LogQ = %v, want %v", f.name, got, want)
			}
		}
	}
}

// AddPathGrad is (∂z/∂params)ᵀ·g and AddLogQGrad is ∂ log q/∂params at fixed eps: both
// against central finite differences of the live parameters.
func TestLocationScaleGradients(t *testing.T) {
	t.Parallel()
	const (
		step = 1e-6
		tol  = 1e-7 // central differences: O(step²) truncation, O(1e-16/step) rounding
	)
	for _, f := range families {
		q, err := f.make(smallModel(t), pm.Seed(1))
		if err != nil {
			t.Fatal(err)
		}
		randomise(q, 3)
		d, params := q.Dim(), q.FlatParams()
		eps, g := normals(d, 4), normals(d, 5)
		const scale = 0.7
		path := make([]float64, len(params))
		logq := make([]float64, len(params))
		q.AddPathGrad(path, g, eps, scale)
		q.AddLogQGrad(logq, scale)
		z := make([]float64, d)
		dot := func() float64 {
			q.Reparam(z, eps)
			s := 0.0
			for i := range z {
				s += g[i] * z[i]
			}
			return scale * s
		}
		for i := range params {
			old := params[i]
			params[i] = old + step
			fp, lp := dot(), q.LogQ(eps)
			params[i] = old - step
			fm, lm := dot(), q.LogQ(eps)
			params[i] = old
			if want := (fp - fm) / (2 * step); !closeTo(path[i], want, tol) {
				t.Errorf("%s: AddPathGrad[%d] (%s) = %v, finite difference %v", f.name, i, q.DescribeParam(i), path[i], want)
			}
			if want := scale * (lp - lm) / (2 * step); !closeTo(logq[i], want, tol) {
				t.Errorf("%s: AddLogQGrad[%d] (%s) = %v, finite difference %v", f.name, i, q.DescribeParam(i), logq[i], want)
			}
		}
		// Both add to dst.
		again := slices.Clone(path)
		q.AddPathGrad(again, g, eps, scale)
		for i := range again {
			if !closeTo(again[i], 2*path[i], 1e-12) {
				t.Fatalf("%s: AddPathGrad does not add to dst: %v after %v", f.name, again[i], path[i])
			}
		}
	}
}

// Mean, Std and Cov nodes evaluate to MeanValues, StdValues and L·Lᵀ, at the initial point
// (MeanField sd softplus(0) = log 2, FullRank diagonal softplus(1), PyMC's initialisations)
// and after the parameters change in place.
func TestLocationScaleStatNodes(t *testing.T) {
	t.Parallel()
	const tol = 1e-12
	initialSD := map[string]float64{
		"MeanField": math.Log(2),        // softplus(0), spec §2.2
		"FullRank":  math.Log1p(math.E), // softplus(1) = 1.3133, spec §2.3
	}
	for _, f := range families {
		m := smallModel(t)
		q, err := f.make(m, pm.Seed(1))
		if err != nil {
			t.Fatal(err)
		}
		d := q.Dim()
		start, err := m.InitialPoint()
		if err != nil {
			t.Fatal(err)
		}
		sd := make([]float64, d)
		for i := range sd {
			sd[i] = initialSD[f.name]
		}
		checkFloats(t, f.name+" initial MeanValues", q.MeanValues(), start, tol)
		checkFloats(t, f.name+" initial StdValues", q.StdValues(), sd, tol)
		if math.Abs(initialSD["FullRank"]-1.3133) > 5e-5 {
			t.Fatalf("softplus(1) = %v", initialSD["FullRank"])
		}
		for round := 0; round < 2; round++ {
			if round == 1 {
				randomise(q, 6) // in place: the nodes must follow
			}
			mu, l := f.dense(q.FlatParams(), d)
			cov := covOf(l, d)
			std := make([]float64, d)
			for i := range std {
				std[i] = math.Sqrt(cov[i*d+i])
			}
			checkFloats(t, f.name+" MeanValues", q.MeanValues(), mu, tol)
			checkFloats(t, f.name+" StdValues", q.StdValues(), std, tol)
			for _, c := range []struct {
				name  string
				node  func() *G.Node
				want  []float64
				shape []int
			}{
				{"Mean", q.Mean, mu, []int{d}},
				{"Std", q.Std, std, []int{d}},
				{"Cov", q.Cov, cov, []int{d, d}},
			} {
				got, shape := eval(t, c.node())
				if !slices.Equal(shape, c.shape) {
					t.Errorf("%s %s: shape %v, want %v", f.name, c.name, shape, c.shape)
				}
				checkFloats(t, f.name+" "+c.name, got, c.want, tol)
			}
		}
	}
}

// SharedParams are the parameters by PyMC's names, live views of FlatParams.
func TestLocationScaleSharedParams(t *testing.T) {
	t.Parallel()
	for _, f := range families {
		q, err := f.make(smallModel(t))
		if err != nil {
			t.Fatal(err)
		}
		sp := q.SharedParams()
		keys := slices.Sorted(maps.Keys(sp))
		if !slices.Equal(keys, f.keys) {
			t.Fatalf("%s: SharedParams keys %v, want %v", f.name, keys, f.keys)
		}
		d := q.Dim()
		// The flat parameters are the shared ones concatenated in key order.
		var flat []float64
		for _, k := range keys {
			v, shape := eval(t, sp[k])
			want := d
			if k == "L_tril" {
				want = d * (d + 1) / 2
			}
			if !slices.Equal(shape, []int{want}) {
				t.Errorf("%s: %s has shape %v, want (%d)", f.name, k, shape, want)
			}
			flat = append(flat, v...)
		}
		checkFloats(t, f.name+" shared", flat, q.FlatParams(), 0)
		q.FlatParams()[0] = 42
		q.FlatParams()[len(q.FlatParams())-1] = -7
		v, _ := eval(t, sp[keys[0]])
		w, _ := eval(t, sp[keys[len(keys)-1]])
		if v[0] != 42 || w[len(w)-1] != -7 {
			t.Errorf("%s: shared values do not follow in-place changes: %v, %v", f.name, v[0], w[len(w)-1])
		}
		if q.String() != f.name+"[4]" {
			t.Errorf("String() = %q", q.String())
		}
	}
}

// Start sets the mean by variable name (constrained value) or value variable name
// (unconstrained); StartSigma sets MeanField's sds (PyMC's test_fit_start values 17, 13).
func TestLocationScaleStart(t *testing.T) {
	t.Parallel()
	const tol = 1e-12
	for _, f := range families {
		m := smallModel(t)
		if _, err := f.make(m, pm.Start(map[string]any{"mu": []float64{17, -3}, "sigma": 2.0, "w_nope": 1.0})); err == nil {
			t.Errorf("%s: Start with an unknown variable: no error", f.name)
		}
		q, err := f.make(m, pm.Start(map[string]any{"mu": []float64{17, -3}, "sigma": 2.0}))
		if err != nil {
			t.Fatal(err)
		}
		// Ordering: mu (2), sigma_log__ (1), w (1); w starts at its mean -1.
		checkFloats(t, f.name+" Start", q.MeanValues(), []float64{17, -3, math.Log(2), -1}, tol)
		q, err = f.make(m, pm.Start(map[string]any{"sigma_log__": 0.5}))
		if err != nil {
			t.Fatal(err)
		}
		if got := q.MeanValues()[2]; got != 0.5 {
			t.Errorf("%s: Start by value variable: %v, want 0.5", f.name, got)
		}
	}
	m := smallModel(t)
	q, err := approximations.NewMeanField(m, pm.Start(map[string]any{"mu": 17.0}),
		pm.StartSigma(map[string]any{"mu": 13.0, "sigma_log__": []float64{0.2}}))
	if err != nil {
		t.Fatal(err)
	}
	checkFloats(t, "StartSigma", q.StdValues(), []float64{13, 13, 0.2, math.Log(2)}, tol)
	checkFloats(t, "Start", q.MeanValues(), []float64{17, 17, 0, -1}, tol)
	for _, c := range []struct {
		sigma map[string]any
		want  string
	}{
		{map[string]any{"nope": 1.0}, `StartSigma: "nope" is not a free variable`},
		{map[string]any{"mu": []float64{1, 2, 3}}, "3 values for a variable of 2 elements"},
		{map[string]any{"w": 0.0}, "sd must be finite and non-zero, got 0"},
		{map[string]any{"w": "a"}, "cannot use a string"},
	} {
		_, err := approximations.NewMeanField(m, pm.StartSigma(c.sigma))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("StartSigma(%v): err = %v, want %q", c.sigma, err, c.want)
		}
	}
	if _, err := approximations.NewFullRank(m, pm.StartSigma(map[string]any{"mu": 1.0})); err == nil {
		t.Error("FullRank accepted StartSigma")
	}
}

// DrawFlat is Reparam at standard normal draws taken in coordinate order from rng, and the
// mean with useMean.
func TestLocationScaleDrawFlat(t *testing.T) {
	t.Parallel()
	for _, f := range families {
		q, err := f.make(smallModel(t))
		if err != nil {
			t.Fatal(err)
		}
		randomise(q, 14)
		d := q.Dim()
		got, want, eps := make([]float64, d), make([]float64, d), make([]float64, d)
		a, b := rand.New(rand.NewPCG(1, 2)), rand.New(rand.NewPCG(1, 2))
		for k := 0; k < 10; k++ {
			q.DrawFlat(got, a, false)
			for i := range eps {
				eps[i] = b.NormFloat64()
			}
			q.Reparam(want, eps)
			checkFloats(t, f.name+" DrawFlat", got, want, 1e-14)
		}
		q.DrawFlat(got, a, true)
		checkFloats(t, f.name+" DrawFlat(useMean)", got, q.MeanValues(), 0)
	}
}

// Draws allocate nothing (a sample node's inner loop), for every family, at a draw and at
// the mean. Not parallel: testing.AllocsPerRun refuses parallel tests.
func TestDrawFlatAllocationFree(t *testing.T) {
	m := smallModel(t)
	mf, err := approximations.NewMeanField(m)
	if err != nil {
		t.Fatal(err)
	}
	fr, err := approximations.NewFullRank(m)
	if err != nil {
		t.Fatal(err)
	}
	em, err := approximations.NewEmpirical(m, 20)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	z := make([]float64, m.Dim())
	for _, q := range []approximations.Approximation{mf, fr, em} {
		for _, useMean := range []bool{false, true} {
			if n := testing.AllocsPerRun(100, func() { q.DrawFlat(z, rng, useMean) }); n != 0 {
				t.Errorf("%v: DrawFlat(useMean=%v) allocates %v times", q, useMean, n)
			}
		}
	}
}
