package distributions

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// A 3-dimensional test covariance (symmetric positive definite) and its Cholesky factor.
var (
	mvCov = []float64{
		2.0, 0.3, -0.4,
		0.3, 1.5, 0.2,
		-0.4, 0.2, 0.8,
	}
	mvMu = []float64{0.5, -1, 2}
)

func mvChol(t *testing.T) []float64 {
	t.Helper()
	var ch mat.Cholesky
	if !ch.Factorize(mat.NewSymDense(3, append([]float64(nil), mvCov...))) {
		t.Fatal("test covariance not positive definite")
	}
	var l mat.TriDense
	ch.LTo(&l)
	out := make([]float64, 9)
	for i := 0; i < 3; i++ {
		for j := 0; j <= i; j++ {
			out[i*3+j] = l.At(i, j)
		}
	}
	return out
}

// mvRefLogp is log N(x | mu, cov) through an LU inverse and determinant (gonum mat.Dense),
// an algorithm independent of the Cholesky factorisation the op uses.
func mvRefLogp(x, mu, cov []float64) float64 {
	d := len(mu)
	c := mat.NewDense(d, d, append([]float64(nil), cov...))
	var inv mat.Dense
	if err := inv.Inverse(c); err != nil {
		return math.NaN()
	}
	r := make([]float64, d)
	for i := range r {
		r[i] = x[i] - mu[i]
	}
	rv := mat.NewVecDense(d, r)
	quad := mat.Inner(rv, &inv, rv)
	return -0.5*(float64(d)*math.Log(2*math.Pi)+math.Log(mat.Det(c))) - 0.5*quad
}

func TestMvNormalAgainstGonum(t *testing.T) {
	t.Parallel()
	const tol = 1e-10
	// Reference values from gonum v0.17.0 stat/distmv.Normal.LogProb with mvMu, mvCov
	// (computed in a scratch module: importing distmv here needs golang.org/x/tools in
	// go.sum, which the repository does not pin).
	gonumRef := []struct {
		x    []float64
		want float64
	}{
		{[]float64{0, 0, 0}, -7.4529817137862509},
		{[]float64{0.5, -1, 2}, -3.0932878362352314},
		{[]float64{1.2, 0.3, -0.7}, -9.4170378362352309},
		{[]float64{-2.5, 3, 4}, -12.419818448480129},
	}
	var xs []float64
	for _, c := range gonumRef {
		xs = append(xs, c.x...)
	}
	for _, form := range []string{"cov", "chol"} {
		g := G.NewGraph()
		mu := constNode(g, "mu", tensor.Shape{3}, mvMu)
		var d *MvNormal
		var err error
		if form == "cov" {
			d, err = NewMvNormal(mu, constNode(g, "cov", tensor.Shape{3, 3}, mvCov))
		} else {
			d, err = NewMvNormalChol(mu, constNode(g, "chol", tensor.Shape{3, 3}, mvChol(t)))
		}
		if err != nil {
			t.Fatal(err)
		}
		e, err := d.LogPElem(constNode(g, "x", tensor.Shape{len(gonumRef), 3}, xs), true)
		if err != nil {
			t.Fatal(err)
		}
		for i, got := range evalNode(t, e) {
			if !closeTo(got, gonumRef[i].want, tol) {
				t.Errorf("%s: logp(%v) = %.15g, gonum %.15g", form, gonumRef[i].x, got, gonumRef[i].want)
			}
		}
	}

	// A batch of values with one mu per row, against the LU reference.
	rng := rand.New(rand.NewPCG(1, 1))
	const n = 6
	x := make([]float64, n*3)
	mus := make([]float64, n*3)
	for i := range x {
		x[i] = 2 * rng.NormFloat64()
		mus[i] = rng.NormFloat64()
	}
	g := G.NewGraph()
	d, err := NewMvNormal(constNode(g, "mu", tensor.Shape{n, 3}, mus), constNode(g, "cov", tensor.Shape{3, 3}, mvCov))
	if err != nil {
		t.Fatal(err)
	}
	e, err := d.LogPElem(constNode(g, "x", tensor.Shape{n, 3}, x), true)
	if err != nil {
		t.Fatal(err)
	}
	for i, got := range evalNode(t, e) {
		if want := mvRefLogp(x[i*3:i*3+3], mus[i*3:i*3+3], mvCov); !closeTo(got, want, tol) {
			t.Errorf("row %d: logp = %.15g, LU reference %.15g", i, got, want)
		}
	}
}

