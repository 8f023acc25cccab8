package graph

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// FuzzExecutor builds a random small expression graph from the wall's ops over random
// shapes, wraps it in a scalar cost, compiles it with its gradient, and compares the
// executor with the TapeMachine, with itself over repeated runs and after its buffers are
// poisoned, and (when every op on the way is smooth) with central finite differences.
//
// The input bytes are a program (fuzzProgram): the number and shapes of the inputs, then
// ops with their operands. testdata/fuzz/FuzzExecutor holds a program for every defect the
// wall and the fuzzer found. CI runs it for 30 s:
//
//	go test -run '^$' -fuzz FuzzExecutor -fuzztime 30s ./graph
func FuzzExecutor(f *testing.F) {
	f.Add([]byte{1, 0, 3, 1, 0, 2, 0, 3, 0})
	f.Add([]byte{2, 2, 4, 5, 10, 0, 1, 22, 2})
	f.Add([]byte{0, 3, 4, 30, 0, 0, 31, 0, 0, 12, 1, 1})
	f.Fuzz(func(t *testing.T, program []byte) {
		p, err := buildFuzzProgram(program)
		if err != nil {
			t.Fatalf("building the program: %v", err)
		}
		if p == nil {
			return // not a usable program (no op applied)
		}
		checkFuzzProgram(t, p)
	})
}

// fuzzProgram is a compiled random graph and what to check on it.
type fuzzProgram struct {
	f      *Function
	shapes []tensor.Shape
	inputs [2][]any
	smooth bool // every op is differentiable everywhere: finite differences apply
	// softplus: the graph has a softplus, which Gorgonia returns as x above 16 (an error of
	// up to e^-16 ≈ 1.1e-7) where the executor computes it exactly (fastops.go); the
	// TapeMachine is then a reference to within that error only.
	softplus bool
	trace    []string // the ops applied, for failure messages
}

// fuzzShapes are the shapes inputs take.
var fuzzShapes = []tensor.Shape{{}, {3}, {2, 3}, {3, 2}, {1, 3}, {4}, {2, 3, 2}}

// fuzzByte reads a program one byte at a time, giving zeros past its end.
type fuzzByte struct {
	b []byte
	i int
}

func (r *fuzzByte) next() int {
	if r.i >= len(r.b) {
		return 0
	}
	r.i++
	return int(r.b[r.i-1])
}

func (r *fuzzByte) done() bool { return r.i >= len(r.b) }

// buildFuzzProgram interprets the bytes: 1 + b0%3 inputs with shapes fuzzShapes[b%7], then
// up to 10 ops, each an opcode byte and operand bytes (indices into the nodes so far). An op
// that does not apply to its operands' shapes is skipped. It returns nil when no op applied.
func buildFuzzProgram(program []byte) (p *fuzzProgram, err error) {
	defer recoverTo(&err)
	r := &fuzzByte{b: program}
	g := G.NewGraph()
	p = &fuzzProgram{smooth: true}
	nIn := 1 + r.next()%3
	var pool []*G.Node
	for i := 0; i < nIn; i++ {
		s := fuzzShapes[r.next()%len(fuzzShapes)]
		name := fmt.Sprintf("x%d", i)
		var n *G.Node
		if len(s) == 0 {
			n = G.NewScalar(g, G.Float64, G.WithName(name))
		} else {
			n = G.NewTensor(g, G.Float64, len(s), G.WithShape(s...), G.WithName(name))
		}
		pool = append(pool, n)
		p.shapes = append(p.shapes, s)
	}
	inputs := append([]*G.Node(nil), pool...)
	applied := 0
	for k := 0; k < 10 && !r.done(); k++ {
		op := fuzzOps[r.next()%len(fuzzOps)]
		a := pool[r.next()%len(pool)]
		b := pool[r.next()%len(pool)]
		arg := r.next()
		n, err := tryBuild(op, a, b, arg)
		if err != nil || n == nil || n.Dtype() != tensor.Float64 {
			continue // the op does not apply to these shapes
		}
		p.smooth = p.smooth && !op.kink
		p.softplus = p.softplus || op.name == "Softplus"
		p.trace = append(p.trace, fmt.Sprintf("%s(%s, %s, %d) %v", op.name, a.Name(), b.Name(), arg, n.Shape()))
		pool = append(pool, n)
		applied++
	}
	if applied == 0 {
		return nil, nil
	}
	var cost *G.Node
	for _, n := range pool {
		term, err := weightedSum(g, n)
		if err != nil {
			return nil, err
		}
		if cost == nil {
			cost = term
		} else if cost, err = G.Add(cost, term); err != nil {
			return nil, err
		}
	}
	if p.f, err = Compile([]*G.Node{cost}, Inputs(inputs...), Grad(cost, inputs...)); err != nil {
		for _, clear := range []string{"is not supported", "a step must divide", "must agree", "does not broadcast"} {
			if strings.Contains(err.Error(), clear) {
				return nil, nil // refused with a clear error: what the executor promises
			}
		}
		return nil, fmt.Errorf("compile %v: %w", p.trace, err)
	}
	h := fnv.New64a()
	h.Write(program)
	rng := rand.New(rand.NewPCG(h.Sum64(), 1))
	for run := range p.inputs {
		for _, s := range p.shapes {
			xs := make([]float64, max(s.TotalSize(), 1))
			for i := range xs {
				xs[i] = 3*rng.Float64() - 1.5
				if math.Abs(xs[i]) < 0.05 {
					xs[i] += 0.1
				}
			}
			if len(s) == 0 {
				p.inputs[run] = append(p.inputs[run], xs[0])
			} else {
				p.inputs[run] = append(p.inputs[run], dense(s, xs...))
			}
		}
	}
	return p, nil
}

