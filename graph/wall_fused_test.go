package graph

import (
	"fmt"
	"sync/atomic"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// fusedWallCases are the wall's cases for the fused groups (fuse.go) and the fast products
// (fastmatmul.go): chains of element-wise ops forward and backward, over shapes larger than
// a chunk; gathers, scatter-adds and sums in one group; a sum read by its own chain; a
// chain cut by a product; products of shapes that are not multiples of the kernels' blocks.
func fusedWallCases() []wallCase {
	var cs []wallCase
	long := tensor.Shape{3, 400} // 1200 elements: three chunks of fuseChunk
	for _, s := range []tensor.Shape{v5, m23, t234, long} {
		cs = append(cs,
			wallCase{name: fmt.Sprintf("fused tanh(x⊙y+x)⊙sigmoid(y) %v", s), shapes: []tensor.Shape{s, s},
				build: func(in []*G.Node) (*G.Node, error) {
					xy := G.Must(G.HadamardProd(in[0], in[1]))
					t := G.Must(G.Tanh(G.Must(G.Add(xy, in[0]))))
					return G.HadamardProd(t, G.Must(G.Sigmoid(in[1])))
				}},
			wallCase{name: fmt.Sprintf("fused exp(-x²)⊙y - x/y %v", s), shapes: []tensor.Shape{s, s}, lo: 0.5, hi: 2,
				build: func(in []*G.Node) (*G.Node, error) {
					e := G.Must(G.Exp(G.Must(G.Neg(G.Must(G.Square(in[0]))))))
					return G.Sub(G.Must(G.HadamardProd(e, in[1])), G.Must(G.HadamardDiv(in[0], in[1])))
				}},
			wallCase{name: fmt.Sprintf("fused scalar operands s⊙x + (x - s)² %v", s), shapes: []tensor.Shape{sc, s},
				build: func(in []*G.Node) (*G.Node, error) {
					d := G.Must(G.Sub(in[1], in[0]))
					return G.Add(G.Must(G.HadamardProd(in[0], in[1])), G.Must(G.Square(d)))
				}},
			wallCase{name: fmt.Sprintf("fused mask x⊙(x > y) + log1p(y²) %v", s), shapes: []tensor.Shape{s, s},
				build: func(in []*G.Node) (*G.Node, error) {
					m := G.Must(G.Gt(in[0], in[1], true))
					return G.Add(G.Must(G.HadamardProd(in[0], m)), G.Must(G.Log1p(G.Must(G.Square(in[1])))))
				}},
		)
	}
	// A vector's sum read by the chain over the same vector: the sum must be complete before
	// the chain reads it, so the two cannot share a group.
	for _, n := range []int{5, 1100} {
		cs = append(cs, wallCase{name: fmt.Sprintf("fused x⊙(x - Σx) (%d)", n), shapes: []tensor.Shape{{n}},
			build: func(in []*G.Node) (*G.Node, error) {
				return G.HadamardProd(in[0], G.Must(G.Sub(in[0], G.Must(G.Sum(in[0])))))
			}})
	}
	// The hierarchical model's a[g] + b[g]⊙x: two gathers of vectors into one chain, whose
	// gradient is two scatter-adds and the sums of the chain rule.
	for _, c := range []struct {
		groups int
		idx    []int
	}{{5, []int{4, 0, 4, 2, 2, 2, 1}}, {7, spreadIndex(1100, 7)}} {
		n := len(c.idx)
		cs = append(cs, wallCase{name: fmt.Sprintf("fused Take(a,g)+Take(b,g)⊙x, %d rows", n),
			shapes: []tensor.Shape{{c.groups}, {c.groups}, {n}, sc},
			build: func(in []*G.Node) (*G.Node, error) {
				idx, err := NewConstant(in[0].Graph(), "group", c.idx)
				if err != nil {
					return nil, err
				}
				a := G.Must(G.Add(in[3], G.Must(G.HadamardProd(in[3], in[0])))) // s + s⊙a
				ag, err := Take(a, idx, 0)
				if err != nil {
					return nil, err
				}
				bg, err := Take(in[1], idx, 0)
				if err != nil {
					return nil, err
				}
				return G.Add(ag, G.Must(G.HadamardProd(bg, in[2])))
			}})
	}
	// The same with x data (a constant): b[g] is read by nothing else, so the forward group
	// is one gather-axpy loop (fusedcombine.go), in either operand order, with the indices
	// of a and b one constant, two constants with the same indices, or two different ones;
	// and a case where b[g]⊙x is also read elsewhere, which must not be combined.
	for _, c := range []struct {
		name   string
		idxB   func(idx []int) []int // nil: the same constant as a's
		swap   bool
		reused bool
	}{
		{name: "one index"},
		{name: "equal indices", idxB: func(idx []int) []int { return append([]int(nil), idx...) }, swap: true},
		{name: "other indices", idxB: func(idx []int) []int {
			out := make([]int, len(idx))
			for i := range idx {
				out[i] = idx[len(idx)-1-i]
			}
			return out
		}},
		{name: "b[g]⊙x read twice", reused: true},
	} {
		for _, groups := range []int{5, 7} {
			idx := spreadIndex(1100, groups)
			if groups == 5 {
				idx = []int{4, 0, 4, 2, 2, 2, 1}
			}
			n := len(idx)
			cs = append(cs, wallCase{name: fmt.Sprintf("fused data Take(a,g)+Take(b,g')⊙x, %s, %d rows", c.name, n),
				shapes: []tensor.Shape{{groups}, {groups}, sc},
				build: func(in []*G.Node) (*G.Node, error) {
					g := in[0].Graph()
					ia, err := NewConstant(g, "ga", idx)
					if err != nil {
						return nil, err
					}
					ib := ia
					if c.idxB != nil {
						if ib, err = NewConstant(g, "gb", c.idxB(idx)); err != nil {
							return nil, err
						}
					}
					xs := make([]float64, n)
					for i := range xs {
						xs[i] = 0.3 + float64((i*5)%11)/7
					}
					x, err := NewConstant(g, "x", xs)
					if err != nil {
						return nil, err
					}
					a := G.Must(G.Add(in[2], G.Must(G.HadamardProd(in[2], in[0])))) // s + s⊙a
					ag, err := Take(a, ia, 0)
					if err != nil {
						return nil, err
					}
					bg, err := Take(in[1], ib, 0)
					if err != nil {
						return nil, err
					}
					bx := G.Must(G.HadamardProd(bg, x))
					if c.swap {
						bx = G.Must(G.HadamardProd(x, bg))
					}
					mu := G.Must(G.Add(ag, bx))
					if c.swap {
						mu = G.Must(G.Add(bx, ag))
					}
					if c.reused {
						return G.HadamardProd(mu, G.Must(G.Exp(bx)))
					}
					return G.HadamardProd(mu, mu)
				}})
		}
	}
	// A chain cut by a product: tanh(x) is read by the product and by the chain after it.
	cs = append(cs,
		wallCase{name: "fused tanh(x)⊙(tanh(x)·W)", shapes: []tensor.Shape{{7, 5}, {5, 5}},
			build: func(in []*G.Node) (*G.Node, error) {
				t := G.Must(G.Tanh(in[0]))
				return G.HadamardProd(t, G.Must(G.Mul(t, in[1])))
			}},
		wallCase{name: "dense layers sigmoid(tanh(X·W1)·w2)", shapes: []tensor.Shape{{9, 3}, {3, 6}, {6}},
			build: func(in []*G.Node) (*G.Node, error) {
				h := G.Must(G.Tanh(G.Must(G.Mul(in[0], in[1]))))
				return G.Sigmoid(G.Must(G.Mul(h, in[2])))
			}},
		wallCase{name: "Mul (7,5)·(5,6)", shapes: []tensor.Shape{{7, 5}, {5, 6}}, build: mul2},
		wallCase{name: "Mul (9,5)·(5)", shapes: []tensor.Shape{{9, 5}, {5}}, build: mul2},
		wallCase{name: "Mul (1,9)·(9,3)", shapes: []tensor.Shape{{1, 9}, {9, 3}}, build: mul2},
		wallCase{name: "OuterProd (6)⊗(5)", shapes: []tensor.Shape{{6}, {5}},
			build: func(in []*G.Node) (*G.Node, error) { return G.OuterProd(in[0], in[1]) }},
	)
	return cs
}

// spreadIndex is n indices into groups groups, every group present, in a shuffled order.
func spreadIndex(n, groups int) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = (i*7 + i/groups) % groups
	}
	return idx
}

