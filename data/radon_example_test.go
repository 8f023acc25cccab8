package data_test

import (
	"fmt"

	"github.com/gopymc/gopymc/data"
)

// The radon data of PyMC's hierarchical regression tutorials: the county of each house as
// an index for pm.Index, the floor as the predictor and the log radon level as the outcome.
func ExampleLoadRadon() {
	radon, err := data.LoadRadon()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(radon.LogRadon), "houses in", len(radon.Counties), "counties")
	fmt.Printf("house 0: %s (code %d), floor %v, log radon %.3f\n",
		radon.County[0], radon.CountyCode[0], radon.Floor[0], radon.LogRadon[0])
	// Output:
	// 919 houses in 85 counties
	// house 0: AITKIN (code 0), floor 1, log radon 0.833
}
