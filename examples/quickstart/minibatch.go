package main

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/gopymc/gopymc/callbacks"
	"github.com/gopymc/gopymc/optimizers"
	"github.com/gopymc/gopymc/plots"
	"github.com/gopymc/gopymc/pm"
)

// minibatch runs the last cells: a 40000×100 data set fitted on full data (stopped after 10
// iterations) and with minibatches of 500 rows.
func (t *cells) minibatch() error {
	section("Minibatch")
	const rowsN, cols = 40000, 100
	rng := rand.New(rand.NewPCG(t.Seed, 40000))
	scale, shift := make([]float64, cols), make([]float64, cols)
	for j := range scale {
		scale[j] = float64(1 + rng.IntN(9)) // np.random.randint(1, 10)
		shift[j] = rng.Float64() * 10
	}
	data := make([][]float64, rowsN)
	for i := range data {
		data[i] = make([]float64, cols)
		for j := range data[i] {
			data[i][j] = rng.Float64()*scale[j] + shift[j]
		}
	}

	full := pm.NewModel()
	mu := pm.Flat(full, "mu", pm.Shape(cols))
	sd := pm.HalfNormal(full, "sd", 1, pm.Shape(cols))
	pm.Normal(full, "lik", mu, sd, pm.Observed(data))
	stopAfter10 := callbacks.Func(func(_ callbacks.FlatParamser, _ []float64, i int) error {
		if i > 0 && i%10 == 0 {
			return callbacks.Stop("I was slow, sorry")
		}
		return nil
	})
	if _, err := pm.Fit(full, pm.Callbacks(stopAfter10), pm.Seed(t.Seed)); err != nil {
		return err
	}

	X := pm.NewMinibatch(data, 500)
	model := pm.NewModel()
	mu = pm.Flat(model, "mu", pm.Shape(cols))
	sd = pm.HalfNormal(model, "sd", 1, pm.Shape(cols))
	pm.Normal(model, "likelihood", mu, sd, pm.Observed(X), pm.TotalSize(rowsN, cols))
	advi, err := pm.NewADVI(model, pm.Seed(t.Seed))
	if err != nil {
		return err
	}
	approx, err := advi.Fit(t.iters(10000))
	if err != nil {
		return err
	}
	if err := compareColumns(approx, data, "after 10,000 iterations of the default adagrad_window(0.001)"); err != nil {
		return err
	}
	// PSIS needs the full data's log density: replace the minibatch by the data.
	xNode, err := X.NodeIn(model.Graph())
	if err != nil {
		return err
	}
	fullData := pm.MoreReplacements(pm.Replace(xNode, data))
	if _, err := t.didItWork("Minibatch ADVI after the default 10,000 iterations", approx, fullData); err != nil {
		return err
	}
	hist := approx.Hist()
	fmt.Printf("loss: first 100 iterations average %s, last 1000 average %s (divided by the minibatch scale 80, as PyMC v4+; PyMC3's tutorial printed the unscaled loss)\n",
		g5(mean(hist[:min(100, len(hist))])), g5(mean(hist[max(0, len(hist)-1000):])))
	fmt.Println("The default learning rate moves each mean by at most about 0.001/√10 per iteration, so 10,000 iterations have not reached columns centred near 5 to 15. The tutorial stops here; 10,000 more iterations with adam(0.05) finish the job:")
	if _, err := advi.Fit(t.iters(10000), pm.ObjOptimizer(optimizers.Adam(0.05))); err != nil {
		return err
	}
	if err := compareColumns(approx, data, "after 10,000 more iterations of adam(0.05)"); err != nil {
		return err
	}
	if _, err := t.didItWork("Minibatch ADVI after adam(0.05)", approx, fullData); err != nil {
		return err
	}
	fmt.Println("Choosing adam's learning rate took trials. Step sizes that need no tuning: LDoWG (AdvancedVI.jl's DoWG with a step size per group of parameters) with iterate averaging and two draws a step, from the start:")
	noTuning, err := pm.Fit(model, pm.N(t.iters(10000)), pm.Seed(t.Seed), pm.ObjOptimizer(optimizers.LDoWG(0)),
		pm.Averaging(optimizers.DefaultAveragingEta), pm.ObjNMC(2))
	if err != nil {
		return err
	}
	if err := compareColumns(noTuning, data, "after 10,000 iterations of ldowg with averaging, 2 draws a step"); err != nil {
		return err
	}
	if _, err := t.didItWork("Minibatch ADVI with ldowg", noTuning, fullData); err != nil {
		return err
	}
	fmt.Println("k-hat grows with the dimension: with 40,000 rows the posterior sds are tiny, and 200 parameters each a")
	fmt.Println("posterior sd or so off multiply into weights that a few draws dominate. The means are right; the")
	fmt.Println("fit is not exact, and PSIS says so where the printed errors in sample sds would not.")
	return t.Save("minibatch_hist.png")(plots.PlotTracker(nil, advi.Hist(), plots.Title("Minibatch ADVI: negative ELBO (adagrad_window, then adam)"), plots.Size(8, 4)))
}

// compareColumns prints the fitted means and sds of the columns beside their sample values.
func compareColumns(approx pm.Approximation, data [][]float64, when string) error {
	post, err := approx.Sample(1000)
	if err != nil {
		return err
	}
	fitMu, fitSd := post.Mean("mu"), post.Mean("sd")
	fmt.Println(when + ":")
	var worstMu, worstSd float64
	for j := range fitMu {
		m, s := columnMoments(data, j)
		worstMu = math.Max(worstMu, math.Abs(fitMu[j]-m)/s)
		worstSd = math.Max(worstSd, math.Abs(fitSd[j]-s)/s)
		if j < 3 {
			fmt.Printf("  column %d: fitted mu %7.3f (sample mean %7.3f), fitted sd %6.3f (sample sd %6.3f)\n", j, fitMu[j], m, fitSd[j], s)
		}
	}
	n := math.Sqrt(float64(len(data)))
	fmt.Printf("  over all %d columns: |mu - sample mean| at most %.3f sample sds, |sd - sample sd| at most %.1f%%\n", len(fitMu), worstMu, 100*worstSd)
	fmt.Printf("  in posterior sds (s/√n for mu, about s/√(2n) for sd): at most %.2f for mu, %.2f for sd\n", worstMu*n, worstSd*n*math.Sqrt2)
	return nil
}

func columnMoments(data [][]float64, j int) (mean, sd float64) {
	for _, row := range data {
		mean += row[j]
	}
	mean /= float64(len(data))
	for _, row := range data {
		sd += (row[j] - mean) * (row[j] - mean)
	}
	return mean, math.Sqrt(sd / float64(len(data)))
}

func mean(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

func g5(x float64) string { return fmt.Sprintf("%.5g", x) }
