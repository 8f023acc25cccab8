package distributions

import (
	"fmt"
	"math"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// The element-wise transforms of PyMC: each function is one fused op, and Backward and
// LogJacDet have one-pass gradient ops.
//
// References:
// PyMC3 3.x, pymc3/distributions/transforms.py: Log, LogOdds, Interval.

// logTransform is PyMC's "log" transform of a positive variable: y = log x, x = exp y,
// log |dx/dy| = y.
type logTransform struct{}

// NewLogTransform returns PyMC's log transform, for variables on (0, inf): Forward is log x,
// Backward exp y and LogJacDet Σ y.
func NewLogTransform() Transform { return logTransform{} }

func (logTransform) Name() string { return "log" }

func (logTransform) Forward(x *G.Node) (*G.Node, error) {
	return applyElemTransform(kindLog, fnForward, x)
}

func (logTransform) Backward(y *G.Node) (*G.Node, error) {
	return applyElemTransform(kindLog, fnBackward, y)
}

func (logTransform) LogJacDet(y *G.Node) (*G.Node, error) {
	return applyElemTransform(kindLog, fnLogJac, y)
}

func (logTransform) UnconstrainedShape(s tensor.Shape) (tensor.Shape, error) { return s.Clone(), nil }

// logOddsTransform is PyMC's "logodds" transform of a variable on (0, 1): y = logit x,
// x = σ(y), log |dx/dy| = log σ(y) + log σ(-y).
type logOddsTransform struct{}

// NewLogOddsTransform returns PyMC's logodds transform, for variables on (0, 1): Forward is
// logit x = log x - log(1-x), Backward the logistic sigmoid σ(y), and LogJacDet
// Σ log σ(y) + log σ(-y), computed stably as -|y| - 2 log(1 + exp(-|y|)).
func NewLogOddsTransform() Transform { return logOddsTransform{} }

func (logOddsTransform) Name() string { return "logodds" }

func (logOddsTransform) Forward(x *G.Node) (*G.Node, error) {
	return applyElemTransform(kindLogOdds, fnForward, x)
}

func (logOddsTransform) Backward(y *G.Node) (*G.Node, error) {
	return applyElemTransform(kindLogOdds, fnBackward, y)
}

func (logOddsTransform) LogJacDet(y *G.Node) (*G.Node, error) {
	return applyElemTransform(kindLogOdds, fnLogJac, y)
}

func (logOddsTransform) UnconstrainedShape(s tensor.Shape) (tensor.Shape, error) {
	return s.Clone(), nil
}

// intervalTransform is PyMC's "interval" transform of a variable on (a, b).
type intervalTransform struct {
	lower, upper *G.Node
}

// NewIntervalTransform returns PyMC's interval transform for variables on (lower, upper):
//
//	Forward:   y = log(x - a) - log(b - x)
//	Backward:  x = a + (b - a) σ(y)
//	LogJacDet: Σ log(b - a) + log σ(y) + log σ(-y)
//
// computed stably. The bounds are float64 nodes (constants or any expression) that broadcast
// to the value's shape; the ops differentiate with respect to them too. When both bounds are
// constants it checks lower < upper everywhere. At run time LogJacDet is -Inf where
// upper <= lower.
func NewIntervalTransform(lower, upper *G.Node) (Transform, error) {
	if err := checkNode("interval transform", "lower", lower); err != nil {
		return nil, err
	}
	if err := checkNode("interval transform", "upper", upper); err != nil {
		return nil, err
	}
	s, err := broadcastShapes([]string{"lower", "upper"}, lower.Shape(), upper.Shape())
	if err != nil {
		return nil, fmt.Errorf("distributions: interval transform: %w", err)
	}
	lc, lok := constantValue(lower)
	uc, uok := constantValue(upper)
	if !lok || !uok {
		return intervalTransform{lower: lower, upper: upper}, nil
	}
	b, err := newBcast(s, lc.s, uc.s)
	if err != nil {
		return nil, fmt.Errorf("distributions: interval transform: %w", err)
	}
	it := rowIter{b: &b}
	for it.next() {
		for j := 0; j < b.rowLen(); j++ {
			lo, hi := lc.d[it.off[0]+j*b.inner(0)], uc.d[it.off[1]+j*b.inner(1)]
			if !(lo < hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
				return nil, fmt.Errorf("distributions: interval transform: need finite lower < upper, got lower %v, upper %v", lo, hi)
			}
		}
	}
	return intervalTransform{lower: lower, upper: upper}, nil
}

func (intervalTransform) Name() string { return "interval" }

func (t intervalTransform) Forward(x *G.Node) (*G.Node, error) {
	return applyElemTransform(kindInterval, fnForward, x, t.lower, t.upper)
}

func (t intervalTransform) Backward(y *G.Node) (*G.Node, error) {
	return applyElemTransform(kindInterval, fnBackward, y, t.lower, t.upper)
}

func (t intervalTransform) LogJacDet(y *G.Node) (*G.Node, error) {
	return applyElemTransform(kindInterval, fnLogJac, y, t.lower, t.upper)
}

func (intervalTransform) UnconstrainedShape(s tensor.Shape) (tensor.Shape, error) {
	return s.Clone(), nil
}
