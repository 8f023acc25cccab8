package callbacks

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// applyOptions applies opts to c, recording their names, and returns an error naming the
// first option that is nil or that the callback called target does not take (allowed).
func applyOptions(c *convergenceConfig, target string, opts []Option, allowed ...string) error {
	for _, o := range opts {
		if o == nil {
			continue // PyMC-style calls skip missing keywords; a nil option sets nothing
		}
		name := optionName(o)
		if !slices.Contains(allowed, name) {
			return fmt.Errorf("callbacks: %s: option %v does not apply (it takes %s)", target, o, strings.Join(allowed, ", "))
		}
		o.apply(c)
		c.given = append(c.given, name)
	}
	return nil
}

// optionName is an option's name: its String up to the parenthesis, e.g. "Kappa".
func optionName(o Option) string {
	s := o.String()
	if i := strings.IndexByte(s, '('); i >= 0 {
		return s[:i]
	}
	return s
}

// lossConfig is CheckLossConvergence's settings (PyMC's keyword arguments).
type lossConfig struct {
	kappa, h, halfLife, zClip, sigmaFloor float64
	minSteps                              int
}

// relConfig is CheckRelativeELBO's settings (Stan's ADVI arguments).
type relConfig struct {
	tolRelObj  float64
	bufferSize int
	average    string
}

// lossParam names one float setting of the loss-based callbacks.
type lossParam uint8

const (
	paramKappa lossParam = iota
	paramH
	paramHalfLife
	paramZClip
	paramSigmaFloor
	paramTolRelObj
)

var lossParamNames = [...]string{"Kappa", "H", "HalfLife", "ZClip", "SigmaFloor", "TolRelObj"}

type lossFloatOption struct {
	p lossParam
	v float64
}

func (o lossFloatOption) String() string { return lossParamNames[o.p] + "(" + formatFloat(o.v) + ")" }
func (o lossFloatOption) apply(c *convergenceConfig) {
	switch o.p {
	case paramKappa:
		c.loss.kappa = o.v
	case paramH:
		c.loss.h = o.v
	case paramHalfLife:
		c.loss.halfLife = o.v
	case paramZClip:
		c.loss.zClip = o.v
	case paramSigmaFloor:
		c.loss.sigmaFloor = o.v
	case paramTolRelObj:
		c.rel.tolRelObj = o.v
	}
}

// Kappa sets CheckLossConvergence's allowance, in robust standard deviations per step:
// PyMC's kappa=, default 0.5, finite and > 0.
func Kappa(x float64) Option { return lossFloatOption{paramKappa, x} }

// H sets CheckLossConvergence's CUSUM decision threshold: PyMC's h=, default 10, finite and
// > 0. Larger values trade detection delay for fewer false alarms.
func H(x float64) Option { return lossFloatOption{paramH, x} }

// HalfLife sets the half-life, in steps, of CheckLossConvergence's exponentially weighted
// scale estimate: PyMC's halflife=, default 200, finite and > 0.
func HalfLife(x float64) Option { return lossFloatOption{paramHalfLife, x} }

// ZClip sets the bound at which CheckLossConvergence winsorises standardised loss
// decrements: PyMC's z_clip=, default 4, finite and > Kappa.
func ZClip(x float64) Option { return lossFloatOption{paramZClip, x} }

// SigmaFloor sets the floor added to CheckLossConvergence's scale, guarding against
// constant losses: PyMC's sigma_floor=, default 1e-12, finite and > 0.
func SigmaFloor(x float64) Option { return lossFloatOption{paramSigmaFloor, x} }

// TolRelObj sets CheckRelativeELBO's tolerance on the relative change of the ELBO: Stan's
// tol_rel_obj, default 0.01, finite and > 0.
func TolRelObj(x float64) Option { return lossFloatOption{paramTolRelObj, x} }

type minStepsOption int

func (o minStepsOption) String() string             { return "MinSteps(" + strconv.Itoa(int(o)) + ")" }
func (o minStepsOption) apply(c *convergenceConfig) { c.loss.minSteps = int(o) }

// MinSteps sets the iteration before which CheckLossConvergence's CUSUM is not armed (and
// the number of consecutive non-finite losses it tolerates): PyMC's min_steps=, default
// 1000, >= 0.
func MinSteps(n int) Option { return minStepsOption(n) }

type bufferSizeOption int

func (o bufferSizeOption) String() string             { return "BufferSize(" + strconv.Itoa(int(o)) + ")" }
func (o bufferSizeOption) apply(c *convergenceConfig) { c.rel.bufferSize = int(o) }

// BufferSize sets how many relative ELBO changes CheckRelativeELBO averages, in its
// circular buffer: default 10, >= 1. Stan sizes it max(0.1·max_iterations/eval_elbo, 2),
// which is 10 for 10,000 iterations checked every 100.
func BufferSize(n int) Option { return bufferSizeOption(n) }

type averageOption string

func (o averageOption) String() string             { return "Average(" + strconv.Quote(string(o)) + ")" }
func (o averageOption) apply(c *convergenceConfig) { c.rel.average = string(o) }

// Average names the statistic of CheckRelativeELBO's buffer compared with TolRelObj:
// "mean", "median", or "either" (the default, Stan's: stop when the mean or the median is
// below the tolerance).
func Average(name string) Option { return averageOption(name) }