func TestMvNormalClosedForm2D(t *testing.T) {
	t.Parallel()
	const tol = 1e-13
	// d = 2 with the explicit inverse and determinant of [[a, b], [b, c]]:
	// logp = -log(2π) - 1/2 log(ac - b²) - 1/2 (c r0² - 2 b r0 r1 + a r1²)/(ac - b²).
	a, b, c := 1.3, -0.4, 0.7
	det := a*c - b*b
	g := G.NewGraph()
	d, err := NewMvNormal(constNode(g, "mu", tensor.Shape{2}, []float64{0.1, -0.2}), constNode(g, "cov", tensor.Shape{2, 2}, []float64{a, b, b, c}))
	if err != nil {
		t.Fatal(err)
	}
	xs := []float64{0, 0, 1, 2, -3, 0.5}
	lp, err := d.LogP(constNode(g, "x", tensor.Shape{3, 2}, xs), true)
	if err != nil {
		t.Fatal(err)
	}
	want := 0.0
	for i := 0; i < 3; i++ {
		r0, r1 := xs[2*i]-0.1, xs[2*i+1]+0.2
		want += -math.Log(2*math.Pi) - 0.5*math.Log(det) - 0.5*(c*r0*r0-2*b*r0*r1+a*r1*r1)/det
	}
	if got := evalNode(t, lp)[0]; !closeTo(got, want, tol) {
		t.Errorf("logp = %.15g, want %.15g", got, want)
	}
}

func TestMvNormalGradFD(t *testing.T) {
	t.Parallel()
	x := []float64{0.3, -0.2, 1.9, 1.1, -1.4, 2.5}
	cases := []struct {
		name        string
		chol, elem  bool
		xs, mus     tensor.Shape
		mu          []float64
		observed    bool
		symmetricFD bool
	}{
		{name: "chol", chol: true, xs: tensor.Shape{2, 3}, mus: tensor.Shape{3}, mu: mvMu},
		{name: "chol elem rows", chol: true, elem: true, xs: tensor.Shape{2, 3}, mus: tensor.Shape{2, 3}, mu: []float64{.1, .2, .3, -.1, -.2, 1}},
		{name: "cov observed", xs: tensor.Shape{2, 3}, mus: tensor.Shape{3}, mu: mvMu, observed: true, symmetricFD: true},
		{name: "cov elem", elem: true, xs: tensor.Shape{2, 3}, mus: tensor.Shape{3}, mu: mvMu, symmetricFD: true},
		{name: "cov single", xs: tensor.Shape{3}, mus: tensor.Shape{3}, mu: mvMu, symmetricFD: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			mval := mvCov
			if c.chol {
				mval = mvChol(t)
			}
			xv := x[:c.xs.TotalSize()]
			gp := newGP(t, []gpInput{
				{name: "x", shape: c.xs, val: xv, wrt: !c.observed},
				{name: "mu", shape: c.mus, val: c.mu, wrt: true},
				{name: "m", shape: tensor.Shape{3, 3}, val: mval, wrt: !c.symmetricFD},
			}, func(g *G.ExprGraph, in []*G.Node) (*G.Node, error) {
				var d *MvNormal
				var err error
				if c.chol {
					d, err = NewMvNormalChol(in[1], in[2])
				} else {
					d, err = NewMvNormal(in[1], in[2])
				}
				if err != nil {
					return nil, err
				}
				return logpCost(g, d, in[0], c.observed, c.elem, "mvn")
			})
			checkGradFD(t, gp)
			if c.symmetricFD {
				checkCovGradSymmetric(t, c.xs, xv, c.mus, c.mu, c.elem, c.observed)
			}
		})
	}
}

