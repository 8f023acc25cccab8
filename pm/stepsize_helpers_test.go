package pm_test

import (
	"math"
	"testing"

	"github.com/gopymc/gopymc/internal/testmodels"
	"github.com/gopymc/gopymc/pm"
	"gorgonia.org/tensor"
)

// stepsizeCase is a model with its exact posterior means and sds, by variable, for the
// step-size checks of issue 19.
type stepsizeCase struct {
	name       string
	model      func(seed uint64) *pm.Model // seed: of the minibatch stream, where there is one
	mean, sd   map[string][]float64
	useQMean   bool     // compare q's mean (MeanValues) instead of 4000 draws' means
	qMeanNames []string // the variables of MeanValues, in order, when useQMean
}

// stepsizeCases are the conjugate normal (1000 observations, mu starting 53 posterior sds
// away), the regression on five unscaled predictors, and the quickstart's minibatch model
// (40000×100 data, batches of 500; mu ~ Flat, so its posterior mean is the column mean and
// its sd the column sd over √40000, to within 1e-4).
func stepsizeCases(tb testing.TB, withMinibatch bool) []stepsizeCase {
	tb.Helper()
	c := testmodels.NewConjugate(1000, 1)
	r := testmodels.NewRegression(100, 1)
	cases := []stepsizeCase{
		{name: "conjugate", model: func(uint64) *pm.Model { return c.Model },
			mean: map[string][]float64{"mu": {c.PostMean}}, sd: map[string][]float64{"mu": {c.PostSD}}},
		{name: "regression", model: func(uint64) *pm.Model { return r.Model }, mean: r.PostMean, sd: r.PostSD},
	}
	if !withMinibatch {
		return cases
	}
	const rows, cols = testmodels.TutorialRows, testmodels.TutorialCols
	data := testmodels.TutorialData(1)
	x := tensor.New(tensor.WithShape(rows, cols), tensor.WithBacking(data))
	mean, sd := make([]float64, cols), make([]float64, cols)
	for j := 0; j < cols; j++ {
		s := 0.0
		for i := 0; i < rows; i++ {
			s += data[i*cols+j]
		}
		mean[j] = s / rows
		v := 0.0
		for i := 0; i < rows; i++ {
			d := data[i*cols+j] - mean[j]
			v += d * d
		}
		sd[j] = math.Sqrt(v/rows) / math.Sqrt(rows)
	}
	cases = append(cases, stepsizeCase{name: "minibatch", mean: map[string][]float64{"mu": mean}, sd: map[string][]float64{"mu": sd},
		useQMean: true, qMeanNames: []string{"mu"},
		model: func(seed uint64) *pm.Model {
			m := pm.NewModel()
			mu := pm.Flat(m, "mu", pm.Shape(cols))
			s := pm.HalfNormal(m, "sd", 1, pm.Shape(cols))
			pm.Normal(m, "likelihood", mu, s, pm.Observed(pm.NewMinibatch(x, 500, pm.Seed(seed))), pm.TotalSize(rows, cols))
			return m
		}})
	return cases
}

// errorsInSDs returns, by variable, |fitted mean - exact mean| / exact sd for every element.
func (c stepsizeCase) errorsInSDs(tb testing.TB, q pm.Approximation) map[string][]float64 {
	tb.Helper()
	out := map[string][]float64{}
	if c.useQMean {
		mv := q.MeanValues() // mu is the first variable, untransformed
		for _, name := range c.qMeanNames {
			for j, m := range c.mean[name] {
				out[name] = append(out[name], math.Abs(mv[j]-m)/c.sd[name][j])
			}
		}
		return out
	}
	tr, err := q.Sample(4000)
	if err != nil {
		tb.Fatal(err)
	}
	for name, m := range c.mean {
		got := tr.Mean(name)
		for j := range m {
			out[name] = append(out[name], math.Abs(got[j]-m[j])/c.sd[name][j])
		}
	}
	return out
}

// worst is the largest value of errorsInSDs.
func worst(errs map[string][]float64) float64 {
	w := 0.0
	for _, v := range errs {
		for _, x := range v {
			w = math.Max(w, x)
		}
	}
	return w
}
