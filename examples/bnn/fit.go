package main

import (
	"fmt"
	"time"

	"github.com/gopymc/gopymc/examples/internal/tutorial"
	"github.com/gopymc/gopymc/optimizers"
	"github.com/gopymc/gopymc/plots"
	"github.com/gopymc/gopymc/pm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// fitted is the full-batch network after ADVI, with its compiled posterior function.
type fitted struct {
	*network
	inference   *pm.Inference
	sampleProba func(values ...any) ([]*tensor.Dense, error) // sample_proba(X, n): (n, rows) probabilities
	pred        []float64                                    // predicted labels of the test rows
}

// The tutorial's iterations, and the quick mode's: fewer, with a learning rate ten times
// PyMC's default, which reaches the same accuracy in a sixth of the iterations.
const (
	tutorialIters = 30000
	refineIters   = 20000
	quickIters    = 2500
)

// fullBatch runs the cells from the model to the predicted labels: ADVI on all training
// rows, the ELBO, draws of the weights, the posterior predictive two ways and the test
// accuracy, then 20,000 more iterations.
func (t *cells) fullBatch(d *dataset, res *results) (*fitted, error) {
	tutorial.Section("Model specification")
	nn, err := constructNN(d.xTrain, d.yTrain, 0, t.Seed)
	if err != nil {
		return nil, err
	}
	fmt.Printf("%d weights: w_in_1 (2×%d), w_1_2 (%d×%d), w_2_out (%d)\n", 2*nHidden+nHidden*nHidden+nHidden, nHidden, nHidden, nHidden, nHidden)

	tutorial.Section("Variational inference: ADVI")
	inference, err := pm.NewADVI(nn.model, pm.Seed(t.Seed))
	if err != nil {
		return nil, err
	}
	n := t.Pick(tutorialIters, quickIters)
	opts := []pm.Option{pm.N(n), pm.Method(inference), pm.Progressbar(false)}
	if t.Quick {
		opts = append(opts, pm.ObjOptimizer(optimizers.AdagradWindow(0.01)))
	}
	start := time.Now()
	approx, err := pm.Fit(nn.model, opts...)
	if err != nil {
		return nil, err
	}
	elapsed := time.Since(start)
	res.fullRate = float64(n) / elapsed.Seconds()
	fmt.Printf("%d iterations in %.2f s (%.0f it/s); average loss %.2f (PyMC3: 133.78 after 30,000 iterations, 10 s)\n",
		n, elapsed.Seconds(), res.fullRate, tutorial.AverageLoss(approx.Hist()))
	if err := t.Save("bnn_elbo.png")(plots.PlotHistory([]plots.NamedSample{{Name: "ADVI", Values: negated(approx.Hist())}},
		plots.YLabel("ELBO"), plots.Title("ELBO of the full-batch fit"))); err != nil {
		return nil, err
	}
	fmt.Println("The ELBO rises quickly, then slowly: the fit is still improving at the end.")

	draws, err := approx.Sample(t.Pick(5000, 1000))
	if err != nil {
		return nil, err
	}
	if err := t.Save("bnn_trace.png")(plots.PlotTrace(draws, []string{"w_in_1", "w_1_2", "w_2_out"}, plots.MaxElements(2))); err != nil {
		return nil, err
	}

	tutorial.Section("Posterior predictive: two ways")
	f := &fitted{network: nn, inference: inference}
	x := pm.Placeholder(nn.model, "X", 1, 2)
	ns := pm.IntScalar(nn.model, "n")
	f.sampleProba, err = pm.Function(approx, []*G.Node{x, ns}, []*G.Node{nn.act},
		pm.MoreReplacements(pm.Replace(nn.inputNode, x)), pm.Seed(t.Seed))
	if err != nil {
		return nil, err
	}
	nPred := t.Pick(500, 200)
	// production_step1: set the test data and draw labels with sample_posterior_predictive.
	start = time.Now()
	if err := pm.SetData(nn.model, map[string]any{"ann_input": d.xTest, "ann_output": d.yTest}); err != nil {
		return nil, err
	}
	ppc, err := pm.SamplePosteriorPredictive(nn.model, draws, pm.Samples(nPred), pm.Seed(t.Seed))
	if err != nil {
		return nil, err
	}
	res.ppcAccuracy = accuracy(meanOverDraws(ppc.Values("out"), nPred), d.yTest)
	step1 := time.Since(start)
	// production_step2: the compiled posterior function.
	start = time.Now()
	probs, err := f.sampleProba(d.xTest, nPred)
	if err != nil {
		return nil, err
	}
	mean := meanOverDraws(probs[0].Float64s(), nPred)
	step2 := time.Since(start)
	fmt.Printf("sample_posterior_predictive: %v; the compiled function: %v (PyMC3: 4.34 s and 74.9 ms)\n",
		step1.Round(time.Microsecond), step2.Round(time.Microsecond))

	f.pred = labels(mean)
	res.tutorialAccuracy = accuracy(mean, d.yTest)
	fmt.Printf("Accuracy = %.1f%% after %d iterations (sample_posterior_predictive's labels: %.1f%%)\n",
		100*res.tutorialAccuracy, n, 100*res.ppcAccuracy)

	tutorial.Section("Training longer")
	// The fit was still improving: train on the training rows again, 20,000 more iterations.
	if err := pm.SetData(nn.model, map[string]any{"ann_input": d.xTrain, "ann_output": d.yTrain}); err != nil {
		return nil, err
	}
	more := t.Pick(refineIters, quickIters)
	start = time.Now()
	if err := inference.Refine(more); err != nil {
		return nil, err
	}
	fmt.Printf("%d more iterations in %.2f s; average loss %.2f\n", more, time.Since(start).Seconds(), tutorial.AverageLoss(inference.Hist()))
	probs, err = f.sampleProba(d.xTest, nPred)
	if err != nil {
		return nil, err
	}
	mean = meanOverDraws(probs[0].Float64s(), nPred)
	f.pred = labels(mean)
	res.accuracy = accuracy(mean, d.yTest)
	fmt.Printf("Accuracy = %.1f%% after %d iterations\n", 100*res.accuracy, n+more)
	if err := t.Save("bnn_elbo_refined.png")(plots.PlotHistory([]plots.NamedSample{{Name: "ADVI", Values: negated(inference.Hist())}},
		plots.YLabel("ELBO"), plots.Title("ELBO, refined"))); err != nil {
		return nil, err
	}
	err = t.Save("bnn_predicted.png")(plots.PlotScatter(byClass(d.xTest, f.pred, "Predicted"),
		plots.Colors(c0, red), plots.Title("Predicted labels in testing set")))
	return f, err
}

// meanOverDraws returns the mean over draws of p, laid out draws × rows.
func meanOverDraws(p []float64, draws int) []float64 {
	rows := len(p) / draws
	mean := make([]float64, rows)
	for r := range draws {
		for i, v := range p[r*rows : (r+1)*rows] {
			mean[i] += v / float64(draws)
		}
	}
	return mean
}

// labels returns 1 where the probability is above 0.5, else 0.
func labels(p []float64) []float64 {
	out := make([]float64, len(p))
	for i, v := range p {
		if v > 0.5 {
			out[i] = 1
		}
	}
	return out
}

// accuracy returns the fraction of rows whose mean probability is on y's side of 0.5.
func accuracy(p, y []float64) float64 {
	right := 0
	for i, l := range labels(p) {
		if l == y[i] {
			right++
		}
	}
	return float64(right) / float64(len(y))
}

// negated returns -h, the ELBO of a loss history.
func negated(h []float64) []float64 {
	out := make([]float64, len(h))
	for i, v := range h {
		out[i] = -v
	}
	return out
}