// checkCovGradSymmetric checks the gradient with respect to a covariance input: it must be
// symmetric, and its directional derivative along a symmetric perturbation of entries (i, j)
// and (j, i) must match central finite differences (G_ij + G_ji off the diagonal).
func checkCovGradSymmetric(t *testing.T, xs tensor.Shape, x []float64, mus tensor.Shape, mu []float64, elem, observed bool) {
	t.Helper()
	gp := newGP(t, []gpInput{
		{name: "x", shape: xs, val: x, wrt: !observed},
		{name: "mu", shape: mus, val: mu},
		{name: "cov", shape: tensor.Shape{3, 3}, val: mvCov, wrt: true},
	}, func(g *G.ExprGraph, in []*G.Node) (*G.Node, error) {
		d, err := NewMvNormal(in[1], in[2])
		if err != nil {
			return nil, err
		}
		return logpCost(g, d, in[0], observed, elem, "mvn")
	})
	vals := gp.values()
	_, grads, err := gp.eval(vals)
	if err != nil {
		t.Fatal(err)
	}
	gc := grads[len(grads)-1]
	const h = 1e-6
	for i := 0; i < 3; i++ {
		for j := 0; j <= i; j++ {
			if math.Abs(gc[i*3+j]-gc[j*3+i]) > 1e-12 {
				t.Errorf("cov gradient not symmetric at (%d, %d): %v vs %v", i, j, gc[i*3+j], gc[j*3+i])
			}
			shift := func(s float64) float64 {
				v := append([][]float64(nil), vals...)
				v[2] = append([]float64(nil), vals[2]...)
				v[2][i*3+j] += s
				if i != j {
					v[2][j*3+i] += s
				}
				lp, _, err := gp.eval(v)
				if err != nil {
					t.Fatal(err)
				}
				return lp
			}
			fd := (shift(h) - shift(-h)) / (2 * h)
			want := gc[i*3+j]
			if i != j {
				want += gc[j*3+i]
			}
			if !closeTo(want, fd, fdTol) {
				t.Errorf("symmetric derivative at (%d, %d): %.10g, finite differences %.10g", i, j, want, fd)
			}
		}
	}
}

func TestMvNormalRuntimeBadParams(t *testing.T) {
	t.Parallel()
	for _, chol := range []bool{false, true} {
		gp := newGP(t, []gpInput{
			{name: "x", shape: tensor.Shape{2}, val: []float64{0.1, 0.2}, wrt: true},
			{name: "mu", shape: tensor.Shape{2}, val: []float64{0, 0}, wrt: true},
			{name: "m", shape: tensor.Shape{2, 2}, val: []float64{1, 0, 0, 1}, wrt: true},
		}, func(g *G.ExprGraph, in []*G.Node) (*G.Node, error) {
			var d *MvNormal
			var err error
			if chol {
				d, err = NewMvNormalChol(in[1], in[2])
			} else {
				d, err = NewMvNormal(in[1], in[2])
			}
			if err != nil {
				return nil, err
			}
			return d.LogP(in[0], false)
		})
		bad := map[string][]float64{"negative diagonal": {-1, 0, 0, 1}, "NaN": {math.NaN(), 0, 0, 1}}
		if chol {
			bad["zero diagonal"] = []float64{1, 0, 0.5, 0}
		} else {
			bad["not symmetric"] = []float64{1, 0.5, 0.2, 1}
			bad["not positive definite"] = []float64{1, 2, 2, 1}
		}
		for name, m := range bad {
			checkNegInfFinite(t, gp, "chol="+strconv.FormatBool(chol)+" "+name, [][]float64{{0.1, 0.2}, {0, 0}, m})
		}
	}
}

func TestMvNormalParamErrors(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	mu := constNode(g, "mu", tensor.Shape{2}, []float64{0, 0})
	cases := []struct {
		name  string
		m     []float64
		shape tensor.Shape
		chol  bool
		want  string
	}{
		{"asymmetric", []float64{1, 0.5, 0.2, 1}, tensor.Shape{2, 2}, false, "cov must be symmetric positive definite"},
		{"indefinite", []float64{1, 2, 2, 1}, tensor.Shape{2, 2}, false, "cov must be symmetric positive definite"},
		{"shape", []float64{1, 0, 0, 0, 1, 0, 0, 0, 1}, tensor.Shape{3, 3}, false, "cov must have shape (2, 2)"},
		{"chol diagonal", []float64{1, 0, 0.3, -1}, tensor.Shape{2, 2}, true, "chol must have a positive diagonal"},
		{"chol upper", []float64{1, 0.1, 0.3, 1}, tensor.Shape{2, 2}, true, "chol must be lower triangular"},
	}
	for i, c := range cases {
		m := constNode(g, "m"+string(rune('a'+i)), c.shape, c.m)
		var err error
		if c.chol {
			_, err = NewMvNormalChol(mu, m)
		} else {
			_, err = NewMvNormal(mu, m)
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
	}
	d, err := NewMvNormal(mu, constNode(g, "id", tensor.Shape{2, 2}, []float64{1, 0, 0, 1}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.LogP(constNode(g, "x3", tensor.Shape{3}, []float64{0, 0, 0}), true); err == nil {
		t.Error("value of shape (3) for d = 2: no error")
	}
}
