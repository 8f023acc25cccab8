package distributions

import (
	"fmt"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// rowShapeChecker is a transform function applied row by row on the last axis as a fused op
// (ordered, stick-breaking): checkShape reports an input shape it cannot take, such as a
// scalar, which has no last axis.
type rowShapeChecker interface {
	checkShape(s tensor.Shape) error
}

// rowLogJacInput unpacks the input y of a row-wise transform's valueGrad, which only
// LogJacDet (fn) has, checks y's shape with t, and returns the packed output (see
// packedOutput) with its data d (the value goes to d[0]) and the zeroed partial dy of y (nil
// when it is not needed).
func rowLogJacInput(t rowShapeChecker, fn transformFn, prealloc G.Value, need []bool, in []G.Value) (out G.Value, y floatView, d, dy []float64, err error) {
	if fn != fnLogJac || len(in) != 1 || len(need) != 1 {
		return nil, y, nil, nil, fmt.Errorf("%v has no scalar value", fn)
	}
	if y, err = viewOf(in[0]); err != nil {
		return nil, y, nil, nil, err
	}
	if err = t.checkShape(y.s); err != nil {
		return nil, y, nil, nil, err
	}
	sizes := [maxInputs]int{len(y.d)}
	out, d, parts, err := packedOutput(prealloc, need, &sizes)
	if err != nil {
		return nil, y, nil, nil, err
	}
	return out, y, d, parts[0], nil
}

// rowGradInputs unpacks the inputs (upstream gradient g, value v) of a row-wise transform's
// gradient op, checks v's shape with t, and returns the output and the zeroed partial d of
// v; d is nil when it is not needed, and the op then returns out as it is.
func rowGradInputs(t rowShapeChecker, prealloc G.Value, need []bool, in []G.Value) (out G.Value, g, v floatView, d []float64, err error) {
	if len(in) != 2 || len(need) != 1 {
		return nil, g, v, nil, fmt.Errorf("%d inputs, want 2", len(in))
	}
	var args [2]floatView
	if err = viewsOf(args[:], in); err != nil {
		return nil, g, v, nil, err
	}
	g, v = args[0], args[1]
	if err = t.checkShape(v.s); err != nil {
		return nil, g, v, nil, err
	}
	out, parts, err := gradOutput(prealloc, need, args[1:])
	if err != nil {
		return nil, g, v, nil, err
	}
	return out, g, v, parts[0], nil
}