// tryBuild applies op, turning a panic of Gorgonia's constructors (G.Transpose of a scalar
// panics, say) into an error: the op does not apply.
func tryBuild(op fuzzOp, a, b *G.Node, arg int) (n *G.Node, err error) {
	defer recoverTo(&err)
	return op.build(a, b, arg)
}

// checkFuzzProgram runs the checks on a built program.
func checkFuzzProgram(t *testing.T, p *fuzzProgram) {
	t.Helper()
	first, err := p.f.Run(p.inputs[0]...)
	if err != nil {
		t.Fatalf("%v: Run: %v", p.trace, err)
	}
	cost := floatsOf(t, first[0])[0]
	if math.IsNaN(cost) || math.IsInf(cost, 0) || math.Abs(cost) > 1e4 {
		return // outside the range where the comparisons below mean anything
	}
	tape, err := p.f.RunTape(p.inputs[0]...)
	if err != nil {
		t.Fatalf("%v: RunTape: %v", p.trace, err)
	}
	tol := 1e-9
	if p.softplus {
		tol = 1e-6
	}
	for i := range first {
		a, b := floatsOf(t, first[i]), floatsOf(t, tape[i])
		for j := range a {
			if !closeRel(a[j], b[j], tol) {
				t.Fatalf("%v: output %d[%d]: executor %v, TapeMachine %v", p.trace, i, j, a[j], b[j])
			}
		}
	}
	if _, err := p.f.Run(p.inputs[1]...); err != nil {
		t.Fatalf("%v: Run: %v", p.trace, err)
	}
	if err := equalValues(first, mustRun(t, p.f, p.inputs[0]...)); err != nil {
		t.Fatalf("%v: repeated run: %v", p.trace, err)
	}
	p.f.plan.poisonBuffers()
	if err := equalValues(first, mustRun(t, p.f, p.inputs[0]...)); err != nil {
		t.Fatalf("%v: run after poisoning the buffers: %v", p.trace, err)
	}
	if p.smooth {
		checkFDFuzz(t, p)
	}
}

// checkFDFuzz compares the gradient with central finite differences, with a tolerance for
// the larger curvature and values random compositions reach.
func checkFDFuzz(t *testing.T, p *fuzzProgram) {
	t.Helper()
	in := p.inputs[0]
	out := mustRun(t, p.f, in...)
	cost := func(args []any) float64 { return floatsOf(t, mustRun(t, p.f, args...)[0])[0] }
	scale := math.Max(1, math.Abs(floatsOf(t, out[0])[0]))
	for i := range in {
		grad := floatsOf(t, out[1+i])
		args := append([]any(nil), in...)
		n := len(grad)
		for k := 0; k < n; k++ {
			const h = 1e-5
			var fp, fm float64
			switch x := in[i].(type) {
			case float64:
				args[i] = x + h
				fp = cost(args)
				args[i] = x - h
				fm = cost(args)
			case *tensor.Dense:
				c := x.Clone().(*tensor.Dense)
				d := c.Float64s()
				args[i] = c
				v := d[k]
				d[k] = v + h
				fp = cost(args)
				d[k] = v - h
				fm = cost(args)
			}
			fd := (fp - fm) / (2 * h)
			if e := math.Abs(grad[k]-fd) / math.Max(scale, math.Abs(grad[k])); !(e < 1e-5) {
				t.Fatalf("%v: input %d element %d: gradient %v, finite difference %v (rel. error %.2g)", p.trace, i, k, grad[k], fd, e)
			}
		}
	}
}

