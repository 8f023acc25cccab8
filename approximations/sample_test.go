package approximations_test

import (
	"math"
	"slices"
	"testing"

	"github.com/gopymc/gopymc/approximations"
	"github.com/gopymc/gopymc/internal/testmodels"
	"github.com/gopymc/gopymc/pm"
)

// PyMC's test_sample_simple: Sample(100) of three_var_model holds one, one_log__, three and
// two with the variables' shapes, one = exp(one_log__), and moments of q.
func TestLocationScaleSample(t *testing.T) {
	t.Parallel()
	for _, f := range families {
		m := threeVarModel(t)
		q, err := f.make(m, pm.Seed(7))
		if err != nil {
			t.Fatal(err)
		}
		if q.Dim() != 50 {
			t.Fatalf("%s: Dim = %d, want 50", f.name, q.Dim())
		}
		tr, err := q.Sample(100)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, v := range tr.Vars() {
			names = append(names, v.Name)
		}
		slices.Sort(names)
		if !slices.Equal(names, []string{"one", "one_log__", "three", "two"}) {
			t.Fatalf("%s: trace variables %v", f.name, names)
		}
		if tr.Len() != 100 || tr.Chains() != 1 {
			t.Errorf("%s: %d draws in %d chains, want 100 in 1", f.name, tr.Len(), tr.Chains())
		}
		for name, shape := range map[string][]int{"one": {10, 2}, "one_log__": {10, 2}, "two": {10}, "three": {10, 1, 2}} {
			if got := tr.Shape(name); !slices.Equal(got, shape) {
				t.Errorf("%s: %s has shape %v, want %v", f.name, name, got, shape)
			}
		}
		one, oneLog := tr.Values("one"), tr.Values("one_log__")
		for i := range one {
			if !closeTo(one[i], math.Exp(oneLog[i]), 1e-12) {
				t.Fatalf("%s: one[%d] = %v, exp(one_log__) = %v", f.name, i, one[i], math.Exp(oneLog[i]))
			}
		}
	}
}

// Sample's draws have q's moments: the mean and sd of w (untransformed, flat coordinate 3)
// within 4 Monte Carlo standard errors of MeanValues and StdValues.
func TestLocationScaleSampleMoments(t *testing.T) {
	t.Parallel()
	const draws = 20000
	for _, f := range families {
		q, err := f.make(smallModel(t), pm.Seed(8))
		if err != nil {
			t.Fatal(err)
		}
		randomise(q, 9)
		tr, err := q.Sample(draws)
		if err != nil {
			t.Fatal(err)
		}
		w := tr.Values("w")
		mean, sd := meanSD(w)
		wantMean, wantSD := q.MeanValues()[3], q.StdValues()[3]
		if se := wantSD / math.Sqrt(draws); math.Abs(mean-wantMean) > 4*se {
			t.Errorf("%s: mean of w %v, want %v ± %v", f.name, mean, wantMean, 4*se)
		}
		// The sd of a normal sample's sd is about sd/√(2n).
		if se := wantSD / math.Sqrt(2*draws); math.Abs(sd-wantSD) > 4*se {
			t.Errorf("%s: sd of w %v, want %v ± %v", f.name, sd, wantSD, 4*se)
		}
	}
}

// meanSD is the mean and the biased sd of xs.
func meanSD(xs []float64) (mean, sd float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	for _, x := range xs {
		sd += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(sd / float64(len(xs)))
}

// Sample records the deterministics, computed at each draw: the tutorial's x2 = x² and
// sin_x = sin x on the mixture.
func TestSampleDeterministics(t *testing.T) {
	t.Parallel()
	q, err := approximations.NewMeanField(testmodels.Mixture(), pm.Seed(3))
	if err != nil {
		t.Fatal(err)
	}
	tr, err := q.Sample(50)
	if err != nil {
		t.Fatal(err)
	}
	x, x2, sinX := tr.Values("x"), tr.Values("x2"), tr.Values("sin_x")
	if len(x) != 50 || len(x2) != 50 || len(sinX) != 50 {
		t.Fatalf("%d, %d, %d draws of x, x2, sin_x; want 50", len(x), len(x2), len(sinX))
	}
	for i := range x {
		if !closeTo(x2[i], x[i]*x[i], 1e-15) || !closeTo(sinX[i], math.Sin(x[i]), 1e-15) {
			t.Fatalf("draw %d: x %v, x2 %v, sin_x %v", i, x[i], x2[i], sinX[i])
		}
	}
	if allEqual(x) {
		t.Error("the draws of x are all equal")
	}
}
