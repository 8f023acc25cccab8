package plots

import (
	"fmt"
	"math"
)

// BandwidthRule names a rule-of-thumb kernel bandwidth.
type BandwidthRule int

const (
	// Silverman is Silverman's robust rule, h = 0.9·min(sd, IQR/1.34)·n^(-1/5) (R's
	// bw.nrd0), the default: the IQR term keeps it from oversmoothing multimodal and
	// heavy-tailed samples.
	Silverman BandwidthRule = iota
	// Scott is Scott's rule, h = sd·n^(-1/5), the default of scipy.stats.gaussian_kde and
	// seaborn's kdeplot.
	Scott
)

// String returns the rule's name.
func (r BandwidthRule) String() string {
	switch r {
	case Silverman:
		return "Silverman"
	case Scott:
		return "Scott"
	}
	return fmt.Sprintf("BandwidthRule(%d)", int(r))
}

type ruleOption BandwidthRule

// KDERule selects the bandwidth rule of every density estimate (default Silverman).
func KDERule(r BandwidthRule) Option { return ruleOption(r) }

func (o ruleOption) kind() optKind  { return kKDE }
func (o ruleOption) String() string { return fmt.Sprintf("KDERule(%v)", BandwidthRule(o)) }
func (o ruleOption) apply(c *config) error {
	if o != ruleOption(Silverman) && o != ruleOption(Scott) {
		return fmt.Errorf("plots: %v: unknown bandwidth rule; use Silverman or Scott", o)
	}
	c.rule = BandwidthRule(o)
	return nil
}

type bandwidthOption float64

// KDEBandwidth fixes the kernel bandwidth (the kernel's standard deviation, in the units
// of the data) instead of a rule. It must be positive and finite.
func KDEBandwidth(h float64) Option { return bandwidthOption(h) }

func (o bandwidthOption) kind() optKind  { return kKDE }
func (o bandwidthOption) String() string { return fmt.Sprintf("KDEBandwidth(%g)", float64(o)) }
func (o bandwidthOption) apply(c *config) error {
	if !positiveFinite(float64(o)) {
		return fmt.Errorf("plots: %v: the bandwidth must be positive and finite", o)
	}
	c.bandwidth = float64(o)
	return nil
}

type adjustOption float64

// KDEAdjust multiplies the rule's bandwidth (seaborn's bw_adjust, ArviZ's bw_fct; default
// 1). It must be positive and finite.
func KDEAdjust(factor float64) Option { return adjustOption(factor) }

func (o adjustOption) kind() optKind  { return kKDE }
func (o adjustOption) String() string { return fmt.Sprintf("KDEAdjust(%g)", float64(o)) }
func (o adjustOption) apply(c *config) error {
	if !positiveFinite(float64(o)) {
		return fmt.Errorf("plots: %v: the factor must be positive and finite", o)
	}
	c.adjust = float64(o)
	return nil
}

type boundsOption struct{ lo, hi float64 }

// KDEBounds declares the support [lo, hi] of the sampled distribution: a finite end is a
// reflecting boundary, an infinite one is open (KDEBounds(0, math.Inf(1)) for a scale
// parameter, KDEBounds(math.Inf(-1), math.Inf(1)) for no boundary at all). Without it the
// estimate is reflected at the sample's minimum and maximum. lo must be less than hi and
// neither may be NaN.
func KDEBounds(lo, hi float64) Option { return boundsOption{lo, hi} }

func (o boundsOption) kind() optKind  { return kKDE }
func (o boundsOption) String() string { return fmt.Sprintf("KDEBounds(%g, %g)", o.lo, o.hi) }
func (o boundsOption) apply(c *config) error {
	if math.IsNaN(o.lo) || math.IsNaN(o.hi) || !(o.lo < o.hi) {
		return fmt.Errorf("plots: %v: the bounds must satisfy lo < hi", o)
	}
	c.boundsSet, c.lo, c.hi = true, o.lo, o.hi
	return nil
}

type gridSizeOption int

// GridSize sets the number of grid points a density is evaluated on (default 512, as
// ArviZ). It must be at least 16.
func GridSize(n int) Option { return gridSizeOption(n) }

func (o gridSizeOption) kind() optKind  { return kKDE }
func (o gridSizeOption) String() string { return fmt.Sprintf("GridSize(%d)", int(o)) }
func (o gridSizeOption) apply(c *config) error {
	if o < 16 {
		return fmt.Errorf("plots: %v: the grid needs at least 16 points", o)
	}
	c.gridSize = int(o)
	return nil
}