// Fusion changes no bit of any result: every case of the wall gives the same outputs and
// gradients fused and unfused, over two sets of inputs.
func TestFusedPlansMatchUnfused(t *testing.T) {
	t.Parallel()
	fusedSome := false
	for _, c := range wallCases() {
		if c.wantErr != "" {
			continue
		}
		f, err := wallCompile(c)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		src := &source{outputs: f.src.outputs, cfg: f.src.cfg}
		src.cfg.noFuse = true
		u, err := src.compile(f.stream, &atomic.Uint64{})
		if err != nil {
			t.Fatalf("%s: unfused: %v", c.name, err)
		}
		for _, st := range u.plan.steps {
			if st.group != nil {
				t.Fatalf("%s: the unfused plan has a group", c.name)
			}
		}
		for _, st := range f.plan.steps {
			fusedSome = fusedSome || st.group != nil && len(st.group.members) > 1
		}
		for run := range 2 {
			in := wallInputs(c, run)
			a, b := mustRun(t, f, in...), mustRun(t, u, in...)
			if err := equalValues(b, a); err != nil {
				t.Fatalf("%s, inputs %d: fused and unfused differ: %v", c.name, run, err)
			}
		}
	}
	if !fusedSome {
		t.Fatal("no case of the wall has a fused group of two steps or more")
	}
}

