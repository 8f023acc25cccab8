package graph

import (
	"fmt"
	"hash"
	"reflect"
	"sync"

	"github.com/gopymc/gopymc/internal/parallel"
	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Gorgonia's matrix products go through gonum's Dgemm, which splits C into 64×64 blocks and
// runs them on goroutines as soon as there are four blocks: a 500×5 product of a dense
// layer schedules eight goroutines for 12,500 multiplications, and a product allocates its
// operands' transposed headers and a result. The plan runs fastMatMul in their place for
// float64 operands: serial loops into the executor's buffer below parallelMinFlops, and
// above it the same loops over parts of the work on every core (internal/parallel). The
// parts depend on the operands' shapes only and are combined in a fixed order, so a product
// is the same to the bit on 1 or N cores. Products of other forms (batched, transposed on
// both sides, views) go to Gorgonia's op.
//
// The serial loops are matkernels.go's.

// parallelMinFlops is the size (m·n·k multiply-adds) from which a product uses every core.
const parallelMinFlops = 1 << 17

// mmKind is the form of a product.
type mmKind uint8

const (
	mmMatMul mmKind = iota + 1 // C = op(A)·op(B)
	mmMatVec                   // y = op(A)·x
	mmOuter                    // C = a⊗b
)

// linAlgOperators holds the values of Gorgonia's unexported operator field for the
// products fastMatMul runs, read from ops built once.
var linAlgOperators = sync.OnceValues(func() (map[uint64]mmKind, error) {
	defer func() { _ = recover() }()
	g := G.NewGraph()
	a := G.NewMatrix(g, G.Float64, G.WithShape(2, 2), G.WithName("a"))
	v := G.NewVector(g, G.Float64, G.WithShape(2), G.WithName("v"))
	out := map[uint64]mmKind{}
	for _, c := range []struct {
		n    *G.Node
		kind mmKind
	}{{G.Must(G.Mul(a, a)), mmMatMul}, {G.Must(G.Mul(a, v)), mmMatVec}, {G.Must(G.OuterProd(v, v)), mmOuter}} {
		op, ok := linAlgOperator(c.n.Op())
		if !ok {
			return nil, fmt.Errorf("graph: cannot read Gorgonia's product operator")
		}
		out[op] = c.kind
	}
	return out, nil
})

// linAlgOperator reads the operator of a Gorgonia linAlgBinOp by reflection.
func linAlgOperator(op G.Op) (uint64, bool) {
	v := reflect.ValueOf(op)
	if v.Kind() != reflect.Struct || v.NumField() < 3 {
		return 0, false
	}
	f := v.Field(0)
	if f.Kind() != reflect.Uint8 {
		return 0, false
	}
	return f.Uint(), true
}

// fastProduct returns the stand-in for a Gorgonia product on float64 operands.
func fastProduct(op G.Op, kids []*G.Node) (G.Op, bool) {
	if opTypeName(op) != "gorgonia.linAlgBinOp" || len(kids) != 2 {
		return nil, false
	}
	for _, k := range kids {
		if k.Dtype() != tensor.Float64 {
			return nil, false
		}
	}
	ops, err := linAlgOperators()
	if err != nil {
		return nil, false
	}
	o, ok := linAlgOperator(op)
	if !ok {
		return nil, false
	}
	kind, ok := ops[o]
	if !ok {
		return nil, false
	}
	v := reflect.ValueOf(op)
	ta, tb := v.FieldByName("transA"), v.FieldByName("transB")
	if !ta.IsValid() || !tb.IsValid() || ta.Kind() != reflect.Bool || tb.Kind() != reflect.Bool {
		return nil, false
	}
	f := &fastMatMul{wrappedOp: wrappedOp{op}, kind: kind, transA: ta.Bool(), transB: tb.Bool()}
	if kind == mmMatMul && f.transA && f.transB || kind == mmOuter && (f.transA || f.transB) {
		return nil, false
	}
	return f, true
}

// fastMatMul computes a float64 product into the executor's buffer (see above). It belongs
// to one plan: its scratch and job are not shared between Functions.
type fastMatMul struct {
	wrappedOp
	kind           mmKind
	transA, transB bool

	// the current product, for the parallel parts
	a, b, c []float64
	m, n, k int
	parts   int
	partial []float64 // per part of a sum split along k: its m×n partial result
	job     parallel.Job
}

var _ G.UsePreallocDoer = (*fastMatMul)(nil)

func (op *fastMatMul) WriteHash(h hash.Hash)             { fmt.Fprint(h, "fast "); op.orig.WriteHash(h) }
func (op *fastMatMul) Hashcode() uint32                  { return hashOf(op) }
func (op *fastMatMul) Do(in ...G.Value) (G.Value, error) { return op.UsePreallocDo(nil, in...) }

func (op *fastMatMul) UsePreallocDo(prealloc G.Value, in ...G.Value) (G.Value, error) {
	if v, ok := op.product(prealloc, in); ok {
		return v, nil
	}
	return op.orig.Do(in...)
}

// product computes the product when both operands are plain float64 tensors of the ranks
// the form wants.
func (op *fastMatMul) product(prealloc G.Value, in []G.Value) (G.Value, bool) {
	if len(in) != 2 {
		return nil, false
	}
	at, ok1 := in[0].(*tensor.Dense)
	bt, ok2 := in[1].(*tensor.Dense)
	if !ok1 || !ok2 {
		return nil, false
	}
	a, sa, ok1 := plainFloats(at)
	b, sb, ok2 := plainFloats(bt)
	if !ok1 || !ok2 {
		return nil, false
	}
	var out tensor.Shape
	switch op.kind {
	case mmMatMul:
		if len(sa) != 2 || len(sb) != 2 {
			return nil, false
		}
		m, k := sa[0], sa[1]
		if op.transA {
			m, k = k, m
		}
		k2, n := sb[0], sb[1]
		if op.transB {
			k2, n = n, k2
		}
		if k != k2 {
			return nil, false
		}
		op.m, op.n, op.k = m, n, k
		out = tensor.Shape{m, n}
	case mmMatVec:
		if len(sa) != 2 || len(sb) != 1 {
			return nil, false
		}
		m, k := sa[0], sa[1]
		if op.transA {
			m, k = k, m
		}
		if k != sb[0] {
			return nil, false
		}
		op.m, op.n, op.k = m, 1, k
		out = tensor.Shape{m}
	case mmOuter:
		if len(sa) != 1 || len(sb) != 1 {
			return nil, false
		}
		op.m, op.n, op.k = sa[0], sb[0], 1
		out = tensor.Shape{sa[0], sb[0]}
	default:
		return nil, false
	}
	t := outputBuffer(prealloc, out)
	op.a, op.b, op.c = a, b, t.Float64s()
	op.run()
	op.a, op.b, op.c = nil, nil, nil
	return t, true
}

// run computes the product set up in op: serially when small, else in parts.
func (op *fastMatMul) run() {
	m, n, k := op.m, op.n, op.k
	if m*n*k < parallelMinFlops || parallel.Workers() < 2 && !op.splitsK() {
		op.rows(0, m)
		return
	}
	if op.splitsK() {
		// The sum runs over k: each part sums a range of k into its own m×n partial, and
		// the partials are added in order.
		op.parts = min(k, max(2, m*n*k/parallelMinFlops))
		if need := op.parts * m * n; cap(op.partial) < need {
			op.partial = make([]float64, need)
		}
		op.partial = op.partial[:op.parts*m*n]
		op.job.Run(op, op.parts)
		clear(op.c)
		for p := 0; p < op.parts; p++ {
			src := op.partial[p*m*n : (p+1)*m*n]
			for i, v := range src {
				op.c[i] += v
			}
		}
		return
	}
	op.parts = min(m, max(2, m*n*k/parallelMinFlops))
	op.job.Run(op, op.parts)
}

// splitsK reports whether the product's parts split the summed dimension (the forms whose
// output rows each sum over the whole of A: Aᵀ·B and Aᵀ·x), rather than C's rows.
func (op *fastMatMul) splitsK() bool {
	return op.transA && (op.kind == mmMatMul || op.kind == mmMatVec)
}

// Run computes part i of the product (parallel.Task).
func (op *fastMatMul) Run(i int) {
	if op.splitsK() {
		lo, hi := partRange(op.k, op.parts, i)
		op.sumRange(op.partial[i*op.m*op.n:(i+1)*op.m*op.n], lo, hi)
		return
	}
	lo, hi := partRange(op.m, op.parts, i)
	op.rows(lo, hi)
}

// partRange is the range of part i of n items in parts parts.
func partRange(n, parts, i int) (lo, hi int) {
	return i * n / parts, (i + 1) * n / parts
}

// rows computes the rows [lo, hi) of the output (all of it for the forms summing along A's
// rows).
func (op *fastMatMul) rows(lo, hi int) {
	a, b, c := op.a, op.b, op.c
	n, k := op.n, op.k
	switch {
	case op.kind == mmOuter:
		ger(c, a, b, lo, hi)
	case op.kind == mmMatVec && !op.transA: // y = A·x, A m×k
		gemvN(c, a, b, k, lo, hi)
	case op.splitsK(): // Aᵀ·B or Aᵀ·x
		op.sumRange(c, 0, k)
	case !op.transB: // C = A·B, A m×k, B k×n
		gemmNN(c, a, b, n, k, lo, hi)
	default: // C = A·Bᵀ, A m×k, B n×k
		gemmNT(c, a, b, n, k, lo, hi)
	}
}

// sumRange sets dst (m×n, or m for a vector) to the part [lo, hi) of the sum over A's rows
// of the forms Aᵀ·B (A k×m, B k×n) and Aᵀ·x (A k×m).
func (op *fastMatMul) sumRange(dst []float64, lo, hi int) {
	if op.kind == mmMatVec {
		gemvT(dst, op.a, op.b, op.m, lo, hi)
		return
	}
	gemmTN(dst, op.a, op.b, op.m, op.n, lo, hi)
}
