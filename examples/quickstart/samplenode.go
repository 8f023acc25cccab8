package main

import (
	"fmt"

	"github.com/gopymc/gopymc/plots"
	"github.com/gopymc/gopymc/pm"
	G "gorgonia.org/gorgonia"
)

// sampleNode runs the cells that evaluate expressions of x under the SVGD approximation.
func (t *cells) sampleNode(model *pm.Model, x *G.Node, svgd pm.Approximation) error {
	section("Expressions under the posterior: SampleNode")
	a := G.Must(G.Square(x))
	aSample, err := svgd.SampleNode(a)
	if err != nil {
		return err
	}
	for i := 0; i < 3; i++ {
		v, err := pm.Eval(aSample)
		if err != nil {
			return err
		}
		fmt.Printf("a_sample.eval() = %.4f\n", v.Data())
	}
	fmt.Println("Every evaluation draws afresh from the approximation.")
	draws := make([]float64, 2000)
	for i := range draws {
		v, err := pm.Eval(aSample)
		if err != nil {
			return err
		}
		draws[i] = v.Data().(float64)
	}
	if err := t.Save("x2_distribution.png")(plots.PlotDistribution(draws, "$x^2$ distribution, 2000 evaluations", plots.Size(7, 4))); err != nil {
		return err
	}

	aSamples, err := svgd.SampleNode(a, pm.Size(1000))
	if err != nil {
		return err
	}
	mean := G.Must(G.Mean(aSamples, 0))
	variance := G.Must(G.Sub(G.Must(G.Mean(G.Must(G.Square(aSamples)), 0)), G.Must(G.Square(mean))))
	v, err := pm.Eval(variance)
	if err != nil {
		return err
	}
	m, err := pm.Eval(mean)
	if err != nil {
		return err
	}
	fmt.Printf("a_samples.var(0) = %.4f, a_samples.mean(0) = %.4f (exact E[x²] = 0.228)\n", v.Data(), m.Data())
	all, err := pm.Eval(aSamples)
	if err != nil {
		return err
	}
	if err := t.Save("x2_distribution_size1000.png")(plots.PlotDistribution(all.Data().([]float64), "$x^2$ distribution, one evaluation with size 1000", plots.Size(7, 4))); err != nil {
		return err
	}

	i := pm.IntScalar(model, "i")
	aSamplesI, err := svgd.SampleNode(a, pm.SizeNode(i))
	if err != nil {
		return err
	}
	for _, n := range []int{100, 10000} {
		out, err := pm.Eval(aSamplesI, pm.Givens(i, n))
		if err != nil {
			return err
		}
		fmt.Printf("a_samples_i.eval({i: %d}).shape = %v\n", n, out.Shape())
	}
	return nil
}
