package mcmc

import (
	"testing"
)

// TestIterateAllocatesNothing: one NUTS iteration (trajectory, adaptation, recording)
// allocates nothing once the chain is set up. Not parallel: AllocsPerRun forbids it.
func TestIterateAllocatesNothing(t *testing.T) {
	tests := []struct {
		name   string
		target LogDensity
	}{
		{"stdNormal", &stdNormal{5}},
		{"eightSchools", eightSchools{}},
		{"mixture", mixture{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := Settings{Seed: 3, Draws: 1000}.resolve(1)
			if err != nil {
				t.Fatal(err)
			}
			d := tc.target.Dim()
			c := newChain(0, tc.target, &cfg)
			if err := c.initPoint(make([]float64, d), true); err != nil {
				t.Fatal(err)
			}
			c.prepare(make([]float64, d))
			for range 300 { // past the early tree-depth limit and the first windows
				if err := c.iterate(true); err != nil {
					t.Fatal(err)
				}
			}
			tuning := testing.AllocsPerRun(100, func() {
				if err := c.iterate(true); err != nil {
					t.Fatal(err)
				}
			})
			sampling := testing.AllocsPerRun(100, func() {
				if err := c.iterate(false); err != nil {
					t.Fatal(err)
				}
				c.record()
			})
			if tuning != 0 || sampling != 0 {
				t.Errorf("allocations per iteration: %v tuning, %v sampling; want 0", tuning, sampling)
			}
		})
	}
}
