package approximations_test

import (
	"bytes"
	"fmt"

	"github.com/gopymc/gopymc/approximations"
	"github.com/gopymc/gopymc/pm"
)

// ExampleSave saves a mean-field approximation and loads it back: the parameters are the
// same bits and the draws continue the same random stream.
func ExampleSave() {
	m := pm.NewModel()
	pm.Normal(m, "mu", 0, 1)
	pm.HalfNormal(m, "sigma", 1)
	q, err := approximations.NewMeanField(m, pm.Seed(1))
	if err != nil {
		fmt.Println(err)
		return
	}
	q.FlatParams()[0] = 0.5
	var file bytes.Buffer
	if err := approximations.Save(&file, q); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d bytes, starting %q\n", file.Len(), file.Bytes()[:8])
	loaded, err := approximations.Load(&file, m)
	if err != nil {
		fmt.Println(err)
		return
	}
	a, _ := q.Sample(3)
	b, _ := loaded.Sample(3)
	fmt.Println(loaded, loaded.FlatParams()[0])
	fmt.Printf("%.4f\n%.4f\n", a.Values("mu"), b.Values("mu"))
	// Output:
	// 741 bytes, starting "GOPYMCVI"
	// MeanField[2] 0.5
	// [1.6818 0.6483 -0.7610]
	// [1.6818 0.6483 -0.7610]
}
