package mcmc

import "fmt"

// treedepthWarnFraction is PyMC's threshold: a chain is flagged when more than 5% of its
// draws stopped at the maximum tree depth (pymc/stats/convergence.py, warn_treedepth).
const treedepthWarnFraction = 0.05

// Warnings returns PyMC's sampler warnings for r, in this order:
//
//   - "Tuning was enabled throughout the whole trace." when no draws were requested
//     (ZeroDraws), or "Only N samples per chain. Reliable r-hat and ESS diagnostics require
//     longer chains for accurate estimate." when fewer than 100 were (pymc/sampling/mcmc.py);
//   - "There were N divergences after tuning. Increase `target_accept` or reparameterize."
//     ("There was 1 divergence …") summed over chains (warn_divergences);
//   - per chain c whose draws reached the maximum tree depth more than 5% of the time:
//     "Chain c reached the maximum tree depth. Increase `max_treedepth`, increase
//     `target_accept` or reparameterize." (warn_treedepth).
//
// It returns nil when there is nothing to warn about. Convergence warnings (R-hat, ESS)
// belong to the diagnostics, not here.
func Warnings(r *Result) []string {
	if r == nil {
		return nil
	}
	var out []string
	switch n := r.Settings.Draws; {
	case n == 0:
		out = append(out, "Tuning was enabled throughout the whole trace.")
	case n < 100:
		out = append(out, fmt.Sprintf("Only %d samples per chain. Reliable r-hat and ESS diagnostics require longer chains for accurate estimate.", n))
	}
	div := 0
	for _, c := range r.Chains {
		div += c.Divergences
	}
	switch {
	case div == 1:
		out = append(out, "There was 1 divergence after tuning. Increase `target_accept` or reparameterize.")
	case div > 1:
		out = append(out, fmt.Sprintf("There were %d divergences after tuning. Increase `target_accept` or reparameterize.", div))
	}
	for i := range r.Chains {
		col := r.Chains[i].Stat(StatReachedMaxTreedepth)
		if len(col) == 0 {
			continue
		}
		hits := 0.0
		for _, v := range col {
			hits += v
		}
		if hits/float64(len(col)) > treedepthWarnFraction {
			out = append(out, fmt.Sprintf("Chain %d reached the maximum tree depth. Increase `max_treedepth`, increase `target_accept` or reparameterize.", i))
		}
	}
	return out
}
