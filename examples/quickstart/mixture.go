package main

import (
	"fmt"
	"image/color"
	"math"

	"github.com/gopymc/gopymc/callbacks"
	"github.com/gopymc/gopymc/optimizers"
	"github.com/gopymc/gopymc/plots"
	"github.com/gopymc/gopymc/pm"
	"github.com/gopymc/gopymc/trace"
	G "gorgonia.org/gorgonia"
)

// The tutorial's mixture: x ~ 0.2·N(-0.3, 0.1²) + 0.8·N(0.5, 0.1²).
var (
	mixW  = []float64{0.2, 0.8}
	mixMu = []float64{-0.3, 0.5}
	mixSd = []float64{0.1, 0.1}
)

// mixtureResults collects the numbers the summary prints.
type mixtureResults struct {
	leftMass map[string]float64 // share of draws left of 0.1, by method
	means    map[string]float64 // mean of x, by method
}

func (r *mixtureResults) print() {
	fmt.Println("Mass of the left mode (exact 0.2) and mean of x (exact 0.34):")
	for _, m := range []string{"NUTS", "ADVI", "ADVI+PSIS", "SVGD"} {
		fmt.Printf("  %-9s left mass %.3f, mean %.3f\n", m, r.leftMass[m], r.means[m])
	}
}

// newMixture builds the tutorial's model with the deterministics x2 and sin_x.
func newMixture() (*pm.Model, *G.Node, error) {
	model := pm.NewModel()
	x := pm.NormalMixture(model, "x", mixW, mixMu, mixSd)
	pm.Deterministic(model, "x2", G.Must(G.Square(x)))
	pm.Deterministic(model, "sin_x", G.Must(G.Sin(x)))
	return model, x, model.Err()
}

func (t *cells) mixture() (*mixtureResults, error) {
	res := &mixtureResults{leftMass: map[string]float64{}, means: map[string]float64{}}
	section("Basic setup: the mixture model")
	model, x, err := newMixture()
	if err != nil {
		return nil, err
	}
	x0, err := model.InitialPoint()
	if err != nil {
		return nil, err
	}
	fmt.Printf("initial point x = %.2f (Σ w·mu, PyMC's support point)\n", x0[0])
	for _, v := range []float64{-0.3, 0, 0.34, 0.5} {
		lp, err := model.LogP(map[string]any{"x": v})
		if err != nil {
			return nil, err
		}
		fmt.Printf("log p(x = %5.2f) = %8.4f\n", v, lp)
	}

	section("NUTS")
	tr, err := pm.Sample(model, pm.Draws(t.iters(50000)), pm.Seed(t.Seed))
	if err != nil {
		return nil, err
	}
	if err := printMoments(tr); err != nil {
		return nil, err
	}
	res.record("NUTS", tr.Values("x"))
	if err := t.Save("nuts_trace_x2_sin_x.png")(plots.PlotTrace(tr, []string{"x2", "sin_x"}, plots.Size(12, 6))); err != nil {
		return nil, err
	}

	section("ADVI")
	meanField, err := pm.Fit(model, pm.Method("advi"), pm.Seed(t.Seed), pm.N(t.iters(10000)))
	if err != nil {
		return nil, err
	}
	post, err := meanField.Sample(1000)
	if err != nil {
		return nil, err
	}
	fmt.Printf("ADVI: x has mean %.3f and sd %.3f: one Gaussian, where NUTS saw two modes.\n", post.Mean("x")[0], post.Std("x")[0])
	seaGreen := color.RGBA{R: 0x20, G: 0xb2, B: 0xaa, A: 0xff}
	if err := t.Save("advi_posterior.png")(plots.PlotPosterior(post, []string{"x"}, plots.Colors(seaGreen), plots.Size(6, 4))); err != nil {
		return nil, err
	}

	section("Checking convergence")
	for _, diff := range []string{"relative", "absolute"} {
		conv := callbacks.NewCheckParametersConvergence(callbacks.Diff(diff))
		approx, err := pm.Fit(model, pm.Method("advi"), pm.Seed(t.Seed), pm.N(t.iters(10000)), pm.Callbacks(conv))
		if err != nil {
			return nil, err
		}
		fmt.Printf("CheckParametersConvergence(diff=%q): %d iterations\n", diff, len(approx.Hist()))
		name := fmt.Sprintf("advi_hist_%s.png", diff)
		if err := t.Save(name)(plots.PlotTracker(nil, approx.Hist(), plots.Title("Negative ELBO, convergence checked with diff="+diff), plots.Size(8, 4))); err != nil {
			return nil, err
		}
	}
	fmt.Println("The relative difference is unstable near 0 (the mean starts at 0.34 and drifts), so the absolute one stops first.")

	approx, err := t.tracking(model)
	if err != nil {
		return nil, err
	}
	adviDraws, err := approx.Sample(10000)
	if err != nil {
		return nil, err
	}
	res.record("ADVI", adviDraws.Values("x"))
	if err := t.psisMixture(approx, res); err != nil {
		return nil, err
	}
	if err := t.Save("nuts_vs_advi.png")(plots.KDECompare([]plots.NamedSample{
		{Name: "NUTS", Values: tr.Values("x")}, {Name: "ADVI", Values: adviDraws.Values("x")},
	}, plots.Title("x under NUTS and ADVI"), plots.Size(8, 5))); err != nil {
		return nil, err
	}

	section("SVGD")
	svgd, err := pm.Fit(model, pm.N(t.iters(300)), pm.Method("svgd"), pm.Seed(t.Seed),
		pm.InfKwargs(pm.Particles(1000)), pm.ObjOptimizer(optimizers.SGD(0.01)))
	if err != nil {
		return nil, err
	}
	svgdDraws, err := svgd.Sample(2000)
	if err != nil {
		return nil, err
	}
	res.record("SVGD", svgdDraws.Values("x"))
	fmt.Printf("SVGD: left-mode mass %.3f, right %.3f: both modes, where ADVI found one.\n", res.leftMass["SVGD"], 1-res.leftMass["SVGD"])
	if err := t.Save("nuts_advi_svgd.png")(plots.KDECompare([]plots.NamedSample{
		{Name: "NUTS", Values: tr.Values("x")}, {Name: "ADVI", Values: adviDraws.Values("x")}, {Name: "SVGD", Values: svgdDraws.Values("x")},
	}, plots.Title("x under NUTS, ADVI and SVGD"), plots.Size(8, 5))); err != nil {
		return nil, err
	}
	if err := t.sampleNode(model, x, svgd); err != nil {
		return nil, err
	}

	section("Converting a trace to an approximation")
	traceApprox, err := pm.NewEmpirical(tr, model)
	if err != nil {
		return nil, err
	}
	fmt.Println(traceApprox)
	fromTrace, err := traceApprox.Sample(10000)
	if err != nil {
		return nil, err
	}
	fmt.Printf("Empirical(trace).Sample(10000): mean of x %.3f (the trace's %.3f)\n", fromTrace.Mean("x")[0], tr.Mean("x")[0])
	return res, nil
}