// fuzzOp is one op the fuzzer applies: build returns an error when it does not apply to
// the operands' shapes. kink marks an op that is not differentiable everywhere.
type fuzzOp struct {
	name  string
	kink  bool
	build func(a, b *G.Node, arg int) (*G.Node, error)
}

func unaryFuzz(name string, f func(*G.Node) (*G.Node, error)) fuzzOp {
	return fuzzOp{name: name, build: func(a, _ *G.Node, _ int) (*G.Node, error) { return f(a) }}
}

func binaryFuzz(name string, f func(a, b *G.Node) (*G.Node, error)) fuzzOp {
	return fuzzOp{name: name, build: func(a, b *G.Node, _ int) (*G.Node, error) { return f(a, b) }}
}

// positive is x² + 0.5: the fuzzer's way into the domain of Log, Sqrt and Pow. Not a
// softplus, whose Gorgonia form is off by up to e^-16 above 16 and would loosen the
// TapeMachine comparison of every program that takes a log or a root (see softplus).
func positive(x *G.Node) (*G.Node, error) {
	s, err := G.Square(x)
	if err != nil {
		return nil, err
	}
	return G.Add(s, G.NewConstant(0.5))
}

// fuzzOps are the ops the fuzzer draws from: the wall's, kept in the domains where they are
// finite (positive arguments for logs, roots and powers; bounded ones for exponentials).
var fuzzOps = []fuzzOp{
	unaryFuzz("Sin", G.Sin),
	unaryFuzz("Cos", G.Cos),
	unaryFuzz("Tanh", G.Tanh),
	unaryFuzz("Sigmoid", G.Sigmoid),
	unaryFuzz("Softplus", G.Softplus),
	unaryFuzz("Square", G.Square),
	unaryFuzz("Neg", G.Neg),
	unaryFuzz("Exp∘Tanh", func(x *G.Node) (*G.Node, error) { return G.Exp(G.Must(G.Tanh(x))) }),
	unaryFuzz("Log∘positive", func(x *G.Node) (*G.Node, error) { return G.Log(G.Must(positive(x))) }),
	unaryFuzz("Log2∘positive", func(x *G.Node) (*G.Node, error) { return G.Log2(G.Must(positive(x))) }),
	unaryFuzz("Sqrt∘positive", func(x *G.Node) (*G.Node, error) { return G.Sqrt(G.Must(positive(x))) }),
	unaryFuzz("InverseSqrt∘positive", func(x *G.Node) (*G.Node, error) { return G.InverseSqrt(G.Must(positive(x))) }),
	unaryFuzz("Inverse∘positive", func(x *G.Node) (*G.Node, error) { return G.Inverse(G.Must(positive(x))) }),
	unaryFuzz("Log1p∘Square", func(x *G.Node) (*G.Node, error) { return G.Log1p(G.Must(G.Square(x))) }),
	unaryFuzz("Expm1∘Tanh", func(x *G.Node) (*G.Node, error) { return G.Expm1(G.Must(G.Tanh(x))) }),
	unaryFuzz("Cube∘Tanh", func(x *G.Node) (*G.Node, error) { return G.Cube(G.Must(G.Tanh(x))) }),
	binaryFuzz("Add", G.Add),
	binaryFuzz("Sub", G.Sub),
	binaryFuzz("HadamardProd", G.HadamardProd),
	binaryFuzz("HadamardDiv∘positive", func(a, b *G.Node) (*G.Node, error) { return G.HadamardDiv(a, G.Must(positive(b))) }),
	binaryFuzz("Pow(positive, Tanh)", func(a, b *G.Node) (*G.Node, error) {
		return G.Pow(G.Must(positive(a)), G.Must(G.Tanh(b)))
	}),
	binaryFuzz("Mul", G.Mul),
	binaryFuzz("OuterProd", G.OuterProd),
	binaryFuzz("Concat0", func(a, b *G.Node) (*G.Node, error) { return G.Concat(0, a, b) }),
	binaryFuzz("BroadcastAdd row", func(a, b *G.Node) (*G.Node, error) { return G.BroadcastAdd(a, b, nil, []byte{0}) }),
	binaryFuzz("BroadcastHadamardProd col", func(a, b *G.Node) (*G.Node, error) {
		return G.BroadcastHadamardProd(a, b, nil, []byte{1})
	}),
	{name: "Sum", build: func(a, _ *G.Node, arg int) (*G.Node, error) { return fuzzAlong(a, arg, G.Sum) }},
	{name: "Mean", build: func(a, _ *G.Node, arg int) (*G.Node, error) { return fuzzAlong(a, arg, G.Mean) }},
	{name: "Slice", build: func(a, _ *G.Node, arg int) (*G.Node, error) { return fuzzSlice(a, arg) }},
	{name: "Transpose", build: func(a, _ *G.Node, _ int) (*G.Node, error) { return G.Transpose(a) }},
	{name: "Reshape flat", build: func(a, _ *G.Node, _ int) (*G.Node, error) { return G.Reshape(a, tensor.Shape{a.Shape().TotalSize()}) }},
	{name: "SoftMax", build: func(a, _ *G.Node, arg int) (*G.Node, error) { return G.SoftMax(a, arg%max(a.Dims(), 1)) }},
	{name: "LogSoftMax", build: func(a, _ *G.Node, arg int) (*G.Node, error) { return G.LogSoftMax(a, arg%max(a.Dims(), 1)) }},
	{name: "G.LogSumExp", build: func(a, _ *G.Node, _ int) (*G.Node, error) { return G.LogSumExp(a, 0) }},
	{name: "LogSumExp", build: func(a, _ *G.Node, arg int) (*G.Node, error) {
		if arg%3 == 0 || a.Dims() == 0 {
			return LogSumExp(a)
		}
		return LogSumExp(a, arg%a.Dims())
	}},
	{name: "Take", build: func(a, _ *G.Node, arg int) (*G.Node, error) { return fuzzTake(a, arg, false) }},
	{name: "ByIndices", build: func(a, _ *G.Node, arg int) (*G.Node, error) { return fuzzTake(a, arg, true) }},
	{name: "At", build: func(a, _ *G.Node, arg int) (*G.Node, error) {
		coords := make([]int, a.Dims())
		for i := range coords {
			coords[i] = (arg >> i) % a.Shape()[i]
		}
		return G.At(a, coords...)
	}},
	{name: "Abs", kink: true, build: func(a, _ *G.Node, _ int) (*G.Node, error) { return G.Abs(a) }},
	{name: "Rectify", kink: true, build: func(a, _ *G.Node, _ int) (*G.Node, error) { return G.Rectify(a) }},
	{name: "Max", kink: true, build: func(a, _ *G.Node, arg int) (*G.Node, error) { return fuzzAlong(a, arg, G.Max) }},
	{name: "MaxBetween", kink: true, build: func(a, b *G.Node, _ int) (*G.Node, error) { return G.MaxBetween(a, b) }},
	{name: "Sign·x", kink: true, build: func(a, _ *G.Node, _ int) (*G.Node, error) { return G.HadamardProd(a, G.Must(G.Sign(a))) }},
	{name: "x·(x<y)", kink: true, build: func(a, b *G.Node, _ int) (*G.Node, error) {
		m, err := G.Lt(a, b, true)
		if err != nil {
			return nil, err
		}
		return G.HadamardProd(a, m)
	}},
}

