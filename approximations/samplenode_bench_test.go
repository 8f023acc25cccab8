package approximations_test

import (
	"testing"

	"github.com/gopymc/gopymc/approximations"
	"github.com/gopymc/gopymc/internal/testmodels"
	"github.com/gopymc/gopymc/pm"
	G "gorgonia.org/gorgonia"
)

// An evaluation of the tutorial's sample node of x² with Size(1000) on the mixture, from
// SVGD's 1000 particles (an Empirical) and from a MeanField.
func BenchmarkSampleNodeMixtureSize1000(b *testing.B) {
	m := testmodels.Mixture()
	em, err := approximations.NewEmpirical(m, 1000, pm.Seed(1))
	if err != nil {
		b.Fatal(err)
	}
	mf, err := approximations.NewMeanField(m, pm.Seed(1))
	if err != nil {
		b.Fatal(err)
	}
	x, _ := m.FreeVar("x")
	x2 := G.Must(G.Square(x.RV))
	for _, c := range []struct {
		name string
		q    approximations.Approximation
	}{{"Empirical", em}, {"MeanField", mf}} {
		b.Run(c.name, func(b *testing.B) {
			sn, err := c.q.SampleNode(x2, pm.Size(1000))
			if err != nil {
				b.Fatal(err)
			}
			if _, err := pm.Eval(sn); err != nil { // compile before timing
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := pm.Eval(sn); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
