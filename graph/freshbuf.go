package graph

import (
	"fmt"
	"hash"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Some of Gorgonia's ops read the buffer UsePreallocDo is given instead of only writing it:
// the slice-increment op (the gradient of G.Slice) adds the incoming gradient into the
// buffer in place, assuming it holds the zero tensor its Do starts from. The TapeMachine
// calls Do on a fresh machine; the plan reuses one buffer per step, so without care every
// run would add the previous run's gradient (issue 12). zeroedBase stands in for such an op
// in the plan: it zeroes the buffer, which is the base Do starts from, before the op adds
// into it.

// readsBuffer lists Gorgonia's ops whose UsePreallocDo reads the buffer, by type name
// (Gorgonia v0.9.18, op_tensor.go).
var readsBuffer = map[string]bool{
	"gorgonia.sliceIncrOp": true,
}

// freshBuffer returns the stand-in for an op whose UsePreallocDo reads its buffer.
func freshBuffer(op G.Op) (G.Op, bool) {
	if !readsBuffer[opTypeName(op)] {
		return nil, false
	}
	pd, ok := op.(G.UsePreallocDoer)
	if !ok {
		return nil, false
	}
	return zeroedBase{wrappedOp: wrappedOp{op}, pd: pd}, true
}

// zeroedBase runs an op's UsePreallocDo on a zeroed buffer, and its Do otherwise.
type zeroedBase struct {
	wrappedOp
	pd G.UsePreallocDoer
}

var _ G.UsePreallocDoer = zeroedBase{}

// ReturnsPtr is orig's, where wrappedOp's is false.
func (op zeroedBase) ReturnsPtr() bool                  { return op.orig.ReturnsPtr() }
func (op zeroedBase) WriteHash(h hash.Hash)             { fmt.Fprint(h, "zeroed "); op.orig.WriteHash(h) }
func (op zeroedBase) Hashcode() uint32                  { return hashOf(op) }
func (op zeroedBase) Do(in ...G.Value) (G.Value, error) { return op.orig.Do(in...) }

// UsePreallocDo zeroes prealloc, then lets the op write into it. A buffer that is not a
// plain dense tensor goes to Do.
func (op zeroedBase) UsePreallocDo(prealloc G.Value, in ...G.Value) (G.Value, error) {
	t, ok := prealloc.(*tensor.Dense)
	if !ok || t.RequiresIterator() || t.IsMasked() {
		return op.orig.Do(in...)
	}
	t.Zero()
	return op.pd.UsePreallocDo(t, in...)
}
