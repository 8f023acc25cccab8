package main

import (
	"fmt"
	"image/color"
	"math"
	"slices"

	"github.com/gopymc/gopymc/callbacks"
	"github.com/gopymc/gopymc/examples/internal/tutorial"
	"github.com/gopymc/gopymc/optimizers"
	"github.com/gopymc/gopymc/plots"
	"github.com/gopymc/gopymc/pm"
)

// pot1Results are the numbers of the ring U₁: the share of draws left of z0 = 0 (exact
// 0.5, by symmetry) for each method.
type pot1Results struct {
	nutsLeft, planar2Left, planar8Left float64
	// The mean distance from the origin (exact: the ring's, exactRadius).
	exactRadius, nutsRadius, planar8Radius float64
	planar8Loss                            float64 // mean loss of the last 1000 iterations
	planar8Iters                           int     // iterations until CheckParametersConvergence stopped the fit
	gradMatches                            bool    // the tracked gradient agrees with finite differences
}

// drawsOf returns the draws of the 2-vector name of a trace as two coordinate slices.
func drawsOf(tr *pm.Trace, name string) (x, y []float64) {
	v := tr.Values(name)
	x, y = make([]float64, len(v)/2), make([]float64, len(v)/2)
	for i := range x {
		x[i], y[i] = v[2*i], v[2*i+1]
	}
	return x, y
}

// leftShare is the share of xs below 0.
func leftShare(xs []float64) float64 { return tutorial.ShareBelow(xs, 0) }

// kdePanel is seaborn's jointplot(kind="kde") of 2-D draws: the density's filled
// contours, white to blue.
func kdePanel(title string, x, y []float64) (plots.Panel2D, error) {
	g, err := plots.KDE2D(x, y)
	if err != nil {
		return plots.Panel2D{}, err
	}
	return plots.Panel2D{Title: title, Field: g, Colors: []color.Color{color.White, color.NRGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff}}}, nil
}

// saveKDE draws the KDE of the approximation's draws (or a trace's) as one figure.
func (t *cells) saveKDE(name, title string, x, y []float64) error {
	p, err := kdePanel(title, x, y)
	if err != nil {
		return err
	}
	return t.Save(name)(plots.PlotDensity2D([]plots.Panel2D{p}, plots.XLabel("z[0]"), plots.YLabel("z[1]")))
}

// flowSample draws n points from an approximation of a potential's model.
func flowSample(q pm.Approximation, name string, n int) (x, y []float64, err error) {
	tr, err := q.Sample(n)
	if err != nil {
		return nil, nil, err
	}
	x, y = drawsOf(tr, name)
	return x, y, nil
}

