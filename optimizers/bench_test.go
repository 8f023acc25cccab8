package optimizers_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gopymc/gopymc/optimizers"
)

// BenchmarkUpdate measures one Update of every rule (PyMC defaults) on n = 2 and n = 10000.
func BenchmarkUpdate(b *testing.B) {
	for _, opt := range allRules() {
		name, _, _ := strings.Cut(opt.String(), "(")
		for _, n := range []int{2, 10000} {
			b.Run(fmt.Sprintf("%s/n=%d", name, n), func(b *testing.B) {
				st, err := opt.NewState(n)
				if err != nil {
					b.Fatal(err)
				}
				p, g := make([]float64, n), make([]float64, n)
				for i := range g {
					g[i] = float64(i%7) - 3
				}
				b.ReportAllocs()
				for b.Loop() {
					st.Update(p, g)
				}
			})
		}
	}
}

// BenchmarkTotalNormConstraint measures clipping one n = 10000 gradient.
func BenchmarkTotalNormConstraint(b *testing.B) {
	g := make([]float64, 10000)
	for i := range g {
		g[i] = float64(i%7) - 3
	}
	b.ReportAllocs()
	for b.Loop() {
		optimizers.TotalNormConstraint(g, 1e9)
	}
}
