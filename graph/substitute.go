package graph

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Compile replaces Gorgonia ops whose value or gradient is wrong, or which run badly, by
// gopymc's ops or by compositions of checked ops, in every graph it copies (never in the
// user's graph, and not in Clone). Each substitution is on the wall (wall_test.go); what is
// wrong with each op is said where it is replaced:
//
//	softmax, log-softmax    wrong maximum, a goroutine per row, merged nodes   -> softmaxOp
//	G.LogSumExp             wrong value: log(Σ exp(x - m) + m)                 -> lseOp
//	ByIndices               wrong gradient on vectors with repeated indices    -> gatherOp
//	Log2, InverseSqrt       wrong gradients                                    -> Log(x)·(1/ln 2), 1/Sqrt(x)
//	OuterProd               its gradient fails at run time                     -> (n,1)·(1,m) product
//	At                      a statement on the TapeMachine, not differentiable -> Slice per coordinate
//	Slice of one element    a scalar value for a (1) node                       -> followed by oneElement
//	Reshape from or to a scalar  gives a 0-d tensor the scalar ops refuse       -> scalarReshape
//	MinBetween, MaxBetween of scalars  fail at run time                          -> scalarMinMax
//	element-wise ops of unequal shapes  pair elements in memory order          -> refused
//	Sign, Ceil, Floor, comparisons   Grad fails when an input reaches the cost
//	                        only through them                                  -> zero gradient (Theano's)

// substitute returns the node standing for n in the compiled copy, built on its copied
// children, when n's op is one Compile replaces; ok is false otherwise.
func (c *copier) substitute(n *G.Node, newKids, oldKids []*G.Node) (out *G.Node, ok bool, err error) {
	op := n.Op()
	switch opTypeName(op) {
	case "*gorgonia.softmaxOp":
		s, found := fromGorgonia(op, n.Dims())
		if !found {
			return nil, false, nil
		}
		out, err = G.ApplyOp(s, newKids...)
		return out, true, err
	case "*gorgonia.byIndicesOp":
		g, err := fromByIndices(op, oldKids[0], oldKids[1])
		if err != nil {
			return nil, true, err
		}
		out, err = G.ApplyOp(g, newKids...)
		return out, true, err
	case "*gorgonia.sliceOp":
		if !n.IsScalar() && n.Shape().TotalSize() == 1 && n.Dtype() == tensor.Float64 {
			s, err := G.ApplyOp(op, newKids...)
			if err != nil {
				return nil, true, err
			}
			out, err = G.ApplyOp(oneElement{shape: n.Shape().Clone()}, s)
			return out, true, err
		}
	case "gorgonia.reshapeOp":
		from, to := shapeOf(newKids[0]), shapeOf(n)
		if r, ok := reshapeScalar(from, to, n.Dtype()); ok {
			out, err = G.ApplyOp(r, newKids...)
			return out, true, err
		}
	case "gorgonia.atOp":
		out, err = atBySlices(op, newKids[0])
		return out, true, err
	case "gorgonia.elemUnaryOp":
		switch op.String() {
		case "log2":
			out, err = c.log2(newKids[0])
			return out, true, err
		case "invSqrt":
			s, err := G.Sqrt(newKids[0])
			if err != nil {
				return nil, true, err
			}
			out, err = G.Inverse(s)
			return out, true, err
		case "sign", "ceil", "floor":
			out, err = G.ApplyOp(zeroGrad{wrappedOp{op}}, newKids...)
			return out, true, err
		}
	case "gorgonia.elemBinOp":
		if a, b := newKids[0], newKids[1]; !a.IsScalar() && !b.IsScalar() && !slices.Equal(a.Shape(), b.Shape()) {
			// Gorgonia accepts operands of equal size and different shapes, (3, 1) and
			// (1, 3) say, and pairs their elements in memory order where NumPy would
			// broadcast to (3, 3); the node's shape then disagrees with its value's (found
			// by the fuzzer).
			return nil, true, fmt.Errorf("%v of shapes %v and %v: Gorgonia does not broadcast them; use G.BroadcastAdd and its kin, or Reshape one operand", op, a.Shape(), b.Shape())
		}
		if isComparison(op) {
			out, err = G.ApplyOp(zeroGrad{wrappedOp{op}}, newKids...)
			return out, true, err
		}
	case "gorgonia.minBetween", "gorgonia.maxBetween":
		if n.IsScalar() && n.Dtype() == tensor.Float64 {
			out, err = G.ApplyOp(scalarMinMax{max: opTypeName(op) == "gorgonia.maxBetween"}, newKids...)
			return out, true, err
		}
	case "gorgonia.linAlgBinOp":
		if err := checkProductShapes(op, newKids[0].Shape(), newKids[1].Shape()); err != nil {
			return nil, true, err
		}
		if strings.Contains(op.String(), "⊗") && !strings.Contains(op.String(), "ᵀ") {
			out, err = outerByMul(newKids[0], newKids[1])
			return out, true, err
		}
	}
	return nil, false, nil
}

