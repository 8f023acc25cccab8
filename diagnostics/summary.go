package diagnostics

import (
	"fmt"
	"math"
)

// Summary says in one sentence what KHat means for an approximation whose draws were
// weighed: the number, the threshold, S and the tail length, then the verdict of Yao et al.
// (2018, Section 3) and Vehtari et al. (2024, Section 3.2.4):
//
//   - k-hat <= 0: the weights are bounded: the approximation's tails are heavier than the
//     posterior's, so PSIS-weighted or PSIS-resampled draws are reliable, though the
//     approximation's own draws may be too spread out (a Gaussian over two modes);
//   - 0 < k-hat <= 0.5: the approximation is close to the posterior;
//   - 0.5 < k-hat <= threshold: it is not exact, but PSIS-weighted (or PSIS-resampled)
//     draws give reliable estimates;
//   - threshold < k-hat <= 0.7 (only when S < 2154): S is too small for this k-hat, and
//     MinDraws draws are needed;
//   - 0.7 < k-hat <= 1: the approximation is unreliable: far from the posterior, and
//     importance weighting cannot repair it (bias dominates);
//   - k-hat > 1: the approximation is unreliable, and the weights' mean does not exist: the
//     approximation misses large parts of the posterior;
//   - k-hat +Inf (the fit failed: equal largest weights, or a few draws with nearly all the
//     weight): unreliable.
func (r *PSISResult) Summary() string {
	head := fmt.Sprintf("Pareto k-hat %s", formatKHat(r.KHat))
	where := fmt.Sprintf(" (S = %d draws, tail %d)", r.Draws, r.TailLength)
	switch {
	case math.IsInf(r.KHat, 1) && r.TailLength == 0:
		return fmt.Sprintf("Pareto k-hat not computed: %d draws are too few to fit a tail of %d; use at least 25 (1000 or more for a useful diagnostic).", r.Draws, minTailLength)
	case math.IsInf(r.KHat, 1) || math.IsNaN(r.KHat):
		return head + where + ": the generalised Pareto fit failed (the largest weights are equal, or a few draws hold nearly all the weight); the approximation is unreliable."
	case r.KHat <= 0:
		return head + fmt.Sprintf(" <= 0%s: the importance weights are bounded (the approximation's tails are heavier than the posterior's): PSIS-weighted or PSIS-resampled draws are reliable, though the approximation's own draws may be too spread out.", where)
	case r.KHat <= 0.5:
		return head + fmt.Sprintf(" <= 0.5%s: the approximation is close to the posterior.", where)
	case r.KHat <= r.Threshold:
		return head + fmt.Sprintf(" <= %.2f%s: the approximation is not exact, but PSIS-weighted or PSIS-resampled draws give reliable estimates.", r.Threshold, where)
	case r.KHat <= KHatCeiling:
		return head + fmt.Sprintf(" > %.2f%s: too few draws for this k-hat; use more than %.0f.", r.Threshold, where, math.Ceil(r.MinDraws()))
	case r.KHat <= 1:
		return head + fmt.Sprintf(" > %.1f%s: the approximation is unreliable: it is far from the posterior, and importance weighting cannot repair it.", KHatCeiling, where)
	default:
		return head + fmt.Sprintf(" > 1%s: the approximation is unreliable: it misses large parts of the posterior (the importance weights have no finite mean).", where)
	}
}

// String is Summary.
func (r *PSISResult) String() string { return r.Summary() }

// formatKHat shows k-hat with two decimals, +Inf as "inf".
func formatKHat(k float64) string {
	if math.IsInf(k, 1) {
		return "inf"
	}
	return fmt.Sprintf("%.2f", k)
}
