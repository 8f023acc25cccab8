package main

import (
	"fmt"
	"time"

	"github.com/gopymc/gopymc/examples/internal/tutorial"
	"github.com/gopymc/gopymc/optimizers"
	"github.com/gopymc/gopymc/plots"
	"github.com/gopymc/gopymc/pm"
	G "gorgonia.org/gorgonia"
)

// The tutorial's minibatch fit: 40,000 iterations on batches of 50 rows.
const (
	batchSize     = 50
	minibatchIter = 40000
)

// minibatch fits the same network on aligned minibatches of 50 training rows and compares
// its ELBO with the full-batch fit's.
func (t *cells) minibatch(d *dataset, full *fitted, res *results) error {
	tutorial.Section("Mini-batch ADVI")
	nn, err := constructNN(d.xTrain, d.yTrain, batchSize, t.Seed)
	if err != nil {
		return err
	}
	n := t.Pick(minibatchIter, 2*quickIters)
	opts := []pm.Option{pm.N(n), pm.Method("advi"), pm.Seed(t.Seed), pm.Progressbar(false)}
	if t.Quick {
		opts = append(opts, pm.ObjOptimizer(optimizers.AdagradWindow(0.01)))
	}
	start := time.Now()
	approx, err := pm.Fit(nn.model, opts...)
	if err != nil {
		return err
	}
	elapsed := time.Since(start)
	res.mbRate = float64(n) / elapsed.Seconds()
	fmt.Printf("%d iterations on batches of %d rows in %.2f s (%.0f it/s); average loss %.2f\n",
		n, batchSize, elapsed.Seconds(), res.mbRate, tutorial.AverageLoss(approx.Hist()))

	// The test accuracy: the minibatch network's probabilities with its input replaced by
	// the test rows.
	x := pm.Placeholder(nn.model, "X", 1, 2)
	ns := pm.IntScalar(nn.model, "n")
	sampleProba, err := pm.Function(approx, []*G.Node{x, ns}, []*G.Node{nn.act},
		pm.MoreReplacements(pm.Replace(nn.inputNode, x)), pm.Seed(t.Seed))
	if err != nil {
		return err
	}
	draws := t.Pick(500, 200)
	probs, err := sampleProba(d.xTest, draws)
	if err != nil {
		return err
	}
	res.minibatchAcc = accuracy(meanOverDraws(probs[0].Float64s(), draws), d.yTest)
	fmt.Printf("Accuracy = %.1f%% (the full-batch fit: %.1f%%)\n", 100*res.minibatchAcc, 100*res.accuracy)
	// A minibatch fit's loss is that of a batch, the full data's divided by total_size /
	// batch size (PyMC's normalising constant); scaled back, the two ELBOs compare.
	scale := float64(len(d.yTrain)) / batchSize
	mbELBO := negated(approx.Hist())
	for i := range mbELBO {
		mbELBO[i] *= scale
	}
	return t.Save("bnn_minibatch_elbo.png")(plots.PlotHistory([]plots.NamedSample{
		{Name: "full batch", Values: negated(full.inference.Hist())},
		{Name: "minibatch (×10, the full data's scale)", Values: mbELBO},
	}, plots.YLabel("ELBO"), plots.Title("ELBO of the full-batch and minibatch fits")))
}
