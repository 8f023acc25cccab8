package graph

import (
	"github.com/chewxy/hm"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// wrappedOp is the part every op of ours standing in for a Gorgonia op orig shares (the
// executor's fast ops, zeroedBase, zeroGrad): the arity, type, shape and name are orig's,
// and the op neither calls outside Go nor overwrites an input. Each embedding type writes
// its own hash (a prefix, then orig's), Do and, where it differs, ReturnsPtr.
type wrappedOp struct{ orig G.Op }

func (op wrappedOp) Arity() int    { return op.orig.Arity() }
func (op wrappedOp) Type() hm.Type { return op.orig.Type() }
func (op wrappedOp) InferShape(in ...G.DimSizer) (tensor.Shape, error) {
	return op.orig.InferShape(in...)
}
func (op wrappedOp) ReturnsPtr() bool     { return false }
func (op wrappedOp) CallsExtern() bool    { return false }
func (op wrappedOp) OverwritesInput() int { return -1 }
func (op wrappedOp) String() string       { return op.orig.String() }