// The groups of a hierarchical model's graph: the forward gathers and the chain in one
// group writing only mu, the backward scatter-adds sharing the upstream gradient in one
// group; a sum read by its own chain in a group of its own; an intermediate read by a
// later step written out.
func TestFusedGroups(t *testing.T) {
	t.Parallel()
	c := fusedWallCases()
	find := func(prefix string) wallCase {
		for _, w := range c {
			if len(w.name) >= len(prefix) && w.name[:len(prefix)] == prefix {
				return w
			}
		}
		t.Fatalf("no case %q", prefix)
		return wallCase{}
	}
	groupsOf := func(w wallCase) []*fusedGroup {
		f, err := wallCompile(w)
		if err != nil {
			t.Fatal(err)
		}
		var gs []*fusedGroup
		for _, st := range f.plan.steps {
			if st.group != nil {
				gs = append(gs, st.group)
			}
		}
		return gs
	}
	kinds := func(g *fusedGroup) map[fuseKind]int {
		k := map[fuseKind]int{}
		for _, in := range g.code {
			k[in.kind]++
		}
		return k
	}
	// Take(a,g)+Take(b,g)⊙x: one group has both gathers, another both scatter-adds as one
	// loop (x is an input here, so b[g] is written out for x's gradient: no gather-axpy) ...
	var fwd, bwd *fusedGroup
	for _, g := range groupsOf(find("fused Take(a,g)+Take(b,g)⊙x, 1100")) {
		k := kinds(g)
		if k[fuseGather] == 2 {
			fwd = g
		}
		if k[fuseScatterPair] == 1 {
			bwd = g
		}
	}
	if fwd == nil || bwd == nil {
		t.Fatalf("no group with both gathers (%v) or both scatter-adds (%v)", fwd, bwd)
	}
	// ... and keeps a[g], which nothing else reads, in its chunk buffers (b[g] is written
	// out: the gradient of x reads it).
	if in := fwd.code[0]; in.kind != fuseGather || fwd.regs[in.dst].temp < 0 {
		t.Errorf("the forward group writes a[g] out: %+v", fwd.regs[in.dst])
	}
	// With x data, the forward gathers are one gather-axpy loop, the backward scatter-adds
	// one scatter-pair loop; with b[g]⊙x read twice, the gathers stay apart.
	for _, name := range []string{"one index", "equal indices", "other indices", "b[g]⊙x read twice"} {
		var axpy, pair, gathers int
		for _, g := range groupsOf(find("fused data Take(a,g)+Take(b,g')⊙x, " + name + ", 1100")) {
			k := kinds(g)
			axpy, pair, gathers = axpy+k[fuseGatherAxpy], pair+k[fuseScatterPair], gathers+k[fuseGather]
		}
		want := [3]int{1, 1, 0}
		if name == "b[g]⊙x read twice" {
			want = [3]int{0, 0, 2}
		}
		if got := [3]int{axpy, pair, gathers}; got != want {
			t.Errorf("%s: %d gather-axpy, %d scatter-pair, %d gather instructions, want %v", name, axpy, pair, gathers, want)
		}
	}
	// x⊙(x - Σx): the sum is not in the group of the chain that reads it.
	for _, g := range groupsOf(find("fused x⊙(x - Σx) (1100)")) {
		k := kinds(g)
		if k[fuseSum] > 0 && k[fuseElem] > 0 {
			for _, in := range g.code {
				if in.kind == fuseElem && (in.a.kind == opndScalar || in.b.kind == opndScalar) {
					for _, o := range g.outs {
						if o.kind == fuseSum && g.ins[scalarIn(in)].slot == o.slot {
							t.Fatal("a group reads the sum it computes")
						}
					}
				}
			}
		}
	}
}

// scalarIn is the input index of in's scalar operand.
func scalarIn(in fusedInstr) int {
	if in.a.kind == opndScalar {
		return in.a.i
	}
	return in.b.i
}
