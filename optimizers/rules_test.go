package optimizers_test

import (
	"math"
	"testing"

	"github.com/gopymc/gopymc/optimizers"
)

// refTol is the relative tolerance between a state's steps and the hand-written references
// below, which compute the same formulas in other arrangements (so rounding may differ).
const refTol = 1e-13

// refP0 and refGrads are the parameter vector and the three gradients of the reference
// steps: mixed signs, a zero and magnitudes far from 1, so each element takes a different
// path through the formulas.
var (
	refP0    = []float64{0.5, -1.25, 2}
	refGrads = [][]float64{
		{0.3, -2.0, 0},
		{-1.5, 0.25, 4},
		{0.7, 3.0, -0.01},
	}
)

// Each reference below takes the §4 formula of /work/shared/spec/pymc-semantics.md (the
// update rules of pymc/variational/updates.py) and returns the parameters after each step.
// They are written element by element with fresh names, in PyMC's (Lasagne's) arrangement
// where it differs from the package's.

func refSGD(lr float64) [][]float64 {
	p := append([]float64(nil), refP0...)
	var out [][]float64
	for _, g := range refGrads {
		for i := range p {
			p[i] = p[i] - lr*g[i]
		}
		out = append(out, append([]float64(nil), p...))
	}
	return out
}

// refMomentum is Lasagne's apply_momentum over sgd: x = mu*v + (p - lr*g); v = x - p; p = x.
func refMomentum(lr, mu float64) [][]float64 {
	p := append([]float64(nil), refP0...)
	vel := make([]float64, len(p))
	var out [][]float64
	for _, g := range refGrads {
		for i := range p {
			sgdNew := p[i] - lr*g[i]
			x := mu*vel[i] + sgdNew
			vel[i] = x - p[i]
			p[i] = x
		}
		out = append(out, append([]float64(nil), p...))
	}
	return out
}

// refNesterov is Lasagne's apply_nesterov_momentum over sgd:
// x = mu*v + (p - lr*g) - p; v = x; p = mu*x + (p - lr*g).
func refNesterov(lr, mu float64) [][]float64 {
	p := append([]float64(nil), refP0...)
	vel := make([]float64, len(p))
	var out [][]float64
	for _, g := range refGrads {
		for i := range p {
			sgdNew := p[i] - lr*g[i]
			x := mu*vel[i] + sgdNew - p[i]
			vel[i] = x
			p[i] = mu*x + sgdNew
		}
		out = append(out, append([]float64(nil), p...))
	}
	return out
}

// refAdagrad sums all past squared gradients from the list each step.
func refAdagrad(lr, eps float64) [][]float64 {
	p := append([]float64(nil), refP0...)
	var out [][]float64
	for step, g := range refGrads {
		for i := range p {
			sum := 0.0
			for _, past := range refGrads[:step+1] {
				sum += past[i] * past[i]
			}
			p[i] -= lr * g[i] / math.Sqrt(sum+eps)
		}
		out = append(out, append([]float64(nil), p...))
	}
	return out
}

// refAdagradWindow sums the squared gradients of the last nWin steps, the current included,
// straight from the history (no ring buffer).
func refAdagradWindow(grads [][]float64, lr, eps float64, nWin int) [][]float64 {
	p := append([]float64(nil), refP0...)
	var out [][]float64
	for step, g := range grads {
		first := max(0, step+1-nWin)
		for i := range p {
			sum := 0.0
			for _, past := range grads[first : step+1] {
				sum += past[i] * past[i]
			}
			p[i] -= lr * g[i] / math.Sqrt(sum+eps)
		}
		out = append(out, append([]float64(nil), p...))
	}
	return out
}

func refRMSProp(lr, rho, eps float64) [][]float64 {
	p := append([]float64(nil), refP0...)
	acc := make([]float64, len(p))
	var out [][]float64
	for _, g := range refGrads {
		for i := range p {
			acc[i] = rho*acc[i] + (1-rho)*g[i]*g[i]
			p[i] -= lr * g[i] / math.Sqrt(acc[i]+eps)
		}
		out = append(out, append([]float64(nil), p...))
	}
	return out
}

func refAdadelta(lr, rho, eps float64) [][]float64 {
	p := append([]float64(nil), refP0...)
	acc := make([]float64, len(p))
	delta := make([]float64, len(p))
	var out [][]float64
	for _, g := range refGrads {
		for i := range p {
			acc[i] = rho*acc[i] + (1-rho)*g[i]*g[i]
			upd := g[i] * math.Sqrt(delta[i]+eps) / math.Sqrt(acc[i]+eps)
			p[i] -= lr * upd
			delta[i] = rho*delta[i] + (1-rho)*upd*upd
		}
		out = append(out, append([]float64(nil), p...))
	}
	return out
}