func (r *mixtureResults) record(method string, xs []float64) {
	left, sum := 0, 0.0
	for _, v := range xs {
		if v < 0.1 {
			left++
		}
		sum += v
	}
	r.leftMass[method] = float64(left) / float64(len(xs))
	r.means[method] = sum / float64(len(xs))
}

// printMoments prints NUTS's means and variances of x, x² and sin x beside the exact
// values of the mixture.
func printMoments(tr *trace.Trace) error {
	exact := exactMoments()
	fmt.Printf("%-6s %12s %12s %12s %12s\n", "", "NUTS mean", "exact mean", "NUTS var", "exact var")
	for _, name := range []string{"x", "x2", "sin_x"} {
		m, v := tr.Mean(name), tr.Var(name)
		if m == nil {
			return fmt.Errorf("the trace has no %q", name)
		}
		fmt.Printf("%-6s %12.4f %12.4f %12.4f %12.4f\n", name, m[0], exact[name][0], v[0], exact[name][1])
	}
	return nil
}

// exactMoments are the mixture's mean and variance of x, x² and sin x: x and x² in closed
// form (E x = Σ w·mu; E x² = Σ w(mu² + sd²); E x⁴ = Σ w(mu⁴ + 6mu²sd² + 3sd⁴)), sin x by
// Gauss–Legendre quadrature of the density over [-2, 2], where all but 1e-20 of the mass lies.
func exactMoments() map[string][2]float64 {
	var ex, ex2, ex4 float64
	for k := range mixW {
		m, s := mixMu[k], mixSd[k]
		ex += mixW[k] * m
		ex2 += mixW[k] * (m*m + s*s)
		ex4 += mixW[k] * (m*m*m*m + 6*m*m*s*s + 3*s*s*s*s)
	}
	es := quadrature(func(x float64) float64 { return math.Sin(x) * mixtureDensity(x) })
	es2 := quadrature(func(x float64) float64 { return math.Sin(x) * math.Sin(x) * mixtureDensity(x) })
	return map[string][2]float64{
		"x":     {ex, ex2 - ex*ex},
		"x2":    {ex2, ex4 - ex2*ex2},
		"sin_x": {es, es2 - es*es},
	}
}

func mixtureDensity(x float64) float64 {
	p := 0.0
	for k := range mixW {
		z := (x - mixMu[k]) / mixSd[k]
		p += mixW[k] * math.Exp(-0.5*z*z) / (mixSd[k] * math.Sqrt(2*math.Pi))
	}
	return p
}
