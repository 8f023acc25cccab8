package pm_test

import (
	"fmt"

	"github.com/gopymc/gopymc/pm"
	G "gorgonia.org/gorgonia"
)

// Index is PyMC's a[idx]: a varying intercept per group, picked for each observation by its
// group label.
func ExampleIndex() {
	m := pm.NewModel()
	a := pm.NewShared(m, "a", []float64{10, 20, 30}) // one intercept per group
	county := []int{2, 0, 0, 1}                      // the group of each observation
	mu, err := pm.Index(a.Node(), county)
	if err != nil {
		fmt.Println(err)
		return
	}
	v, err := pm.Eval(mu)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(v.Data())

	// An index out of range is an error naming the variable, the index and the length.
	_, err = pm.Index(a.Node(), []int{0, 3})
	fmt.Println(err)

	// a[:, idx] is Take along axis 1.
	b := pm.NewShared(m, "b", [][]float64{{1, 2, 3}, {4, 5, 6}})
	cols := G.Must(pm.Take(b.Node(), []int{2, 2, 0}, 1))
	v, _ = pm.Eval(cols)
	fmt.Println(v.Data())
	// Output:
	// [30 10 10 20]
	// pm: Index: graph: Take from "a": index "a.index#2"[1] = 3 is out of range for axis 0 of length 3 (indices must be in [0, 3))
	// [3 3 1 6 6 4]
}
