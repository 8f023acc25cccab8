package distributions

import (
	"fmt"
	"hash"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// stickBreakingFn applies one function of the stick-breaking transform row by row on the
// last axis, as a fused op: Forward (..., K) -> (..., K-1), Backward (..., K-1) -> (..., K),
// LogJacDet (..., K-1) -> scalar. Forward is not differentiable (it only maps initial
// values); Backward and LogJacDet are.
type stickBreakingFn struct {
	fn transformFn
}

func applyStickBreaking(f transformFn, v *G.Node) (*G.Node, error) {
	const fam = "stickbreaking transform"
	if err := checkNode(fam, "value", v); err != nil {
		return nil, err
	}
	diff := []bool{f != fnForward}
	return applyFused(fam, "StickBreaking"+f.String(), &stickBreakingFn{fn: f}, []*G.Node{v}, diff)
}

func (t *stickBreakingFn) writeConfig(h hash.Hash) { fmt.Fprintf(h, "fn=%d", t.fn) }

// shapeFor checks the input's shape s and writes the output's shape into dst (a scalar
// for LogJacDet): the last axis one shorter for Forward, one longer for Backward.
func (t *stickBreakingFn) shapeFor(dst *shapeArr, s tensor.Shape) error {
	if len(s) == 0 {
		return fmt.Errorf("%s needs a last axis, got a scalar", t.fn)
	}
	last := s[len(s)-1]
	switch t.fn {
	case fnForward:
		if last < 2 {
			return fmt.Errorf("Forward needs at least 2 entries on the last axis, got shape %v", s.Clone())
		}
	case fnBackward:
		if last < 1 {
			return fmt.Errorf("Backward needs at least 1 entry on the last axis, got shape %v", s.Clone())
		}
	default:
		dst.n = 0
		return nil
	}
	if !dst.set(s) {
		return tooManyAxes(s)
	}
	if t.fn == fnForward {
		dst.d[dst.n-1]--
	} else {
		dst.d[dst.n-1]++
	}
	return nil
}

// checkShape implements rowShapeChecker with shapeFor's checks.
func (t *stickBreakingFn) checkShape(s tensor.Shape) error {
	var out shapeArr
	return t.shapeFor(&out, s)
}

func (t *stickBreakingFn) outShape(in []tensor.Shape) (tensor.Shape, error) {
	if len(in) != 1 {
		return nil, fmt.Errorf("%d inputs, want 1", len(in))
	}
	var s shapeArr
	if err := t.shapeFor(&s, in[0]); err != nil {
		return nil, err
	}
	return s.shape().Clone(), nil
}

func (t *stickBreakingFn) value(prealloc G.Value, in []G.Value) (G.Value, error) {
	if len(in) != 1 {
		return nil, fmt.Errorf("%d inputs, want 1", len(in))
	}
	v, err := viewOf(in[0])
	if err != nil {
		return nil, err
	}
	var s shapeArr
	if err := t.shapeFor(&s, v.s); err != nil {
		return nil, err
	}
	out, d, err := outputOf(prealloc, s.shape())
	if err != nil {
		return nil, err
	}
	n := v.s[len(v.s)-1] // row length of the input
	rows := len(v.d) / n
	switch t.fn {
	case fnForward:
		for r := 0; r < rows; r++ {
			sbForwardRow(v.d[r*n:(r+1)*n], d[r*(n-1):(r+1)*(n-1)])
		}
	case fnBackward:
		for r := 0; r < rows; r++ {
			sbBackwardRow(v.d[r*n:(r+1)*n], d[r*(n+1):(r+1)*(n+1)], nil, nil)
		}
	default:
		sum := 0.0
		for r := 0; r < rows; r++ {
			sum += sbLogJacRow(v.d[r*n : (r+1)*n])
		}
		d[0] = sum
	}
	return out, nil
}

// valueGrad computes LogJacDet and its gradient with respect to y in one pass.
func (t *stickBreakingFn) valueGrad(prealloc G.Value, need []bool, in []G.Value) (G.Value, error) {
	out, y, d, dy, err := rowLogJacInput(t, t.fn, prealloc, need, in)
	if err != nil {
		return nil, err
	}
	n := y.s[len(y.s)-1]
	rows := len(y.d) / n
	sum := 0.0
	for r := 0; r < rows; r++ {
		row := y.d[r*n : (r+1)*n]
		sum += sbLogJacRow(row)
		if dy != nil {
			sbLogJacGradRow(1, row, dy[r*n:(r+1)*n])
		}
	}
	d[0] = sum
	return out, nil
}

// grad is the gradient of Backward (upstream gradient of shape (..., K)) or LogJacDet
// (scalar upstream gradient) with respect to y.
func (t *stickBreakingFn) grad(prealloc G.Value, need []bool, in []G.Value) (G.Value, error) {
	out, g, y, d, err := rowGradInputs(t, prealloc, need, in)
	if err != nil {
		return nil, err
	}
	if d == nil {
		return out, nil
	}
	n := y.s[len(y.s)-1]
	rows := len(y.d) / n
	if t.fn == fnLogJac {
		if err := checkUpstream(g, 1); err != nil {
			return nil, err
		}
		for r := 0; r < rows; r++ {
			sbLogJacGradRow(g.d[0], y.d[r*n:(r+1)*n], d[r*n:(r+1)*n])
		}
		return out, nil
	}
	if err := checkUpstream(g, rows*(n+1)); err != nil {
		return nil, err
	}
	ws := getScratch()
	defer putScratch(ws)
	ws.reserve(3*n + 1)
	x, z, zc := ws.buf[:n+1], ws.buf[n+1:2*n+1], ws.buf[2*n+1:3*n+1]
	for r := 0; r < rows; r++ {
		sbBackwardRow(y.d[r*n:(r+1)*n], x, z, zc)
		sbBackwardGradRow(g.d[r*(n+1):(r+1)*(n+1)], x, z, zc, d[r*n:(r+1)*n])
	}
	return out, nil
}
