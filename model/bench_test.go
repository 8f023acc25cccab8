package model

import "testing"

// BenchmarkLogPGrad measures the compiled log density and gradient of the tutorial's
// mixture (a fused NormalMixture op).
func BenchmarkLogPGradMixture(b *testing.B) {
	m, _ := mixtureModel(b)
	ld, err := m.LogDensity()
	if err != nil {
		b.Fatal(err)
	}
	x, grad := []float64{0.1}, make([]float64, 1)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ld.LogPGrad(grad, x); err != nil {
			b.Fatal(err)
		}
	}
}
