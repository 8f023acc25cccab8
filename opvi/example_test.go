package opvi_test

import (
	"fmt"
	"math"

	"github.com/gopymc/gopymc/internal/testmodels"
	"github.com/gopymc/gopymc/optimizers"
	"github.com/gopymc/gopymc/opvi"
	"github.com/gopymc/gopymc/pm"
)

// Mean-field ADVI on a conjugate normal model: the fitted mean approaches the exact
// posterior mean.
func ExampleNewADVI() {
	c := testmodels.NewConjugate(1000, 1)
	advi, err := opvi.NewADVI(c.Model, pm.Seed(42))
	if err != nil {
		fmt.Println(err)
		return
	}
	approx, err := advi.Fit(3000, pm.ObjOptimizer(optimizers.Adam(0.1)), pm.Output(nil))
	if err != nil {
		fmt.Println(err)
		return
	}
	mean := approx.MeanValues()[0]
	fmt.Printf("%d losses; within 3 posterior sds of the exact mean %.2f: %v\n", len(advi.Hist()), c.PostMean, math.Abs(mean-c.PostMean) < 3*c.PostSD)
	// Output: 3000 losses; within 3 posterior sds of the exact mean -5.03: true
}

// Fit is pm.fit: the method is picked by name.
func ExampleFit() {
	_, err := opvi.Fit(testmodels.Mixture(), pm.Method("advi->fullrank_advi"))
	fmt.Println(err)
	// Output: pm: Fit: method should be one of [advi asvgd fullrank_advi nfvi nfvi=<formula> svgd], got "advi->fullrank_advi"
}

// NFVI with two Householder reflections fits a correlated Gaussian, which mean-field ADVI
// cannot: the flow's Cov is exact for a formula of scale, hh and loc layers.
func ExampleNewNFVI() {
	m := pm.NewModel()
	pm.MvNormal(m, "x", []float64{0, 0}, [][]float64{{1, 0.9}, {0.9, 1}})
	nfvi, err := opvi.NewNFVI(m, pm.Flow("scale-hh-loc"), pm.Seed(1))
	if err != nil {
		fmt.Println(err)
		return
	}
	approx, err := nfvi.Fit(8000, pm.ObjOptimizer(optimizers.Adam(0.01)), pm.ObjNMC(4), pm.Output(nil))
	if err != nil {
		fmt.Println(err)
		return
	}
	cov, err := pm.Eval(approx.Cov())
	if err != nil {
		fmt.Println(err)
		return
	}
	c := cov.Data().([]float64)
	fmt.Printf("correlation %.1f\n", c[1]/math.Sqrt(c[0]*c[3]))
	// Output: correlation 0.9
}
