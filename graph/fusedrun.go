package graph

import (
	"fmt"
	"slices"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// fuseChunk is the number of elements a fused group runs each of its ops on before going to
// the next op: its chunk buffers (one per value that is not written out) stay in the
// first-level cache.
const fuseChunk = 512

// fusedGroup runs a group of element-wise steps, gathers, scatter-adds and sums over one
// iteration shape as one step (fuse.go). It falls back to running its members one by one
// when a value is not what it was compiled for (a view, another shape) or an index is out
// of range, so that the members' own checks and error messages apply.
type fusedGroup struct {
	n       int          // elements of the iteration shape
	shape   tensor.Shape // the iteration shape
	members []step       // the steps it replaces, in topological order, for the fallback
	code    []fusedInstr
	ins     []fusedIn
	regs    []fusedReg
	outs    []fusedOut  // registers written out, and sinks
	temp    []float64   // chunk buffers of the registers not written out
	inData  [][]float64 // per input: the float64 data (element-wise and gathered inputs)
	inIdx   [][]int     // per input: the indices (index inputs)
	idxMax  []uint      // per input: the largest index as a uint (a negative one is huge)
	inScal  []float64   // per input: the value (scalar inputs)
	regData [][]float64 // per register: the current chunk's slice
}

// fusedIn is a value the group reads from a slot of the plan.
type fusedIn struct {
	slot     int
	role     inRole
	size     int  // elements: the iteration shape's for element-wise and index inputs, the vector's for gathered ones
	constant bool // the slot holds a constant: an index input's largest index is found once
	known    bool // the largest index of a constant index input is known (idxMax)
	// alias is, for a constant index input, an earlier constant index input holding the
	// same indices (each pm.Index call makes a constant of its own), whose slice it then
	// uses so that the combined loops read one index per row; -1 for none.
	alias int
}

type inRole uint8

const (
	roleElem   inRole = iota // float64 tensor of the iteration shape, read element by element
	roleScalar               // float64 scalar
	roleVector               // float64 vector read at indices (a gather's x)
	roleIndex                // int vector of the iteration length (a gather's or scatter's idx)
)

// fusedReg is a value of the iteration shape computed by the group: in a chunk buffer
// (temp >= 0) or written out (out >= 0).
type fusedReg struct {
	temp, out int
}

// fusedOut is a value the group writes to a slot: a register's tensor, a scatter-add's
// vector or a sum's scalar.
type fusedOut struct {
	slot  int
	kind  fuseKind // fuseElem for a register written out, fuseScatter or fuseSum for a sink
	shape tensor.Shape
	buf   G.Value // the group's own buffer: a *tensor.Dense, or a *G.F64 for a sum
	data  []float64
	acc   float64 // a sum's running total
}

// operand is an instruction's operand: a register, an element-wise input or a scalar input.
type operand struct {
	kind operandKind
	i    int
}

type operandKind uint8

const (
	opndNone operandKind = iota
	opndReg
	opndIn
	opndScalar
)

// fusedInstr is one op of the group.
type fusedInstr struct {
	kind   fuseKind
	code   elemCode
	unary  func(float64) float64
	binary func(a, b float64) float64
	dst    int     // the register written (fuseElem, fuseGather, fuseGatherAxpy)
	a, b   operand // fuseElem's operands; a is a scatter's or sum's input; see combine for the others
	vec    int     // a gather's input vector
	idx    int     // a gather's or scatter's index input
	out    int     // a sink's output
	// The second gather or scatter of a combined instruction (fusedcombine.go).
	vec2, idx2, out2 int
}

// newFusedGroup builds the group of the plan's steps members (indices into p.steps, in
// topological order) whose kinds info gives; written reports whether a slot is read outside
// the group.
func newFusedGroup(p *plan, members []int, info []fuseInfo, kids [][]*G.Node, written func(slot int) bool) *fusedGroup {
	g := &fusedGroup{shape: info[members[0]].shape}
	g.n = g.shape.TotalSize()
	regOf := map[int]int{} // slot -> register
	inOf := map[[2]int]int{}
	input := func(slot int, role inRole, size int) int {
		key := [2]int{slot, int(role)}
		if i, ok := inOf[key]; ok {
			return i
		}
		inOf[key] = len(g.ins)
		_, constant := p.constSlots[slot]
		g.ins = append(g.ins, fusedIn{slot: slot, role: role, size: size, constant: constant, alias: -1})
		return len(g.ins) - 1
	}
	opnd := func(m, a int) operand {
		slot := p.steps[m].args[a]
		if r, ok := regOf[slot]; ok {
			return operand{opndReg, r}
		}
		if kids[m][a].IsScalar() {
			return operand{opndScalar, input(slot, roleScalar, 1)}
		}
		return operand{opndIn, input(slot, roleElem, g.n)}
	}
	newReg := func(slot int) int {
		r := fusedReg{temp: -1, out: -1}
		if written(slot) {
			r.out = len(g.outs)
			g.outs = append(g.outs, fusedOut{slot: slot, kind: fuseElem, shape: g.shape})
		} else {
			r.temp = len(g.temp) / fuseChunk
			g.temp = append(g.temp, make([]float64, fuseChunk)...)
		}
		regOf[slot] = len(g.regs)
		g.regs = append(g.regs, r)
		return len(g.regs) - 1
	}
	for _, m := range members {
		s := &p.steps[m]
		g.members = append(g.members, *s)
		in := fusedInstr{kind: info[m].kind}
		switch op := s.op.(type) {
		case fastElem:
			in.code, in.unary, in.binary = op.code, op.unary, op.binary
			in.a = opnd(m, 0)
			if len(s.args) == 2 {
				in.b = opnd(m, 1)
			}
			in.dst = newReg(s.out)
		case gatherOp:
			in.vec = input(s.args[0], roleVector, kids[m][0].Shape().TotalSize())
			in.idx = input(s.args[1], roleIndex, g.n)
			in.dst = newReg(s.out)
		case scatterAddOp:
			in.idx = input(s.args[1], roleIndex, g.n)
			in.a = opnd(m, 2)
			in.out = len(g.outs)
			g.outs = append(g.outs, fusedOut{slot: s.out, kind: fuseScatter, shape: kids[m][0].Shape().Clone()})
		case fastShapeOp:
			in.a = opnd(m, 0)
			in.out = len(g.outs)
			g.outs = append(g.outs, fusedOut{slot: s.out, kind: fuseSum})
		}
		g.code = append(g.code, in)
	}
	g.code = combine(g.code, g.regs)
	g.inData = make([][]float64, len(g.ins))
	g.inIdx = make([][]int, len(g.ins))
	g.idxMax = make([]uint, len(g.ins))
	g.inScal = make([]float64, len(g.ins))
	g.regData = make([][]float64, len(g.regs))
	return g
}

// run runs the group on the plan's slots. It reports false, having set no slot, when the
// fast path does not apply; the caller then runs the members.
func (g *fusedGroup) run(p *plan) bool {
	if !g.load(p) {
		return false
	}
	for k := range g.outs {
		o := &g.outs[k]
		switch o.kind {
		case fuseElem, fuseScatter:
			if _, ok := o.buf.(*tensor.Dense); !ok {
				t := tensor.New(tensor.WithShape(o.shape.Clone()...), tensor.Of(tensor.Float64))
				o.buf, o.data = t, t.Float64s()
			}
			if o.kind == fuseScatter {
				clear(o.data)
			}
		case fuseSum:
			if o.buf == nil {
				o.buf = new(G.F64)
			}
			o.acc = 0
		}
	}
	if !g.inRange() {
		return false
	}
	for c := 0; c < g.n; c += fuseChunk {
		m := min(fuseChunk, g.n-c)
		for r := range g.regs {
			if t := g.regs[r].temp; t >= 0 {
				g.regData[r] = g.temp[t*fuseChunk : t*fuseChunk+m]
			} else {
				g.regData[r] = g.outs[g.regs[r].out].data[c : c+m]
			}
		}
		g.chunk(c, m)
	}
	for k := range g.outs {
		o := &g.outs[k]
		if o.kind == fuseSum {
			*o.buf.(*G.F64) = G.F64(o.acc)
		}
		p.vals[o.slot] = o.buf
	}
	return true
}

// load reads and checks the group's inputs from the plan's slots.
func (g *fusedGroup) load(p *plan) bool {
	for i, in := range g.ins {
		v := p.vals[in.slot]
		switch in.role {
		case roleScalar:
			s, ok := v.(*G.F64)
			if !ok {
				return false
			}
			g.inScal[i] = float64(*s)
		case roleElem, roleVector:
			t, ok := v.(*tensor.Dense)
			if !ok {
				return false
			}
			xs, shape, ok := plainFloats(t)
			if !ok || len(xs) != in.size || in.role == roleElem && !shape.Eq(g.shape) || in.role == roleVector && len(shape) != 1 {
				return false
			}
			g.inData[i] = xs
		case roleIndex:
			t, ok := v.(*tensor.Dense)
			if !ok || t.Dtype() != tensor.Int || t.Dims() != 1 || t.RequiresIterator() || t.IsMasked() {
				return false
			}
			idx := t.Ints()
			if len(idx) != in.size {
				return false
			}
			g.inIdx[i] = idx
			if !in.known {
				g.idxMax[i] = maxIndex(idx)
				g.ins[i].known = in.constant
				if in.constant {
					g.ins[i].alias = g.sameIndex(i, idx)
				}
			}
			if a := g.ins[i].alias; a >= 0 {
				g.inIdx[i] = g.inIdx[a]
			}
		}
	}
	return true
}

// sameIndex returns an input before i that is a constant index holding the same indices as
// idx, or -1.
func (g *fusedGroup) sameIndex(i int, idx []int) int {
	for j := range i {
		if in := g.ins[j]; in.role == roleIndex && in.constant && in.known && in.alias < 0 && slices.Equal(g.inIdx[j], idx) {
			return j
		}
	}
	return -1
}

// maxIndex is the largest of idx as a uint, so that a negative index counts as out of range.
func maxIndex(idx []int) uint {
	var m uint
	for _, k := range idx {
		if uint(k) > m {
			m = uint(k)
		}
	}
	return m
}

// inRange reports whether every index the group's gathers and scatters use is in range.
func (g *fusedGroup) inRange() bool {
	for k := range g.code {
		in := &g.code[k]
		switch in.kind {
		case fuseGather:
			if g.idxMax[in.idx] >= uint(len(g.inData[in.vec])) {
				return false
			}
		case fuseScatter:
			if g.idxMax[in.idx] >= uint(len(g.outs[in.out].data)) {
				return false
			}
		case fuseGatherAxpy:
			if g.idxMax[in.idx] >= uint(len(g.inData[in.vec])) || g.idxMax[in.idx2] >= uint(len(g.inData[in.vec2])) {
				return false
			}
		case fuseScatterPair:
			if g.idxMax[in.idx] >= uint(len(g.outs[in.out].data)) || g.idxMax[in.idx2] >= uint(len(g.outs[in.out2].data)) {
				return false
			}
		}
	}
	return true
}

// view is the current chunk [c, c+m) of an operand (not a scalar).
func (g *fusedGroup) view(o operand, c, m int) []float64 {
	if o.kind == opndReg {
		return g.regData[o.i]
	}
	return g.inData[o.i][c : c+m]
}

// chunk runs every instruction on the elements [c, c+m). The indices must be in range
// (inRange).
func (g *fusedGroup) chunk(c, m int) {
	for k := range g.code {
		in := &g.code[k]
		switch in.kind {
		case fuseElem:
			dst := g.regData[in.dst]
			switch {
			case in.b.kind == opndNone:
				unaryLoop(in.code, in.unary, dst, g.view(in.a, c, m))
			case in.a.kind == opndScalar:
				binaryLoopSV(in.code, in.binary, dst, g.inScal[in.a.i], g.view(in.b, c, m))
			case in.b.kind == opndScalar:
				binaryLoopVS(in.code, in.binary, dst, g.view(in.a, c, m), g.inScal[in.b.i])
			default:
				binaryLoopVV(in.code, in.binary, dst, g.view(in.a, c, m), g.view(in.b, c, m))
			}
		case fuseGather:
			gatherLoop(g.regData[in.dst], g.inData[in.vec], g.inIdx[in.idx][c:c+m])
		case fuseScatter:
			scatterLoop(g.outs[in.out].data, g.inIdx[in.idx][c:c+m], g.view(in.a, c, m))
		case fuseGatherAxpy:
			gatherAxpyLoop(g.regData[in.dst], g.inData[in.vec], g.inIdx[in.idx][c:c+m],
				g.inData[in.vec2], g.inIdx[in.idx2][c:c+m], g.view(in.b, c, m))
		case fuseScatterPair:
			scatterPairLoop(g.outs[in.out].data, g.inIdx[in.idx][c:c+m],
				g.outs[in.out2].data, g.inIdx[in.idx2][c:c+m], g.view(in.a, c, m), g.view(in.b, c, m))
		case fuseSum:
			acc := g.outs[in.out].acc
			for _, v := range g.view(in.a, c, m) {
				acc += v
			}
			g.outs[in.out].acc = acc
		}
	}
}

// buffers returns the group's own buffers and its members', for the tests that poison them.
func (g *fusedGroup) buffers() []G.Value {
	var out []G.Value
	for _, o := range g.outs {
		out = append(out, o.buf)
	}
	for _, s := range g.members {
		out = append(out, s.buf, s.gbuf)
	}
	if len(g.temp) > 0 {
		out = append(out, tensor.New(tensor.WithBacking(g.temp)))
	}
	return out
}

// String describes the group, for debugging and test failures.
func (g *fusedGroup) String() string {
	return fmt.Sprintf("fused group of %d steps over %v", len(g.members), g.shape)
}