// refAdam uses the bias-corrected moments of Kingma and Ba's Algorithm 1 with the
// equivalent epsilon eps/sqrt(1-beta2^t), which is algebraically PyMC's a_t form.
func refAdam(lr, b1, b2, eps float64) [][]float64 {
	p := append([]float64(nil), refP0...)
	m := make([]float64, len(p))
	v := make([]float64, len(p))
	var out [][]float64
	for step, g := range refGrads {
		t := float64(step + 1)
		c1 := 1 - math.Pow(b1, t)
		c2 := 1 - math.Pow(b2, t)
		for i := range p {
			m[i] = b1*m[i] + (1-b1)*g[i]
			v[i] = b2*v[i] + (1-b2)*g[i]*g[i]
			mHat, vHat := m[i]/c1, v[i]/c2
			p[i] -= lr * mHat / (math.Sqrt(vHat) + eps/math.Sqrt(c2))
		}
		out = append(out, append([]float64(nil), p...))
	}
	return out
}

func refAdamax(lr, b1, b2, eps float64) [][]float64 {
	p := append([]float64(nil), refP0...)
	m := make([]float64, len(p))
	u := make([]float64, len(p))
	var out [][]float64
	for step, g := range refGrads {
		at := lr / (1 - math.Pow(b1, float64(step+1)))
		for i := range p {
			m[i] = b1*m[i] + (1-b1)*g[i]
			u[i] = math.Max(b2*u[i], math.Abs(g[i]))
			p[i] -= at * m[i] / (u[i] + eps)
		}
		out = append(out, append([]float64(nil), p...))
	}
	return out
}

// run applies opt to refP0 with the given gradients and returns the parameters after each
// step.
func run(t *testing.T, opt optimizers.Optimizer, grads [][]float64) [][]float64 {
	t.Helper()
	st, err := opt.NewState(len(refP0))
	if err != nil {
		t.Fatalf("%v.NewState: %v", opt, err)
	}
	p := append([]float64(nil), refP0...)
	var out [][]float64
	for _, g := range grads {
		st.Update(p, append([]float64(nil), g...))
		out = append(out, append([]float64(nil), p...))
	}
	return out
}

func closeRel(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

func TestRulesAgainstHandReferences(t *testing.T) {
	t.Parallel()
	// PyMC defaults (§4) and one non-default setting of every option for each rule.
	cases := []struct {
		name string
		opt  optimizers.Optimizer
		want [][]float64
	}{
		{"sgd default", optimizers.SGD(0), refSGD(1e-3)},
		{"sgd lr 0.1", optimizers.SGD(0.1), refSGD(0.1)},
		{"momentum default", optimizers.Momentum(0), refMomentum(1e-3, 0.9)},
		{"momentum lr 0.1 mu 0.5", optimizers.Momentum(0.1, optimizers.Mu(0.5)), refMomentum(0.1, 0.5)},
		{"nesterov default", optimizers.NesterovMomentum(0), refNesterov(1e-3, 0.9)},
		{"nesterov lr 0.1 mu 0.5", optimizers.NesterovMomentum(0.1, optimizers.Mu(0.5)), refNesterov(0.1, 0.5)},
		{"adagrad default", optimizers.Adagrad(0), refAdagrad(1, 1e-6)},
		{"adagrad lr 0.1 eps 0.01", optimizers.Adagrad(0.1, optimizers.Epsilon(0.01)), refAdagrad(0.1, 0.01)},
		{"adagrad_window default", optimizers.AdagradWindow(0), refAdagradWindow(refGrads, 1e-3, 0.1, 10)},
		{"adagrad_window n_win 2", optimizers.AdagradWindow(0.1, optimizers.Epsilon(0.01), optimizers.NWin(2)),
			refAdagradWindow(refGrads, 0.1, 0.01, 2)},
		{"rmsprop default", optimizers.RMSProp(0), refRMSProp(1, 0.9, 1e-6)},
		{"rmsprop lr 0.1 rho 0.5 eps 0.01", optimizers.RMSProp(0.1, optimizers.Rho(0.5), optimizers.Epsilon(0.01)),
			refRMSProp(0.1, 0.5, 0.01)},
		{"adadelta default", optimizers.Adadelta(0), refAdadelta(1, 0.95, 1e-6)},
		{"adadelta lr 0.5 rho 0.5 eps 0.01", optimizers.Adadelta(0.5, optimizers.Rho(0.5), optimizers.Epsilon(0.01)),
			refAdadelta(0.5, 0.5, 0.01)},
		{"adam default", optimizers.Adam(0), refAdam(1e-3, 0.9, 0.999, 1e-8)},
		{"adam lr 0.1 b1 0.5 b2 0.75 eps 0.01",
			optimizers.Adam(0.1, optimizers.Beta1(0.5), optimizers.Beta2(0.75), optimizers.Epsilon(0.01)),
			refAdam(0.1, 0.5, 0.75, 0.01)},
		{"adamax default", optimizers.Adamax(0), refAdamax(2e-3, 0.9, 0.999, 1e-8)},
		{"adamax lr 0.1 b1 0.5 b2 0.75 eps 0.01",
			optimizers.Adamax(0.1, optimizers.Beta1(0.5), optimizers.Beta2(0.75), optimizers.Epsilon(0.01)),
			refAdamax(0.1, 0.5, 0.75, 0.01)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got := run(t, c.opt, refGrads)
			for step := range c.want {
				for i := range c.want[step] {
					if !closeRel(got[step][i], c.want[step][i], refTol) {
						t.Errorf("step %d element %d: got %.17g, want %.17g", step+1, i, got[step][i], c.want[step][i])
					}
				}
			}
		})
	}
}

