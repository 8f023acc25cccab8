package graph

import (
	"fmt"
	"hash"

	G "gorgonia.org/gorgonia"
)

// SoftMax is gorgonia.SoftMax, but the node it returns is never merged with a LogSoftMax of
// the same input (see LogSoftMax).
func SoftMax(x *G.Node, axes ...int) (*G.Node, error) {
	return taggedSoftmax(x, "softmax", G.SoftMax, axes)
}

// LogSoftMax is gorgonia.LogSoftMax, but the node it returns is never merged with a SoftMax
// of the same input. Gorgonia's softmax op leaves its isLog flag out of its hash, so
// G.SoftMax(x) and G.LogSoftMax(x) are one node (gorgonia-notes trap 4); this op's hash
// includes the kind.
func LogSoftMax(x *G.Node, axes ...int) (*G.Node, error) {
	return taggedSoftmax(x, "logsoftmax", G.LogSoftMax, axes)
}

func taggedSoftmax(x *G.Node, tag string, build func(*G.Node, ...int) (*G.Node, error), axes []int) (n *G.Node, err error) {
	defer recoverTo(&err)
	if x == nil || x.Graph() == nil {
		return nil, fmt.Errorf("graph: %s of a node in no graph", tag)
	}
	// Build Gorgonia's op on a stand-in input of a scratch graph, where nothing can be
	// merged with it, then apply it, tagged, to x.
	scratch := G.NewGraph()
	var in *G.Node
	if x.IsScalar() {
		in = G.NewScalar(scratch, x.Dtype())
	} else {
		in = G.NewTensor(scratch, x.Dtype(), x.Dims(), G.WithShape(x.Shape()...))
	}
	proto, err := build(in, axes...)
	if err != nil {
		return nil, err
	}
	return G.ApplyOp(&taggedOp{Op: proto.Op(), tag: tag}, x)
}

// taggedOp is an op whose hash adds a tag to the hash of the op it wraps, so that two ops
// that Gorgonia would hash alike stay two nodes. Everything else is the wrapped op's.
type taggedOp struct {
	G.Op
	tag string
}

var _ G.SDOp = (*taggedOp)(nil)

func (t *taggedOp) WriteHash(h hash.Hash) {
	t.Op.WriteHash(h)
	fmt.Fprintf(h, "#%s", t.tag)
}

func (t *taggedOp) Hashcode() uint32 { return hashOf(t) }
func (t *taggedOp) String() string   { return t.tag }

func (t *taggedOp) DiffWRT(n int) []bool {
	if sd, ok := t.Op.(G.SDOp); ok {
		return sd.DiffWRT(n)
	}
	return make([]bool, n)
}

func (t *taggedOp) SymDiff(inputs G.Nodes, output, grad *G.Node) (G.Nodes, error) {
	if sd, ok := t.Op.(G.SDOp); ok {
		return sd.SymDiff(inputs, output, grad)
	}
	return nil, fmt.Errorf("graph: %s is not differentiable", t.tag)
}

// UsePreallocDo forwards to the wrapped op when it can write into a buffer.
func (t *taggedOp) UsePreallocDo(prealloc G.Value, inputs ...G.Value) (G.Value, error) {
	if pd, ok := t.Op.(G.UsePreallocDoer); ok {
		return pd.UsePreallocDo(prealloc, inputs...)
	}
	return t.Op.Do(inputs...)
}
