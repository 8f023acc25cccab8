package diagnostics

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/gopymc/gopymc/model"
)

// Importance holds S draws of an approximation q, weighed against a model's log density:
// the log ratios log p(x, z_s) - log q(z_s) and their PSIS smoothing.
type Importance struct {
	// Dim is the length of one draw (the model's flat unconstrained vector).
	Dim int
	// Draws holds the S draws, row-major: draw s is Draws[s*Dim : (s+1)*Dim].
	Draws []float64
	// LogP and LogQ are the model's and the approximation's log density at each draw.
	LogP, LogQ []float64
	// PSIS is the smoothing of LogP - LogQ, with k-hat and the normalised weights.
	PSIS *PSISResult
}

// DrawImportance draws s points from q with rng, evaluates the model's log density ld at
// each (up to its normalising constant, which cancels in the normalised weights) and smooths
// the log ratios with PSIS. It checks ctx between draws.
//
// It returns an error if s < 2, if q's log density is not finite at a draw (q is broken),
// if ld fails or is NaN or +Inf at a draw, or from PSIS; a draw where ld is -Inf gets
// weight 0. On cancellation it returns ctx.Err().
func DrawImportance(ctx context.Context, q LogQDrawer, ld *model.LogDensity, s int, rng *rand.Rand) (*Importance, error) {
	if q == nil || ld == nil || rng == nil {
		return nil, fmt.Errorf("diagnostics: DrawImportance: the approximation, the log density and the random stream must not be nil")
	}
	if s < 2 {
		return nil, fmt.Errorf("diagnostics: DrawImportance: the number of draws must be >= 2, got %d (1000 or more for a useful k-hat)", s)
	}
	d := ld.Dim()
	if d > 0 && s > math.MaxInt/d {
		return nil, fmt.Errorf("diagnostics: DrawImportance: %d draws of dimension %d overflow an int", s, d)
	}
	// The draws grow as they are made: memory follows the draws done, so a run asked for
	// very many draws and cancelled early asks for little.
	c := min(s, 1<<12)
	im := &Importance{Dim: d, Draws: make([]float64, 0, c*d), LogP: make([]float64, 0, c), LogQ: make([]float64, 0, c)}
	ratios := make([]float64, 0, c)
	z := make([]float64, d)
	for i := 0; i < s; i++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		lq := q.DrawLogQ(z, rng)
		if math.IsNaN(lq) || math.IsInf(lq, 0) {
			return nil, fmt.Errorf("diagnostics: DrawImportance: the approximation's log density is %v at draw %d; its parameters are not finite or its scale is 0", lq, i)
		}
		lp, err := ld.LogP(z)
		if err != nil {
			return nil, fmt.Errorf("diagnostics: DrawImportance: the model's log density at draw %d: %w", i, err)
		}
		if math.IsNaN(lp) || math.IsInf(lp, 1) {
			return nil, fmt.Errorf("diagnostics: DrawImportance: the model's log density is %v at draw %d (z = %v)", lp, i, z)
		}
		im.Draws = append(im.Draws, z...)
		im.LogP, im.LogQ = append(im.LogP, lp), append(im.LogQ, lq)
		ratios = append(ratios, lp-lq)
	}
	res, err := PSIS(ratios)
	if err != nil {
		return nil, err
	}
	im.PSIS = res
	return im, nil
}

// Resample returns n indices of draws chosen with probability proportional to their
// smoothed weights, by stratified resampling (Kitagawa 1996, as posterior's
// resample_draws): one uniform point in each of n equal strata of [0, 1), so draw s appears
// between floor(n·w_s) - 1 and ceil(n·w_s) + 1 times and the resampled
// set follows the weights with less noise than independent multinomial draws. The indices
// are in increasing order. It returns an error if n < 0 or rng is nil.
//
// References:
//   - Kitagawa: Monte Carlo Filter and Smoother for Non-Gaussian Nonlinear State Space
//     Models. Journal of Computational and Graphical Statistics 5(1), 1-25, 1996.
func (im *Importance) Resample(n int, rng *rand.Rand) ([]int, error) {
	if im == nil || im.PSIS == nil {
		return nil, fmt.Errorf("diagnostics: Resample: no weights (an Importance made by DrawImportance has them)")
	}
	return StratifiedResample(im.PSIS.LogWeights, n, rng)
}

// StratifiedResample returns n indices drawn by stratified resampling from normalised log
// weights (see Importance.Resample). It returns an error if n < 0 or rng is nil.
func StratifiedResample(logWeights []float64, n int, rng *rand.Rand) ([]int, error) {
	if n < 0 {
		return nil, fmt.Errorf("diagnostics: StratifiedResample: n must be >= 0, got %d", n)
	}
	if rng == nil {
		return nil, fmt.Errorf("diagnostics: StratifiedResample: nil random stream")
	}
	out := make([]int, 0, n)
	if n == 0 || len(logWeights) == 0 {
		return out, nil
	}
	// Stratum j of [0, 1) is [j/n, (j+1)/n): one uniform point u_j in each, and draw s is
	// taken once for every u_j in its slice of the cumulative weights.
	cum := 0.0
	j := 0
	last := 0 // the last draw with positive weight
	u := (float64(j) + rng.Float64()) / float64(n)
	for s, lw := range logWeights {
		w := math.Exp(lw)
		if w > 0 {
			last = s
		}
		cum += w
		for j < n && u < cum {
			out = append(out, s)
			j++
			u = (float64(j) + rng.Float64()) / float64(n)
		}
	}
	for j < n { // rounding left the total weight a hair below 1: the last weighed draw takes the rest
		out = append(out, last)
		j++
	}
	return out, nil
}