// fuzzAlong reduces a along the axis arg picks, or along all axes.
func fuzzAlong(a *G.Node, arg int, f func(*G.Node, ...int) (*G.Node, error)) (*G.Node, error) {
	if a.Dims() == 0 || arg%3 == 0 {
		return f(a)
	}
	return f(a, arg%a.Dims())
}

// fuzzSlice slices a along the axis arg picks: an index, or a range of length one or more.
func fuzzSlice(a *G.Node, arg int) (*G.Node, error) {
	if a.Dims() == 0 {
		return nil, fmt.Errorf("scalar")
	}
	axis := arg % a.Dims()
	n := a.Shape()[axis]
	start := (arg / 3) % n
	slices := make([]tensor.Slice, axis+1)
	if arg%2 == 0 {
		slices[axis] = G.S(start)
	} else {
		slices[axis] = G.S(start, n)
	}
	return G.Slice(a, slices...)
}

// fuzzTake gathers along axis 0 (or the axis arg picks) at indices arg picks, repeats
// included.
func fuzzTake(a *G.Node, arg int, byIndices bool) (*G.Node, error) {
	if a.Dims() == 0 {
		return nil, fmt.Errorf("scalar")
	}
	axis := 0
	if !byIndices {
		axis = arg % a.Dims()
	}
	n := a.Shape()[axis]
	idx := make([]int, 1+arg%4)
	for i := range idx {
		idx[i] = (arg*(i+1) + i) % n
	}
	c, err := NewConstant(a.Graph(), "idx", idx)
	if err != nil {
		return nil, err
	}
	if byIndices {
		return G.ByIndices(a, c, axis)
	}
	return Take(a, c, axis)
}
