package pm_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/gopymc/gopymc/callbacks"
	"github.com/gopymc/gopymc/internal/testmodels"
	"github.com/gopymc/gopymc/optimizers"
	"github.com/gopymc/gopymc/pm"
)

// TestFitInference: pm.Fit with an inference as its Method fits that inference, as
// inf.Fit does (same seed, same parameters), and continues its history; options of the
// inference's constructor and an inference of another model are errors.
func TestFitInference(t *testing.T) {
	t.Parallel()
	c := testmodels.NewConjugate(200, 3)
	a, err := pm.NewADVI(c.Model, pm.Seed(5), pm.CostPartGradScale(0.5))
	if err != nil {
		t.Fatal(err)
	}
	b, err := pm.NewADVI(c.Model, pm.Seed(5), pm.CostPartGradScale(0.5))
	if err != nil {
		t.Fatal(err)
	}
	qa, err := pm.Fit(c.Model, pm.Method(a), pm.N(300), pm.Output(nil))
	if err != nil {
		t.Fatal(err)
	}
	qb, err := b.Fit(300, pm.Output(nil))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(qa.FlatParams(), qb.FlatParams()) {
		t.Errorf("pm.Fit(Method(inf)) %v, inf.Fit %v", qa.FlatParams(), qb.FlatParams())
	}
	if qa != a.Approx() || len(a.Hist()) != 300 {
		t.Errorf("the inference was not the one fitted (history %d)", len(a.Hist()))
	}
	other := testmodels.NewConjugate(10, 4)
	for _, opts := range [][]pm.Option{
		{pm.Method(a), pm.Seed(1)},
		{pm.Method(a), pm.Start(map[string]any{"mu": 1.0})},
		{pm.Method(a), pm.InfKwargs(pm.Particles(3))},
		{pm.Method(3)},
	} {
		if _, err := pm.Fit(c.Model, append(opts, pm.N(1), pm.Output(nil))...); err == nil {
			t.Errorf("%v: no error", opts)
		}
	}
	if _, err := pm.Fit(other.Model, pm.Method(a), pm.N(1), pm.Output(nil)); err == nil || !strings.Contains(err.Error(), "another model") {
		t.Errorf("inference of another model: %v", err)
	}
}

// TestScheduleShared: a learning rate held in a Shared value and set to 0 by a callback
// after 50 iterations freezes the parameters from then on (sgd); a non-positive rate set
// during a fit stops it with an error naming the step, and the approximation keeps its
// parameters.
func TestScheduleShared(t *testing.T) {
	t.Parallel()
	c := testmodels.NewConjugate(200, 3)
	lr := pm.NewShared(c.Model, "lr", 0.01)
	opt, err := pm.ScheduleShared(optimizers.SGD(0), lr)
	if err != nil {
		t.Fatal(err)
	}
	var at50 []float64
	cb := callbacks.Func(func(q callbacks.FlatParamser, _ []float64, i int) error {
		if i == 50 {
			at50 = slices.Clone(q.FlatParams())
			return lr.SetValue(1e-300)
		}
		return nil
	})
	q, err := pm.Fit(c.Model, pm.N(100), pm.Seed(1), pm.ObjOptimizer(opt), pm.Callbacks(cb), pm.Output(nil))
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range q.FlatParams() {
		if d := p - at50[i]; d > 1e-290 || d < -1e-290 {
			t.Errorf("parameter %d moved from %v to %v after the rate went to 1e-300", i, at50[i], p)
		}
	}
	bad := callbacks.Func(func(_ callbacks.FlatParamser, _ []float64, i int) error {
		if i == 10 {
			return lr.SetValue(-1.0)
		}
		return nil
	})
	if err := lr.SetValue(0.01); err != nil {
		t.Fatal(err)
	}
	_, err = pm.Fit(c.Model, pm.N(100), pm.ObjOptimizer(opt), pm.Callbacks(bad), pm.Output(nil))
	if err == nil || !strings.Contains(err.Error(), "learning rate at step 10 is -1") {
		t.Errorf("negative rate: %v", err)
	}
	if _, err := pm.ScheduleShared(optimizers.SGD(0), pm.NewShared(c.Model, "vec", []float64{1, 2})); err == nil {
		t.Error("a vector learning rate: no error")
	}
}
