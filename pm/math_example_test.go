package pm_test

import (
	"fmt"

	"github.com/gopymc/gopymc/pm"
)

// LogSumExp is stable where exp overflows: log(e^1000 + e^1000) = 1000 + log 2.
func ExampleLogSumExp() {
	m := pm.NewModel()
	x := pm.NewShared(m, "x", []float64{1000, 1000})
	y, err := pm.LogSumExp(x.Node())
	if err != nil {
		fmt.Println(err)
		return
	}
	v, err := pm.Eval(y)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%.6f\n", v.Data())
	// Output: 1000.693147
}