// checkProductShapes checks the operands of a matrix or vector product: Gorgonia builds a
// dot product of vectors of different lengths, and a matrix-vector product whose inner
// dimensions differ (inferring the shape of the transposed product), and fails only when it
// runs, or inside Grad with a message about ReduceAdd (both found by the fuzzer).
func checkProductShapes(op G.Op, a, b tensor.Shape) error {
	v := reflect.ValueOf(op)
	transA := v.FieldByName("transA")
	transB := v.FieldByName("transB")
	if !transA.IsValid() || !transB.IsValid() {
		return nil
	}
	inner := func(s tensor.Shape, transposed, left bool) int {
		if len(s) == 1 {
			return s[0]
		}
		if left != transposed {
			return s[len(s)-1]
		}
		return s[len(s)-2]
	}
	name := op.String()
	switch {
	case strings.Contains(name, "×××"), strings.Contains(name, "⊗"):
		return nil // batched products check their shapes; outer products have no inner dimension
	case strings.Contains(name, "⋅"):
		if a.TotalSize() != b.TotalSize() {
			return fmt.Errorf("the dot product (Mul) of vectors of lengths %d and %d: the lengths must agree", a.TotalSize(), b.TotalSize())
		}
	default:
		ka, kb := inner(a, transA.Bool(), true), inner(b, transB.Bool(), false)
		if ka != kb {
			return fmt.Errorf("%v of shapes %v and %v: the inner dimensions %d and %d must agree", op, a, b, ka, kb)
		}
	}
	return nil
}

// log2 is Log(x) · (1/ln 2).
func (c *copier) log2(x *G.Node) (*G.Node, error) {
	l, err := G.Log(x)
	if err != nil {
		return nil, err
	}
	k, err := c.addConstant(G.NewF64(1/math.Ln2), "1/ln2")
	if err != nil {
		return nil, err
	}
	return G.HadamardProd(l, k)
}

// outerByMul is the outer product of vectors a (n) and b (m) as the matrix product of the
// (n,1) and (1,m) reshapes.
func outerByMul(a, b *G.Node) (*G.Node, error) {
	if a.Dims() != 1 || b.Dims() != 1 {
		return nil, fmt.Errorf("OuterProd of %v and %v: want two vectors", a.Shape(), b.Shape())
	}
	col, err := G.Reshape(a, tensor.Shape{a.Shape()[0], 1})
	if err != nil {
		return nil, err
	}
	row, err := G.Reshape(b, tensor.Shape{1, b.Shape()[0]})
	if err != nil {
		return nil, err
	}
	return G.Mul(col, row)
}

// atBySlices is x.At(coords...) as one Slice per coordinate, which is differentiable.
func atBySlices(op G.Op, x *G.Node) (*G.Node, error) {
	f := reflect.ValueOf(op).FieldByName("coordinates")
	if !f.IsValid() || f.Kind() != reflect.Slice {
		return nil, fmt.Errorf("cannot read the coordinates of %v", op)
	}
	if f.Len() != x.Dims() {
		return nil, fmt.Errorf("%d coordinates given to At for %d dimensions", f.Len(), x.Dims())
	}
	shape := x.Shape().Clone()
	out := x
	for i := 0; i < f.Len(); i++ {
		c := int(f.Index(i).Int())
		if c < 0 || c >= shape[i] {
			return nil, fmt.Errorf("coordinate %d given to At is %d, out of range for length %d", i, c, shape[i])
		}
		// Each index drops the first axis left; a one-element result in between must be a
		// tensor value for the next Slice (see oneElement).
		var err error
		if out, err = G.Slice(out, G.S(c)); err != nil {
			return nil, err
		}
		if !out.IsScalar() && out.Shape().TotalSize() == 1 {
			if out, err = G.ApplyOp(oneElement{shape: out.Shape().Clone()}, out); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// isComparison reports whether op is one of Gorgonia's element-wise comparisons, printed
// as "<op> <retSame>".
func isComparison(op G.Op) bool {
	name, _, _ := strings.Cut(op.String(), " ")
	switch name {
	case "<", ">", "<=", ">=", "==", "!=":
		return true
	}
	return false
}

// shapeOf is n's shape, empty for a scalar.
func shapeOf(n *G.Node) tensor.Shape {
	if n.IsScalar() {
		return tensor.Shape{}
	}
	return n.Shape()
}