func (t *cells) pot1(res *pot1Results) error {
	section("Reproducing the first potential: NUTS")
	m, err := potentialModel("pot1", pot1)
	if err != nil {
		return err
	}
	tr, err := pm.Sample(m, pm.Draws(1000), pm.Chains(2), pm.Seed(t.Seed), pm.Progressbar(false),
		pm.StartChains(map[string]any{"pot1": []float64{-2, 0}}, map[string]any{"pot1": []float64{2, 0}}))
	if err != nil {
		return err
	}
	x, y := drawsOf(tr, "pot1")
	res.nutsLeft = leftShare(x)
	if res.exactRadius, err = ringRadius(); err != nil {
		return err
	}
	res.nutsRadius = meanRadius(x, y)
	fmt.Printf("NUTS, chains started at (-2, 0) and (2, 0): %.3f of the draws left of 0 (exact 0.5), mean radius %.3f (exact %.3f)\n",
		res.nutsLeft, res.nutsRadius, res.exactRadius)
	fmt.Println("the chains rarely cross between the halves: their share depends on where tuning left them")
	if err := t.saveKDE("pot1_nuts.png", "NUTS", x, y); err != nil {
		return err
	}

	section("Normalizing flows: planar*2")
	inference, err := pm.NewNFVI(m, pm.Flow("planar*2"), pm.Jitter(1), pm.Seed(t.Seed))
	if err != nil {
		return err
	}
	q := inference.Approx().(*pm.NormalizingFlow)
	if x, y, err = flowSample(q, "pot1", 1000); err != nil {
		return err
	}
	if err := t.saveKDE("pot1_planar2_start.png", "planar*2 before fitting", x, y); err != nil {
		return err
	}
	blocks := paramBlocks(q)
	if err := checkBlocks(q, blocks); err != nil {
		return err
	}
	for _, b := range blocks {
		v, err := pm.Eval(q.SharedParams()[b.name])
		if err != nil {
			return err
		}
		fmt.Printf("param %-4s = %.4f\n", b.name, v.Data())
	}
	obj, err := newObjective(q, m, t.Seed)
	if err != nil {
		return err
	}
	loss, grad, err := obj.grad()
	if err != nil {
		return err
	}
	fmt.Printf("objective at one draw: %.4f; its gradient: %.4f\n", loss, grad)
	if res.gradMatches, err = gradMatchesFD(q, m, t.Seed); err != nil {
		return err
	}
	fmt.Println("the gradient agrees with central finite differences of the same draw's loss:", res.gradMatches)

	section("Tracking parameters and gradients")
	tracker := callbacks.NewTracker(map[string]func() (any, error){
		"params": func() (any, error) { return q.FlatParams(), nil }, // the Tracker copies it
		"grad": func() (any, error) {
			_, g, err := obj.grad()
			return g, err
		},
	})
	if _, err := inference.Fit(t.iters(30000), pm.ObjOptimizer(optimizers.AdagradWindow(0.01)),
		pm.Callbacks(tracker), pm.Progressbar(false)); err != nil {
		return err
	}
	if x, y, err = flowSample(q, "pot1", 1000); err != nil {
		return err
	}
	res.planar2Left = leftShare(x)
	fmt.Printf("planar*2 after %d iterations: %.3f of the draws left of 0 (exact 0.5)\n", len(inference.Hist()), res.planar2Left)
	if err := t.saveKDE("pot1_planar2_fit.png", "planar*2 after fitting", x, y); err != nil {
		return err
	}
	if err := t.Save("pot1_planar2_hist.png")(plots.PlotTracker(nil, inference.Hist(), plots.Size(8, 4))); err != nil {
		return err
	}
	params, err := tracker.Floats("params")
	if err != nil {
		return err
	}
	grads, err := tracker.Floats("grad")
	if err != nil {
		return err
	}
	order := []string{"u_0", "w_0", "b_0", "u_1", "w_1", "b_1"} // the tutorial's panels
	if err := t.Save("pot1_planar2_params.png")(plots.PlotTracker(trackerSeries(params, blocks, "", order), nil, plots.Title("Parameter traces"))); err != nil {
		return err
	}
	if err := t.Save("pot1_planar2_grads.png")(plots.PlotTracker(trackerSeries(grads, blocks, "grad_", order), nil, plots.Title("Gradients at one fresh draw each iteration"))); err != nil {
		return err
	}
	fmt.Println("the loss history says little; the tracked gradients stay noisy around 0 while some parameters still drift")

	section("Going deeper: planar*8 with 100 draws a step")
	inference, err = pm.NewNFVI(m, pm.Flow("planar*8"), pm.Jitter(1), pm.Seed(t.Seed))
	if err != nil {
		return err
	}
	if x, y, err = flowSample(inference.Approx(), "pot1", 1000); err != nil {
		return err
	}
	if err := t.saveKDE("pot1_planar8_start.png", "planar*8 before fitting", x, y); err != nil {
		return err
	}
	if _, err := inference.Fit(t.iters(25000), pm.ObjOptimizer(optimizers.Adam(0.01)), pm.ObjNMC(100),
		pm.Callbacks(callbacks.NewCheckParametersConvergence()), pm.Progressbar(false)); err != nil {
		return err
	}
	hist := inference.Hist()
	res.planar8Iters = len(hist)
	res.planar8Loss = tailMean(hist, 1000)
	if x, y, err = flowSample(inference.Approx(), "pot1", 1000); err != nil {
		return err
	}
	res.planar8Left = leftShare(x)
	res.planar8Radius = meanRadius(x, y)
	fmt.Printf("planar*8 after %d iterations: mean loss %.3f, %.3f of the draws left of 0 (exact 0.5), mean radius %.3f\n",
		res.planar8Iters, res.planar8Loss, res.planar8Left, res.planar8Radius)
	return t.saveKDE("pot1_planar8_fit.png", "planar*8 after fitting", x, y)
}

// meanRadius is the mean distance of the points from the origin.
func meanRadius(x, y []float64) float64 {
	s := 0.0
	for i := range x {
		s += math.Hypot(x[i], y[i])
	}
	return s / float64(len(x))
}

// ringRadius is U₁'s mean distance from the origin, E|z| = ∫|z|exp(-U₁)/∫exp(-U₁), by the
// midpoint rule on 200×200 points of [-5, 5]², where all but 1e-12 of the mass lies.
func ringRadius() (float64, error) {
	g, err := densityGrid(pot1, 200)
	if err != nil {
		return 0, err
	}
	var num, den float64
	for i, x := range g.X {
		for j, y := range g.Y {
			num += math.Hypot(x, y) * g.At(i, j)
			den += g.At(i, j)
		}
	}
	return num / den, nil
}

// tailMean is the mean of the last n values (all if fewer).
func tailMean(x []float64, n int) float64 {
	tail := x[max(0, len(x)-n):]
	s := 0.0
	for _, v := range tail {
		s += v
	}
	return s / float64(len(tail))
}

// gradMatchesFD checks the objective's gradient against central finite differences of
// the loss at the same base draw (h = 1e-6, tolerance 1e-5 relative to max(1, |g|)).
func gradMatchesFD(q *pm.NormalizingFlow, m *pm.Model, seed uint64) (bool, error) {
	a, err := newObjective(q, m, seed)
	if err != nil {
		return false, err
	}
	_, g, err := a.grad()
	if err != nil {
		return false, err
	}
	params := q.FlatParams()
	saved := slices.Clone(params)
	defer copy(params, saved)
	lossAt := func() (float64, error) {
		b, err := newObjective(q, m, seed) // the same base draw
		if err != nil {
			return 0, err
		}
		l, _, err := b.grad()
		return l, err
	}
	const h = 1e-6
	for i := range params {
		params[i] = saved[i] + h
		lp, err := lossAt()
		if err != nil {
			return false, err
		}
		params[i] = saved[i] - h
		lm, err := lossAt()
		if err != nil {
			return false, err
		}
		params[i] = saved[i]
		fd := (lp - lm) / (2 * h)
		if d := fd - g[i]; d > 1e-5*max(1, abs(g[i])) || -d > 1e-5*max(1, abs(g[i])) {
			return false, nil
		}
	}
	return true, nil
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
