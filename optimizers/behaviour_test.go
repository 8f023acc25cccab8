package optimizers_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/gopymc/gopymc/optimizers"
)

// allRules is one Optimizer of every rule, with PyMC's defaults.
func allRules() []optimizers.Optimizer {
	return []optimizers.Optimizer{
		optimizers.SGD(0), optimizers.Momentum(0), optimizers.NesterovMomentum(0),
		optimizers.Adagrad(0), optimizers.AdagradWindow(0), optimizers.RMSProp(0),
		optimizers.Adadelta(0), optimizers.Adam(0), optimizers.Adamax(0),
		optimizers.DoG(0), optimizers.DoWG(0), optimizers.Prodigy(0), optimizers.StanADVI(0),
	}
}

// TestAdagradWindowFirstStep checks the first step lr*g/sqrt(g^2 + eps) of §4 (the current
// squared gradient is inside its own normaliser) for PyMC's defaults and other settings.
func TestAdagradWindowFirstStep(t *testing.T) {
	t.Parallel()
	const tol = 1e-15 // relative
	cases := []struct {
		lr, eps float64
		nWin    int
		g       []float64
	}{
		{1e-3, 0.1, 10, []float64{1, -2, 0}},
		{1e-3, 0.1, 10, []float64{1e-8, -1e8, 3}},
		{0.5, 1e-3, 1, []float64{0.25, 7, -0.5}},
	}
	for _, c := range cases {
		st, err := optimizers.AdagradWindow(c.lr, optimizers.Epsilon(c.eps), optimizers.NWin(c.nWin)).NewState(3)
		if err != nil {
			t.Fatal(err)
		}
		p := []float64{0, 0, 0}
		st.Update(p, c.g)
		for i, g := range c.g {
			want := -c.lr * g / math.Sqrt(g*g+c.eps)
			if math.Abs(p[i]-want) > tol*math.Abs(want) {
				t.Errorf("lr %v eps %v n_win %d g %v: got %.17g, want %.17g", c.lr, c.eps, c.nWin, g, p[i], want)
			}
		}
	}
}

// TestAdagradWindowWraps feeds g_t = t on one element with n_win = 3 and checks each step's
// normaliser: sum of g_s^2 over the last min(t, 3) steps (1, 1+4, 1+4+9, then 4+9+16 once
// slot 0 is overwritten, 9+16+25, ...), as a ring buffer of n_win slots written at int(k),
// k advancing modulo n_win (§4).
func TestAdagradWindowWraps(t *testing.T) {
	t.Parallel()
	const (
		tol  = 1e-15 // relative
		lr   = 0.1
		eps  = 0.1
		nWin = 3
	)
	st, err := optimizers.AdagradWindow(lr, optimizers.NWin(nWin)).NewState(1)
	if err != nil {
		t.Fatal(err)
	}
	p := []float64{0}
	for step := 1; step <= 3*nWin+1; step++ {
		g := float64(step)
		var window float64
		for s := max(1, step-nWin+1); s <= step; s++ {
			window += float64(s * s)
		}
		before := p[0]
		st.Update(p, []float64{g})
		want := lr * g / math.Sqrt(window+eps)
		if got := before - p[0]; math.Abs(got-want) > tol*want*10 {
			t.Errorf("step %d: step size %.17g, want %.17g (window sum %v)", step, got, want, window)
		}
	}
}

// TestAdamBiasCorrection checks the bias correction and the one shared step counter: with a
// constant gradient g and epsilon 0, m_t = (1-beta1^t)*g and v_t = (1-beta2^t)*g^2, so
// a_t*m_t/sqrt(v_t) = lr*sign(g) exactly at every step t (Kingma and Ba 2015, section 3);
// Adamax likewise moves lr*sign(g) because u_t = |g|.
func TestAdamBiasCorrection(t *testing.T) {
	t.Parallel()
	const tol = 1e-14 // relative
	for _, opt := range []optimizers.Optimizer{
		optimizers.Adam(0.01, optimizers.Epsilon(0)),
		optimizers.Adam(0.01, optimizers.Epsilon(0), optimizers.Beta1(0.5), optimizers.Beta2(0.6)),
		optimizers.Adamax(0.01, optimizers.Epsilon(0)),
	} {
		st, err := opt.NewState(3)
		if err != nil {
			t.Fatal(err)
		}
		g := []float64{2.5, -1e-3, 40}
		p := []float64{0, 0, 0}
		for step := 1; step <= 20; step++ {
			st.Update(p, g)
			for i := range p {
				want := -0.01 * float64(step) * math.Copysign(1, g[i])
				if math.Abs(p[i]-want) > tol*math.Abs(want) {
					t.Errorf("%v: step %d element %d: got %.17g, want %.17g", opt, step, i, p[i], want)
				}
			}
		}
	}
	// Without the correction the first Adam step would be lr*(1-beta1)/sqrt(1-beta2) ~ 3.16*lr;
	// with PyMC's defaults it is lr*sqrt(0.001)*g/(sqrt(0.001)*|g| + 1e-8) (Python 3 value for g=1).
	st, err := optimizers.Adam(0).NewState(1)
	if err != nil {
		t.Fatal(err)
	}
	p := []float64{0}
	st.Update(p, []float64{1})
	if want := -0.000999999683772334; math.Abs(p[0]-want) > tol*math.Abs(want) {
		t.Errorf("first default Adam step: got %.17g, want %.17g", p[0], want)
	}
}

