package distributions

import (
	"errors"
	"fmt"
	"hash"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// sbOp applies one function of the stick-breaking transform row by row on the last axis:
// Forward (..., K) -> (..., K-1), Backward (..., K-1) -> (..., K), LogJacDet (..., K-1) ->
// scalar. Forward is not differentiable (it only maps initial values); Backward and
// LogJacDet have one-pass gradient ops.
type sbOp struct {
	opBase
	fn elemFn
}

var (
	_ G.SDOp            = (*sbOp)(nil)
	_ G.UsePreallocDoer = (*sbOp)(nil)
	_ G.SDOp            = (*sbGradOp)(nil)
	_ G.UsePreallocDoer = (*sbGradOp)(nil)
)

// errForwardNotDifferentiable is the SymDiff error of the stick-breaking Forward op.
var errForwardNotDifferentiable = errors.New("distributions: the stickbreaking Forward op is not differentiable (it maps initial values only)")

func applyStickBreaking(f elemFn, v *G.Node) (*G.Node, error) {
	if err := nwCheckNode("stickbreaking transform", "value", v); err != nil {
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
	op := &sbOp{opBase: newOpBase("StickBreaking"+f.String(), []*G.Node{v}, out), fn: f}
	return nwApply(op, v)
}

func (op *sbOp) Do(in ...G.Value) (G.Value, error) { return op.UsePreallocDo(nil, in...) }

func (op *sbOp) UsePreallocDo(prealloc G.Value, in ...G.Value) (G.Value, error) {
	return doSafely(op.name, func() (G.Value, error) {
		var args [1]nwArg
		if err := nwArgsOf(args[:], in); err != nil {
			return nil, err
		}
		v := args[0]
		if len(v.s) == 0 {
			return nil, fmt.Errorf("distributions: %s: scalar input", op.name)
		}
		out, d := nwNewOut(prealloc, op.outShape)
		n := v.s[len(v.s)-1] // row length of the input
		rows := len(v.d) / n
		switch op.fn {
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
	})
}

func (op *sbOp) WriteHash(h hash.Hash) {
	op.writeBaseHash(h)
	fmt.Fprintf(h, "fn=%d", op.fn)
}

func (op *sbOp) Hashcode() uint32 { return hashOf(op) }

func (op *sbOp) DiffWRT(n int) []bool {
	d := make([]bool, n)
	for i := range d {
		d[i] = op.fn != fnForward
	}
	return d
}

func (op *sbOp) SymDiff(inputs G.Nodes, _, grad *G.Node) (G.Nodes, error) {
	if op.fn == fnForward {
		return nil, errForwardNotDifferentiable
	}
	return nwSymDiff(inputs, grad, op.DiffWRT(len(inputs)), func(p nwPartials, args G.Nodes) G.Op {
		return &sbGradOp{opBase: newOpBase(op.name+"Grad", args, p.outShape()), fn: op.fn, parts: p}
	})
}

// sbGradOp computes the gradient of Backward (upstream gradient of shape (..., K)) or
// LogJacDet (scalar upstream gradient) with respect to y, inputs (grad, y).
type sbGradOp struct {
	opBase
	fn    elemFn
	parts nwPartials
}

func (op *sbGradOp) Do(in ...G.Value) (G.Value, error) { return op.UsePreallocDo(nil, in...) }

func (op *sbGradOp) UsePreallocDo(prealloc G.Value, in ...G.Value) (G.Value, error) {
	return doSafely(op.name, func() (G.Value, error) {
		var args [2]nwArg
		if err := nwArgsOf(args[:], in); err != nil {
			return nil, err
		}
		g, y := args[0], args[1]
		if len(y.s) == 0 {
			return nil, fmt.Errorf("distributions: %s: scalar input", op.name)
		}
		out, d := nwNewOut(prealloc, op.outShape)
		nwZero(d)
		n := y.s[len(y.s)-1]
		rows := len(y.d) / n
		if op.fn == fnLogJac {
			if len(g.d) != 1 {
				return nil, fmt.Errorf("distributions: %s: upstream gradient is not a scalar", op.name)
			}
			for r := 0; r < rows; r++ {
				sbLogJacGradRow(g.d[0], y.d[r*n:(r+1)*n], d[r*n:(r+1)*n])
			}
			return out, nil
		}
		if len(g.d) != rows*(n+1) {
			return nil, fmt.Errorf("distributions: %s: upstream gradient has %d values, want %d", op.name, len(g.d), rows*(n+1))
		}
		buf := make([]float64, 3*n+1)
		x, z, zc := buf[:n+1], buf[n+1:2*n+1], buf[2*n+1:]
		for r := 0; r < rows; r++ {
			sbBackwardRow(y.d[r*n:(r+1)*n], x, z, zc)
			sbBackwardGradRow(g.d[r*(n+1):(r+1)*(n+1)], x, z, zc, d[r*n:(r+1)*n])
		}
		return out, nil
	})
}

func (op *sbGradOp) WriteHash(h hash.Hash) {
	op.writeBaseHash(h)
	fmt.Fprintf(h, "fn=%d ", op.fn)
	op.parts.writeHash(h)
}

func (op *sbGradOp) Hashcode() uint32                                   { return hashOf(op) }
func (op *sbGradOp) DiffWRT(n int) []bool                               { return make([]bool, n) }
func (op *sbGradOp) SymDiff(G.Nodes, *G.Node, *G.Node) (G.Nodes, error) { return nil, errGradOfGrad }
