package main

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/gopymc/gopymc/examples/internal/tutorial"
	"github.com/gopymc/gopymc/plots"
	"github.com/gopymc/gopymc/pm"
	G "gorgonia.org/gorgonia"
)

// mixtureResults are the numbers of the multimodal part.
type mixtureResults struct {
	particles        int     // rows of the histogram
	histogramIsTrace bool    // the rows are the trace's draws, chain after chain
	empMean          float64 // the Empirical's mean of x
	traceMean        float64 // the trace's mean of x
	useMeanNode      float64 // SampleNode(x, UseMean())
	resampled        int     // draws of approx.Sample
	sampleMean       float64 // their mean
	sampleLeft       float64 // their share left of 0.1
	traceLeft        float64 // the trace's share left of 0.1
	nodeX2           float64 // E[x²] from SampleNode with Size
	traceX2          float64 // the trace's mean of x²
	// The standard errors of sampleLeft and nodeX2 as estimates of the trace's values
	// (draws with replacement from the trace): √(p(1-p)/n) and sd(x²)/√n.
	seLeft, seX2 float64
}

// leftMass is the share of xs left of 0.1, between the mixture's modes.
func leftMass(xs []float64) float64 { return tutorial.ShareBelow(xs, 0.1) }

func (t *cells) mixture(res *mixtureResults) error {
	section("Multimodal density: a NUTS trace")
	model := pm.NewModel()
	x := pm.NormalMixture(model, "x", []float64{.2, .8}, []float64{-.3, .5}, []float64{.1, .1})
	if err := model.Err(); err != nil {
		return err
	}
	// The tutorial's 4 chains of 50,000 draws (PyMC3 ran 4 chains on its 4 cores).
	trace, err := pm.Sample(model, pm.Draws(t.draws(50000)), pm.Chains(4), pm.Seed(t.Seed), pm.Progressbar(false))
	if err != nil {
		return err
	}
	xs := trace.Values("x")
	res.traceLeft = leftMass(xs)
	fmt.Printf("%d chains × %d draws; mean of x %.4f (exact 0.34), left-mode mass %.3f (exact 0.2)\n",
		trace.Chains(), trace.Draws(0), trace.Mean("x")[0], res.traceLeft)
	if err := t.Save("mixture_trace.png")(plots.PlotTrace(trace, []string{"x"}, plots.Size(12, 3))); err != nil {
		return err
	}

	section("The Empirical approximation of the trace")
	approx, err := pm.NewEmpirical(trace, model, pm.Seed(t.Seed))
	if err != nil {
		return err
	}
	fmt.Println(approx)
	hist := approx.SharedParams()["histogram"]
	fmt.Println("its histogram is a shared node:", hist.Name())
	h, err := pm.Eval(hist)
	if err != nil {
		return err
	}
	rows := h.Data().([]float64)
	fmt.Printf("histogram[:10] = %.4f\n", rows[:10])
	fmt.Println("histogram shape:", h.Shape())
	res.particles = h.Shape()[0]
	// Chains one after the other: the flat histogram of a 1-d model is the trace's values.
	res.histogramIsTrace = slices.Equal(rows, xs)
	fmt.Printf("the histogram holds the trace's %d draws, chain after chain: %v\n", len(xs), res.histogramIsTrace)
	for _, o := range model.Ordering() {
		fmt.Printf("ordering: %q at columns [%d, %d), shape %v\n", o.ValueName, o.Offset, o.Offset+o.Size, o.Shape)
	}

	section("Sampling from the Empirical approximation")
	newTrace, err := approx.Sample(t.draws(50000))
	if err != nil {
		return err
	}
	const repeats = 5
	start := time.Now()
	for range repeats {
		if _, err := approx.Sample(t.draws(50000)); err != nil {
			return err
		}
	}
	fmt.Printf("approx.Sample(%d): %.2f ms per call (mean of %d)\n", t.draws(50000), time.Since(start).Seconds()*1000/repeats, repeats)
	res.resampled = newTrace.Len()
	res.sampleMean = newTrace.Mean("x")[0]
	res.sampleLeft = leftMass(newTrace.Values("x"))
	res.seLeft = math.Sqrt(res.traceLeft * (1 - res.traceLeft) / float64(res.resampled))
	fmt.Printf("resampled: mean of x %.4f, left-mode mass %.3f (the trace's %.3f): the same density, in no order\n",
		res.sampleMean, res.sampleLeft, res.traceLeft)
	if err := t.Save("empirical_trace.png")(plots.PlotTrace(newTrace, []string{"x"}, plots.Size(12, 3))); err != nil {
		return err
	}

	section("Expressions under the Empirical approximation: SampleNode")
	mean, err := pm.Eval(approx.Mean())
	if err != nil {
		return err
	}
	res.empMean = mean.Data().([]float64)[0]
	res.traceMean = trace.Mean("x")[0]
	fmt.Printf("approx.mean = %.6f, the trace's mean = %.6f\n", res.empMean, res.traceMean)
	atMean, err := approx.SampleNode(x, pm.UseMean())
	if err != nil {
		return err
	}
	v, err := pm.Eval(atMean)
	if err != nil {
		return err
	}
	res.useMeanNode = v.Data().(float64)
	fmt.Printf("sample_node(x, deterministic=True) = %.6f: x at the particles' mean\n", res.useMeanNode)
	x2, err := approx.SampleNode(G.Must(G.Square(x)), pm.Size(t.draws(50000)))
	if err != nil {
		return err
	}
	e, err := pm.Eval(G.Must(G.Mean(x2, 0)))
	if err != nil {
		return err
	}
	res.nodeX2 = e.Data().(float64)
	var m2, m4 float64
	for _, v := range xs {
		m2 += v * v / float64(len(xs))
		m4 += v * v * v * v / float64(len(xs))
	}
	res.traceX2 = m2
	res.seX2 = math.Sqrt((m4 - m2*m2) / float64(t.draws(50000)))
	fmt.Printf("E[x²] under the Empirical by sample_node(x², size=%d): %.4f; over the trace: %.4f (exact 0.228)\n",
		t.draws(50000), res.nodeX2, res.traceX2)
	return nil
}
