package optimizers

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// TestScheduleEveryRule: with a constant schedule equal to the rule's learning rate, every
// rule gives bit-identical updates to the rule itself; with lr(t) = 0.1/(t+1) SGD and
// adagrad_window match the hand-written updates p -= lr(t) g and
// p -= lr(t) g / sqrt(Σ_window g² + eps).
func TestScheduleEveryRule(t *testing.T) {
	t.Parallel()
	grads := [][]float64{{0.5, -1}, {0.2, 0.3}, {-1.5, 0.1}, {0.05, 2}}
	rules := map[string]func(float64) Optimizer{
		"sgd":            func(lr float64) Optimizer { return SGD(lr) },
		"momentum":       func(lr float64) Optimizer { return Momentum(lr) },
		"nesterov":       func(lr float64) Optimizer { return NesterovMomentum(lr) },
		"adagrad":        func(lr float64) Optimizer { return Adagrad(lr) },
		"adagrad_window": func(lr float64) Optimizer { return AdagradWindow(lr) },
		"rmsprop":        func(lr float64) Optimizer { return RMSProp(lr) },
		"adadelta":       func(lr float64) Optimizer { return Adadelta(lr) },
		"adam":           func(lr float64) Optimizer { return Adam(lr) },
		"adamax":         func(lr float64) Optimizer { return Adamax(lr) },
		"dog":            func(lr float64) Optimizer { return DoG(lr) },
		"dowg":           func(lr float64) Optimizer { return DoWG(lr) },
		"ldowg":          func(lr float64) Optimizer { return LDoWG(lr) },
		"prodigy":        func(lr float64) Optimizer { return Prodigy(lr) },
	}
	run := func(o Optimizer) []float64 {
		st, err := o.NewState(2)
		if err != nil {
			t.Fatal(err)
		}
		p := []float64{1, -2}
		for _, g := range grads {
			st.Update(p, g)
		}
		return p
	}
	for name, mk := range rules {
		if a, b := run(mk(0.03)), run(Schedule(mk(0.03), func(int) float64 { return 0.03 })); !slices.Equal(a, b) {
			t.Errorf("%s: constant schedule %v, rule %v", name, b, a)
		}
	}
	lr := func(step int) float64 { return 0.1 / float64(step+1) }
	got := run(Schedule(SGD(0), lr))
	want := []float64{1, -2}
	for k, g := range grads {
		for i := range want {
			want[i] -= lr(k) * g[i]
		}
	}
	if !closeFloats(got, want, 1e-15) {
		t.Errorf("scheduled sgd %v, want %v", got, want)
	}
	got = run(Schedule(AdagradWindow(0, NWin(2)), lr))
	want = []float64{1, -2}
	for k, g := range grads {
		for i := range want {
			sum := g[i] * g[i]
			if k > 0 {
				sum += grads[k-1][i] * grads[k-1][i]
			}
			want[i] -= lr(k) * g[i] / math.Sqrt(sum+0.1)
		}
	}
	if !closeFloats(got, want, 1e-15) {
		t.Errorf("scheduled adagrad_window %v, want %v", got, want)
	}
}

// TestScheduleBadRate: a rate that is not finite and > 0 stops the updates with an error
// naming the step, leaving the parameters as they were; nil arguments fail at NewState.
func TestScheduleBadRate(t *testing.T) {
	t.Parallel()
	for _, bad := range []float64{0, -1, math.NaN(), math.Inf(1)} {
		st, err := Schedule(Adam(0), func(step int) float64 {
			if step == 2 {
				return bad
			}
			return 0.01
		}).NewState(1)
		if err != nil {
			t.Fatal(err)
		}
		p := []float64{1}
		for range 2 {
			st.Update(p, []float64{1})
		}
		before := p[0]
		st.Update(p, []float64{1})
		err = st.(interface{ Err() error }).Err()
		if err == nil || !strings.Contains(err.Error(), "learning rate at step 2 is") || p[0] != before {
			t.Errorf("rate %v: error %v, parameter %v (was %v)", bad, err, p[0], before)
		}
	}
	if _, err := Schedule(nil, func(int) float64 { return 1 }).NewState(1); err == nil {
		t.Error("nil optimizer: no error")
	}
	if _, err := Schedule(SGD(0), nil).NewState(1); err == nil {
		t.Error("nil schedule: no error")
	}
}

// TestCosineDecay: half a cosine from 1 towards 0 over n steps, positive at every step and
// constant after the n-th.
func TestCosineDecay(t *testing.T) {
	t.Parallel()
	lr := CosineDecay(4)
	want := []float64{1, 0.5 * (1 + math.Cos(math.Pi/5)), 0.5 * (1 + math.Cos(2*math.Pi/5)), 0.5 * (1 + math.Cos(3*math.Pi/5)), 0.5 * (1 + math.Cos(4*math.Pi/5))}
	for k, w := range want {
		if math.Abs(lr(k)-w) > 1e-15 {
			t.Errorf("step %d: %v, want %v", k, lr(k), w)
		}
	}
	if lr(7) != lr(4) || !(lr(1e9) > 0) {
		t.Errorf("after n steps: %v, %v", lr(7), lr(1e9))
	}
	if CosineDecay(0)(0) != 1 {
		t.Error("n = 0 must keep the rate")
	}
}

func closeFloats(a, b []float64, tol float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Abs(a[i]-b[i]) > tol*math.Max(1, math.Abs(b[i])) {
			return false
		}
	}
	return true
}