// TestFirstStepLiterals pins one step of each rule to numbers worked out on paper from the
// §4 formulas with g = (1, -2, 0) from p = (0, 0, 0): exact decimals, or Python 3 float
// arithmetic on the expression stated (printed with repr).
func TestFirstStepLiterals(t *testing.T) {
	t.Parallel()
	const tol = 1e-15 // relative
	g := []float64{1, -2, 0}
	cases := []struct {
		name string
		opt  optimizers.Optimizer
		want []float64
	}{
		// -lr*g.
		{"sgd", optimizers.SGD(0.1), []float64{-0.1, 0.2, 0}},
		// v = -lr*g, p = v.
		{"momentum", optimizers.Momentum(0.1), []float64{-0.1, 0.2, 0}},
		// v = -lr*g, p = mu*v - lr*g = -(1+mu)*lr*g = -0.19*g.
		{"nesterov", optimizers.NesterovMomentum(0.1), []float64{-0.19, 0.38, 0}},
		// -g/sqrt(g^2 + 1e-6): 1/sqrt(1.000001), 2/sqrt(4.000001).
		{"adagrad", optimizers.Adagrad(0), []float64{-0.999999500000375, 0.9999998750000235, 0}},
		// -0.001*g/sqrt(g^2 + 0.1): 0.001/sqrt(1.1), 0.002/sqrt(4.1).
		{"adagrad_window", optimizers.Default(), []float64{-0.0009534625892455923, 0.0009877295966495897, 0}},
		// a = 0.1*g^2; -g/sqrt(0.1*g^2 + 1e-6): 1/sqrt(0.100001), 2/sqrt(0.400001).
		{"rmsprop", optimizers.RMSProp(0), []float64{-3.162261848898663, 3.162273707328716, 0}},
		// a = 0.05*g^2; -g*sqrt(1e-6)/sqrt(0.05*g^2 + 1e-6): 0.001/sqrt(0.050001), 0.002/sqrt(0.200001).
		{"adadelta", optimizers.Adadelta(0), []float64{-0.004472091234310839, 0.004472124774701618, 0}},
		// -lr*g*sqrt(0.001)/(sqrt(0.001)*|g| + 1e-8) with lr = 0.001.
		{"adam", optimizers.Adam(0), []float64{-0.000999999683772334, 0.0009999998418861423, 0}},
		// -lr*g/(|g| + 1e-8) with lr = 0.002 (a_1 = lr/0.1, m = 0.1*g).
		{"adamax", optimizers.Adamax(0), []float64{-0.0019999999800000006, 0.00199999999, 0}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			st, err := c.opt.NewState(3)
			if err != nil {
				t.Fatal(err)
			}
			p := make([]float64, 3)
			st.Update(p, g)
			for i := range p {
				if math.Abs(p[i]-c.want[i]) > tol*math.Abs(c.want[i]) {
					t.Errorf("element %d: got %.17g, want %.17g", i, p[i], c.want[i])
				}
			}
		})
	}
}