// TestStatesAreIndependent checks that two states of one Optimizer share no accumulators.
func TestStatesAreIndependent(t *testing.T) {
	t.Parallel()
	for _, opt := range allRules() {
		a, err := opt.NewState(3)
		if err != nil {
			t.Fatal(err)
		}
		b, err := opt.NewState(3)
		if err != nil {
			t.Fatal(err)
		}
		pa := append([]float64(nil), refP0...)
		for _, g := range refGrads {
			a.Update(pa, g)
		}
		pb := append([]float64(nil), refP0...)
		b.Update(pb, refGrads[0])
		fresh := run(t, opt, refGrads[:1])[0]
		for i := range pb {
			if pb[i] != fresh[i] {
				t.Errorf("%v: second state's first step %v differs from a fresh state's %v", opt, pb, fresh)
				break
			}
		}
	}
}

// TestMinimisesQuadratic runs each rule on f(x) = sum (x_i - 3)^2, gradient 2(x - 3), from
// x = (0, -1, 5) and requires every |x_i - 3| < 1e-3 (minimum at 3, closed form). The
// learning rates are chosen per rule so that the fixed-step rules settle: rules whose steps
// are normalised by the gradient's RMS (rmsprop, adam) oscillate with amplitude ~lr, so they
// get a small lr.
func TestMinimisesQuadratic(t *testing.T) {
	t.Parallel()
	const tol = 1e-3
	cases := []struct {
		opt   optimizers.Optimizer
		steps int
	}{
		// Steps settled within the tolerance (measured once): 38, 157, 79, 49, 13231, 144,
		// 4056, 1209, 1338, 175; the budgets leave a margin of 1.5x or more.
		{optimizers.SGD(0.1), 100},
		{optimizers.Momentum(0.05), 300},
		{optimizers.NesterovMomentum(0.05), 200},
		{optimizers.Adagrad(1), 100},
		{optimizers.Default(), 20000}, // PyMC's default: steps of at most lr/sqrt(n_win)
		{optimizers.AdagradWindow(0.1), 500},
		{optimizers.RMSProp(1e-3), 8000},
		{optimizers.Adadelta(1), 3000},
		{optimizers.Adam(0.01), 3000},
		{optimizers.Adamax(0.1), 500},
	}
	for _, c := range cases {
		st, err := c.opt.NewState(3)
		if err != nil {
			t.Fatal(err)
		}
		x := []float64{0, -1, 5}
		g := make([]float64, 3)
		for range c.steps {
			for i := range x {
				g[i] = 2 * (x[i] - 3)
			}
			st.Update(x, g)
		}
		for i := range x {
			if math.Abs(x[i]-3) >= tol {
				t.Errorf("%v after %d steps: x = %v, want 3 within %v", c.opt, c.steps, x, tol)
				break
			}
		}
	}
}

// TestUpdateAllocatesNothing checks the allocation-free contract of Update for every rule.
// It is not parallel: testing.AllocsPerRun refuses to run in a parallel test.
func TestUpdateAllocatesNothing(t *testing.T) {
	for _, opt := range append(allRules(), optimizers.AdagradWindow(0, optimizers.NWin(1))) {
		st, err := opt.NewState(100)
		if err != nil {
			t.Fatal(err)
		}
		p, g := make([]float64, 100), make([]float64, 100)
		for i := range g {
			g[i] = float64(i%7) - 3
		}
		if allocs := testing.AllocsPerRun(100, func() { st.Update(p, g) }); allocs != 0 {
			t.Errorf("%v: Update allocates %v times per call", opt, allocs)
		}
	}
}

// Mismatched slice lengths are an error from Update, which changes nothing (issue 17: the
// public API returns errors where it panicked).
func TestIssue17UpdateLengthErrors(t *testing.T) {
	t.Parallel()
	const want = "optimizers: Update: params or grads length differs from the state's length"
	for _, opt := range allRules() {
		st, err := opt.NewState(3)
		if err != nil {
			t.Fatal(err)
		}
		for _, lens := range [][2]int{{2, 3}, {3, 2}, {4, 4}, {0, 0}} {
			p := make([]float64, lens[0])
			for i := range p {
				p[i] = 1
			}
			err := st.Update(p, make([]float64, lens[1]))
			if err == nil || !strings.HasPrefix(err.Error(), want) {
				t.Errorf("%v with lengths %v: err %v, want %q", opt, lens, err, want)
			}
			for _, v := range p {
				if v != 1 {
					t.Errorf("%v with lengths %v: params changed to %v", opt, lens, p)
					break
				}
			}
		}
	}
}

// TestOneElement checks n = 1, the smallest valid vector, for every rule.
func TestOneElement(t *testing.T) {
	t.Parallel()
	for _, opt := range allRules() {
		st, err := opt.NewState(1)
		if err != nil {
			t.Fatal(err)
		}
		p := []float64{1}
		st.Update(p, []float64{1})
		if !(p[0] < 1) {
			t.Errorf("%v: a positive gradient did not decrease the parameter: %v", opt, p[0])
		}
	}
}

func ExampleOptimizer_String() {
	fmt.Println(optimizers.Default())
	fmt.Println(optimizers.Adam(0.01, optimizers.Beta1(0.8)))
	// Output:
	// adagrad_window(learning_rate=0.001, epsilon=0.1, n_win=10)
	// adam(learning_rate=0.01, beta1=0.8, beta2=0.999, epsilon=1e-08)
}
