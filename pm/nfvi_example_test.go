package pm_test

import (
	"fmt"
	"math"

	"github.com/gopymc/gopymc/optimizers"
	"github.com/gopymc/gopymc/pm"
)

// The flow patterns of PyMC3's "Normalizing flows overview" on its dummy model of 100
// normals: mean-field, a low-rank-plus-diagonal Gaussian with 10 Householder reflections,
// and the number of parameters each has.
func ExampleNewNormalizingFlow() {
	dummy := pm.NewModel()
	pm.Normal(dummy, "N", 0, 1, pm.Shape(100))
	for _, formula := range []string{"scale-loc", "scale-hh*10-loc", "planar*10"} {
		q, err := pm.NewNormalizingFlow(dummy, pm.Flow(formula), pm.Jitter(0.001))
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%-16s %4d parameters, Gaussian: %v\n", q.Formula(), len(q.FlatParams()), q.IsGaussian())
	}
	// Output:
	// scale-loc         200 parameters, Gaussian: true
	// scale-hh*10-loc  1200 parameters, Gaussian: true
	// planar*10        2010 parameters, Gaussian: false
}

// pm.Fit with method "nfvi=<formula>": 'scale-loc' is mean-field ADVI, so on a normal
// model it finds the exact mean and sd.
func ExampleFit_nfvi() {
	m := pm.NewModel()
	pm.Normal(m, "x", 3, 0.5)
	approx, err := pm.Fit(m, pm.Method("nfvi=scale-loc"), pm.N(5000), pm.Seed(1),
		pm.ObjOptimizer(optimizers.Adam(0.01)), pm.Output(nil))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("mean %.1f, sd %.1f\n", approx.MeanValues()[0], math.Abs(approx.StdValues()[0]))
	// Output: mean 3.0, sd 0.5
}
