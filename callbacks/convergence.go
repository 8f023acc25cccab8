package callbacks

import (
	"errors"
	"fmt"
	"math"
	"strconv"
)

// relativeEps is the constant added to numerator and denominator of the relative change, as
// PyMC's relative(current, prev, eps=1e-6).
const relativeEps = 1e-6

// CheckParametersConvergence stops the fit when the approximation's parameters stop
// changing: every Every iterations it measures the change of the flat parameter vector since
// the previous check, elementwise as a relative or absolute difference, takes its Ord norm
// and stops with "Convergence achieved at <i>" when the norm is below Tolerance.
//
// The first call stores the parameters and returns, whatever its iteration; later calls
// return at once unless i%every == 0 and i >= every. A NaN change never counts as converged.
// Its methods are not safe for concurrent use; the fit loop calls it from one goroutine.
// After the first call a Call allocates nothing unless it stops the fit.
//
// It is PyMC's pymc.variational.callbacks.CheckParametersConvergence.
type CheckParametersConvergence struct {
	cfg  convergenceConfig
	err  error     // the settings' error, returned by Validate and every Call
	prev []float64 // the parameters at the last check, a reused buffer
	seen bool      // whether prev holds the parameters of an earlier call
}

// NewCheckParametersConvergence returns the callback with PyMC's defaults (every 100,
// tolerance 1e-3, relative diff, infinity norm) changed by opts. Invalid settings are
// reported by Validate and by every Call, which then aborts the fit.
func NewCheckParametersConvergence(opts ...Option) *CheckParametersConvergence {
	c := &CheckParametersConvergence{cfg: defaultConvergenceConfig()}
	c.err = applyOptions(&c.cfg, "CheckParametersConvergence", opts, "Every", "Tolerance", "Diff", "Ord")
	if c.err == nil {
		c.err = c.cfg.validate()
	}
	return c
}

// validate checks the resolved settings and names the offending option and value.
func (cfg convergenceConfig) validate() error {
	const p = "callbacks: CheckParametersConvergence: "
	switch {
	case cfg.every < 1:
		return fmt.Errorf(p+"%v: every must be at least 1", everyOption(cfg.every))
	case !(cfg.tolerance > 0):
		return fmt.Errorf(p+"%v: tolerance must be > 0", toleranceOption(cfg.tolerance))
	case cfg.diff != diffRelative && cfg.diff != diffAbsolute:
		return fmt.Errorf(p+"%v: unknown diff; use %q or %q", diffOption(cfg.diff), diffRelative, diffAbsolute)
	case cfg.ord != 1 && cfg.ord != 2 && !math.IsInf(cfg.ord, 1):
		return fmt.Errorf(p+"%v: unsupported ord; use 1, 2 or math.Inf(1)", ordOption(cfg.ord))
	}
	return nil
}

// Validate returns the error of an invalid option (Every < 1, Tolerance <= 0 or NaN, an
// unknown Diff name, an Ord other than 1, 2 or +Inf), naming the option and its value, or
// nil.
func (c *CheckParametersConvergence) Validate() error { return c.err }

// String shows the settings as PyMC's keyword arguments, e.g.
// "CheckParametersConvergence(every=100, tolerance=0.001, diff=\"relative\", ord=inf)".
func (c *CheckParametersConvergence) String() string {
	ord := formatFloat(c.cfg.ord)
	if math.IsInf(c.cfg.ord, 1) {
		ord = "inf"
	}
	return "CheckParametersConvergence(every=" + strconv.Itoa(c.cfg.every) +
		", tolerance=" + formatFloat(c.cfg.tolerance) +
		", diff=" + strconv.Quote(c.cfg.diff) + ", ord=" + ord + ")"
}

var errNilApprox = errors.New("callbacks: CheckParametersConvergence: the approximation is nil")

// Call checks convergence at iteration i; losses are not used. It returns a *StopError
// with message "Convergence achieved at <i>" when the parameters have converged, nil to go
// on, and an error (which aborts the fit) if the settings are invalid, approx is nil, it has
// no parameters or their number changed since the previous check.
func (c *CheckParametersConvergence) Call(approx FlatParamser, _ []float64, i int) error {
	if c.err != nil {
		return c.err
	}
	if approx == nil {
		return errNilApprox
	}
	if !c.seen {
		cur := approx.FlatParams()
		if len(cur) == 0 {
			return errors.New("callbacks: CheckParametersConvergence: the approximation has no parameters")
		}
		c.prev = append(c.prev[:0], cur...)
		c.seen = true
		return nil
	}
	if i%c.cfg.every != 0 || i < c.cfg.every {
		return nil
	}
	cur := approx.FlatParams()
	if len(cur) != len(c.prev) {
		return fmt.Errorf("callbacks: CheckParametersConvergence: the approximation has %d parameters at iteration %d but had %d", len(cur), i, len(c.prev))
	}
	if c.changeNorm(cur) < c.cfg.tolerance {
		return Stop(fmt.Sprintf("Convergence achieved at %d", i))
	}
	return nil
}

// changeNorm returns the norm of the elementwise change from c.prev to cur and stores cur
// in c.prev. A NaN element makes the norm NaN, as numpy.linalg.norm.
func (c *CheckParametersConvergence) changeNorm(cur []float64) float64 {
	relative := c.cfg.diff == diffRelative
	var acc float64
	for j, x := range cur {
		p := c.prev[j]
		d := math.Abs(x - p)
		if relative {
			d = (d + relativeEps) / (math.Abs(p) + relativeEps)
		}
		switch {
		case c.cfg.ord == 1:
			acc += d
		case c.cfg.ord == 2:
			acc += d * d
		case d > acc || d != d: // infinity norm, NaN sticks
			acc = d
		}
	}
	copy(c.prev, cur)
	if c.cfg.ord == 2 {
		return math.Sqrt(acc)
	}
	return acc
}
