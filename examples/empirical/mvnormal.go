package main

import (
	"fmt"
	"math"

	"github.com/gopymc/gopymc/plots"
	"github.com/gopymc/gopymc/pm"
)

// mvnormalResults are the numbers of the 2-d part.
type mvnormalResults struct {
	covRelDiff float64    // max |cov_emp·n/(n-1) - trace_cov| / max |trace_cov|
	diagExact  bool       // the Empirical's variances are the trace's (divisor n), bit for bit
	empMean    [2]float64 // the Empirical's mean
	traceMean  [2]float64 // the trace's mean
	corr       float64    // the trace's correlation
}

func (t *cells) mvnormal(res *mvnormalResults) error {
	section("2-d density")
	model := pm.NewModel()
	pm.MvNormal(model, "x", []float64{0, 0}, [][]float64{{1, 0.5}, {0.5, 1}}, pm.Shape(2))
	if err := model.Err(); err != nil {
		return err
	}
	trace, err := pm.Sample(model, pm.Draws(t.draws(1000)), pm.Chains(4), pm.Seed(t.Seed), pm.Progressbar(false))
	if err != nil {
		return err
	}
	approx, err := pm.NewEmpirical(trace, model, pm.Seed(t.Seed))
	if err != nil {
		return err
	}
	fmt.Println(approx)
	draws, err := approx.Sample(10000)
	if err != nil {
		return err
	}
	if err := t.Save("mvnormal_trace.png")(plots.PlotTrace(draws, []string{"x"}, plots.Size(12, 5))); err != nil {
		return err
	}
	// sns.kdeplot of 1000 draws: the density's contour lines.
	small, err := approx.Sample(1000)
	if err != nil {
		return err
	}
	xy := small.Values("x") // (x0, x1) pairs, draw after draw
	x0, x1 := make([]float64, len(xy)/2), make([]float64, len(xy)/2)
	for i := range x0 {
		x0[i], x1[i] = xy[2*i], xy[2*i+1]
	}
	kde, err := plots.KDE2D(x0, x1)
	if err != nil {
		return err
	}
	if err := t.Save("mvnormal_kde.png")(plots.PlotDensity2D([]plots.Panel2D{{Title: "1000 draws from the Empirical approximation", Field: kde, Lines: true}},
		plots.XLabel("x[0]"), plots.YLabel("x[1]"), plots.Size(6, 5.5))); err != nil {
		return err
	}

	section("The covariance: trace_cov and the Empirical's")
	tc, err := pm.TraceCov(trace, model)
	if err != nil {
		return err
	}
	fmt.Printf("pm.TraceCov(trace) =\n%v\n", tc)
	fmt.Println("approx.Cov() is a node:", approx.Cov())
	cov, err := pm.Eval(approx.Cov())
	if err != nil {
		return err
	}
	fmt.Printf("pm.Eval(approx.Cov()) =\n%v\n", cov)
	n := float64(approx.Size())
	emp, tcv := cov.Data().([]float64), tc.Data().([]float64)
	scale := 0.0
	for i := range tcv {
		scale = math.Max(scale, math.Abs(tcv[i]))
	}
	for i := range tcv {
		res.covRelDiff = math.Max(res.covRelDiff, math.Abs(emp[i]*n/(n-1)-tcv[i])/scale)
	}
	fmt.Printf("they differ by the divisor only: Empirical × n/(n-1) matches trace_cov to %.1e (n = %.0f draws)\n", res.covRelDiff, n)
	vars := trace.Var("x") // divisor n
	res.diagExact = emp[0] == vars[0] && emp[3] == vars[1]
	fmt.Printf("the Empirical's variances are the trace's with divisor n, bit for bit: %v\n", res.diagExact)
	mean, err := pm.Eval(approx.Mean())
	if err != nil {
		return err
	}
	m := mean.Data().([]float64)
	res.empMean = [2]float64{m[0], m[1]}
	tm := trace.Mean("x")
	res.traceMean = [2]float64{tm[0], tm[1]}
	res.corr = tcv[1] / math.Sqrt(tcv[0]*tcv[3])
	fmt.Printf("pm.Eval(approx.Mean()) = %.6f, the trace's mean %.6f\n", m, tm)
	return nil
}
