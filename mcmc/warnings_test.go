package mcmc

import (
	"slices"
	"testing"
)

// TestWarnings checks the messages against PyMC's texts (pymc/stats/convergence.py and
// pymc/sampling/mcmc.py).
func TestWarnings(t *testing.T) {
	t.Parallel()
	chain := func(div, maxHits, n int) Chain {
		c := Chain{Divergences: div, Stats: make([][]float64, numStats)}
		col := make([]float64, n)
		for i := range maxHits {
			col[i] = 1
		}
		c.Stats[statReachedMax] = col
		return c
	}
	const treedepth = "reached the maximum tree depth. Increase `max_treedepth`, increase `target_accept` or reparameterize."
	tests := []struct {
		name string
		r    *Result
		want []string
	}{
		{"nil", nil, nil},
		{"clean", &Result{Settings: Settings{Draws: 100}, Chains: []Chain{chain(0, 5, 100)}}, nil},
		{"one divergence", &Result{Settings: Settings{Draws: 100}, Chains: []Chain{chain(1, 0, 100), chain(0, 0, 100)}},
			[]string{"There was 1 divergence after tuning. Increase `target_accept` or reparameterize."}},
		{"divergences summed", &Result{Settings: Settings{Draws: 100}, Chains: []Chain{chain(2, 0, 100), chain(3, 0, 100)}},
			[]string{"There were 5 divergences after tuning. Increase `target_accept` or reparameterize."}},
		{"treedepth over 5%", &Result{Settings: Settings{Draws: 100}, Chains: []Chain{chain(0, 5, 100), chain(0, 6, 100)}},
			[]string{"Chain 1 " + treedepth}},
		{"few draws", &Result{Settings: Settings{Draws: 50}, Chains: []Chain{chain(0, 0, 50)}},
			[]string{"Only 50 samples per chain. Reliable r-hat and ESS diagnostics require longer chains for accurate estimate."}},
		{"no draws", &Result{Settings: Settings{ZeroDraws: true}, Chains: []Chain{chain(0, 0, 0)}},
			[]string{"Tuning was enabled throughout the whole trace."}},
		{"all", &Result{Settings: Settings{Draws: 20}, Chains: []Chain{chain(3, 20, 20), chain(0, 0, 20), chain(0, 2, 20)}},
			[]string{
				"Only 20 samples per chain. Reliable r-hat and ESS diagnostics require longer chains for accurate estimate.",
				"There were 3 divergences after tuning. Increase `target_accept` or reparameterize.",
				"Chain 0 " + treedepth, "Chain 2 " + treedepth,
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := Warnings(tc.r); !slices.Equal(got, tc.want) {
				t.Errorf("Warnings = %q\nwant       %q", got, tc.want)
			}
		})
	}
}
