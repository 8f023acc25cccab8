package callbacks

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/gopymc/gopymc/internal/mathx"
)

// Statistics of CheckRelativeELBO's buffer (the Average option).
const (
	averageMean   = "mean"
	averageMedian = "median"
	averageEither = "either"
)

// CheckRelativeELBO stops the fit by Stan's ADVI rule: every Every iterations (default 100,
// Stan's eval_elbo) it estimates the ELBO, pushes its relative change |(ELBO_prev -
// ELBO)/ELBO| into a circular buffer of BufferSize entries (default 10), and stops when the
// buffer's mean or median (Average: "either", the default, as Stan; or "mean" or "median")
// falls below TolRelObj (default 0.01, Stan's tol_rel_obj), with "CheckRelativeELBO: mean
// ELBO converged at step i (...)". As in Stan the first change is measured from 0, so it
// is 1, and a stop whose ELBO is more than 5% below the best seen says that the
// approximation may not have converged to a good optimum.
//
// Stan estimates each ELBO from 100 fresh draws; this callback, which sees only the fit's
// losses, uses minus the mean of the last Every losses (each a one-draw estimate at the
// parameters of its iteration; non-finite ones are skipped). The relative change is
// scale-free, so PyMC's division of the loss by the minibatch scale does not matter, but
// it is unstable when the ELBO is near 0.
//
// A Call allocates nothing unless it stops the fit. It is not safe for concurrent use and
// keeps its state across the fits and refinements it is given to.
//
// References:
//   - Kucukelbir, Tran, Ranganath, Gelman, Blei: Automatic Differentiation Variational
//     Inference. JMLR 18(14), 2017, Section 3.3 (the relative-ELBO rule).
//   - Stan, src/stan/variational/advi.hpp (stochastic_gradient_ascent, circ_buff_median,
//     rel_difference).
type CheckRelativeELBO struct {
	cfg convergenceConfig
	err error

	buf        []float64 // the circular buffer
	next, n    int       // next slot, entries held
	sorted     []float64 // scratch for the median
	prev, best float64   // last and best ELBO estimates
	mean, med  float64   // the buffer's statistics at the last evaluation
}

var _ Callback = (*CheckRelativeELBO)(nil)

// NewCheckRelativeELBO returns the callback with Stan's defaults changed by opts (Every,
// TolRelObj, BufferSize, Average). Invalid settings (Every < 1, TolRelObj not finite and
// > 0, BufferSize < 1, an unknown Average, an option of another callback) are reported by
// Validate and by every Call, which then aborts the fit.
func NewCheckRelativeELBO(opts ...Option) *CheckRelativeELBO {
	c := &CheckRelativeELBO{cfg: convergenceConfig{every: 100, rel: relConfig{tolRelObj: 0.01, bufferSize: 10, average: averageEither}}}
	c.err = applyOptions(&c.cfg, "CheckRelativeELBO", opts, "Every", "TolRelObj", "BufferSize", "Average")
	if c.err == nil {
		c.err = c.cfg.validateRelative()
	}
	if c.err == nil {
		c.buf = make([]float64, c.cfg.rel.bufferSize)
		c.sorted = make([]float64, c.cfg.rel.bufferSize)
	}
	c.best = math.Inf(-1)
	c.mean, c.med = math.NaN(), math.NaN()
	return c
}

func (cfg convergenceConfig) validateRelative() error {
	const p = "callbacks: CheckRelativeELBO: "
	r := cfg.rel
	switch {
	case cfg.every < 1:
		return fmt.Errorf(p+"%v: every must be at least 1", everyOption(cfg.every))
	case !(r.tolRelObj > 0) || math.IsInf(r.tolRelObj, 1):
		return fmt.Errorf(p+"TolRelObj(%s): must be finite and > 0", formatFloat(r.tolRelObj))
	case r.bufferSize < 1:
		return fmt.Errorf(p+"BufferSize(%d): must be at least 1", r.bufferSize)
	case r.average != averageMean && r.average != averageMedian && r.average != averageEither:
		return fmt.Errorf(p+"%v: unknown average; use %q, %q or %q", averageOption(r.average), averageMean, averageMedian, averageEither)
	}
	return nil
}

// Validate returns the settings' error, or nil.
func (c *CheckRelativeELBO) Validate() error { return c.err }

// String shows the settings with Stan's names.
func (c *CheckRelativeELBO) String() string {
	r := c.cfg.rel
	return "CheckRelativeELBO(eval_elbo=" + strconv.Itoa(c.cfg.every) + ", tol_rel_obj=" + formatFloat(r.tolRelObj) +
		", buffer_size=" + strconv.Itoa(r.bufferSize) + ", average=" + strconv.Quote(r.average) + ")"
}

// RelativeChanges returns the mean and the median of the buffer at the last evaluation
// (NaN before the first). Stan warns that the fit "MAY BE DIVERGING" when either exceeds
// 0.5 after 10 evaluations.
func (c *CheckRelativeELBO) RelativeChanges() (mean, median float64) { return c.mean, c.med }

var errNoLossRelative = errors.New("callbacks: CheckRelativeELBO needs per-step losses, and this method reports none (SVGD); remove this callback or use CheckParametersConvergence")

// Call evaluates the rule every Every iterations; see CheckRelativeELBO.
func (c *CheckRelativeELBO) Call(_ FlatParamser, losses []float64, i int) error {
	if c.err != nil {
		return c.err
	}
	if losses == nil {
		return errNoLossRelative
	}
	every := c.cfg.every
	if i%every != 0 || len(losses) == 0 {
		return nil
	}
	sum, k := 0.0, 0
	for _, l := range losses[max(0, len(losses)-every):] {
		if mathx.Finite(l) {
			sum += l
			k++
		}
	}
	if k == 0 {
		return nil
	}
	elbo := -sum / float64(k)
	rel := math.Abs((c.prev - elbo) / elbo) // Stan's rel_difference(elbo, elbo_prev); prev starts at 0
	c.prev = elbo
	c.best = max(c.best, elbo)
	c.buf[c.next] = rel
	c.next = (c.next + 1) % len(c.buf)
	c.n = min(c.n+1, len(c.buf))
	c.mean, c.med = c.stats()
	r := c.cfg.rel
	var which string
	switch {
	case r.average != averageMedian && c.mean < r.tolRelObj:
		which = "mean"
	case r.average != averageMean && c.med < r.tolRelObj:
		which = "median"
	default:
		return nil
	}
	msg := fmt.Sprintf("CheckRelativeELBO: %s ELBO converged at step %d (mean relative change %.4g, median %.4g < tol_rel_obj %s)",
		which, i, c.mean, c.med, formatFloat(r.tolRelObj))
	if math.Abs((elbo-c.best)/c.best) > 0.05 {
		msg += "; the ELBO at a previous evaluation was more than 5% larger, so the approximation may not have converged to a good optimum"
	}
	return Stop(msg)
}

// stats returns the mean and Stan's median (the upper middle element) of the buffer.
func (c *CheckRelativeELBO) stats() (mean, median float64) {
	vals := c.sorted[:c.n]
	copy(vals, c.buf[:c.n])
	s := 0.0
	for _, v := range vals {
		s += v
	}
	slices.Sort(vals)
	return s / float64(c.n), vals[c.n/2]
}
