package opvi_test

import (
	"testing"

	"github.com/gopymc/gopymc/internal/testmodels"
	"github.com/gopymc/gopymc/pm"
)

// BenchmarkADVI measures iterations per second of mean-field and full-rank ADVI on the
// tutorial's mixture and on the conjugate model with 1000 observations. Each loop iteration
// is one Refine step of an inference already fitted once, so the figures are the fit loop's
// steady state: draw, log density and gradient, update, loss.
func BenchmarkADVI(b *testing.B) {
	for _, c := range []struct {
		name   string
		method func(*pm.Model, ...pm.Option) (*pm.Inference, error)
		model  func() *pm.Model
	}{
		{"MeanField/Mixture", pm.NewADVI, testmodels.Mixture},
		{"FullRank/Mixture", pm.NewFullRankADVI, testmodels.Mixture},
		{"MeanField/Conjugate1000", pm.NewADVI, func() *pm.Model { return testmodels.NewConjugate(1000, 1).Model }},
		{"FullRank/Conjugate1000", pm.NewFullRankADVI, func() *pm.Model { return testmodels.NewConjugate(1000, 1).Model }},
	} {
		b.Run(c.name, func(b *testing.B) { benchRefine(b, c.method, c.model) })
	}
}
