package callbacks

import (
	"math"
	"strconv"
)

// Option is a keyword argument of [NewCheckParametersConvergence]: PyMC's every=,
// tolerance=, diff= and ord=. When an option is given twice, the last one wins. A bad value
// is reported as an error by Validate and by every Call, never by a panic.
type Option interface {
	// String shows the option as written in Go, e.g. "Every(50)".
	String() string

	apply(c *convergenceConfig)
}

// convergenceConfig is the resolved settings of a CheckParametersConvergence.
type convergenceConfig struct {
	every     int
	tolerance float64
	diff      string
	ord       float64

	// CheckLossConvergence and CheckRelativeELBO (issue 19).
	loss  lossConfig
	rel   relConfig
	given []string // the names of the options given, e.g. "Kappa"
}

// defaultConvergenceConfig is PyMC's CheckParametersConvergence() defaults.
func defaultConvergenceConfig() convergenceConfig {
	return convergenceConfig{every: 100, tolerance: 1e-3, diff: diffRelative, ord: math.Inf(1)}
}

// Diff names, as PyMC's diff= keyword.
const (
	diffRelative = "relative"
	diffAbsolute = "absolute"
)

type everyOption int

func (o everyOption) String() string             { return "Every(" + strconv.Itoa(int(o)) + ")" }
func (o everyOption) apply(c *convergenceConfig) { c.every = int(o) }

// Every sets how often, in iterations, the parameters are compared: PyMC's every=, default
// 100. It must be at least 1.
func Every(n int) Option { return everyOption(n) }

type toleranceOption float64

func (o toleranceOption) String() string {
	return "Tolerance(" + formatFloat(float64(o)) + ")"
}
func (o toleranceOption) apply(c *convergenceConfig) { c.tolerance = float64(o) }

// Tolerance sets the threshold below which the norm of the parameter change means
// convergence: PyMC's tolerance=, default 1e-3. It must be > 0 (and not NaN).
func Tolerance(x float64) Option { return toleranceOption(x) }

type diffOption string

func (o diffOption) String() string             { return "Diff(" + strconv.Quote(string(o)) + ")" }
func (o diffOption) apply(c *convergenceConfig) { c.diff = string(o) }

// Diff sets how the change of the parameters is measured, elementwise: "relative" (the
// default, (|current - previous| + 1e-6) / (|previous| + 1e-6)) or "absolute"
// (|current - previous|). PyMC's diff=. Relative change is unstable for parameters near 0;
// PyMC's quickstart recommends "absolute" then.
func Diff(name string) Option { return diffOption(name) }

type ordOption float64

func (o ordOption) String() string             { return "Ord(" + formatOrd(float64(o)) + ")" }
func (o ordOption) apply(c *convergenceConfig) { c.ord = float64(o) }

// Ord sets the vector norm of the change: 1 (sum of absolute values), 2 (Euclidean) or
// math.Inf(1) (largest absolute value, the default). PyMC's ord=, as numpy.linalg.norm.
func Ord(o float64) Option { return ordOption(o) }

// formatFloat formats x as Go would write it in a literal.
func formatFloat(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// formatOrd formats an ord value, with infinities as Go expressions.
func formatOrd(o float64) string {
	switch {
	case math.IsInf(o, 1):
		return "math.Inf(1)"
	case math.IsInf(o, -1):
		return "math.Inf(-1)"
	}
	return formatFloat(o)
}
