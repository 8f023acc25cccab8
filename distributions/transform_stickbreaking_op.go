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
	s := v.Shape()
	if len(s) == 0 {
		return nil, fmt.Errorf("distributions: stickbreaking transform: %s needs a last axis, got a scalar", f)
	}
	last := s[len(s)-1]
	var out tensor.Shape
	switch f {
	case fnForward:
		if last < 2 {
			return nil, fmt.Errorf("distributions: stickbreaking transform: Forward needs at least 2 entries on the last axis, got shape %v", s)
		}
		out = s.Clone()
		out[len(out)-1]--
	case fnBackward:
		if last < 1 {
			return nil, fmt.Errorf("distributions: stickbreaking transform: Backward needs at least 1 entry on the last axis, got shape %v", s)
		}
		out = s.Clone()
		out[len(out)-1]++
	default:
		out = tensor.Shape{}
	}
	diff := []bool{f != fnForward}
	return applyFused(fam, "StickBreaking"+f.String(), &stickBreakingFn{fn: f}, []*G.Node{v}, out, diff)
}

func (t *stickBreakingFn) writeConfig(h hash.Hash) { fmt.Fprintf(h, "fn=%d", t.fn) }

func (t *stickBreakingFn) value(out []float64, in []G.Value) error {
	v, err := viewOf(in[0])
	if err != nil {
		return err
	}
	if len(v.s) == 0 {
		return fmt.Errorf("scalar input")
	}
	n := v.s[len(v.s)-1] // row length of the input
	rows := len(v.d) / n
	switch t.fn {
	case fnForward:
		for r := 0; r < rows; r++ {
			sbForwardRow(v.d[r*n:(r+1)*n], out[r*(n-1):(r+1)*(n-1)])
		}
	case fnBackward:
		for r := 0; r < rows; r++ {
			sbBackwardRow(v.d[r*n:(r+1)*n], out[r*(n+1):(r+1)*(n+1)], nil, nil)
		}
	default:
		sum := 0.0
		for r := 0; r < rows; r++ {
			sum += sbLogJacRow(v.d[r*n : (r+1)*n])
		}
		out[0] = sum
	}
	return nil
}

// grad is the gradient of Backward (upstream gradient of shape (..., K)) or LogJacDet
// (scalar upstream gradient) with respect to y.
func (t *stickBreakingFn) grad(layout *partialLayout, out []float64, in []G.Value) error {
	parts := layout.slices(out)
	var args [2]floatView
	if err := viewsOf(args[:], in); err != nil {
		return err
	}
	g, y := args[0], args[1]
	if len(y.s) == 0 {
		return fmt.Errorf("scalar input")
	}
	d := parts[0]
	n := y.s[len(y.s)-1]
	rows := len(y.d) / n
	if t.fn == fnLogJac {
		if err := checkUpstream(g, 1); err != nil {
			return err
		}
		for r := 0; r < rows; r++ {
			sbLogJacGradRow(g.d[0], y.d[r*n:(r+1)*n], d[r*n:(r+1)*n])
		}
		return nil
	}
	if err := checkUpstream(g, rows*(n+1)); err != nil {
		return err
	}
	buf := make([]float64, 3*n+1)
	x, z, zc := buf[:n+1], buf[n+1:2*n+1], buf[2*n+1:]
	for r := 0; r < rows; r++ {
		sbBackwardRow(y.d[r*n:(r+1)*n], x, z, zc)
		sbBackwardGradRow(g.d[r*(n+1):(r+1)*(n+1)], x, z, zc, d[r*n:(r+1)*n])
	}
	return nil
}
