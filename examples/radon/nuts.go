package main

import (
	"fmt"
	"math"
	"time"

	"github.com/gopymc/gopymc/data"
	"github.com/gopymc/gopymc/examples/internal/tutorial"
	"github.com/gopymc/gopymc/plots"
	"github.com/gopymc/gopymc/pm"
)

// The variables in unconstrained space, in the order of the tutorial's figure (the order of
// approx.bij.rmap's keys).
var unconstrained = []string{"mu_alpha", "sigma_alpha_interval__", "mu_beta", "sigma_beta_interval__", "alpha", "beta", "eps_interval__"}

// nuts runs the tutorial's "Inference button": NUTS on every house, started at a draw of
// the approximation with its covariance as the mass matrix, then compares the two.
func (t *cells) nuts(r *data.Radon, approx pm.Approximation, res *results) error {
	tutorial.Section("NUTS, started from the approximation")
	model, err := hierarchical(r, 0)
	if err != nil {
		return err
	}
	draw, err := approx.Sample(1)
	if err != nil {
		return err
	}
	start, err := pm.Point(draw, 0, 0) // approx.sample()[0]
	if err != nil {
		return err
	}
	began := time.Now()
	tr, err := pm.Sample(model, pm.Draws(t.Pick(2000, 1000)), pm.Tune(1000),
		pm.Scaling(approx), pm.Start(start), pm.TargetAccept(0.9), pm.Seed(t.Seed), pm.Progressbar(false))
	if err != nil {
		return err
	}
	res.draws = tr.Len()
	for _, d := range tr.Stat("diverging") {
		res.divergences += int(d)
	}
	fmt.Printf("%d draws in %.2f s, %d divergent\n", res.draws, time.Since(began).Seconds(), res.divergences)
	sum, err := tr.Summary(unconstrained...)
	if err != nil {
		return err
	}
	for _, row := range sum.Rows {
		res.maxRHat = math.Max(res.maxRHat, row.RHat)
	}

	tutorial.Section("ADVI against NUTS")
	means, err := pm.MeanData(approx) // approx.bij.rmap(approx.mean.eval())
	if err != nil {
		return err
	}
	sds, err := pm.StdData(approx)
	if err != nil {
		return err
	}
	res.vars = unconstrained
	res.worstZ = map[string]float64{}
	var marginals []plots.Marginal
	fmt.Printf("%-24s %18s %18s\n", "", "ADVI mean ± sd", "NUTS mean ± sd")
	for _, name := range unconstrained {
		mu, sd := flat(means[name].Data()), flat(sds[name].Data())
		nm, ns := tr.Mean(name), tr.Std(name)
		for i := range mu {
			res.worstZ[name] = math.Max(res.worstZ[name], math.Abs(mu[i]-nm[i])/ns[i])
		}
		if len(mu) == 1 {
			fmt.Printf("%-24s %9.3f ± %6.3f %9.3f ± %6.3f\n", name, mu[0], sd[0], nm[0], ns[0])
		}
		marginals = append(marginals, plots.Marginal{Name: name, Mean: mu, SD: sd, Draws: elements(tr.Values(name), len(mu))})
	}
	fmt.Printf("alpha and beta: the largest distance of a county's ADVI mean from NUTS's is %.2f and %.2f NUTS sds\n",
		res.worstZ["alpha"], res.worstZ["beta"])
	return t.Save("radon_advi_vs_nuts.png")(plots.PlotMarginals(marginals, plots.Size(12, 18)))
}

// flat returns a tensor's data as a slice: a scalar's one value, or its backing array.
func flat(v any) []float64 {
	if f, ok := v.(float64); ok {
		return []float64{f}
	}
	return v.([]float64)
}

// elements splits a trace's values (draw after draw, size elements each) into one slice
// per element.
func elements(values []float64, size int) [][]float64 {
	out := make([][]float64, size)
	for e := range out {
		out[e] = make([]float64, 0, len(values)/size)
	}
	for i, v := range values {
		out[i%size] = append(out[i%size], v)
	}
	return out
}
