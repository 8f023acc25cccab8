package graph

import (
	"fmt"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

var (
	sc   = tensor.Shape{}
	v5   = tensor.Shape{5}
	v1   = tensor.Shape{1}
	m23  = tensor.Shape{2, 3}
	m32  = tensor.Shape{3, 2}
	m14  = tensor.Shape{1, 4}
	t234 = tensor.Shape{2, 3, 4}
)

// unaryShapes and binaryShapes are the shapes every element-wise op is checked on.
var unaryShapes = []tensor.Shape{sc, v1, v5, m23, m14, t234}

type unaryFn func(*G.Node) (*G.Node, error)
type binaryFn func(a, b *G.Node) (*G.Node, error)

// wallCases lists the wall's expressions: every Gorgonia op a model can contain (the
// exported constructors of gorgonia v0.9.18 that build float64 expressions) and gopymc's
// own ops, on several shapes.
func wallCases() []wallCase {
	var cs []wallCase
	unary := []struct {
		name   string
		f      unaryFn
		lo, hi float64
		noGrad bool
	}{
		{"Abs", G.Abs, -2, 2, false},
		{"Sign", G.Sign, -2, 2, false},
		{"Ceil", G.Ceil, -2, 2, false},
		{"Floor", G.Floor, -2, 2, false},
		{"Sin", G.Sin, -2, 2, false},
		{"Cos", G.Cos, -2, 2, false},
		{"Exp", G.Exp, -2, 2, false},
		{"Log", G.Log, 0.5, 3, false},
		{"Log2", G.Log2, 0.5, 3, false},
		{"Neg", G.Neg, -2, 2, false},
		{"Square", G.Square, -2, 2, false},
		{"Sqrt", G.Sqrt, 0.5, 3, false},
		{"Inverse", G.Inverse, 0.5, 3, false},
		{"InverseSqrt", G.InverseSqrt, 0.5, 3, false},
		{"Cube", G.Cube, -2, 2, false},
		{"Tanh", G.Tanh, -2, 2, false},
		{"Sigmoid", G.Sigmoid, -3, 3, false},
		{"Log1p", G.Log1p, -0.5, 2, false},
		{"Expm1", G.Expm1, -2, 2, false},
		{"Softplus", G.Softplus, -3, 3, false},
		{"Mish", G.Mish, -2, 2, false},
		{"Rectify", G.Rectify, -2, 2, false},
		{"LeakyRelu", func(x *G.Node) (*G.Node, error) { return G.LeakyRelu(x, 0.1) }, -2, 2, false},
	}
	for _, u := range unary {
		for _, s := range unaryShapes {
			cs = append(cs, wallCase{name: fmt.Sprintf("%s%v", u.name, s), shapes: []tensor.Shape{s},
				build: func(in []*G.Node) (*G.Node, error) { return u.f(in[0]) }, lo: u.lo, hi: u.hi, noGrad: u.noGrad})
		}
	}

	binary := []struct {
		name   string
		f      binaryFn
		lo, hi float64
	}{
		{"Add", G.Add, -2, 2},
		{"Sub", G.Sub, -2, 2},
		{"HadamardProd", G.HadamardProd, -2, 2},
		{"HadamardDiv", G.HadamardDiv, 0.5, 3},
		{"Pow", G.Pow, 0.5, 2},
	}
	pairs := [][2]tensor.Shape{{sc, sc}, {v5, v5}, {sc, v5}, {v5, sc}, {m23, m23}, {sc, m23}, {m23, sc}, {t234, t234}, {v1, v1}}
	for _, b := range binary {
		for _, p := range pairs {
			cs = append(cs, wallCase{name: fmt.Sprintf("%s%v%v", b.name, p[0], p[1]), shapes: []tensor.Shape{p[0], p[1]},
				build: func(in []*G.Node) (*G.Node, error) { return b.f(in[0], in[1]) }, lo: b.lo, hi: b.hi})
		}
		// The same input on both sides: the gradient adds both partials.
		cs = append(cs, wallCase{name: b.name + " x,x", shapes: []tensor.Shape{m23},
			build: func(in []*G.Node) (*G.Node, error) { return b.f(in[0], in[0]) }, lo: b.lo, hi: b.hi})
	}
	cmps := map[string]func(a, b *G.Node, same bool) (*G.Node, error){
		"Lt": G.Lt, "Gt": G.Gt, "Lte": G.Lte, "Gte": G.Gte, "Eq": G.Eq, "Ne": G.Ne,
	}
	for name, f := range cmps {
		for _, p := range [][2]tensor.Shape{{sc, sc}, {v5, v5}, {m23, m23}, {v5, sc}} {
			// As a mask: x ⊙ (x < y) is differentiable in x (the mask is constant a.e.).
			cs = append(cs, wallCase{name: fmt.Sprintf("%s mask%v%v", name, p[0], p[1]), shapes: []tensor.Shape{p[0], p[1]},
				build: func(in []*G.Node) (*G.Node, error) {
					m, err := f(in[0], in[1], true)
					if err != nil {
						return nil, err
					}
					return G.HadamardProd(in[0], m)
				}})
		}
	}

	// Broadcasting forms.
	bcast := map[string]func(a, b *G.Node, l, r []byte) (*G.Node, error){
		"BroadcastAdd": G.BroadcastAdd, "BroadcastSub": G.BroadcastSub, "BroadcastHadamardProd": G.BroadcastHadamardProd,
		"BroadcastHadamardDiv": G.BroadcastHadamardDiv, "BroadcastPow": G.BroadcastPow,
	}
	for name, f := range bcast {
		lo, hi := -2.0, 2.0
		if name == "BroadcastHadamardDiv" || name == "BroadcastPow" {
			lo, hi = 0.5, 2
		}
		forms := []struct {
			name string
			a, b tensor.Shape
			l, r []byte
		}{
			{"matrix,row", m23, tensor.Shape{3}, nil, []byte{0}},
			{"matrix,col", m23, tensor.Shape{2}, nil, []byte{1}},
			{"row,matrix", tensor.Shape{3}, m23, []byte{0}, nil},
			{"(1,3),(2,1)", tensor.Shape{1, 3}, tensor.Shape{2, 1}, []byte{0}, []byte{1}},
		}
		for _, fm := range forms {
			cs = append(cs, wallCase{name: name + " " + fm.name, shapes: []tensor.Shape{fm.a, fm.b}, lo: lo, hi: hi,
				build: func(in []*G.Node) (*G.Node, error) { return f(in[0], in[1], fm.l, fm.r) }})
		}
	}
	cs = append(cs, wallCase{name: "BroadcastGte mask", shapes: []tensor.Shape{m23, tensor.Shape{3}},
		build: func(in []*G.Node) (*G.Node, error) {
			m, err := G.BroadcastGte(in[0], in[1], true, nil, []byte{0})
			if err != nil {
				return nil, err
			}
			return G.HadamardProd(in[0], m)
		}})

	// Reductions with and without axes.
	red := map[string]func(a *G.Node, along ...int) (*G.Node, error){"Sum": G.Sum, "Mean": G.Mean, "Max": G.Max}
	for name, f := range red {
		for _, c := range []struct {
			s     tensor.Shape
			along []int
		}{{v5, nil}, {v5, []int{0}}, {m23, nil}, {m23, []int{0}}, {m23, []int{1}}, {t234, nil}, {t234, []int{0}}, {t234, []int{1}}, {t234, []int{2}}, {t234, []int{0, 2}}, {m14, []int{1}}} {
			cs = append(cs, wallCase{name: fmt.Sprintf("%s%v along %v", name, c.s, c.along), shapes: []tensor.Shape{c.s},
				build: func(in []*G.Node) (*G.Node, error) { return f(in[0], c.along...) }})
		}
	}
	for _, c := range []struct {
		s    tensor.Shape
		axis int
	}{{v5, 0}, {m23, 0}, {m23, 1}} {
		cs = append(cs, wallCase{name: fmt.Sprintf("Norm%v axis %d", c.s, c.axis), shapes: []tensor.Shape{c.s}, lo: 0.5, hi: 2,
			build: func(in []*G.Node) (*G.Node, error) { return G.Norm(in[0], c.axis, 2) }})
	}
	cs = append(cs,
		wallCase{name: "ReduceAdd", shapes: []tensor.Shape{m23, m23, m23},
			build: func(in []*G.Node) (*G.Node, error) { return G.ReduceAdd(in) }},
		wallCase{name: "ReduceMul", shapes: []tensor.Shape{sc, sc, sc},
			build: func(in []*G.Node) (*G.Node, error) { return G.ReduceMul(in) }},
	)

	// Slices in every form.
	for _, c := range sliceCases {
		cs = append(cs, wallCase{name: "Slice " + c.name, shapes: []tensor.Shape{c.shape},
			build: func(in []*G.Node) (*G.Node, error) { return G.Slice(in[0], c.slices...) }})
	}
	cs = append(cs,
		wallCase{name: "Slice 3-d middle axis", shapes: []tensor.Shape{t234},
			build: func(in []*G.Node) (*G.Node, error) { return G.Slice(in[0], nil, G.S(1, 3)) }},
		wallCase{name: "Slice of one element as a vector", shapes: []tensor.Shape{v5},
			build: func(in []*G.Node) (*G.Node, error) { return G.Slice(in[0], G.S(2, 3)) }},
		wallCase{name: "Slice of one element as a matrix", shapes: []tensor.Shape{tensor.Shape{3, 1}},
			build: func(in []*G.Node) (*G.Node, error) { return G.Slice(in[0], G.S(1, 2)) }},
		wallCase{name: "Slice twice", shapes: []tensor.Shape{t234},
			build: func(in []*G.Node) (*G.Node, error) {
				s, err := G.Slice(in[0], G.S(1))
				if err != nil {
					return nil, err
				}
				return G.Slice(s, nil, G.S(2))
			}},
		wallCase{name: "Slice with a step dropping the end", shapes: []tensor.Shape{v5},
			build:   func(in []*G.Node) (*G.Node, error) { return G.Slice(in[0], G.S(0, 5, 2)) },
			wantErr: "step"},
	)

	// Shape ops.
	cs = append(cs,
		wallCase{name: "Reshape (2,3)->(3,2)", shapes: []tensor.Shape{m23},
			build: func(in []*G.Node) (*G.Node, error) { return G.Reshape(in[0], tensor.Shape{3, 2}) }},
		wallCase{name: "Reshape vector->matrix", shapes: []tensor.Shape{tensor.Shape{6}},
			build: func(in []*G.Node) (*G.Node, error) { return G.Reshape(in[0], tensor.Shape{2, 3}) }},
		wallCase{name: "Reshape scalar->(1)", shapes: []tensor.Shape{sc},
			build: func(in []*G.Node) (*G.Node, error) { return G.Reshape(in[0], tensor.Shape{1}) }},
		wallCase{name: "Reshape (1)->scalar", shapes: []tensor.Shape{v1},
			build: func(in []*G.Node) (*G.Node, error) { return G.Reshape(in[0], tensor.ScalarShape()) }},
		wallCase{name: "BroadcastAdd of a vector and a scalar", shapes: []tensor.Shape{tensor.Shape{3}, sc},
			build: func(in []*G.Node) (*G.Node, error) { return G.BroadcastAdd(in[0], in[1], nil, []byte{0}) }},
		wallCase{name: "Reshape (1,1)->(1)", shapes: []tensor.Shape{tensor.Shape{1, 1}},
			build: func(in []*G.Node) (*G.Node, error) { return G.Reshape(in[0], tensor.Shape{1}) }},
		wallCase{name: "Ravel", shapes: []tensor.Shape{t234},
			build: func(in []*G.Node) (*G.Node, error) { return G.Ravel(in[0]) }},
		wallCase{name: "Transpose matrix", shapes: []tensor.Shape{m23},
			build: func(in []*G.Node) (*G.Node, error) { return G.Transpose(in[0]) }},
		wallCase{name: "Transpose 3-d", shapes: []tensor.Shape{t234},
			build: func(in []*G.Node) (*G.Node, error) { return G.Transpose(in[0], 2, 0, 1) }},
		wallCase{name: "Concat vectors", shapes: []tensor.Shape{v5, tensor.Shape{2}},
			build: func(in []*G.Node) (*G.Node, error) { return G.Concat(0, in[0], in[1]) }},
		wallCase{name: "Concat matrices axis 0", shapes: []tensor.Shape{m23, tensor.Shape{1, 3}},
			build: func(in []*G.Node) (*G.Node, error) { return G.Concat(0, in[0], in[1]) }},
		wallCase{name: "Concat matrices axis 1", shapes: []tensor.Shape{m23, tensor.Shape{2, 2}},
			build: func(in []*G.Node) (*G.Node, error) { return G.Concat(1, in[0], in[1]) }},
		wallCase{name: "Concat of one element and two", shapes: []tensor.Shape{v1, tensor.Shape{2}},
			build: func(in []*G.Node) (*G.Node, error) { return G.Concat(0, in[0], in[1]) }},
		wallCase{name: "At of a one-column matrix", shapes: []tensor.Shape{tensor.Shape{3, 1}},
			build: func(in []*G.Node) (*G.Node, error) { return G.At(in[0], 1, 0) }},
		wallCase{name: "At of a one-row matrix", shapes: []tensor.Shape{tensor.Shape{1, 3}},
			build: func(in []*G.Node) (*G.Node, error) { return G.At(in[0], 0, 2) }},
		wallCase{name: "Concat one input", shapes: []tensor.Shape{m23},
			build: func(in []*G.Node) (*G.Node, error) { return G.Concat(0, in[0]) }},
		wallCase{name: "Concat the same input twice", shapes: []tensor.Shape{v5},
			build: func(in []*G.Node) (*G.Node, error) { return G.Concat(0, in[0], in[0]) }},
		wallCase{name: "SizeOf times x", shapes: []tensor.Shape{m23},
			build: func(in []*G.Node) (*G.Node, error) {
				n, err := G.SizeOf(1, in[0])
				if err != nil {
					return nil, err
				}
				return G.HadamardProd(in[0], n)
			}},
		wallCase{name: "At", shapes: []tensor.Shape{m23}, noGrad: true,
			build: func(in []*G.Node) (*G.Node, error) { return G.At(in[0], 1, 2) }},
		wallCase{name: "KeepDims Sum", shapes: []tensor.Shape{m23},
			build: func(in []*G.Node) (*G.Node, error) {
				return G.KeepDims(in[0], false, func(a *G.Node) (*G.Node, error) { return G.Sum(a, 1) })
			}},
	)

	cs = append(cs, productAndOtherCases()...)
	return cs
}

// TestWall runs every case of the wall, and then checks that every Gorgonia op type the
// executor runs (opstatus.go) was run by some case.
func TestWall(t *testing.T) {
	t.Parallel()
	t.Cleanup(func() {
		wallSeen.Lock()
		defer wallSeen.Unlock()
		for name, st := range gorgoniaOps {
			if st.run && !wallSeen.types[name] && name != "gorgonia.constantScalar" && name != "gorgonia.constantTensor" && name != "gorgonia.repeatOp" {
				t.Errorf("no case of the wall runs Gorgonia's %s, which the executor runs", name)
			}
		}
	})
	seen := map[string]bool{}
	for _, c := range wallCases() {
		if seen[c.name] {
			t.Fatalf("two cases named %q", c.name)
		}
		seen[c.name] = true
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			checkWallCase(t, c)
		})
	}
}
