package graph

import (
	"fmt"
	"strings"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// productAndOtherCases are the wall's products, softmaxes, log-sum-exps, gathers, casts and
// the ops the executor refuses.
func productAndOtherCases() []wallCase {
	var cs []wallCase
	// Linear algebra.
	cs = append(cs,
		wallCase{name: "Mul matrix·matrix", shapes: []tensor.Shape{m23, m32}, build: mul2},
		wallCase{name: "Mul matrix·vector", shapes: []tensor.Shape{m23, tensor.Shape{3}}, build: mul2},
		wallCase{name: "Mul vector·vector", shapes: []tensor.Shape{v5, v5}, build: mul2},
		wallCase{name: "Mul scalar·matrix", shapes: []tensor.Shape{sc, m23}, build: mul2},
		wallCase{name: "Mul (1,4)·(4,1)", shapes: []tensor.Shape{m14, tensor.Shape{4, 1}}, build: mul2},
		wallCase{name: "Mul x·xᵀ", shapes: []tensor.Shape{m23},
			build: func(in []*G.Node) (*G.Node, error) {
				tr, err := G.Transpose(in[0])
				if err != nil {
					return nil, err
				}
				return G.Mul(in[0], tr)
			}},
		wallCase{name: "OuterProd", shapes: []tensor.Shape{tensor.Shape{3}, tensor.Shape{4}},
			build: func(in []*G.Node) (*G.Node, error) { return G.OuterProd(in[0], in[1]) }},
		wallCase{name: "BatchedMatMul", shapes: []tensor.Shape{t234, tensor.Shape{2, 4, 3}},
			build: func(in []*G.Node) (*G.Node, error) { return G.BatchedMatMul(in[0], in[1]) }},
		wallCase{name: "BatchedMatMul transB", shapes: []tensor.Shape{t234, tensor.Shape{2, 5, 4}},
			build: func(in []*G.Node) (*G.Node, error) { return G.BatchedMatMul(in[0], in[1], false, true) }},
		wallCase{name: "Tensordot", shapes: []tensor.Shape{t234, tensor.Shape{4, 2}},
			build: func(in []*G.Node) (*G.Node, error) { return G.Tensordot([]int{2}, []int{0}, in[0], in[1]) }},
	)

	// Softmax, log-sum-exp, gathers, min/max between, casts and argmax.
	for _, c := range []struct {
		s    tensor.Shape
		axes []int
	}{{v5, nil}, {m23, nil}, {m23, []int{0}}, {m23, []int{1}}, {t234, []int{1}}} {
		cs = append(cs,
			wallCase{name: fmt.Sprintf("SoftMax%v %v", c.s, c.axes), shapes: []tensor.Shape{c.s},
				build: func(in []*G.Node) (*G.Node, error) { return G.SoftMax(in[0], c.axes...) }},
			wallCase{name: fmt.Sprintf("LogSoftMax%v %v", c.s, c.axes), shapes: []tensor.Shape{c.s},
				build: func(in []*G.Node) (*G.Node, error) { return G.LogSoftMax(in[0], c.axes...) }},
			wallCase{name: fmt.Sprintf("graph.LogSumExp%v %v", c.s, c.axes), shapes: []tensor.Shape{c.s},
				build: func(in []*G.Node) (*G.Node, error) { return LogSumExp(in[0], c.axes...) }},
		)
	}
	cs = append(cs,
		wallCase{name: "G.LogSumExp vector", shapes: []tensor.Shape{v5},
			build: func(in []*G.Node) (*G.Node, error) { return G.LogSumExp(in[0], 0) }},
		wallCase{name: "G.LogSumExp scalar", shapes: []tensor.Shape{sc},
			build: func(in []*G.Node) (*G.Node, error) { return G.LogSumExp(in[0], 0) }},
		wallCase{name: "G.LogSumExp (1,3) axis 0", shapes: []tensor.Shape{tensor.Shape{1, 3}},
			build: func(in []*G.Node) (*G.Node, error) { return G.LogSumExp(in[0], 0) }},
		wallCase{name: "MinBetween", shapes: []tensor.Shape{m23, m23},
			build: func(in []*G.Node) (*G.Node, error) { return G.MinBetween(in[0], in[1]) }},
		wallCase{name: "MaxBetween", shapes: []tensor.Shape{v5, v5},
			build: func(in []*G.Node) (*G.Node, error) { return G.MaxBetween(in[0], in[1]) }},
		wallCase{name: "MaxBetween scalars", shapes: []tensor.Shape{sc, sc},
			build: func(in []*G.Node) (*G.Node, error) { return G.MaxBetween(in[0], in[1]) }},
		wallCase{name: "MinBetween scalars", shapes: []tensor.Shape{sc, sc},
			build: func(in []*G.Node) (*G.Node, error) { return G.MinBetween(in[0], in[1]) }},
		wallCase{name: "Argmax", shapes: []tensor.Shape{m23}, noGrad: true,
			build: func(in []*G.Node) (*G.Node, error) { return Argmax(in[0], 1) }},
	)
	for _, c := range []struct {
		s    tensor.Shape
		idx  []int
		axis int
	}{{v5, []int{4, 0, 4, 2, 2, 2}, 0}, {m23, []int{1, 1, 0}, 0}, {m23, []int{2, 0, 2, 2}, 1}, {t234, []int{3, 3, 0}, 2}, {t234, []int{2, 0}, 1}} {
		for _, byIndices := range []bool{false, true} {
			if byIndices && c.axis != 0 {
				continue
			}
			name := fmt.Sprintf("Take%v %v axis %d", c.s, c.idx, c.axis)
			if byIndices {
				name = "G.ByIndices" + name[4:]
			}
			cs = append(cs, wallCase{name: name, shapes: []tensor.Shape{c.s},
				build: func(in []*G.Node) (*G.Node, error) {
					idx, err := NewConstant(in[0].Graph(), "idx", c.idx)
					if err != nil {
						return nil, err
					}
					if byIndices {
						return G.ByIndices(in[0], idx, c.axis)
					}
					return Take(in[0], idx, c.axis)
				}})
		}
	}

	// Integer conversions: value only.
	cs = append(cs,
		wallCase{name: "ConvType float64->int, ToFloat64", shapes: []tensor.Shape{m23}, noGrad: true, lo: -5, hi: 5,
			build: func(in []*G.Node) (*G.Node, error) {
				i, err := G.ConvType(in[0], tensor.Float64, tensor.Int)
				if err != nil {
					return nil, err
				}
				return ToFloat64(i)
			}},
		wallCase{name: "Take of int data, ToFloat64, times x", shapes: []tensor.Shape{v5},
			build: func(in []*G.Node) (*G.Node, error) {
				labels, err := NewConstant(in[0].Graph(), "labels", []int{7, 8, 9})
				if err != nil {
					return nil, err
				}
				idx, err := NewConstant(in[0].Graph(), "idx", []int{2, 0, 2, 1, 1})
				if err != nil {
					return nil, err
				}
				l, err := Take(labels, idx, 0)
				if err != nil {
					return nil, err
				}
				f, err := ToFloat64(l)
				if err != nil {
					return nil, err
				}
				return G.HadamardProd(in[0], f)
			}},
	)

	// Ops the executor refuses: a clear compile error naming the op, never a wrong number.
	cs = append(cs,
		wallCase{name: "HadamardProd of (3) and (1,3)", shapes: []tensor.Shape{tensor.Shape{3}, tensor.Shape{1, 3}},
			wantErr: "Gorgonia does not broadcast them",
			build:   func(in []*G.Node) (*G.Node, error) { return G.HadamardProd(in[0], in[1]) }},
		wallCase{name: "DiagFlat", shapes: []tensor.Shape{v5}, wantErr: "DiagFlat", noGrad: true,
			build: func(in []*G.Node) (*G.Node, error) { return G.DiagFlat(in[0]) }},
		wallCase{name: "Gorgonia's random node", shapes: []tensor.Shape{v5}, wantErr: "random",
			build: func(in []*G.Node) (*G.Node, error) {
				return G.Add(in[0], G.GaussianRandomNode(in[0].Graph(), G.Float64, 0, 1, 5))
			}},
		wallCase{name: "Dropout", shapes: []tensor.Shape{m23}, wantErr: "dropout",
			build: func(in []*G.Node) (*G.Node, error) { return G.Dropout(in[0], 0.5) }},
	)
	return append(cs, fusedWallCases()...)
}

func mul2(in []*G.Node) (*G.Node, error) { return G.Mul(in[0], in[1]) }

// Gorgonia builds the dot product of vectors of different lengths, and matrix-vector
// products whose inner dimensions differ; Compile refuses them with an error naming the
// shapes (found by the fuzzer, which met them inside Grad first).
func TestProductOfMismatchedShapesIsACompileError(t *testing.T) {
	t.Parallel()
	g := G.NewGraph()
	a := G.NewVector(g, G.Float64, G.WithShape(3), G.WithName("a"))
	b := G.NewVector(g, G.Float64, G.WithShape(4), G.WithName("b"))
	d := G.Must(G.Mul(a, b))
	for _, opts := range [][]Option{{Inputs(a, b)}, {Inputs(a, b), Grad(d, a, b)}} {
		_, err := Compile([]*G.Node{d}, opts...)
		if err == nil || !strings.Contains(err.Error(), "Mul) of vectors of lengths 3 and 4") {
			t.Fatalf("err = %v", err)
		}
	}
	// A (3,2) matrix times a 3-vector builds too, as if transposed.
	m := G.NewMatrix(g, G.Float64, G.WithShape(3, 2), G.WithName("m"))
	v := G.NewVector(g, G.Float64, G.WithShape(3), G.WithName("v"))
	mv := G.Must(G.Mul(m, v))
	cost := G.Must(G.Sum(mv))
	_, err := Compile([]*G.Node{cost}, Inputs(m, v), Grad(cost, m, v))
	if err == nil || !strings.Contains(err.Error(), "shapes (3, 2) and (3): the inner dimensions 2 and 3 must agree") {
		t.Fatalf("matrix-vector: err = %v", err)
	}
}
