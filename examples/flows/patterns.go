package main

import (
	"fmt"
	"strings"

	"github.com/gopymc/gopymc/pm"
)

// patternResults are the flows of the dummy model: parameters and whether each is Gaussian.
type patternResults struct {
	params   map[string]int
	gaussian map[string]bool
}

// patterns builds the tutorial's flows on its dummy model of 100 standard normals.
func (t *cells) patterns(res *patternResults) error {
	section("Flow formulas and patterns")
	fmt.Printf("an approximation is a %T; its inference is pm.NewNFVI, a %T\n", (*pm.NormalizingFlow)(nil), (*pm.Inference)(nil))
	dummy := pm.NewModel()
	pm.Normal(dummy, "N", 0, 1, pm.Shape(100))
	if err := dummy.Err(); err != nil {
		return err
	}
	res.params, res.gaussian = map[string]int{}, map[string]bool{}
	for _, p := range []struct {
		formula, what string
		jitter        float64
	}{
		{"scale-loc", "mean field", 1},
		{"scale-hh*100-loc", "full rank", 1},
		{"scale-hh*10-loc", "low rank", 1},
		{"scale-hh*10-loc", "low rank, jitter 0.001", 0.001},
		{"planar*10", "planar", 1},
	} {
		q, err := pm.NewNormalizingFlow(dummy, pm.Flow(p.formula), pm.Jitter(p.jitter), pm.Seed(t.Seed))
		if err != nil {
			return err
		}
		layers := q.Layers()
		fmt.Printf("%-24s %v: %5d parameters in %3d layers (%s … %s), Gaussian: %v\n",
			p.what, q, len(q.FlatParams()), len(layers), layers[0], layers[len(layers)-1], q.IsGaussian())
		res.params[p.formula] = len(q.FlatParams())
		res.gaussian[p.formula] = q.IsGaussian()
		if p.formula == "scale-hh*10-loc" {
			names := make([]string, 0, 3)
			for _, n := range []string{"rho_0", "v_1", "loc_11"} {
				if node, ok := q.SharedParams()[n]; ok {
					names = append(names, fmt.Sprintf("%s %v", n, node.Shape()))
				}
			}
			fmt.Printf("%-24s parameters include %s\n", "", strings.Join(names, ", "))
		}
	}
	fmt.Println("scale-loc is mean-field ADVI's family; 100 reflections give any covariance, 10 a diagonal plus a correction of rank at most 20.")
	return nil
}
